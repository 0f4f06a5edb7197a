package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * OpenSSL PEM output as ssh-keygen -m PEM / -m PKCS8 writes it (via BouncyCastle's PEM writer):
 * private keys as PKCS#1 / SEC1 (optionally with legacy AES-128-CBC DEK-Info encryption) or
 * PKCS#8, public keys as PKCS#1 "RSA PUBLIC KEY" or X.509 "PUBLIC KEY".
 */
public final class PemExport {
    private PemExport() {}

    private static final class Bc {
        static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();
    }

    /**
     * "RSA PRIVATE KEY" or "EC PRIVATE KEY"; a non-empty passphrase encrypts it with AES-128-CBC as
     * ssh-keygen does.
     *
     * @throws IllegalArgumentException for Ed25519 keys, which have no such form
     */
    public static String privateKeyPem(SshKeyPair pair, char[] passphrase) {
        if (pair instanceof Ed25519KeyPair) throw new IllegalArgumentException("Ed25519 keys have no PEM (PKCS#1/SEC1) form");
        Object key = pair.privateKey();
        if (pair instanceof EcdsaKeyPair ec) key = sec1(ec); // the JCA encoding omits the curve and public point OpenSSL needs
        JcaMiscPEMGenerator gen;
        try {
            gen = passphrase == null || passphrase.length == 0
                    ? new JcaMiscPEMGenerator(key)
                    : new JcaMiscPEMGenerator(key, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(Bc.PROVIDER).build(passphrase));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return write(gen);
    }

    /** A PrivateKeyInfo whose SEC1 ECPrivateKey carries the named curve and the public point, as OpenSSL writes it. */
    private static org.bouncycastle.asn1.pkcs.PrivateKeyInfo sec1(EcdsaKeyPair ec) {
        EcCurve curve = ec.publicKey().curve();
        org.bouncycastle.asn1.ASN1ObjectIdentifier oid = org.bouncycastle.asn1.x9.ECNamedCurveTable.getOID(curve.stdName);
        try {
            org.bouncycastle.asn1.sec.ECPrivateKey inner = new org.bouncycastle.asn1.sec.ECPrivateKey(curve.bits,
                    ec.privateKey().getS(), new org.bouncycastle.asn1.DERBitString(ec.publicKey().q()), oid);
            return new org.bouncycastle.asn1.pkcs.PrivateKeyInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                    org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey, oid), inner);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 "PRIVATE KEY", or "ENCRYPTED PRIVATE KEY" (PBES2, AES-256-CBC) with a non-empty passphrase. */
    public static String privateKeyPkcs8(SshKeyPair pair, char[] passphrase) {
        try {
            org.bouncycastle.operator.OutputEncryptor enc = passphrase == null || passphrase.length == 0 ? null
                    : new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                            .setProvider(Bc.PROVIDER).setPassword(passphrase).build();
            return write(new JcaPKCS8Generator(pair.privateKey(), enc));
        } catch (IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** X.509 SubjectPublicKeyInfo "PUBLIC KEY" (ssh-keygen -e -m PKCS8); RSA and ECDSA only, as OpenSSH. */
    public static String publicKeyPkcs8(SshPublicKey key) {
        if (key instanceof Ed25519PublicKey) throw new IllegalArgumentException("unsupported key type ED25519");
        try {
            return write(new JcaMiscPEMGenerator(key.jcaKey()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ssh-keygen -e -m PEM: PKCS#1 "RSA PUBLIC KEY" for RSA, "PUBLIC KEY" for ECDSA. */
    public static String publicKeyPem(SshPublicKey key) {
        if (key instanceof RsaPublicKey rsa) {
            byte[] der;
            try {
                der = new org.bouncycastle.asn1.pkcs.RSAPublicKey(rsa.modulus(), rsa.exponent()).getEncoded();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return write(new PemObject("RSA PUBLIC KEY", der));
        }
        return publicKeyPkcs8(key);
    }

    /** Reads a "PUBLIC KEY" or "RSA PUBLIC KEY" PEM (ssh-keygen -i -m PKCS8 / PEM). */
    public static SshPublicKey readPublic(String text) throws SshFormatException {
        Object o;
        try (PEMParser p = new PEMParser(new StringReader(text))) {
            o = p.readObject();
        } catch (IOException | RuntimeException e) {
            throw new SshFormatException("malformed PEM public key", e);
        }
        if (!(o instanceof SubjectPublicKeyInfo spki)) throw new SshFormatException("no PEM public key found");
        try {
            X509EncodedKeySpec spec = new X509EncodedKeySpec(spki.getEncoded());
            String alg = spki.getAlgorithm().getAlgorithm().equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption) ? "RSA"
                    : spki.getAlgorithm().getAlgorithm().equals(org.bouncycastle.asn1.edec.EdECObjectIdentifiers.id_Ed25519) ? "Ed25519" : "EC";
            PublicKey pk = KeyFactory.getInstance(alg).generatePublic(spec);
            if (pk instanceof RSAPublicKey r) return RsaPublicKey.of(r.getPublicExponent(), r.getModulus());
            return SshPublicKey.fromJca(pk);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new SshFormatException("unsupported PEM public key", e);
        }
    }

    private static String write(PemObjectGenerator gen) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(gen);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sw.toString();
    }
}
