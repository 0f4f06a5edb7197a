package dev.seashell.keys;

import java.security.PrivateKey;

/**
 * A private key presented with its certificate: the public half is the certificate, and signatures
 * under a {@code …-cert-v01@openssh.com} algorithm are made by the plain key with the underlying
 * algorithm (PROTOCOL.certkeys: the signature is the certified key's).
 */
public record CertifiedKeyPair(SshKeyPair key, SshCertificate certificate) implements SshKeyPair {
    public CertifiedKeyPair {
        if (!certificate.key().equals(key.publicKey())) {
            throw new IllegalArgumentException("certificate does not certify this key");
        }
    }

    @Override
    public SshPublicKey publicKey() {
        return certificate;
    }

    @Override
    public PrivateKey privateKey() {
        return key.privateKey();
    }

    @Override
    public String comment() {
        return key.comment();
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        return key.sign(algorithm.plain(), data);
    }
}
