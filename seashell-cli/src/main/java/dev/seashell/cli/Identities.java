package dev.seashell.cli;

import dev.seashell.agent.AgentClient;
import dev.seashell.config.SshHostConfig;
import dev.seashell.keys.CertifiedKeyPair;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.keys.PassphraseRequiredException;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.WrongPassphraseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Loads the client's identity files, asking for passphrases as ssh does. */
final class Identities {
    private Identities() {}

    static List<SshKeyPair> load(SshHostConfig config, Terminal terminal, Consumer<String> debug) {
        List<SshKeyPair> keys = new ArrayList<>();
        // Keys held by an agent come first, as with OpenSSH; a file whose key the agent holds is not opened.
        if (System.getenv("SSH_AUTH_SOCK") != null && !config.identitiesOnly()) {
            try {
                for (var k : AgentClient.fromEnvironment().keyPairs()) {
                    debug.accept("get_agent_identities: agent returned key " + k.publicKey().keyType());
                    keys.add(k);
                }
            } catch (IOException e) {
                debug.accept("get_agent_identities: ssh_get_authentication_socket: " + e.getMessage());
            }
        }
        List<String> defaults = SshHostConfig.DEFAULT_IDENTITY_FILES.stream().map(Identities::expandHome).toList();
        for (String f : config.identityFiles()) {
            Path p = Path.of(f);
            if (!Files.exists(p)) {
                if (!defaults.contains(f)) {
                    System.err.println("Warning: Identity file " + f + " not accessible: No such file or directory.");
                }
                continue;
            }
            debug.accept("identity file " + f + " type " + keyType(p));
            if (heldByAgent(p, keys)) continue;
            SshKeyPair k = read(p, config.batchMode(), terminal);
            if (k == null) continue;
            // A certificate beside the key (id_x-cert.pub) or named by CertificateFile is offered first.
            List<String> certFiles = new ArrayList<>(config.certificateFiles());
            certFiles.add(f + "-cert.pub");
            for (SshCertificate c : certificates(certFiles, k, debug)) keys.add(new CertifiedKeyPair(k, c));
            keys.add(k);
        }
        return keys;
    }

    /** The certificates among these files that certify the key; unreadable files are skipped. */
    static List<SshCertificate> certificates(List<String> files, SshKeyPair key, Consumer<String> debug) {
        List<SshCertificate> out = new ArrayList<>();
        for (String f : files) {
            Path p = Path.of(f);
            if (!Files.isRegularFile(p)) continue;
            try {
                if (Files.size(p) > 1 << 20) continue;
                SshPublicKey k = PublicKeyLine.parse(Files.readString(p)).key();
                if (k instanceof SshCertificate c && c.key().equals(key.publicKey()) && !out.contains(c)) {
                    debug.accept("identity file " + f + " type " + c.keyType());
                    out.add(c);
                }
            } catch (IOException | RuntimeException e) {
                debug.accept("certificate " + f + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static SshKeyPair read(Path p, boolean batch, Terminal terminal) {
        try {
            return PrivateKeyFiles.read(p, null);
        } catch (PassphraseRequiredException e) {
            if (batch) return null;
            for (int attempt = 0; attempt < 3; attempt++) {
                char[] pass = terminal.readPassword("Enter passphrase for key '" + p + "': ");
                if (pass == null || pass.length == 0) return null;
                try {
                    return PrivateKeyFiles.read(p, pass);
                } catch (WrongPassphraseException w) {
                    continue;
                } catch (IOException io) {
                    break;
                }
            }
            return null;
        } catch (IOException e) {
            System.err.println("Load key \"" + p + "\": invalid format");
            return null;
        }
    }

    private static boolean heldByAgent(Path p, List<SshKeyPair> agentKeys) {
        if (agentKeys.isEmpty()) return false;
        try {
            SshPublicKey pub = PrivateKeyFiles.publicKey(Files.readAllBytes(p));
            return pub != null && agentKeys.stream().anyMatch(k -> k.publicKey().equals(pub));
        } catch (IOException e) {
            return false;
        }
    }

    private static String keyType(Path p) {
        try {
            return PrivateKeyFiles.isEncrypted(Files.readAllBytes(p)) ? "encrypted" : "plain";
        } catch (IOException e) {
            return "-1";
        }
    }

    private static String expandHome(String f) {
        return f.startsWith("~/") ? System.getProperty("user.home") + f.substring(1) : f;
    }
}
