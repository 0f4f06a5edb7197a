package dev.seashell.keys;

import dev.seashell.wire.SshWriter;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;

/** An ECDSA key pair on a NIST curve; d·G must equal the public point. */
public record EcdsaKeyPair(EcdsaPublicKey publicKey, ECPrivateKey privateKey, String comment) implements SshKeyPair {
    public EcdsaKeyPair {
        comment = comment == null ? "" : comment;
        if (EcCurve.fromParams(privateKey.getParams()) != publicKey.curve()
                || !publicKey.curve().publicPoint(privateKey.getS()).equals(publicKey.point())) {
            throw new IllegalArgumentException("EC private key does not match its public key");
        }
    }

    public EcdsaKeyPair withComment(String newComment) {
        return new EcdsaKeyPair(publicKey, privateKey, newComment);
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        EcCurve curve = publicKey.curve();
        if (algorithm != curve.signatureAlgorithm) throw new IllegalArgumentException(algorithm + " cannot sign with a " + curve.sshName + " key");
        byte[] p1363 = Jca.sign(curve.jcaSignature, privateKey, data); // r ‖ s, fixed width
        int half = p1363.length / 2;
        byte[] inner = new SshWriter(p1363.length + 16)
                .writeMpint(new BigInteger(1, p1363, 0, half))
                .writeMpint(new BigInteger(1, p1363, half, half))
                .toByteArray();
        return new SignatureBlob(algorithm.wireName, inner).encode();
    }

    @Override
    public String toString() {
        return "EcdsaKeyPair[" + publicKey + ", " + comment + "]";
    }
}
