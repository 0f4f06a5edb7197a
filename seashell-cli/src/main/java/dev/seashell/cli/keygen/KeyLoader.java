package dev.seashell.cli.keygen;

import dev.seashell.keys.PassphraseRequiredException;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.keys.WrongPassphraseException;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Loading keys the way ssh-keygen does, with its prompts and messages. */
final class KeyLoader {
    /** A private key and the passphrase that opened it (empty if none). */
    record Loaded(SshKeyPair pair, char[] passphrase) {}

    /** A public key with its comment (null when there is none). */
    record Public(SshPublicKey key, String comment) {}

    private KeyLoader() {}

    /** Bound for files of many keys (authorized_keys, known_hosts) read by -l. */
    static final long MAX_LIST_FILE = 64L << 20;

    static byte[] readFile(Path file) throws Fail {
        return readFile(file, PrivateKeyFiles.MAX_FILE_SIZE);
    }

    static byte[] readFile(Path file, long max) throws Fail {
        try {
            if (Files.size(file) > max) throw Fail.fatal(file + ": file too large");
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw Fail.fatal("ssh-keygen: " + file + ": No such file or directory");
        } catch (IOException e) {
            throw Fail.fatal("ssh-keygen: " + file + ": " + e.getMessage());
        }
    }

    /**
     * Loads a private key: tries without a passphrase, then {@code pass} (-P) if given, else asks
     * with {@code prompt}. Failure message: "{@code failPrefix} file: reason".
     */
    static Loaded loadPrivate(Io io, Path file, String pass, String prompt, String failPrefix) throws Fail, IOException {
        byte[] data = readFile(file);
        try {
            if (!PrivateKeyFiles.isEncrypted(data)) return new Loaded(PrivateKeyFiles.decode(data, null), new char[0]);
        } catch (SshFormatException e) {
            throw Fail.fatal(failPrefix + " \"" + file + "\": invalid format");
        }
        char[] p = pass != null ? pass.toCharArray() : io.askSecret(prompt);
        if (p == null) p = new char[0];
        try {
            return new Loaded(PrivateKeyFiles.decode(data, p), p);
        } catch (WrongPassphraseException | PassphraseRequiredException e) {
            throw Fail.fatal(failPrefix + " \"" + file + "\": incorrect passphrase supplied to decrypt private key");
        } catch (SshFormatException e) {
            throw Fail.fatal(failPrefix + " \"" + file + "\": invalid format");
        }
    }

    /**
     * sshkey_load_public: the file as a public key line, else file.pub, else the public half of a
     * private key file (with its comment only if the file is unencrypted). Null if none works.
     */
    static Public loadPublic(Path file) throws Fail {
        byte[] data = readFile(file);
        Public p = parsePublicText(new String(data, StandardCharsets.UTF_8));
        if (p != null) return p;
        Path pub = Path.of(file + ".pub");
        if (Files.isRegularFile(pub)) {
            try {
                p = parsePublicText(Files.readString(pub, StandardCharsets.UTF_8));
                if (p != null) return p;
            } catch (IOException ignored) {
                // fall through to the private file
            }
        }
        try {
            if (!PrivateKeyFiles.isEncrypted(data)) {
                SshKeyPair pair = PrivateKeyFiles.decode(data, null);
                return new Public(pair.publicKey(), pair.comment().isEmpty() ? null : pair.comment());
            }
            SshPublicKey k = PrivateKeyFiles.publicKey(data);
            return k == null ? null : new Public(k, null);
        } catch (SshFormatException e) {
            return null;
        }
    }

    /** The first line of text that parses as "type base64 [comment]". */
    static Public parsePublicText(String text) {
        for (String line : text.split("\r?\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            try {
                PublicKeyLine pl = PublicKeyLine.parse(l);
                return new Public(pl.key(), pl.comment().isEmpty() ? null : pl.comment());
            } catch (SshFormatException e) {
                return null;
            }
        }
        return null;
    }
}
