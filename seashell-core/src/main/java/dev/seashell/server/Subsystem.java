package dev.seashell.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A subsystem such as "sftp": serves one session's streams until the client closes its side. */
@FunctionalInterface
public interface Subsystem {
    /** Serves {@code user}'s session; returning (or throwing) ends it with exit status 0 (or 1). */
    void serve(String user, InputStream in, OutputStream out) throws IOException;
}
