package dev.seashell.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Verifies bcrypt ({@code $2a$}/{@code $2b$}/{@code $2y$}) and argon2id ({@code $argon2id$}) hashes with BouncyCastle. */
public final class PasswordHashes {
    /** Argon2 memory cost bound (KiB): a hostile file must not make us allocate gigabytes. */
    private static final int MAX_ARGON2_KIB = 1 << 20;

    private PasswordHashes() {}

    /** Whether this hash format is one we verify. */
    public static boolean supported(String hash) {
        return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$") || hash.startsWith("$argon2id$");
    }

    /** True if {@code password} matches {@code hash}; false for a wrong password or an unusable hash. */
    public static boolean verify(String hash, char[] password) {
        try {
            if (hash.startsWith("$argon2id$")) return argon2id(hash, password);
            // checkPassword compares in constant time; $2y$ is $2b$ by another name.
            if (supported(hash)) return OpenBSDBCrypt.checkPassword(hash.startsWith("$2y$") ? "$2b$" + hash.substring(4) : hash, password);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return false;
    }

    /** $argon2id$v=19$m=65536,t=3,p=4$salt$hash (PHC string format, unpadded base64). */
    private static boolean argon2id(String hash, char[] password) {
        String[] f = hash.split("\\$", -1);
        if (f.length != 6 || !f[2].startsWith("v=")) return false;
        int version = Integer.parseInt(f[2].substring(2));
        int m = 0, t = 0, p = 0;
        for (String kv : f[3].split(",")) {
            String[] e = kv.split("=", 2);
            if (e.length != 2) return false;
            int v = Integer.parseInt(e[1]);
            switch (e[0]) {
                case "m" -> m = v;
                case "t" -> t = v;
                case "p" -> p = v;
                default -> { return false; }
            }
        }
        if (m < 8 || m > MAX_ARGON2_KIB || t < 1 || t > 64 || p < 1 || p > 64) return false;
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] salt = b64.decode(f[4]);
        byte[] expected = b64.decode(f[5]);
        if (expected.length < 4 || expected.length > 1024) return false;
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(version).withMemoryAsKB(m)
                .withIterations(t).withParallelism(p).withSalt(salt).build());
        byte[] pw = utf8(password);
        byte[] out = new byte[expected.length];
        gen.generateBytes(pw, out);
        Arrays.fill(pw, (byte) 0);
        return MessageDigest.isEqual(out, expected);
    }

    static byte[] utf8(char[] password) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) Arrays.fill(b.array(), (byte) 0);
        return out;
    }
}
