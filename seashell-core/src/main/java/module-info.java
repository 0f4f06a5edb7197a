/**
 * Seashell's SSH-2 library: client, server, authentication, keys, connection layer, forwarding and agent.
 *
 * <p>Exported packages are the public API. {@code dev.seashell.transport.cipher},
 * {@code dev.seashell.transport.kex} and {@code dev.seashell.server.pty} are implementation and stay
 * unexported; {@code dev.seashell.mux} (OpenSSH's ControlMaster protocol, a command-line feature) is
 * exported only to the command-line tools.
 */
module dev.seashell.core {
    requires org.slf4j;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires jdk.net;
    requires jdk.security.auth;

    exports dev.seashell.agent;
    exports dev.seashell.auth;
    exports dev.seashell.client;
    exports dev.seashell.config;
    exports dev.seashell.connection;
    exports dev.seashell.forwarding;
    exports dev.seashell.keys;
    exports dev.seashell.server;
    exports dev.seashell.transport;
    exports dev.seashell.wire;
    exports dev.seashell.mux to dev.seashell.cli;
}
