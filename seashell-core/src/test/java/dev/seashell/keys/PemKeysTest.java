package dev.seashell.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.SshFormatException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PEM files built by the JDK and BouncyCastle (ssh-keygen's PEM output is covered by the interop test). */
class PemKeysTest {
    private static final Provider BC = new BouncyCastleProvider();
    private static final char[] PASS = "pem pass".toCharArray();

    @ParameterizedTest
    @CsvSource({"ed25519,0", "ecdsa,521", "rsa,1024"})
    void readsUnencryptedPkcs8(String type, int bits) throws Exception {
        SshKeyPair pair = KeyGen.generate(type, bits);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.privateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        byte[] file = pem.getBytes(StandardCharsets.US_ASCII);
        assertThat(PrivateKeyFiles.isEncrypted(file)).isFalse();
        assertThat(PrivateKeyFiles.publicKey(file)).isNull();
        assertThat(PrivateKeyFiles.decode(file, null).publicKey()).isEqualTo(pair.publicKey());
    }

    @ParameterizedTest
    @CsvSource({"ed25519,0", "ecdsa,256", "rsa,1024"})
    void readsEncryptedPkcs8(String type, int bits) throws Exception {
        SshKeyPair pair = KeyGen.generate(type, bits);
        byte[] file = pem(new JcaPKCS8Generator(pair.privateKey(),
                new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC).setPassword(PASS).build()));
        assertThat(new String(file, StandardCharsets.US_ASCII)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(PrivateKeyFiles.isEncrypted(file)).isTrue();
        assertThat(PrivateKeyFiles.decode(file, PASS).publicKey()).isEqualTo(pair.publicKey());
        assertThatThrownBy(() -> PrivateKeyFiles.decode(file, null)).isInstanceOf(PassphraseRequiredException.class);
        assertThatThrownBy(() -> PrivateKeyFiles.decode(file, "nope".toCharArray())).isInstanceOf(WrongPassphraseException.class);
    }

    @Test
    void readsLegacyEncryptedPemAndAnyWrongPassphraseIsReportedAsSuch() throws Exception {
        SshKeyPair pair = KeyGen.generate("ecdsa", 384);
        // A BouncyCastle key, so that the SEC1 structure names its curve as OpenSSL's does.
        PrivateKey bcKey = KeyFactory.getInstance("EC", BC).generatePrivate(new PKCS8EncodedKeySpec(pair.privateKey().getEncoded()));
        byte[] file = pem(new JcaMiscPEMGenerator(bcKey,
                new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build(PASS)));
        String text = new String(file, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("-----BEGIN EC PRIVATE KEY-----").contains("DEK-Info: AES-128-CBC");
        assertThat(PrivateKeyFiles.isEncrypted(file)).isTrue();
        assertThat(PrivateKeyFiles.decode(file, PASS).publicKey()).isEqualTo(pair.publicKey());
        // CBC padding occasionally survives a wrong key; whatever fails after that is still a wrong passphrase.
        for (int i = 0; i < 40; i++) {
            char[] wrong = ("wrong " + i).toCharArray();
            assertThatThrownBy(() -> PrivateKeyFiles.decode(file, wrong)).isInstanceOf(WrongPassphraseException.class);
        }
    }

    @Test
    void unsupportedPemObjectsAreFormatErrors() {
        byte[] cert = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> PrivateKeyFiles.decode(cert, null)).isInstanceOf(SshFormatException.class);
    }

    private static byte[] pem(Object generator) throws Exception {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject((org.bouncycastle.util.io.pem.PemObjectGenerator) generator);
        }
        return sw.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
