package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.auth.CertificateAuthenticator;
import dev.seashell.keys.Ed25519KeyPair;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * OpenSSH certificates (PROTOCOL.certkeys). Message 1 (split by {@link FuzzInputs}) is a raw blob:
 * decoded, its CA signature checked and its validity asked; nothing may verify. Message 2 is a list
 * of (name, data) critical options and message 3 of extensions, signed into a certificate by a fixed
 * test CA so the authoriser's option handling (source-address, force-command, permit-*) is reached
 * past the signature check.
 */
class CertificateFuzzTest {
    private static final SshKeyPair CA = Ed25519KeyPair.fromSeed(new byte[32], "ca");
    private static final SshKeyPair USER = Ed25519KeyPair.fromSeed(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
            14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}, "user");
    private static final CertificateAuthenticator AUTHORISER = new CertificateAuthenticator(new CertificateAuthenticator.Settings(
            null, List.of(CA.publicKey()), null, List.of(), null, null, null));
    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40000);

    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void parseAndVerify(byte[] data) {
        List<byte[]> parts = FuzzInputs.split(data);
        byte[] blob = parts.isEmpty() ? data : parts.get(0);
        try {
            if (SshPublicKey.decode(blob) instanceof SshCertificate cert) {
                if (cert.signatureValid() && !cert.signatureKey().equals(CA.publicKey())) {
                    // A self-made CA can sign; that is fine, but it must not be trusted.
                    if (AUTHORISER.authorize("alice", cert, REMOTE).isPresent()) throw new AssertionError("untrusted CA accepted");
                }
                cert.problem(Instant.now());
                cert.criticalOption("source-address");
                cert.blob();
                AUTHORISER.authorize("alice", cert, REMOTE);
            }
        } catch (SshFormatException declared) {
            // Not a well-formed key or certificate blob.
        }
        if (parts.size() < 2) return;
        List<SshCertificate.Option> critical;
        List<SshCertificate.Option> extensions;
        try {
            critical = options(parts.get(1));
            extensions = parts.size() > 2 ? options(parts.get(2)) : List.of();
        } catch (SshFormatException declared) {
            return;
        }
        SshCertificate signed;
        try {
            signed = SshCertificate.sign(new byte[32], USER.publicKey(), 1, SshCertificate.Kind.USER, "fuzz",
                    List.of("alice"), 0, SshCertificate.FOREVER, critical, extensions, CA, SignatureAlgorithm.SSH_ED25519);
        } catch (IllegalArgumentException refused) {
            return; // e.g. duplicate option names, which the signer refuses
        }
        SshCertificate back;
        try {
            back = (SshCertificate) SshPublicKey.decode(signed.blob());
        } catch (SshFormatException e) {
            throw new AssertionError("a certificate we signed does not decode", e);
        }
        if (!back.signatureValid()) throw new AssertionError("a certificate we signed does not verify");
        AUTHORISER.authorize("alice", back, REMOTE);
    }

    private static List<SshCertificate.Option> options(byte[] packed) throws SshFormatException {
        List<SshCertificate.Option> out = new ArrayList<>();
        SshReader r = new SshReader(packed);
        while (r.remaining() > 0 && out.size() < 16) out.add(new SshCertificate.Option(r.readString(), r.readBytes()));
        return out;
    }
}
