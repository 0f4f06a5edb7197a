package dev.seashell.keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * OpenBSD's bcrypt_pbkdf, the KDF of passphrase-protected OpenSSH key files.
 *
 * <p>BouncyCastle has Blowfish and bcrypt but exposes neither the expensive key schedule
 * (EksBlowfish) nor a way to seed it with SHA-512 state, so the schedule is written out here. It
 * is the one primitive Seashell implements itself; it is tested against BouncyCastle's Blowfish
 * and against keys encrypted by ssh-keygen. The initial P-array and S-boxes are the hexadecimal
 * digits of pi, computed once rather than pasted as a 1042-word table.
 */
final class BcryptPbkdf {
    private static final int WORDS = 8; // bcrypt output: 8 words, 32 bytes
    private static final int HASH_SIZE = WORDS * 4;
    private static final byte[] MAGIC = "OxychromaticBlowfishSwatDynamite".getBytes(StandardCharsets.US_ASCII);

    /** P-array (18 words) followed by the four S-boxes (4 × 256 words): pi after the point. */
    private static final int[] PI_WORDS = loadPiWords(18 + 4 * 256);

    private BcryptPbkdf() {}

    /**
     * Derives {@code keyLength} bytes. Arguments are bounded as OpenBSD does: a non-empty password
     * and salt, at least one round, and at most 1024 output bytes.
     */
    static byte[] derive(byte[] password, byte[] salt, int rounds, int keyLength) {
        if (rounds < 1 || password.length == 0 || salt.length == 0 || keyLength <= 0
                || keyLength > HASH_SIZE * HASH_SIZE || salt.length > 1 << 20) {
            throw new IllegalArgumentException("bad bcrypt_pbkdf arguments");
        }
        MessageDigest sha512 = sha512();
        byte[] sha2pass = sha512.digest(password);
        int stride = (keyLength + HASH_SIZE - 1) / HASH_SIZE;
        int amt = (keyLength + stride - 1) / stride;
        byte[] key = new byte[keyLength];
        int remaining = keyLength;
        for (int count = 1; remaining > 0; count++) {
            sha512.update(salt);
            sha512.update(new byte[] {(byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8), (byte) count});
            byte[] tmp = bcryptHash(sha2pass, sha512.digest());
            byte[] out = tmp.clone();
            for (int i = 1; i < rounds; i++) {
                tmp = bcryptHash(sha2pass, sha512.digest(tmp));
                for (int j = 0; j < out.length; j++) out[j] ^= tmp[j];
            }
            // Not PBKDF2: the output bytes are spread across the key with a stride.
            amt = Math.min(amt, remaining);
            int i;
            for (i = 0; i < amt; i++) {
                int dest = i * stride + (count - 1);
                if (dest >= keyLength) break;
                key[dest] = out[i];
            }
            remaining -= i;
        }
        Arrays.fill(sha2pass, (byte) 0);
        return key;
    }

    private static byte[] bcryptHash(byte[] sha2pass, byte[] sha2salt) {
        Blowfish state = new Blowfish();
        state.expand(sha2salt, sha2pass);
        for (int i = 0; i < 64; i++) {
            state.expand0(sha2salt);
            state.expand0(sha2pass);
        }
        int[] cdata = new int[WORDS];
        int[] j = {0};
        for (int i = 0; i < WORDS; i++) cdata[i] = streamToWord(MAGIC, j);
        for (int i = 0; i < 64; i++) {
            for (int b = 0; b < WORDS; b += 2) state.encipher(cdata, b);
        }
        byte[] out = new byte[HASH_SIZE];
        for (int i = 0; i < WORDS; i++) { // little-endian words, as OpenBSD copies them out
            out[4 * i] = (byte) cdata[i];
            out[4 * i + 1] = (byte) (cdata[i] >>> 8);
            out[4 * i + 2] = (byte) (cdata[i] >>> 16);
            out[4 * i + 3] = (byte) (cdata[i] >>> 24);
        }
        return out;
    }

