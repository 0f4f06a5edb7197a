package dev.seashell.cli;

import dev.seashell.transport.TransportConfig;

/** The version line, in the shape of OpenSSH's "OpenSSH_9.2p1, OpenSSL 3.0.x". */
final class Version {
    private Version() {}

    static String banner() {
        return TransportConfig.SOFTWARE_VERSION + ", Java " + Runtime.version().feature() + " (" + System.getProperty("java.vendor") + ")";
    }
}
