/**
 * Seashell's SSH-2 library: client, server, authentication, keys, connection layer, forwarding and agent.
 *
 * <p>Exported packages are the public API. {@code dev.seashell.wire} is exported because its exceptions
 * ({@code SshFormatException}, {@code SshProtocolException}) and {@code DisconnectReason} appear throughout
 * the API, and its bounded {@code SshReader}/{@code SshWriter} are what a subsystem over a channel (such as
 * {@code dev.seashell.sftp}) encodes with. {@code dev.seashell.transport} is exported for
 * {@code TransportConfig}, {@code HostKeyVerifier}, {@code Algorithms} and {@code Transport}; its
 * subpackages {@code cipher} and {@code kex}, and {@code dev.seashell.server.pty}, are implementation and stay
 * unexported. {@code dev.seashell.mux} is OpenSSH's ControlMaster protocol: an application can open sessions
 * through a user's running {@code ssh -M} master (or serve as one), as the command-line tools do.
 */
module dev.seashell.core {
    requires org.slf4j;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires jdk.net; // UnixDomainPrincipal: the agent socket's peer credentials
    requires jdk.security.auth; // UnixSystem: the local uid for %i

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
    exports dev.seashell.mux;
}
