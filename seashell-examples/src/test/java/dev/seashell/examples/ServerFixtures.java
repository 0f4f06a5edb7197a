package dev.seashell.examples;

import dev.seashell.keys.SshKeyPair;
import java.util.Base64;

/** known_hosts lines for the Seashell servers the examples start. */
final class ServerFixtures {
    private ServerFixtures() {}

    /** {@code [127.0.0.1]:port type base64}, as OpenSSH looks a non-22 port up. */
    static String knownHostsLine(int port, SshKeyPair hostKey) {
        return "[127.0.0.1]:" + port + " " + hostKey.publicKey().keyType() + " "
                + Base64.getEncoder().encodeToString(hostKey.publicKey().blob()) + "\n";
    }
}
