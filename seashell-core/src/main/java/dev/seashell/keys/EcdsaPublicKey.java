package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.List;

/**
 * An ECDSA public key (RFC 5656 §3.1): string "ecdsa-sha2-[curve]", string curve, string Q with Q
 * an uncompressed point that must lie on the curve.
 */
public final class EcdsaPublicKey implements SshPublicKey {
    private final EcCurve curve;
    private final ECPoint point;
    private final byte[] blob;
    private final PublicKey jca;

    private EcdsaPublicKey(EcCurve curve, ECPoint point, PublicKey jca) {
        this.curve = curve;
        this.point = point;
        this.jca = jca;
        this.blob = new SshWriter(40 + 2 * curve.fieldBytes()).writeString(curve.keyType()).writeString(curve.sshName)
                .writeBytes(encodePoint(curve, point)).toByteArray();
    }

    /** A key from a point, which must be on the curve. */
    public static EcdsaPublicKey of(EcCurve curve, ECPoint point) {
        if (!curve.contains(point)) throw new IllegalArgumentException("point is not on " + curve.sshName);
        try {
            PublicKey jca = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve.params()));
            return new EcdsaPublicKey(curve, point, jca);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid EC public key", e);
        }
    }

    static EcdsaPublicKey fromJca(ECPublicKey key) {
        EcCurve curve = EcCurve.fromParams(key.getParams());
        if (curve == null) throw new IllegalArgumentException("unsupported EC curve");
        return of(curve, key.getW());
    }

    static EcdsaPublicKey read(EcCurve curve, SshReader r) throws SshFormatException {
        String name = r.readString();
        if (!name.equals(curve.sshName)) throw new SshFormatException("curve " + name + " does not match " + curve.keyType());
        return of(curve, r.readBytes(), "ECDSA public key");
    }

    /** Decodes Q (0x04 ‖ X ‖ Y) and checks it is on the curve. */
    static EcdsaPublicKey of(EcCurve curve, byte[] q, String what) throws SshFormatException {
        int n = curve.fieldBytes();
        if (q.length != 1 + 2 * n || q[0] != 4) throw new SshFormatException(what + ": not an uncompressed " + curve.sshName + " point");
        ECPoint w = new ECPoint(new BigInteger(1, q, 1, n), new BigInteger(1, q, 1 + n, n));
        if (!curve.contains(w)) throw new SshFormatException(what + ": point is not on " + curve.sshName);
        try {
            return of(curve, w);
        } catch (IllegalArgumentException e) {
            throw new SshFormatException(what + ": invalid", e);
        }
    }

    static byte[] encodePoint(EcCurve curve, ECPoint w) {
        int n = curve.fieldBytes();
        byte[] q = new byte[1 + 2 * n];
        q[0] = 4;
        putUnsigned(w.getAffineX(), q, 1, n);
        putUnsigned(w.getAffineY(), q, 1 + n, n);
        return q;
    }

    /** Writes v big-endian, left-padded, into out[off, off+len); v must fit. */
    static void putUnsigned(BigInteger v, byte[] out, int off, int len) {
        byte[] b = v.toByteArray();
        int skip = b.length > len ? b.length - len : 0; // sign byte
        System.arraycopy(b, skip, out, off + len - (b.length - skip), b.length - skip);
    }

    public EcCurve curve() {
        return curve;
    }

    public ECPoint point() {
        return point;
    }

    /** The uncompressed point Q. */
    public byte[] q() {
        return encodePoint(curve, point);
    }

    @Override
    public String keyType() {
        return curve.keyType();
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
        byte[] inner = SignatureBlob.innerFor(expected, keyType(), signatureBlob);
        if (inner == null) return false;
        BigInteger order = curve.params().getOrder();
        int len = (order.bitLength() + 7) / 8;
        try {
            SshReader r = new SshReader(inner);
            BigInteger sr = r.readMpint();
            BigInteger ss = r.readMpint();
            r.expectEnd();
            if (!inRange(sr, order) || !inRange(ss, order)) return false;
            byte[] p1363 = new byte[2 * len];
            putUnsigned(sr, p1363, 0, len);
            putUnsigned(ss, p1363, len, len);
            return Jca.verify(curve.jcaSignature, jca, data, p1363);
        } catch (SshFormatException e) {
            return false;
        }
    }

    private static boolean inRange(BigInteger v, BigInteger order) {
        return v.signum() > 0 && v.compareTo(order) < 0;
    }

    @Override
    public int bits() {
        return curve.bits;
    }

    @Override
    public String displayType() {
        return "ECDSA";
    }

    @Override
    public List<SignatureAlgorithm> signatureAlgorithms() {
        return List.of(curve.signatureAlgorithm);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EcdsaPublicKey k && Arrays.equals(k.blob, blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return keyType() + " " + Fingerprints.sha256(this);
    }
}
