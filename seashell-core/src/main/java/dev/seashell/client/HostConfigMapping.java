package dev.seashell.client;

import dev.seashell.config.RekeyLimit;
import dev.seashell.config.SshHostConfig;
import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.RevokedKeys;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How ssh_config options become client settings; one mapping shared by {@link ClientBuilder#config}
 * and the command-line {@code ssh}, {@code scp} and {@code sftp}.
 */
public final class HostConfigMapping {
    private HostConfigMapping() {}

    /**
     * KexAlgorithms, Ciphers, MACs, Compression and RekeyLimit over {@link TransportConfig#defaults()};
     * {@code hostKeyAlgorithms} is HostKeyAlgorithms as ordered by {@link #hostKeyAlgorithms}.
     */
    public static TransportConfig transport(SshHostConfig host, List<String> hostKeyAlgorithms) {
        RekeyLimit rekey = host.rekeyLimit();
        return TransportConfig.defaults()
                .withKex(host.kexAlgorithms()).withCiphers(host.ciphers()).withMacs(host.macs())
                .withHostKeyAlgorithms(hostKeyAlgorithms)
                .withCompression(host.compression() ? List.of("zlib@openssh.com", "zlib", "none") : List.of("none", "zlib@openssh.com"))
                .withRekey(rekey.bytes(), rekey.seconds() > 0 ? Duration.ofSeconds(rekey.seconds()) : null);
    }

    /** UserKnownHostsFile then GlobalKnownHostsFile. */
    public static List<Path> knownHostsFiles(SshHostConfig host) {
        List<Path> all = new ArrayList<>();
        host.userKnownHostsFiles().stream().map(Path::of).forEach(all::add);
        host.globalKnownHostsFiles().stream().map(Path::of).forEach(all::add);
        return all;
    }

    /**
     * Puts the algorithms of keys already known for this host first, as OpenSSH does (so a host with a
     * recorded ed25519 key is not asked for its RSA key): certificate algorithms when a
     * {@code @cert-authority} line covers the host, then the known key types, then the rest.
     */
    public static List<String> hostKeyAlgorithms(List<Path> knownHosts, String host, int port, List<String> configured) {
        List<String> out = new ArrayList<>();
        try {
            KnownHosts kh = KnownHosts.read(knownHosts);
            if (kh.hasCertAuthority(host, port)) {
                for (String alg : configured) if (SshCertificate.isCertificateType(alg)) out.add(alg);
            }
            for (String alg : configured) {
                SignatureAlgorithm a = SignatureAlgorithm.fromWireName(alg);
                if (a != null && kh.hasKeyType(host, port, a.keyType) && !out.contains(alg)) out.add(alg);
            }
        } catch (IOException e) {
            return configured;
        }
        for (String a : configured) if (!out.contains(a)) out.add(a);
        return out;
    }

    /**
     * PreferredAuthentications without the methods PubkeyAuthentication, PasswordAuthentication,
     * KbdInteractiveAuthentication or BatchMode turn off.
     */
    public static List<String> authMethods(SshHostConfig host) {
        List<String> order = host.preferredAuthentications()
                .orElse(List.of("publickey", "keyboard-interactive", "password"));
        List<String> out = new ArrayList<>();
        for (String m : order) {
            if (m.equals("publickey") && !host.pubkeyAuthentication()) continue;
            if (m.equals("password") && (!host.passwordAuthentication() || host.batchMode())) continue;
            if (m.equals("keyboard-interactive") && (!host.kbdInteractiveAuthentication() || host.batchMode())) continue;
            out.add(m);
        }
        return out;
    }

    /**
     * RevokedHostKeys (a KRL or a list of keys), read at each check as ssh does: why the server's {@code key}
     * must be refused, in OpenSSH's words, or empty. A certificate is refused for its key, its CA, its serial
     * or its key id; an unreadable file refuses too.
     */
    public static Optional<String> revokedHostKey(SshHostConfig host, SshPublicKey key) {
        if (host.revokedHostKeys().isEmpty()) return Optional.empty();
        String file = host.revokedHostKeys().get();
        String what = key.displayType() + " " + Fingerprints.sha256(key);
        return switch (RevokedKeys.file(Path.of(file)).status(key)) {
            case NOT_REVOKED -> Optional.empty();
            case REVOKED -> Optional.of("Host key " + what + " revoked by file " + file);
            case ERROR -> Optional.of("Error checking host key " + what + " in revoked keys file " + file + ": "
                    + (Files.isReadable(Path.of(file)) ? "invalid format" : "No such file or directory"));
        };
    }
}
