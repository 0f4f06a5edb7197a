package dev.seashell.cli.agent;

import dev.seashell.agent.AgentClient;
import dev.seashell.agent.AgentException;
import dev.seashell.agent.AgentResponse.Identity;
import dev.seashell.agent.Constraints;
import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.PassphraseRequiredException;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.keys.WrongPassphraseException;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * {@code seashell add}: ssh-add(1). Exit status 0 on success, 1 if the operation fails, 2 if the
 * agent cannot be reached. PKCS#11 (-s/-e), FIDO (-K) and destination constraints (-h) are not
 * supported.
 */
public final class AddCommand {
    private static final List<String> DEFAULT_FILES = List.of("id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk", "id_dsa");
    private static final String USAGE = """
            usage: seashell add [-cDdLlqvXx] [-E fingerprint_hash] [-t life] [file ...]
                   seashell add -s pkcs11 / -e pkcs11 / -K / -T: not supported""";

    public static int run(String[] args) {
        return run(args, Io.system());
    }

    static int run(String[] args, Io io) {
        Options o;
        try {
            o = Options.parse("seashell add", "cDdkKLlqvXxE:t:", args);
        } catch (Options.UsageException e) {
            io.err.println(e.getMessage());
            io.err.println(USAGE);
            return 1;
        }
        String hash = o.last('E') == null ? "sha256" : o.last('E');
        if (!hash.equals("sha256") && !hash.equals("md5")) {
            io.err.println("Invalid hash algorithm \"" + hash + "\"");
            return 1;
        }
        Duration life = null;
        if (o.last('t') != null) {
            long secs = dev.seashell.config.Units.seconds(o.last('t'));
            if (secs < 0) {
                io.err.println("Invalid lifetime");
                return 1;
            }
            life = Duration.ofSeconds(secs);
        }
        AgentClient agent = AgentConnect.open(io);
        if (agent == null) return 2;
        try (agent) {
            AddCommand cmd = new AddCommand(agent, io, o.has('q'));
            if (o.has('l') || o.has('L')) return cmd.list(o.has('l'), hash);
            if (o.has('x') || o.has('X')) return cmd.lock(o.has('x'));
            if (o.has('D')) return cmd.deleteAll();
            List<Path> files = new ArrayList<>();
            if (o.operands().isEmpty()) {
                for (String f : DEFAULT_FILES) {
                    Path p = Path.of(io.home(), ".ssh", f);
                    if (Files.exists(p)) files.add(p);
                }
                if (files.isEmpty()) return 1;
            } else {
                o.operands().forEach(f -> files.add(Path.of(f)));
            }
            int status = 0;
            Constraints constraints = new Constraints(life, o.has('c'), List.of());
            for (Path f : files) {
                int r = o.has('d') ? cmd.delete(f) : cmd.add(f, constraints);
                if (r != 0) status = r;
            }
            return status;
        } catch (IOException e) {
            io.err.println("Error communicating with agent: " + e.getMessage());
            return 1;
        }
    }

    private final AgentClient agent;
    private final Io io;
    private final boolean quiet;

    private AddCommand(AgentClient agent, Io io, boolean quiet) {
        this.agent = agent;
        this.io = io;
        this.quiet = quiet;
    }

    private int list(boolean fingerprints, String hash) throws IOException {
        List<Identity> ids = agent.list();
        if (ids.isEmpty()) {
            io.out.println("The agent has no identities.");
            return 1;
        }
        for (Identity id : ids) {
            if (!fingerprints) {
                io.out.println(keyType(id.keyBlob()) + " " + Base64.getEncoder().encodeToString(id.keyBlob())
                        + (id.comment().isEmpty() ? "" : " " + id.comment()));
                continue;
            }
            try {
                io.out.println(Fingerprints.describe(SshPublicKey.decode(id.keyBlob()), id.comment(), hash));
            } catch (SshFormatException e) {
                io.out.println("(unsupported key type " + keyType(id.keyBlob()) + ") " + id.comment());
            }
        }
        return 0;
    }

    private static String keyType(byte[] blob) {
        try {
            return new SshReader(blob).readString();
        } catch (SshFormatException e) {
            return "unknown";
        }
    }

