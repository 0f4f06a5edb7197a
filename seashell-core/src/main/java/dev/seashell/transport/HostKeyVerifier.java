package dev.seashell.transport;

import dev.seashell.keys.SshPublicKey;
import java.io.IOException;

/** The client's decision on the server's host key, after its signature over H was verified. */
@FunctionalInterface
public interface HostKeyVerifier {
    /** Returns normally to accept; throws (e.g. {@code HostKeyMismatchException}) to refuse. */
    void verify(SshPublicKey hostKey) throws IOException;
}
