package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** An Ed25519 public key (RFC 8709): string "ssh-ed25519", string 32-byte encoded point. */
public final class Ed25519PublicKey implements SshPublicKey {
    static final String TYPE = "ssh-ed25519";
    static final int LENGTH = 32;
    /** SubjectPublicKeyInfo header for Ed25519 (RFC 8410); the raw key follows it. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final byte[] raw;
    private final PublicKey jca;

    private Ed25519PublicKey(byte[] raw, PublicKey jca) {
        this.raw = raw;
        this.jca = jca;
    }

    /** From the 32-byte RFC 8032 encoding. */
    public static Ed25519PublicKey fromRaw(byte[] raw) {
        if (raw.length != LENGTH) throw new IllegalArgumentException("Ed25519 public key must be 32 bytes");
        byte[] copy = raw.clone();
        byte[] x509 = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + LENGTH);
        System.arraycopy(copy, 0, x509, X509_PREFIX.length, LENGTH);
        try {
            return new Ed25519PublicKey(copy, KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid Ed25519 public key", e);
        }
    }

    static Ed25519PublicKey fromJca(EdECPublicKey key) {
        byte[] enc = key.getEncoded();
        if (enc == null || enc.length != X509_PREFIX.length + LENGTH
                || !Arrays.equals(enc, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 key");
        }
        return fromRaw(Arrays.copyOfRange(enc, X509_PREFIX.length, enc.length));
    }

    static Ed25519PublicKey read(SshReader r) throws SshFormatException {
        byte[] raw = r.readBytes();
        if (raw.length != LENGTH) throw new SshFormatException("Ed25519 public key length " + raw.length);
        try {
            return fromRaw(raw);
        } catch (IllegalArgumentException e) {
            throw new SshFormatException("invalid Ed25519 public key", e);
        }
    }

    /** The 32-byte encoded point. */
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public String keyType() {
        return TYPE;
    }

    @Override
    public byte[] blob() {
        return new SshWriter(51).writeString(TYPE).writeBytes(raw).toByteArray();
    }

    @Override
    public PublicKey jcaKey() {
        return jca;
    }

    @Override
    public boolean verify(SignatureAlgorithm expected, byte[] data, byte[] signatureBlob) {
        byte[] sig = SignatureBlob.innerFor(expected, TYPE, signatureBlob);
        return sig != null && sig.length == 64 && Jca.verify("Ed25519", jca, data, sig);
    }

    @Override
    public int bits() {
        return 256;
    }

    @Override
    public String displayType() {
        return "ED25519";
    }

    @Override
    public List<SignatureAlgorithm> signatureAlgorithms() {
        return List.of(SignatureAlgorithm.SSH_ED25519);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey k && Arrays.equals(k.raw, raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return TYPE + " " + Fingerprints.sha256(this);
    }
}
