package dev.seashell.keys;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** The NIST curves of RFC 5656 with their SSH names, JCA parameters and signature hashes. */
public enum EcCurve {
    NISTP256("nistp256", "secp256r1", 256, "SHA256withECDSAinP1363Format", SignatureAlgorithm.ECDSA_SHA2_NISTP256),
    NISTP384("nistp384", "secp384r1", 384, "SHA384withECDSAinP1363Format", SignatureAlgorithm.ECDSA_SHA2_NISTP384),
    NISTP521("nistp521", "secp521r1", 521, "SHA512withECDSAinP1363Format", SignatureAlgorithm.ECDSA_SHA2_NISTP521);

    /** "nistp256", as in the key blob's curve field. */
    public final String sshName;
    /** "secp256r1", the JCA / SEC name. */
    public final String stdName;
    public final int bits;
    /** JCA signature algorithm with r‖s (IEEE P1363) encoding, which maps directly onto SSH's (mpint r, mpint s). */
    final String jcaSignature;
    public final SignatureAlgorithm signatureAlgorithm;
    private final ECParameterSpec params;

    EcCurve(String sshName, String stdName, int bits, String jcaSignature, SignatureAlgorithm signatureAlgorithm) {
        this.sshName = sshName;
        this.stdName = stdName;
        this.bits = bits;
        this.jcaSignature = jcaSignature;
        this.signatureAlgorithm = signatureAlgorithm;
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec(stdName));
            this.params = ap.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** "ecdsa-sha2-nistp256". */
    public String keyType() {
        return "ecdsa-sha2-" + sshName;
    }

    public ECParameterSpec params() {
        return params;
    }

    /** Bytes per coordinate in the uncompressed point encoding. */
    public int fieldBytes() {
        return (bits + 7) / 8;
    }

    BigInteger prime() {
        return ((ECFieldFp) params.getCurve().getField()).getP();
    }

    /** True if w is an affine point on this curve (NIST curves have cofactor 1, so it is in the group). */
    boolean contains(ECPoint w) {
        if (w == null || w.equals(ECPoint.POINT_INFINITY)) return false;
        BigInteger p = prime();
        BigInteger x = w.getAffineX();
        BigInteger y = w.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) return false;
        BigInteger lhs = y.multiply(y).mod(p);
        BigInteger rhs = x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
        return lhs.equals(rhs);
    }

    /** d·G, the public point of private scalar d (via BouncyCastle's curve arithmetic). */
    ECPoint publicPoint(BigInteger d) {
        if (d.signum() <= 0 || d.compareTo(params.getOrder()) >= 0) throw new IllegalArgumentException("EC private scalar out of range");
        X9ECParameters x9 = ECNamedCurveTable.getByName(stdName);
        org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier().multiply(x9.getG(), d).normalize();
        return new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    }

    public static EcCurve fromKeyType(String keyType) {
        for (EcCurve c : values()) if (c.keyType().equals(keyType)) return c;
        return null;
    }

    public static EcCurve fromSshName(String name) {
        for (EcCurve c : values()) if (c.sshName.equals(name)) return c;
        return null;
    }

    public static EcCurve fromBits(int bits) {
        for (EcCurve c : values()) if (c.bits == bits) return c;
        return null;
    }

    /** Identifies a JCA parameter set by its prime, order and generator; null if not a NIST curve we support. */
    public static EcCurve fromParams(ECParameterSpec spec) {
        for (EcCurve c : values()) {
            if (spec.getCurve().getField() instanceof ECFieldFp f && f.getP().equals(c.prime())
                    && spec.getOrder().equals(c.params.getOrder()) && spec.getGenerator().equals(c.params.getGenerator())) {
                return c;
            }
        }
        return null;
    }
}
