package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * PuTTY private key files (.ppk, PuTTY manual appendix C), versions 2 and 3. Version 3 derives
 * the AES-256-CBC key, IV and HMAC-SHA-256 key from the passphrase with Argon2; version 2 uses
 * SHA-1 for both the key and the HMAC-SHA-1 MAC. The MAC covers the algorithm, encryption,
 * comment, public blob and (padded) private blob, and is checked in constant time before the
 * private key is used.
 */
public final class PuttyKeyFile {
    /** Argon2id parameters written by {@link #encode}: PuTTY's default memory, a fixed pass count. */
    static final int ARGON2_MEMORY_KIB = 8192;
    static final int ARGON2_PASSES = 4;
    /** Refuse files that would make us allocate or spin without bound. */
    static final int MAX_ARGON2_MEMORY_KIB = 1 << 20;
    static final int MAX_ARGON2_PASSES = 1000;
    static final int MAX_ARGON2_PARALLELISM = 64;
    private static final int MAX_TEXT = 1 << 20;
    private static final int LINE = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PuttyKeyFile() {}

    /** True if text starts like a .ppk file. */
    public static boolean looksLike(byte[] content) {
        String s = new String(content, 0, Math.min(content.length, 64), StandardCharsets.ISO_8859_1);
        return s.startsWith("PuTTY-User-Key-File-");
    }

    /** True if the private half is encrypted. */
    public static boolean isEncrypted(byte[] content) throws SshFormatException {
        return !parse(content).get("Encryption").equals("none");
    }

    /** The public key, readable without the passphrase. */
    public static SshPublicKey publicKey(byte[] content) throws SshFormatException {
        return SshPublicKey.decode(b64(parse(content).get("Public-Lines")));
    }

    /**
     * Decodes a .ppk file. A missing passphrase for an encrypted file raises
     * {@link PassphraseRequiredException}, a wrong one (or a tampered file) {@link WrongPassphraseException}.
     */
    public static SshKeyPair decode(byte[] content, char[] passphrase) throws SshFormatException {
        Map<String, String> f = parse(content);
        int version = Integer.parseInt(f.get("version"));
        String alg = f.get("algorithm");
        String enc = f.get("Encryption");
        String comment = f.get("Comment");
        byte[] pub = b64(f.get("Public-Lines"));
        byte[] priv = b64(f.get("Private-Lines"));
        boolean encrypted = switch (enc) {
            case "none" -> false;
            case "aes256-cbc" -> true;
            default -> throw new SshFormatException("unsupported PPK encryption " + enc);
        };
        if (encrypted && (passphrase == null || passphrase.length == 0)) throw new PassphraseRequiredException("PPK file is encrypted");
        byte[] pass = encrypted ? utf8(passphrase) : new byte[0];
        Keys k;
        try {
            k = version == 3 ? argon2(f, pass, encrypted) : sha1Keys(pass, encrypted);
        } catch (IllegalArgumentException e) {
            throw new SshFormatException("bad PPK key derivation parameters", e);
        }
        byte[] plain = priv;
        if (encrypted) {
            if (priv.length % 16 != 0) throw new SshFormatException("PPK private blob is not a whole number of blocks");
            plain = aes(Cipher.DECRYPT_MODE, k, priv);
        }
        byte[] expected = mac(version, k.macKey, alg, enc, comment, pub, plain);
        byte[] actual;
        try {
            actual = HexFormat.of().parseHex(f.get("Private-MAC"));
        } catch (IllegalArgumentException e) {
            throw new SshFormatException("PPK Private-MAC is not hex", e);
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            if (encrypted) throw new WrongPassphraseException("wrong passphrase or corrupted PPK file");
            throw new SshFormatException("PPK file MAC does not match");
        }
        SshPublicKey key = SshPublicKey.decode(pub);
        if (!key.keyType().equals(alg)) throw new SshFormatException("PPK algorithm " + alg + " does not match its public key");
        SshKeyPair pair = toPair(key, new SshReader(plain), comment);
        if (!Arrays.equals(pair.publicKey().blob(), pub)) throw new SshFormatException("PPK private key does not match its public key");
        return pair;
    }

