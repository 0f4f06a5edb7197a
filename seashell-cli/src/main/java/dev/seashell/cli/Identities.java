package dev.seashell.cli;

import dev.seashell.client.HostConfigIdentities;
import dev.seashell.config.SshHostConfig;
import dev.seashell.keys.PassphraseRequiredException;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.WrongPassphraseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Loads the client's identity files, asking for passphrases as ssh does. */
final class Identities {
    private Identities() {}

    static List<SshKeyPair> load(SshHostConfig config, Terminal terminal, Consumer<String> debug) {
        // The agent (IdentityAgent, else $SSH_AUTH_SOCK) comes first, as with OpenSSH; the choice of keys is the
        // library's (HostConfigIdentities), only the warnings and the passphrase prompt are the command's.
        List<SshKeyPair> agentKeys = HostConfigIdentities.agent(config, debug)
                .map(a -> HostConfigIdentities.agentKeys(a, debug)).orElse(List.of());
        List<String> defaults = SshHostConfig.DEFAULT_IDENTITY_FILES.stream().map(Identities::expandHome).toList();
        for (String f : config.identityFiles()) {
            if (!Files.exists(Path.of(f)) && !defaults.contains(f)) {
                System.err.println("Warning: Identity file " + f + " not accessible: No such file or directory.");
            }
        }
        return HostConfigIdentities.load(config, agentKeys, p -> {
            debug.accept("identity file " + p + " type " + keyType(p));
            return read(p, config.batchMode(), terminal);
        }, debug);
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