    private int lock(boolean lock) throws IOException {
        char[] pw = io.readSecret("Enter lock password: ");
        if (pw == null) return 1;
        if (lock) {
            char[] again = io.readSecret("Again: ");
            boolean same = again != null && Arrays.equals(pw, again);
            if (again != null) Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(pw, '\0');
                io.err.println("Passwords do not match.");
                return 1;
            }
        }
        byte[] bytes = new String(pw).getBytes(StandardCharsets.UTF_8);
        Arrays.fill(pw, '\0');
        try {
            if (lock) agent.lock(bytes);
            else agent.unlock(bytes);
            io.err.println(lock ? "Agent locked." : "Agent unlocked.");
            return 0;
        } catch (AgentException e) {
            io.err.println("Failed to " + (lock ? "lock" : "unlock") + " agent: agent refused operation");
            return 1;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private int deleteAll() throws IOException {
        try {
            agent.removeAll();
            io.err.println("All identities removed.");
            return 0;
        } catch (AgentException e) {
            io.err.println("Failed to remove all identities.");
            return 1;
        }
    }

    private int delete(Path file) throws IOException {
        SshPublicKey key;
        String comment;
        try {
            PublicKeyLine line = readPublic(file);
            key = line.key();
            comment = line.comment();
        } catch (NoSuchFileException e) {
            io.err.println("Bad key file " + file + ": No such file or directory");
            return 1;
        } catch (IOException e) {
            io.err.println("Bad key file " + file + ": " + e.getMessage());
            return 1;
        }
        try {
            agent.remove(key);
            io.err.println("Identity removed: " + file + " " + key.displayType() + " (" + comment + ")");
            return 0;
        } catch (AgentException e) {
            io.err.println("Could not remove identity \"" + file + "\": agent refused operation");
            return 1;
        }
    }

    /** The public key of FILE: FILE.pub if present, else FILE itself (public line or OpenSSH private key). */
    private PublicKeyLine readPublic(Path file) throws IOException {
        Path pub = Path.of(file + ".pub");
        Path source = Files.exists(pub) ? pub : file;
        String text = Files.readString(source, StandardCharsets.UTF_8);
        if (!text.startsWith("-----")) return PublicKeyLine.parse(text.strip().lines().findFirst().orElse(""));
        SshPublicKey key = PrivateKeyFiles.publicKey(text.getBytes(StandardCharsets.UTF_8));
        if (key == null) {
            SshKeyPair pair = load(file);
            if (pair == null) throw new IOException("cannot read the key");
            return new PublicKeyLine(pair.publicKey(), pair.comment());
        }
        return new PublicKeyLine(key, "");
    }

    private int add(Path file, Constraints constraints) throws IOException {
        if (!Files.exists(file)) {
            io.err.println(file + ": No such file or directory");
            return 1;
        }
        SshKeyPair key;
        try {
            key = load(file);
        } catch (IOException e) {
            io.err.println("Error loading key \"" + file + "\": " + e.getMessage());
            return 1;
        }
        if (key == null) return 1;
        try {
            agent.add(key, constraints);
        } catch (AgentException e) {
            io.err.println("Could not add identity \"" + file + "\": agent refused operation");
            return 1;
        }
        if (!quiet) {
            io.err.println("Identity added: " + file + " (" + key.comment() + ")");
            if (constraints.lifetime() != null) io.err.println("Lifetime set to " + constraints.lifetime().toSeconds() + " seconds");
            if (constraints.confirm()) io.err.println("The user must confirm each use of the key");
        }
        return 0;
    }

    /** Reads a private key, prompting for its passphrase as ssh-add does; null if the user gives up. */
    private SshKeyPair load(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        try {
            return PrivateKeyFiles.decode(content, null);
        } catch (PassphraseRequiredException e) {
            // prompt below
        } catch (SshFormatException e) {
            throw new IOException(e.getMessage() == null ? "invalid format" : e.getMessage(), e);
        }
        String prompt = "Enter passphrase for " + file + ": ";
        while (true) {
            char[] pass = io.readSecret(prompt);
            if (pass == null || pass.length == 0) return null;
            try {
                return PrivateKeyFiles.decode(content, pass);
            } catch (WrongPassphraseException e) {
                prompt = "Bad passphrase, try again for " + file + ": ";
            } catch (SshFormatException e) {
                throw new IOException(e.getMessage(), e);
            } finally {
                Arrays.fill(pass, '\0');
            }
        }
    }
}