    /** The .ppk text (LF line ends) of version 2 or 3; a non-empty passphrase encrypts it. */
    public static String encode(SshKeyPair pair, char[] passphrase, int version) {
        if (version != 2 && version != 3) throw new IllegalArgumentException("PPK version must be 2 or 3");
        boolean encrypted = passphrase != null && passphrase.length > 0;
        String alg = pair.publicKey().keyType();
        String enc = encrypted ? "aes256-cbc" : "none";
        String comment = pair.comment();
        byte[] pub = pair.publicKey().blob();
        byte[] priv = privateBlob(pair);
        if (encrypted) { // pad to the block size with SHA-1 of the blob, as PuTTY does
            int padded = (priv.length + 15) / 16 * 16;
            byte[] hash = digest("SHA-1", priv);
            byte[] p = Arrays.copyOf(priv, padded);
            System.arraycopy(hash, 0, p, priv.length, padded - priv.length);
            priv = p;
        }
        byte[] pass = encrypted ? utf8(passphrase) : new byte[0];
        Map<String, String> kdf = new HashMap<>();
        Keys k;
        if (version == 3) {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            kdf.put("Key-Derivation", "Argon2id");
            kdf.put("Argon2-Memory", String.valueOf(ARGON2_MEMORY_KIB));
            kdf.put("Argon2-Passes", String.valueOf(ARGON2_PASSES));
            kdf.put("Argon2-Parallelism", "1");
            kdf.put("Argon2-Salt", HexFormat.of().formatHex(salt));
            k = encrypted ? argon2(kdf, pass, true) : new Keys(null, null, new byte[0]);
        } else {
            k = sha1Keys(pass, encrypted);
        }
        byte[] macValue = mac(version, k.macKey, alg, enc, comment, pub, priv);
        byte[] stored = encrypted ? aes(Cipher.ENCRYPT_MODE, k, priv) : priv;
        StringBuilder sb = new StringBuilder();
        sb.append("PuTTY-User-Key-File-").append(version).append(": ").append(alg).append('\n');
        sb.append("Encryption: ").append(enc).append('\n');
        sb.append("Comment: ").append(comment).append('\n');
        lines(sb, "Public-Lines", pub);
        if (version == 3 && encrypted) {
            for (String h : new String[] {"Key-Derivation", "Argon2-Memory", "Argon2-Passes", "Argon2-Parallelism", "Argon2-Salt"}) {
                sb.append(h).append(": ").append(kdf.get(h)).append('\n');
            }
        }
        lines(sb, "Private-Lines", stored);
        sb.append("Private-MAC: ").append(HexFormat.of().formatHex(macValue)).append('\n');
        return sb.toString();
    }

    private record Keys(byte[] cipherKey, byte[] iv, byte[] macKey) {}