    /** Next big-endian word of data, cycling through it; {@code pos[0]} is the cursor. */
    private static int streamToWord(byte[] data, int[] pos) {
        int w = 0;
        for (int i = 0; i < 4; i++) {
            w = (w << 8) | (data[pos[0]] & 0xff);
            pos[0] = (pos[0] + 1) % data.length;
        }
        return w;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Blowfish state with the two key-schedule steps of EksBlowfish (Provos and Mazières). */
    static final class Blowfish {
        final int[] p = Arrays.copyOfRange(PI_WORDS, 0, 18);
        final int[] s = Arrays.copyOfRange(PI_WORDS, 18, PI_WORDS.length);

        /** Blowfish_expandstate: the key schedule salted with data. */
        void expand(byte[] data, byte[] key) {
            int[] j = {0};
            for (int i = 0; i < 18; i++) p[i] ^= streamToWord(key, j);
            j[0] = 0;
            int[] lr = new int[2];
            for (int i = 0; i < 18; i += 2) {
                lr[0] ^= streamToWord(data, j);
                lr[1] ^= streamToWord(data, j);
                encipher(lr, 0);
                p[i] = lr[0];
                p[i + 1] = lr[1];
            }
            for (int i = 0; i < s.length; i += 2) {
                lr[0] ^= streamToWord(data, j);
                lr[1] ^= streamToWord(data, j);
                encipher(lr, 0);
                s[i] = lr[0];
                s[i + 1] = lr[1];
            }
        }

        /** Blowfish_expand0state: the plain Blowfish key schedule applied to the current state. */
        void expand0(byte[] key) {
            int[] j = {0};
            for (int i = 0; i < 18; i++) p[i] ^= streamToWord(key, j);
            int[] lr = new int[2];
            for (int i = 0; i < 18; i += 2) {
                encipher(lr, 0);
                p[i] = lr[0];
                p[i + 1] = lr[1];
            }
            for (int i = 0; i < s.length; i += 2) {
                encipher(lr, 0);
                s[i] = lr[0];
                s[i + 1] = lr[1];
            }
        }

        private int f(int x) {
            return ((s[x >>> 24] + s[256 + ((x >>> 16) & 0xff)]) ^ s[512 + ((x >>> 8) & 0xff)]) + s[768 + (x & 0xff)];
        }

        /** Encrypts the 64-bit block held in {@code block[off]} (left) and {@code block[off + 1]} (right). */
        void encipher(int[] block, int off) {
            int l = block[off] ^ p[0];
            int r = block[off + 1];
            for (int i = 1; i <= 16; i += 2) {
                r ^= f(l) ^ p[i];
                l ^= f(r) ^ p[i + 1];
            }
            block[off] = r ^ p[17];
            block[off + 1] = l;
        }
    }

    /**
     * Loads the table from {@code blowfish-pi.bin} (the same words, precomputed: computing them takes
     * over a second, which every `ssh -i encrypted_key` would pay); a test checks it against
     * {@link #piWords(int)}.
     */
    private static int[] loadPiWords(int count) {
        try (var in = BcryptPbkdf.class.getResourceAsStream("blowfish-pi.bin")) {
            if (in == null) return piWords(count);
            byte[] b = in.readNBytes(count * 4);
            if (b.length != count * 4) return piWords(count);
            int[] words = new int[count];
            java.nio.ByteBuffer.wrap(b).asIntBuffer().get(words);
            return words;
        } catch (java.io.IOException e) {
            return piWords(count);
        }
    }

    /** The first {@code count} 32-bit words of pi's fraction, by Machin's formula in fixed point. */
    static int[] piWords(int count) {
        int guard = 64;
        int bits = count * 32 + guard;
        BigInteger one = BigInteger.ONE.shiftLeft(bits);
        BigInteger pi = arctanInverse(5, one).shiftLeft(4).subtract(arctanInverse(239, one).shiftLeft(2));
        BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits)).shiftRight(guard);
        byte[] be = fraction.toByteArray(); // big-endian, possibly shorter or with a sign byte
        byte[] digits = new byte[count * 4];
        int n = Math.min(be.length, digits.length);
        System.arraycopy(be, be.length - n, digits, digits.length - n, n);
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = ((digits[4 * i] & 0xff) << 24) | ((digits[4 * i + 1] & 0xff) << 16)
                    | ((digits[4 * i + 2] & 0xff) << 8) | (digits[4 * i + 3] & 0xff);
        }
        return words;
    }

    /** arctan(1/x) scaled by {@code one}. */
    private static BigInteger arctanInverse(int x, BigInteger one) {
        BigInteger x2 = BigInteger.valueOf((long) x * x);
        BigInteger term = one.divide(BigInteger.valueOf(x));
        BigInteger sum = term;
        for (int k = 1; term.signum() != 0; k++) {
            term = term.divide(x2);
            BigInteger t = term.divide(BigInteger.valueOf(2L * k + 1));
            sum = (k & 1) == 1 ? sum.subtract(t) : sum.add(t);
        }
        return sum;
    }
}
