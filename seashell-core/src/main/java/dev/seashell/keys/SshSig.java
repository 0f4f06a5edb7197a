package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * An SSH signature of a file or message (OpenSSH PROTOCOL.sshsig), as ssh-keygen -Y sign writes and
 * -Y verify checks: the key, a namespace that stops signatures being reused across purposes, the
 * message hash algorithm and the signature blob.
 */
public record SshSig(SshPublicKey publicKey, String namespace, String hashAlgorithm, byte[] signature) {
    public static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
    public static final String END = "-----END SSH SIGNATURE-----";
    private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int WIDTH = 70;
    private static final int MAX_ARMORED = 1 << 20;

    public SshSig {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Signs a message with SHA-512 (ssh-keygen's default); RSA keys sign with rsa-sha2-512. */
    public static SshSig sign(SshKeyPair pair, String namespace, InputStream message) throws IOException {
        if (namespace == null || namespace.isEmpty()) throw new IllegalArgumentException("namespace must not be empty");
        String hash = "sha512";
        byte[] digest = digest(hash, message);
        SignatureAlgorithm alg = pair.publicKey().signatureAlgorithms().getFirst();
        byte[] sig = pair.sign(alg, signedData(namespace, hash, digest));
        return new SshSig(pair.publicKey(), namespace, hash, sig);
    }

    /**
     * Whether this is a valid signature of message in the given namespace. SHA-1 RSA signatures are
     * refused, as OpenSSH does.
     */
    public boolean verify(String expectedNamespace, InputStream message) throws IOException {
        if (!namespace.equals(expectedNamespace)) return false;
        SignatureAlgorithm alg;
        try {
            alg = SignatureAlgorithm.fromWireName(SignatureBlob.decode(signature).algorithm());
        } catch (SshFormatException e) {
            return false;
        }
        if (alg == null || alg.insecure()) return false;
        byte[] digest = digest(hashAlgorithm, message);
        return publicKey.verify(alg, signedData(namespace, hashAlgorithm, digest), signature);
    }

    /** The binary form (the MAGIC_PREAMBLE blob). */
    public byte[] encode() {
        return new SshWriter().writeRaw(MAGIC).writeInt(VERSION).writeBytes(publicKey.blob()).writeString(namespace)
                .writeString("").writeString(hashAlgorithm).writeBytes(signature).toByteArray();
    }

    /** The armored text written to file.sig, ending in a newline. */
    public String armor() {
        String b64 = Base64.getEncoder().encodeToString(encode());
        StringBuilder sb = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += WIDTH) sb.append(b64, i, Math.min(b64.length(), i + WIDTH)).append('\n');
        return sb.append(END).append('\n').toString();
    }

    /** Parses armored signature text. */
    public static SshSig parse(String armored) throws SshFormatException {
        if (armored.length() > MAX_ARMORED) throw new SshFormatException("signature file too large");
        int b = armored.indexOf(BEGIN);
        int e = armored.indexOf(END);
        if (b < 0 || e < b) throw new SshFormatException("not an SSH signature");
        String body = armored.substring(b + BEGIN.length(), e).replaceAll("\\s", "");
        try {
            return decode(Base64.getDecoder().decode(body));
        } catch (IllegalArgumentException ex) {
            throw new SshFormatException("SSH signature is not valid base64", ex);
        }
    }

    /** Parses the binary form. */
    public static SshSig decode(byte[] blob) throws SshFormatException {
        SshReader r = new SshReader(blob);
        if (!Arrays.equals(r.readRaw(MAGIC.length), MAGIC)) throw new SshFormatException("missing SSHSIG preamble");
        int version = r.readInt();
        if (version != VERSION) throw new SshFormatException("unsupported SSHSIG version " + version);
        SshPublicKey key = SshPublicKey.decode(r.readBytes());
        String ns = r.readString();
        r.readBytes(); // reserved
        String hash = r.readString();
        if (!hash.equals("sha256") && !hash.equals("sha512")) throw new SshFormatException("unsupported SSHSIG hash " + hash);
        byte[] sig = r.readBytes();
        r.expectEnd();
        return new SshSig(key, ns, hash, sig);
    }

    private static byte[] signedData(String namespace, String hash, byte[] digest) {
        return new SshWriter().writeRaw(MAGIC).writeString(namespace).writeString("").writeString(hash).writeBytes(digest).toByteArray();
    }

    private static byte[] digest(String hash, InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(hash.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        return md.digest();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshSig s && s.publicKey.equals(publicKey) && s.namespace.equals(namespace)
                && s.hashAlgorithm.equals(hashAlgorithm) && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SshSig[" + publicKey.keyType() + ", " + namespace + ", " + hashAlgorithm + "]";
    }
}
