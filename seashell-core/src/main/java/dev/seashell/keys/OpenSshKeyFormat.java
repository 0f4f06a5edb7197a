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
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** OpenSSH's "openssh-key-v1" private key container (PROTOCOL.key), plain or bcrypt-encrypted. */
final class OpenSshKeyFormat {
    static final String BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    static final String END = "-----END OPENSSH PRIVATE KEY-----";
    private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT_LENGTH = 16;
    /** A hostile file must not make us spin for hours; ssh-keygen's default is 16. */
    static final int MAX_ROUNDS = 100_000;

    /** The ciphers a key file may use; ssh-keygen writes aes256-ctr. */
    enum KeyCipher {
        NONE("none", 0, 0, 8, 0, null),
        AES128_CTR("aes128-ctr", 16, 16, 16, 0, "AES/CTR/NoPadding"),
        AES192_CTR("aes192-ctr", 24, 16, 16, 0, "AES/CTR/NoPadding"),
        AES256_CTR("aes256-ctr", 32, 16, 16, 0, "AES/CTR/NoPadding"),
        AES128_CBC("aes128-cbc", 16, 16, 16, 0, "AES/CBC/NoPadding"),
        AES256_CBC("aes256-cbc", 32, 16, 16, 0, "AES/CBC/NoPadding"),
        AES128_GCM("aes128-gcm@openssh.com", 16, 12, 16, 16, "AES/GCM/NoPadding"),
        AES256_GCM("aes256-gcm@openssh.com", 32, 12, 16, 16, "AES/GCM/NoPadding");

        final String sshName;
        final int keyLength;
        final int ivLength;
        final int blockSize;
        final int tagLength;
        final String transformation;

        KeyCipher(String sshName, int keyLength, int ivLength, int blockSize, int tagLength, String transformation) {
            this.sshName = sshName;
            this.keyLength = keyLength;
            this.ivLength = ivLength;
            this.blockSize = blockSize;
            this.tagLength = tagLength;
            this.transformation = transformation;
        }

        static KeyCipher fromName(String name) {
            for (KeyCipher c : values()) if (c.sshName.equals(name)) return c;
            return null;
        }

        /** Runs the cipher; for GCM the input (decrypt) or output (encrypt) ends with the tag. */
        byte[] apply(int mode, byte[] keyAndIv, byte[] input) throws GeneralSecurityException {
            Cipher c = Cipher.getInstance(transformation);
            SecretKeySpec key = new SecretKeySpec(keyAndIv, 0, keyLength, "AES");
            byte[] iv = Arrays.copyOfRange(keyAndIv, keyLength, keyLength + ivLength);
            c.init(mode, key, tagLength > 0 ? new GCMParameterSpec(tagLength * 8, iv) : new IvParameterSpec(iv));
            return c.doFinal(input);
        }
    }

    private OpenSshKeyFormat() {}

    /** The header fields that can be read without the passphrase. */
    private record Header(KeyCipher cipher, byte[] salt, int rounds, byte[] publicBlob, byte[] encrypted) {}

