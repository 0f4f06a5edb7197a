package dev.seashell.cli;

import dev.seashell.client.SshClient;
import dev.seashell.config.ConfigException;
import dev.seashell.config.SeashellAlgorithms;
import dev.seashell.config.SshConfig;
import dev.seashell.config.SshHostConfig;
import dev.seashell.connection.ClientSession;
import dev.seashell.sftp.SftpClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** An authenticated SSH connection with its "sftp" subsystem channel, shared by sftp and scp. */
final class SftpConnection implements AutoCloseable {
    /** The ssh options sftp and scp pass on ({@code -F}, {@code -o}, {@code -P}, {@code -i}, ...), in command-line order. */
    static final class Options {
        private final List<String> overrides = new ArrayList<>();
        private Path configFile;

        void configFile(Path p) {
            configFile = p;
        }

        void override(String option) {
            overrides.add(option);
        }

        /** The effective ssh_config for a remote operand; its user and port come after the command line's options. */
        SshHostConfig forHost(RemoteSpec spec, String... extra) throws ConfigException {
            SshConfig.Builder b = SshConfig.builder().catalog(SeashellAlgorithms.catalog());
            if (configFile != null) b.configFile(configFile);
            overrides.forEach(b::override);
            for (String e : extra) b.override(e); // after the command line's, as scp appends its own -o
            if (spec.user() != null) b.override("User=" + spec.user());
            if (spec.port() > 0) b.override("Port=" + spec.port());
            return b.load().forHost(spec.host());
        }
    }

    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;

    private SftpConnection(SshClient client, ClientSession session, SftpClient sftp) {
        this.client = client;
        this.session = session;
        this.sftp = sftp;
    }

    /**
     * Connects as ssh would and starts the sftp subsystem. Connection failures throw
     * {@link Connector.Failure} with OpenSSH's message; a refused subsystem throws IOException.
     */
    static SftpConnection open(SshHostConfig host, Terminal terminal, Consumer<String> debug) throws Connector.Failure, IOException {
        SshClient client = Connector.connect(host, terminal, debug);
        ClientSession session = null;
        try {
            session = client.openSession();
            debug.accept("Sending subsystem: sftp");
            session.subsystem("sftp");
            // Transfers of many GiB can stall on a slow disk; OpenSSH's sftp waits indefinitely.
            SftpClient sftp = new SftpClient(session.stdout(), session.stdin(), Duration.ofHours(1));
            return new SftpConnection(client, session, sftp);
        } catch (IOException | RuntimeException e) {
            if (session != null) session.close();
            client.close();
            throw e;
        }
    }

    SftpClient sftp() {
        return sftp;
    }

    @Override
    public void close() {
        try {
            sftp.close();
        } catch (IOException e) {
            // The channel is going away regardless.
        }
        session.close();
        client.close();
    }
}
