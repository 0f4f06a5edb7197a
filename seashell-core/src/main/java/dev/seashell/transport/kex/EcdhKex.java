package dev.seashell.transport.kex;

import dev.seashell.wire.SshProtocolException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * ecdh-sha2-nistp256/384/521 (RFC 5656 §4): ephemeral ECDH on a NIST prime curve, public values as
 * uncompressed SEC1 points in strings, hash SHA-256/384/512.
 *
 * <p>{@link KexResult#sharedSecret()} is the mpint K with its length prefix: the x-coordinate of the
 * shared point as an unsigned integer (RFC 5656 §4, SEC1 §3.3.1).
 */
final class EcdhKex extends SingleRoundKex {
    private final ECParameterSpec curve;
    private final BigInteger fieldPrime;
    private final int fieldBytes;
    private final SecureRandom random;

    /**
     * @param curveName the JCA name, "secp256r1", "secp384r1" or "secp521r1"
     * @param hashAlgorithm the matching JCA digest
     */
    EcdhKex(String curveName, String hashAlgorithm, SecureRandom random) {
        super(hashAlgorithm, false);
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec(curveName));
            this.curve = params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks curve " + curveName, e);
        }
        this.fieldPrime = ((ECFieldFp) curve.getCurve().getField()).getP();
        this.fieldBytes = (fieldPrime.bitLength() + 7) / 8;
        this.random = random;
    }

    @Override
    ClientEphemeral startClient() {
        KeyPair pair = generate();
        byte[] q = encodePoint(((ECPublicKey) pair.getPublic()).getW());
        return new ClientEphemeral() {
            @Override
            public byte[] publicValue() {
                return q.clone();
            }

            @Override
            public byte[] sharedSecret(byte[] serverValue) throws SshProtocolException {
                return agree(pair.getPrivate(), serverValue);
            }
        };
    }

    @Override
    ServerSide respond(byte[] clientValue) throws SshProtocolException {
        PublicKey peer = decodePoint(clientValue); // validate before spending a key generation
        KeyPair pair = generate();
        byte[] k = agree(pair.getPrivate(), peer);
        return new ServerSide(encodePoint(((ECPublicKey) pair.getPublic()).getW()), k);
    }

    private KeyPair generate() {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(curve, random);
            return kpg.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation unavailable", e);
        }
    }

    private byte[] agree(PrivateKey mine, byte[] peerPoint) throws SshProtocolException {
        return agree(mine, decodePoint(peerPoint));
    }

    private byte[] agree(PrivateKey mine, PublicKey peer) throws SshProtocolException {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(mine);
            ka.doPhase(peer, true);
            return KexMessages.mpintSecret(ka.generateSecret());
        } catch (InvalidKeyException e) {
            throw KexMessages.kexFailed("ECDH agreement failed: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDH unavailable", e);
        }
    }

    /** SEC1 §2.3.3 uncompressed: 0x04 || X || Y, each coordinate padded to the field size. */
    byte[] encodePoint(ECPoint w) {
        byte[] out = new byte[1 + 2 * fieldBytes];
        out[0] = 4;
        putFixed(w.getAffineX(), out, 1);
        putFixed(w.getAffineY(), out, 1 + fieldBytes);
        return out;
    }

    private void putFixed(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int skip = b.length > fieldBytes ? b.length - fieldBytes : 0; // a sign byte
        System.arraycopy(b, skip, out, off + fieldBytes - (b.length - skip), b.length - skip);
    }

    /**
     * Accepts only an uncompressed point of exact length whose coordinates lie in the field and which
     * satisfies the curve equation (RFC 5656 §4 via SEC1 §3.2.2.1; the NIST curves have cofactor 1, so
     * this is full validation).
     */
    PublicKey decodePoint(byte[] q) throws SshProtocolException {
        KexMessages.requireLength(q, 1 + 2 * fieldBytes, "ECDH public point");
        if (q[0] != 4) throw KexMessages.kexFailed("ECDH public point is not uncompressed");
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(q, 1, 1 + fieldBytes));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(q, 1 + fieldBytes, q.length));
        if (x.compareTo(fieldPrime) >= 0 || y.compareTo(fieldPrime) >= 0) {
            throw KexMessages.kexFailed("ECDH point coordinate out of range");
        }
        BigInteger a = curve.getCurve().getA();
        BigInteger b = curve.getCurve().getB();
        BigInteger lhs = y.multiply(y).mod(fieldPrime);
        BigInteger rhs = x.multiply(x).add(a).multiply(x).add(b).mod(fieldPrime);
        if (!lhs.equals(rhs)) throw KexMessages.kexFailed("ECDH point is not on the curve");
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), curve));
        } catch (GeneralSecurityException e) {
            throw KexMessages.kexFailed("ECDH public point rejected: " + e.getMessage());
        }
    }
}
