package dev.seashell.client;

import dev.seashell.agent.AgentClient;
import dev.seashell.config.SshHostConfig;
import dev.seashell.keys.CertifiedKeyPair;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The keys ssh_config offers for a host, as OpenSSH picks them; shared by {@link ClientBuilder} and the
 * command-line clients. The agent named by IdentityAgent (else {@code $SSH_AUTH_SOCK}) comes first; with
 * IdentitiesOnly only its keys that an IdentityFile names. An IdentityFile whose key the agent holds is
 * not opened (the agent signs). Each key is offered with its certificates first: {@code file-cert.pub}
 * beside it and any CertificateFile that certifies it.
 */
public final class HostConfigIdentities {
    private static final long MAX_PUBLIC_FILE = 1 << 20;

    private HostConfigIdentities() {}

    /** Reads one IdentityFile's private key; null skips the file (no passphrase to be had, bad format). */
    @FunctionalInterface
    public interface KeyReader {
        /** The key in {@code file}, which exists; null to skip it. */
        SshKeyPair read(Path file);
    }

    /**
     * Connects to the agent IdentityAgent names ({@link SshHostConfig#identityAgent()}); empty for
     * {@code none}, an unset variable, or an agent that does not answer (ssh goes on without it too).
     * The caller closes the client once authentication is over.
     */
    public static Optional<AgentClient> agent(SshHostConfig host, Consumer<String> debug) {
        Optional<String> socket = host.identityAgent();
        if (socket.isEmpty()) return Optional.empty();
        try {
            return Optional.of(AgentClient.connect(Path.of(socket.get())));
        } catch (IOException | RuntimeException e) {
            debug.accept("get_agent_identities: ssh_get_authentication_socket: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The agent's keys, or none if it cannot list them. */
    public static List<SshKeyPair> agentKeys(AgentClient agent, Consumer<String> debug) {
        List<SshKeyPair> keys = new ArrayList<>();
        try {
            for (var k : agent.keyPairs()) {
                debug.accept("get_agent_identities: agent returned key " + k.publicKey().keyType());
                keys.add(k);
            }
        } catch (IOException e) {
            debug.accept("get_agent_identities: " + e.getMessage());
        }
        return keys;
    }

    /**
     * The keys to offer, in order: the agent's (with IdentitiesOnly only those an IdentityFile names), then
     * each existing IdentityFile's certificates and key. Missing files are skipped silently.
     */
    public static List<SshKeyPair> load(SshHostConfig host, List<? extends SshKeyPair> agentKeys, KeyReader reader,
            Consumer<String> debug) {
        List<String> files = host.identityFiles().stream().filter(f -> Files.exists(Path.of(f))).toList();
        List<SshPublicKey> filePublics = new ArrayList<>();
        for (String f : files) filePublics.add(publicKeyOf(Path.of(f)));
        List<SshKeyPair> keys = new ArrayList<>();
        for (SshKeyPair a : agentKeys) {
            if (host.identitiesOnly() && !filePublics.contains(plain(a.publicKey()))) continue;
            keys.add(a);
        }
        for (int i = 0; i < files.size(); i++) {
            String f = files.get(i);
            List<String> certFiles = new ArrayList<>(host.certificateFiles());
            certFiles.add(f + "-cert.pub");
            SshKeyPair held = heldByAgent(filePublics.get(i), agentKeys);
            if (held != null) {
                // the agent signs; certificates it does not hold itself are presented with its key
                for (SshCertificate c : certificates(certFiles, held.publicKey(), debug)) {
                    if (agentKeys.stream().noneMatch(a -> a.publicKey().equals(c))) keys.add(new CertifiedKeyPair(held, c));
                }
                continue;
            }
            SshKeyPair k = reader.read(Path.of(f));
            if (k == null) continue;
            for (SshCertificate c : certificates(certFiles, k.publicKey(), debug)) keys.add(new CertifiedKeyPair(k, c));
            keys.add(k);
        }
        return keys;
    }

    /** The certificates among these files that certify {@code key}; unreadable files are skipped. */
    public static List<SshCertificate> certificates(List<String> files, SshPublicKey key, Consumer<String> debug) {
        List<SshCertificate> out = new ArrayList<>();
        for (String f : files) {
            Path p = Path.of(f);
            if (!Files.isRegularFile(p)) continue;
            try {
                if (Files.size(p) > MAX_PUBLIC_FILE) continue;
                SshPublicKey k = PublicKeyLine.parse(Files.readString(p)).key();
                if (k instanceof SshCertificate c && c.key().equals(key) && !out.contains(c)) {
                    debug.accept("identity file " + f + " type " + c.keyType());
                    out.add(c);
                }
            } catch (IOException | RuntimeException e) {
                debug.accept("certificate " + f + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static SshPublicKey plain(SshPublicKey k) {
        return k instanceof SshCertificate c ? c.key() : k;
    }

    private static SshKeyPair heldByAgent(SshPublicKey pub, List<? extends SshKeyPair> agentKeys) {
        if (pub == null) return null;
        for (SshKeyPair a : agentKeys) if (a.publicKey().equals(pub)) return a;
        return null;
    }

    /**
     * The public key of an IdentityFile without decrypting it: from an OpenSSH-format file itself, else from
     * {@code file.pub}, else the file is itself a public key (the private half only in the agent); null if none.
     */
    private static SshPublicKey publicKeyOf(Path file) {
        for (Path p : List.of(file, file.resolveSibling(file.getFileName() + ".pub"))) {
            try {
                if (!Files.isRegularFile(p) || Files.size(p) > MAX_PUBLIC_FILE) continue;
                byte[] content = Files.readAllBytes(p);
                String text = new String(content, StandardCharsets.UTF_8);
                SshPublicKey k = PrivateKeyFiles.publicKey(content);
                if (k == null && !text.contains("PRIVATE KEY")) k = plain(PublicKeyLine.parse(text.strip()).key());
                if (k != null) return k;
            } catch (IOException | RuntimeException e) {
                // not a key we can read without its passphrase: try the next place
            }
        }
        return null;
    }
}
