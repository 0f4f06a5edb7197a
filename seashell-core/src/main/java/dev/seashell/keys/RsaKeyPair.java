package dev.seashell.keys;

import java.security.interfaces.RSAPrivateCrtKey;

/** An RSA key pair; the private key carries its CRT factors, which the OpenSSH format stores. */
public record RsaKeyPair(RsaPublicKey publicKey, RSAPrivateCrtKey privateKey, String comment) implements SshKeyPair {
    public RsaKeyPair {
        comment = comment == null ? "" : comment;
        if (!privateKey.getModulus().equals(publicKey.modulus()) || !privateKey.getPublicExponent().equals(publicKey.exponent())) {
            throw new IllegalArgumentException("RSA private key does not match its public key");
        }
    }

    public RsaKeyPair withComment(String newComment) {
        return new RsaKeyPair(publicKey, privateKey, newComment);
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        String jca = RsaPublicKey.jcaAlgorithm(algorithm); // rejects non-RSA algorithms
        return new SignatureBlob(algorithm.wireName, Jca.sign(jca, privateKey, data)).encode();
    }

    @Override
    public String toString() {
        return "RsaKeyPair[" + publicKey + ", " + comment + "]";
    }
}