    static byte[] unarmor(String text) throws SshFormatException {
        int b = text.indexOf(BEGIN);
        // END is searched after the whole BEGIN line: the two markers can share their dashes.
        int e = b < 0 ? -1 : text.indexOf(END, b + BEGIN.length());
        if (b < 0 || e < 0) throw new SshFormatException("not an OpenSSH private key");
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + BEGIN.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new SshFormatException("OpenSSH private key is not valid base64", ex);
        }
    }

    static String armor(byte[] binary) {
        String b64 = Base64.getEncoder().encodeToString(binary);
        StringBuilder sb = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += 70) sb.append(b64, i, Math.min(b64.length(), i + 70)).append('\n');
        return sb.append(END).append('\n').toString();
    }

    private static Header header(byte[] binary) throws SshFormatException {
        if (binary.length < MAGIC.length || !Arrays.equals(binary, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new SshFormatException("missing openssh-key-v1 magic");
        }
        SshReader r = new SshReader(binary, MAGIC.length, binary.length - MAGIC.length);
        String cipherName = r.readString();
        String kdfName = r.readString();
        byte[] kdfOptions = r.readBytes();
        KeyCipher cipher = KeyCipher.fromName(cipherName);
        if (cipher == null) throw new SshFormatException("unsupported private key cipher: " + cipherName);
        byte[] salt = null;
        int rounds = 0;
        if (cipher == KeyCipher.NONE) {
            if (!kdfName.equals("none") || kdfOptions.length != 0) throw new SshFormatException("unencrypted key with a KDF");
        } else {
            if (!kdfName.equals("bcrypt")) throw new SshFormatException("unsupported private key KDF: " + kdfName);
            SshReader o = new SshReader(kdfOptions);
            salt = o.readBytes();
            long rl = o.readUint32();
            o.expectEnd();
            if (salt.length == 0 || rl < 1 || rl > MAX_ROUNDS) throw new SshFormatException("bad bcrypt parameters: " + salt.length + " byte salt, " + rl + " rounds");
            rounds = (int) rl;
        }
        long n = r.readUint32();
        if (n != 1) throw new SshFormatException("key files with " + n + " keys are not supported");
        byte[] publicBlob = r.readBytes();
        byte[] encrypted = r.readBytes();
        if (encrypted.length % cipher.blockSize != 0) throw new SshFormatException("private section is not a multiple of the block size");
        byte[] tag = r.readRaw(cipher.tagLength);
        r.expectEnd();
        if (tag.length > 0) {
            encrypted = Arrays.copyOf(encrypted, encrypted.length + tag.length);
            System.arraycopy(tag, 0, encrypted, encrypted.length - tag.length, tag.length);
        }
        return new Header(cipher, salt, rounds, publicBlob, encrypted);
    }

    static boolean isEncrypted(byte[] binary) throws SshFormatException {
        return header(binary).cipher != KeyCipher.NONE;
    }

    /** The public key, which is stored in the clear even in encrypted files. */
    static SshPublicKey publicKey(byte[] binary) throws SshFormatException {
        return SshPublicKey.decode(header(binary).publicBlob);
    }

    static SshKeyPair decode(byte[] binary, char[] passphrase) throws SshFormatException {
        Header h = header(binary);
        byte[] plain;
        if (h.cipher == KeyCipher.NONE) {
            plain = h.encrypted;
        } else {
            if (passphrase == null || passphrase.length == 0) throw new PassphraseRequiredException("private key is encrypted");
            byte[] pass = utf8(passphrase);
            byte[] keyIv = BcryptPbkdf.derive(pass, h.salt, h.rounds, h.cipher.keyLength + h.cipher.ivLength);
            Arrays.fill(pass, (byte) 0);
            try {
                plain = h.cipher.apply(Cipher.DECRYPT_MODE, keyIv, h.encrypted);
            } catch (AEADBadTagException e) {
                throw new WrongPassphraseException("incorrect passphrase supplied to decrypt private key", e);
            } catch (GeneralSecurityException e) {
                throw new SshFormatException("cannot decrypt private key", e);
            } finally {
                Arrays.fill(keyIv, (byte) 0);
            }
        }
        try {
            SshReader r = new SshReader(plain);
            int check1 = r.readInt();
            int check2 = r.readInt();
            if (check1 != check2) {
                if (h.cipher == KeyCipher.NONE) throw new SshFormatException("private key checkints differ");
                throw new WrongPassphraseException("incorrect passphrase supplied to decrypt private key");
            }
            SshKeyPair pair = readPrivate(r);
            checkPadding(r, h.cipher.blockSize);
            if (!MessageDigest.isEqual(pair.publicKey().blob(), h.publicBlob)) {
                throw new SshFormatException("private key does not match the public key in the file");
            }
            return pair;
        } finally {
            if (plain != h.encrypted) Arrays.fill(plain, (byte) 0);
        }
    }

    private static SshKeyPair readPrivate(SshReader r) throws SshFormatException {
        String type = r.readString();
        try {
            if (type.equals(Ed25519PublicKey.TYPE)) {
                byte[] pk = r.readBytes();
                byte[] sk = r.readBytes();
                String comment = r.readString();
                if (pk.length != 32 || sk.length != 64 || !Arrays.equals(sk, 32, 64, pk, 0, 32)) {
                    throw new SshFormatException("malformed Ed25519 private key");
                }
                Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(Arrays.copyOf(sk, 32), comment);
                Arrays.fill(sk, (byte) 0);
                if (!Arrays.equals(pair.publicKey().raw(), pk)) throw new SshFormatException("Ed25519 seed does not match its public key");
                return pair;
            }
            if (type.equals(RsaPublicKey.TYPE)) {
                BigInteger n = r.readMpint(), e = r.readMpint(), d = r.readMpint();
                BigInteger iqmp = r.readMpint(), p = r.readMpint(), q = r.readMpint();
                String comment = r.readString();
                RsaPublicKey pub = RsaPublicKey.of(e, n);
                if (p.signum() <= 0 || q.signum() <= 0 || d.signum() <= 0 || !p.multiply(q).equals(n)
                        || !iqmp.multiply(q).mod(p).equals(BigInteger.ONE)) {
                    throw new SshFormatException("inconsistent RSA private key");
                }
                RSAPrivateCrtKeySpec spec = new RSAPrivateCrtKeySpec(n, e, d, p, q,
                        d.mod(p.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), iqmp);
                return new RsaKeyPair(pub, (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(spec), comment);
            }
            EcCurve curve = EcCurve.fromKeyType(type);
            if (curve == null) throw new SshFormatException("unsupported private key type: " + type);
            String curveName = r.readString();
            if (!curveName.equals(curve.sshName)) throw new SshFormatException("curve " + curveName + " does not match " + type);
            EcdsaPublicKey pub = EcdsaPublicKey.of(curve, r.readBytes(), "ECDSA private key");
            BigInteger d = r.readMpint();
            String comment = r.readString();
            ECPrivateKey priv = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, curve.params()));
            return new EcdsaKeyPair(pub, priv, comment);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new SshFormatException("invalid " + type + " private key: " + e.getMessage(), e);
        }
    }

    /** "string type, key fields, string comment": the private section's layout, shared with the agent protocol. */
    static SshKeyPair readPrivateKey(SshReader r) throws SshFormatException {
        return readPrivate(r);
    }

    /** "string type, key fields" (no comment), the counterpart of {@link #readPrivateKey}. */
    static void writePrivateKey(SshWriter w, SshKeyPair pair) {
        writePrivate(w, pair);
    }

    /** The private section ends with 1, 2, 3, … up to the cipher's block size. */
    private static void checkPadding(SshReader r, int blockSize) throws SshFormatException {
        if (r.remaining() >= blockSize) throw new SshFormatException("private key section has trailing data");
        for (int i = 1; r.remaining() > 0; i++) {
            if (r.readByte() != i) throw new SshFormatException("bad private key padding");
        }
    }

    /** Encodes a key pair; a null or empty passphrase writes it unencrypted. */
    static byte[] encode(SshKeyPair pair, char[] passphrase, int rounds, SecureRandom random) {
        boolean encrypt = passphrase != null && passphrase.length > 0;
        KeyCipher cipher = encrypt ? KeyCipher.AES256_CTR : KeyCipher.NONE;
        if (encrypt && (rounds < 1 || rounds > MAX_ROUNDS)) throw new IllegalArgumentException("bcrypt rounds must be 1.." + MAX_ROUNDS);
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        int check = random.nextInt();

        SshWriter priv = new SshWriter(1024).writeInt(check).writeInt(check);
        writePrivate(priv, pair);
        priv.writeString(pair.comment());
        for (int i = 1; priv.size() % cipher.blockSize != 0; i++) priv.writeByte(i);
        byte[] plain = priv.toByteArray();
        Arrays.fill(priv.array(), (byte) 0);

        SshWriter out = new SshWriter(plain.length + 512).writeRaw(MAGIC).writeString(cipher.sshName);
        byte[] section = plain;
        if (encrypt) {
            out.writeString("bcrypt").writeBytes(new SshWriter(32).writeBytes(salt).writeInt(rounds).toByteArray());
            byte[] pass = utf8(passphrase);
            byte[] keyIv = BcryptPbkdf.derive(pass, salt, rounds, cipher.keyLength + cipher.ivLength);
            Arrays.fill(pass, (byte) 0);
            try {
                section = cipher.apply(Cipher.ENCRYPT_MODE, keyIv, plain);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot encrypt private key", e);
            } finally {
                Arrays.fill(keyIv, (byte) 0);
                Arrays.fill(plain, (byte) 0);
            }
        } else {
            out.writeString("none").writeBytes(new byte[0]);
        }
        out.writeInt(1).writeBytes(pair.publicKey().blob()).writeBytes(section);
        return out.toByteArray();
    }

    private static void writePrivate(SshWriter w, SshKeyPair pair) {
        switch (pair) {
            case Ed25519KeyPair ed -> {
                byte[] pk = ed.publicKey().raw();
                byte[] sk = Arrays.copyOf(ed.seed(), 64);
                System.arraycopy(pk, 0, sk, 32, 32);
                w.writeString(Ed25519PublicKey.TYPE).writeBytes(pk).writeBytes(sk);
                Arrays.fill(sk, (byte) 0);
            }
            case EcdsaKeyPair ec -> w.writeString(ec.publicKey().keyType()).writeString(ec.publicKey().curve().sshName)
                    .writeBytes(ec.publicKey().q()).writeMpint(ec.privateKey().getS());
            case RsaKeyPair rsa -> {
                RSAPrivateCrtKey k = rsa.privateKey();
                w.writeString(RsaPublicKey.TYPE).writeMpint(k.getModulus()).writeMpint(k.getPublicExponent())
                        .writeMpint(k.getPrivateExponent()).writeMpint(k.getCrtCoefficient())
                        .writeMpint(k.getPrimeP()).writeMpint(k.getPrimeQ());
            }
            default -> writePrivate(w, SshKeyPair.of(pair.privateKey(), pair.comment()));
        }
    }

    static byte[] utf8(char[] passphrase) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        Arrays.fill(bb.array(), (byte) 0);
        return out;
    }
}
