package dev.seashell.auth;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Passwords from a file of {@code user:hash} lines (bcrypt or argon2id, see {@link PasswordHashes});
 * {@code #} starts a comment. An unknown user is checked against a dummy hash of the same kind and
 * cost as the file's first entry, so it takes as long as a wrong password for a known user.
 */
public final class PasswordFile implements PasswordAuthenticator {
    private static final long MAX_SIZE = 16 << 20;

    private final Map<String, String> hashes;
    private final String dummy;

    private PasswordFile(Map<String, String> hashes) {
        this.hashes = Map.copyOf(hashes);
        this.dummy = hashes.values().stream().findFirst().orElseGet(PasswordFile::randomBcrypt);
    }

    public static PasswordFile read(Path file) throws IOException {
        if (Files.size(file) > MAX_SIZE) throw new IOException(file + ": too large");
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Lines with an unsupported hash are skipped (that user cannot log in by password). */
    public static PasswordFile parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int colon = l.indexOf(':');
            if (colon <= 0) continue;
            String hash = l.substring(colon + 1).strip();
            if (PasswordHashes.supported(hash)) m.putIfAbsent(l.substring(0, colon), hash);
        }
        return new PasswordFile(m);
    }

    /** bcrypt cost 10 of a random password: the stand-in when the file has no entry to copy. */
    private static String randomBcrypt() {
        SecureRandom r = new SecureRandom();
        byte[] salt = new byte[16];
        r.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", Long.toString(r.nextLong()).toCharArray(), salt, 10);
    }

    public boolean hasUser(String user) {
        return hashes.containsKey(user);
    }

    @Override
    public boolean check(String user, char[] password, InetSocketAddress remote) {
        String hash = hashes.get(user);
        boolean ok = PasswordHashes.verify(hash == null ? dummy : hash, password);
        return ok && hash != null;
    }
}