    private static Keys argon2(Map<String, String> f, byte[] pass, boolean encrypted) throws IllegalStateException {
        if (!encrypted) return new Keys(null, null, new byte[0]);
        int type = switch (f.getOrDefault("Key-Derivation", "")) {
            case "Argon2id" -> Argon2Parameters.ARGON2_id;
            case "Argon2i" -> Argon2Parameters.ARGON2_i;
            case "Argon2d" -> Argon2Parameters.ARGON2_d;
            default -> throw new IllegalArgumentException("unsupported PPK key derivation");
        };
        int memory = Integer.parseInt(f.get("Argon2-Memory"));
        int passes = Integer.parseInt(f.get("Argon2-Passes"));
        int parallelism = Integer.parseInt(f.get("Argon2-Parallelism"));
        byte[] salt = HexFormat.of().parseHex(f.get("Argon2-Salt"));
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(new Argon2Parameters.Builder(type).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory).withIterations(passes).withParallelism(parallelism).withSalt(salt).build());
        byte[] out = new byte[80];
        gen.generateBytes(pass, out);
        return new Keys(Arrays.copyOfRange(out, 0, 32), Arrays.copyOfRange(out, 32, 48), Arrays.copyOfRange(out, 48, 80));
    }

    private static Keys sha1Keys(byte[] pass, boolean encrypted) {
        byte[] macKey = digest("SHA-1", concat("putty-private-key-file-mac-key".getBytes(StandardCharsets.US_ASCII), pass));
        if (!encrypted) return new Keys(null, null, macKey);
        byte[] a = digest("SHA-1", concat(new byte[] {0, 0, 0, 0}, pass));
        byte[] b = digest("SHA-1", concat(new byte[] {0, 0, 0, 1}, pass));
        return new Keys(Arrays.copyOf(concat(a, b), 32), new byte[16], macKey);
    }

    private static byte[] mac(int version, byte[] key, String alg, String enc, String comment, byte[] pub, byte[] priv) {
        String algorithm = version == 3 ? "HmacSHA256" : "HmacSHA1";
        byte[] data = new SshWriter().writeString(alg).writeString(enc).writeBytes(comment.getBytes(StandardCharsets.UTF_8))
                .writeBytes(pub).writeBytes(priv).toByteArray();
        try {
            Mac m = Mac.getInstance(algorithm);
            // an empty HMAC key is legal (unencrypted v3 files) but SecretKeySpec refuses it
            m.init(key.length == 0 ? new EmptyKey(algorithm) : new SecretKeySpec(key, algorithm));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A zero-length HMAC key. */
    private record EmptyKey(String getAlgorithm) implements javax.crypto.SecretKey {
        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return new byte[0];
        }
    }

    private static byte[] aes(int mode, Keys k, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(mode, new SecretKeySpec(k.cipherKey, "AES"), new IvParameterSpec(k.iv));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] privateBlob(SshKeyPair pair) {
        SshWriter w = new SshWriter();
        switch (pair) {
            case Ed25519KeyPair ed -> {
                byte[] seed = ed.seed();
                w.writeBytes(seed);
                Arrays.fill(seed, (byte) 0);
            }
            case EcdsaKeyPair ec -> w.writeMpint(ec.privateKey().getS());
            case RsaKeyPair rsa -> {
                RSAPrivateCrtKey k = rsa.privateKey();
                w.writeMpint(k.getPrivateExponent()).writeMpint(k.getPrimeP()).writeMpint(k.getPrimeQ()).writeMpint(k.getCrtCoefficient());
            }
            default -> throw new IllegalArgumentException("unsupported key for PPK: " + pair.publicKey().keyType());
        }
        return w.toByteArray();
    }

    private static SshKeyPair toPair(SshPublicKey key, SshReader r, String comment) throws SshFormatException {
        try {
            PrivateKey priv;
            switch (key) {
                case Ed25519PublicKey ed -> {
                    byte[] seed = r.readBytes();
                    if (seed.length != 32) throw new SshFormatException("PPK Ed25519 private key must be 32 bytes");
                    return Ed25519KeyPair.fromSeed(seed, comment);
                }
                case EcdsaPublicKey ec -> {
                    BigInteger s = r.readMpint();
                    priv = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, ec.curve().params()));
                }
                case RsaPublicKey rsa -> {
                    BigInteger d = r.readMpint();
                    BigInteger p = r.readMpint();
                    BigInteger q = r.readMpint();
                    BigInteger iqmp = r.readMpint();
                    if (p.signum() <= 0 || q.signum() <= 0 || !p.multiply(q).equals(rsa.modulus())) {
                        throw new SshFormatException("PPK RSA primes do not match the modulus");
                    }
                    priv = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(rsa.modulus(), rsa.exponent(), d, p, q,
                            d.mod(p.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), iqmp));
                }
                case SshCertificate c -> throw new SshFormatException("PPK files hold no certificates");
            }
            return SshKeyPair.of(priv, comment);
        } catch (GeneralSecurityException | IllegalArgumentException | ArithmeticException e) {
            throw new SshFormatException("invalid PPK private key", e);
        }
    }

    /** Header fields by name; "Public-Lines"/"Private-Lines" map to their joined base64. */
    private static Map<String, String> parse(byte[] content) throws SshFormatException {
        if (content.length > MAX_TEXT) throw new SshFormatException("PPK file too large");
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r\n|\r|\n");
        Map<String, String> f = new HashMap<>();
        int i = 0;
        if (lines.length == 0 || !lines[0].startsWith("PuTTY-User-Key-File-")) throw new SshFormatException("not a PuTTY key file");
        String first = lines[i++];
        int colon = first.indexOf(": ");
        if (colon < 0) throw new SshFormatException("malformed PPK header");
        String version = first.substring("PuTTY-User-Key-File-".length(), colon);
        if (!version.equals("2") && !version.equals("3")) throw new SshFormatException("unsupported PPK version " + version);
        f.put("version", version);
        f.put("algorithm", first.substring(colon + 2));
        while (i < lines.length) {
            String line = lines[i++];
            if (line.isEmpty()) continue;
            int c = line.indexOf(": ");
            if (c < 0) throw new SshFormatException("malformed PPK line");
            String name = line.substring(0, c);
            String value = line.substring(c + 2);
            if (name.endsWith("-Lines")) {
                int n;
                try {
                    n = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new SshFormatException("bad PPK line count", e);
                }
                if (n < 0 || n > lines.length - i) throw new SshFormatException("PPK line count exceeds the file");
                StringBuilder b = new StringBuilder();
                for (int j = 0; j < n; j++) b.append(lines[i++].strip());
                value = b.toString();
            }
            f.putIfAbsent(name, value);
        }
        for (String need : new String[] {"Encryption", "Comment", "Public-Lines", "Private-Lines", "Private-MAC"}) {
            if (!f.containsKey(need)) throw new SshFormatException("PPK file lacks " + need);
        }
        if (version.equals("3") && !f.get("Encryption").equals("none")) {
            try {
                int mem = Integer.parseInt(f.get("Argon2-Memory"));
                int passes = Integer.parseInt(f.get("Argon2-Passes"));
                int par = Integer.parseInt(f.get("Argon2-Parallelism"));
                HexFormat.of().parseHex(f.get("Argon2-Salt"));
                if (!f.get("Key-Derivation").toLowerCase(Locale.ROOT).startsWith("argon2")) throw new SshFormatException("unsupported PPK key derivation");
                if (mem < 8 || mem > MAX_ARGON2_MEMORY_KIB || passes < 1 || passes > MAX_ARGON2_PASSES || par < 1 || par > MAX_ARGON2_PARALLELISM) {
                    throw new SshFormatException("PPK Argon2 parameters out of range");
                }
            } catch (NumberFormatException | NullPointerException e) {
                throw new SshFormatException("missing or malformed PPK Argon2 parameters", e);
            } catch (IllegalArgumentException e) {
                throw new SshFormatException("malformed PPK Argon2 salt", e);
            }
        }
        return f;
    }

    private static byte[] b64(String s) throws SshFormatException {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new SshFormatException("PPK base64 is malformed", e);
        }
    }

    private static void lines(StringBuilder sb, String header, byte[] data) {
        String b = Base64.getEncoder().encodeToString(data);
        int n = (b.length() + LINE - 1) / LINE;
        sb.append(header).append(": ").append(n).append('\n');
        for (int i = 0; i < b.length(); i += LINE) sb.append(b, i, Math.min(b.length(), i + LINE)).append('\n');
    }

    private static byte[] utf8(char[] c) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(c));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
