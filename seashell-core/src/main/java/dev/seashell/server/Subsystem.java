package dev.seashell.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A subsystem such as "sftp": serves one session's streams until the client closes its side. */
@FunctionalInterface
public interface Subsystem {
    void serve(String user, InputStream in, OutputStream out) throws IOException;
}
