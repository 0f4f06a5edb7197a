package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM private keys as OpenSSL writes them (ssh-keygen -m PEM / -m PKCS8): PKCS#1 RSA, SEC1 EC,
 * PKCS#8, encrypted PKCS#8, and legacy Proc-Type/DEK-Info encryption. Parsed with BouncyCastle's
 * bcpkix; the keys themselves are built by the JDK's key factories.
 */
final class PemKeys {
    private PemKeys() {}

    /** BouncyCastle's provider, used only for the PEM ciphers and never registered globally. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    static SshKeyPair decode(String text, char[] passphrase) throws SshFormatException {
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new SshFormatException("malformed PEM private key: " + e.getMessage(), e);
        }
        PrivateKeyInfo info = switch (object) {
            case null -> throw new SshFormatException("no PEM private key found");
            case PEMKeyPair kp -> kp.getPrivateKeyInfo();
            case PrivateKeyInfo pki -> pki;
            case PEMEncryptedKeyPair enc -> {
                requirePassphrase(passphrase);
                try {
                    yield enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase))
                            .getPrivateKeyInfo();
                } catch (IOException | RuntimeException e) {
                    throw new WrongPassphraseException("incorrect passphrase supplied to decrypt private key", e);
                }
            }
            case PKCS8EncryptedPrivateKeyInfo enc -> {
                requirePassphrase(passphrase);
                try {
                    yield enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase));
                } catch (Exception e) { // PKCSException, OperatorCreationException, or garbage from a wrong key
                    throw new WrongPassphraseException("incorrect passphrase supplied to decrypt private key", e);
                }
            }
            default -> throw new SshFormatException("PEM object is not a private key: " + object.getClass().getSimpleName());
        };
        try {
            return SshKeyPair.of(toJca(info), "");
        } catch (IllegalArgumentException e) {
            throw new SshFormatException("unsupported PEM private key: " + e.getMessage(), e);
        }
    }

    /** True if the PEM text is encrypted (legacy DEK-Info or encrypted PKCS#8). */
    static boolean isEncrypted(String text) {
        return text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED");
    }

    private static void requirePassphrase(char[] passphrase) throws PassphraseRequiredException {
        if (passphrase == null || passphrase.length == 0) throw new PassphraseRequiredException("private key is encrypted");
    }

    private static PrivateKey toJca(PrivateKeyInfo info) throws SshFormatException {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm;
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) algorithm = "RSA";
        else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) algorithm = "EC";
        else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) algorithm = "Ed25519";
        else throw new SshFormatException("unsupported private key algorithm " + oid);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new SshFormatException("invalid " + algorithm + " private key", e);
        }
    }
}
