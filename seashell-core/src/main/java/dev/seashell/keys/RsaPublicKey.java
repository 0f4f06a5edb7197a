package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.List;

/** An RSA public key (RFC 4253 §6.6): string "ssh-rsa", mpint e, mpint n; 1024 to 16384 bits. */
public final class RsaPublicKey implements SshPublicKey {
    static final String TYPE = "ssh-rsa";
    /** OpenSSH's SSH_RSA_MINIMUM_MODULUS_SIZE. */
    public static final int MIN_BITS = 1024;
    /** OpenSSH's SSHBUF_MAX_BIGNUM bound. */
    public static final int MAX_BITS = 16384;

    private final BigInteger e;
    private final BigInteger n;
    private final byte[] blob;
    private final PublicKey jca;

    private RsaPublicKey(BigInteger e, BigInteger n, PublicKey jca) {
        this.e = e;
        this.n = n;
        this.jca = jca;
        this.blob = new SshWriter(n.bitLength() / 8 + 32).writeString(TYPE).writeMpint(e).writeMpint(n).toByteArray();
    }

    /** Checks the size bounds and that e is an odd number of at least 3. */
    public static RsaPublicKey of(BigInteger e, BigInteger n) {
        if (n.bitLength() < MIN_BITS || n.bitLength() > MAX_BITS) {
            throw new IllegalArgumentException("RSA modulus of " + n.bitLength() + " bits outside " + MIN_BITS + ".." + MAX_BITS);
        }
        if (n.signum() <= 0 || !n.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0) || e.compareTo(n) >= 0) {
            throw new IllegalArgumentException("invalid RSA public key");
        }
        try {
            return new RsaPublicKey(e, n, KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("invalid RSA public key", ex);
        }
    }

    static RsaPublicKey read(SshReader r) throws SshFormatException {
        BigInteger e = r.readMpint();
        BigInteger n = r.readMpint();
        try {
            return of(e, n);
        } catch (IllegalArgumentException ex) {
            throw new SshFormatException(ex.getMessage(), ex);
        }
    }

    public BigInteger exponent() {
        return e;
    }

    public BigInteger modulus() {
        return n;
    }

    @Override
    public String keyType() {
        return TYPE;
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    @Override
    public PublicKey jcaKey() {
        return jca;
    }

    @Override
    public boolean verify(SignatureAlgorithm expected, byte[] data, byte[] signatureBlob) {
        byte[] sig = SignatureBlob.innerFor(expected, TYPE, signatureBlob);
        int len = (n.bitLength() + 7) / 8;
        if (sig == null || sig.length > len || sig.length == 0) return false;
        if (sig.length < len) { // some signers drop leading zero bytes; JCA wants the full length
            byte[] padded = new byte[len];
            System.arraycopy(sig, 0, padded, len - sig.length, sig.length);
            sig = padded;
        }
        return Jca.verify(jcaAlgorithm(expected), jca, data, sig);
    }

    static String jcaAlgorithm(SignatureAlgorithm alg) {
        return switch (alg) {
            case RSA_SHA2_512 -> "SHA512withRSA";
            case RSA_SHA2_256 -> "SHA256withRSA";
            case SSH_RSA -> "SHA1withRSA";
            default -> throw new IllegalArgumentException(alg.wireName + " is not an RSA signature");
        };
    }

    @Override
    public int bits() {
        return n.bitLength();
    }

    @Override
    public String displayType() {
        return "RSA";
    }

    @Override
    public List<SignatureAlgorithm> signatureAlgorithms() {
        return List.of(SignatureAlgorithm.RSA_SHA2_512, SignatureAlgorithm.RSA_SHA2_256, SignatureAlgorithm.SSH_RSA);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsaPublicKey k && Arrays.equals(k.blob, blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return TYPE + " " + bits() + " " + Fingerprints.sha256(this);
    }
}
