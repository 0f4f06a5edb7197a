package dev.seashell.transport.kex;

import java.io.IOException;

/** The packet channel a key exchange talks over: only key-exchange messages (numbers 30-49) pass. */
public interface KexIo {
    void send(byte[] payload) throws IOException;

    /** The next key-exchange message; transport-generic messages (IGNORE, DEBUG) are filtered out below. */
    byte[] receive() throws IOException;
}
