package dev.seashell.transport.kex;

import static dev.seashell.transport.kex.KexTestSupport.INPUTS;
import static dev.seashell.transport.kex.KexTestSupport.concat;
import static dev.seashell.transport.kex.KexTestSupport.hex;
import static dev.seashell.transport.kex.KexTestSupport.sshString;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.transport.kex.KexTestSupport.Ed25519Signer;
import dev.seashell.transport.kex.KexTestSupport.End;
import dev.seashell.transport.kex.KexTestSupport.Outcome;
import dev.seashell.transport.kex.KexTestSupport.Pipe;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyExchangeTest {
    private static Ed25519Signer signer;

    @BeforeAll
    static void hostKey() throws Exception {
        signer = new Ed25519Signer();
    }

    /** The digest each method names (RFC 4253, 5656, 8268, 8731, 4419, the hybrid drafts). */
    private static String expectedHash(String wireName) {
        if (wireName.contains("sha512") || wireName.endsWith("nistp521")) return "SHA-512";
        if (wireName.endsWith("nistp384")) return "SHA-384";
        if (wireName.contains("sha256") || wireName.endsWith("nistp256")) return "SHA-256";
        if (wireName.contains("sha1")) return "SHA-1";
        throw new AssertionError(wireName);
    }

    /** Expected lengths of Q_C and Q_S for methods whose values are strings; null for mpint methods. */
    private static int[] expectedValueLengths(KexAlgorithm a) {
        return switch (a) {
            case MLKEM768_X25519_SHA256 -> new int[] {1184 + 32, 1088 + 32};
            case SNTRUP761_X25519_SHA512, SNTRUP761_X25519_SHA512_ALIAS -> new int[] {1158 + 32, 1039 + 32};
            case CURVE25519_SHA256, CURVE25519_SHA256_LIBSSH -> new int[] {32, 32};
            case ECDH_SHA2_NISTP256 -> new int[] {65, 65};
            case ECDH_SHA2_NISTP384 -> new int[] {97, 97};
            case ECDH_SHA2_NISTP521 -> new int[] {133, 133};
            default -> null;
        };
    }

    private static byte[] nextString(ByteBuffer b) {
        byte[] out = new byte[b.getInt()];
        b.get(out);
        return out;
    }

    @ParameterizedTest
    @EnumSource(KexAlgorithm.class)
    void clientAndServerAgree(KexAlgorithm algorithm) throws Exception {
        Pipe pipe = KexTestSupport.pipe();
        Outcome o = KexTestSupport.run(algorithm.create(), algorithm.create(), signer, pipe);
        KexResult c = o.client();
        KexResult s = o.server();

        String hash = expectedHash(algorithm.wireName);
        assertThat(c.hashAlgorithm()).isEqualTo(hash);
        assertThat(s.hashAlgorithm()).isEqualTo(hash);
        assertThat(c.sharedSecret()).isEqualTo(s.sharedSecret());
        assertThat(c.exchangeHash()).isEqualTo(s.exchangeHash())
                .hasSize(MessageDigest.getInstance(hash).getDigestLength());
        assertThat(c.hostKeyBlob()).isEqualTo(signer.hostKeyBlob());
        assertThat(c.signature()).isEqualTo(s.signature());
        assertThat(Ed25519Signer.verify(c.hostKeyBlob(), c.signature(), c.exchangeHash())).isTrue();

        byte[] k = c.sharedSecret();
        int declared = ByteBuffer.wrap(k).getInt();
        assertThat(declared).isEqualTo(k.length - 4);
        if (algorithm.wireName.startsWith("sntrup") || algorithm.wireName.startsWith("mlkem")) {
            // A string holding HASH(K_PQ || K_CL).
            assertThat(declared).isEqualTo(MessageDigest.getInstance(hash).getDigestLength());
        } else {
            // A positive mpint in minimal form.
            assertThat(declared).isPositive();
            assertThat(k[4] & 0x80).isZero();
            if (declared > 1) assertThat(k[4] == 0 && (k[5] & 0x80) == 0).isFalse();
        }

        int[] lengths = expectedValueLengths(algorithm);
        if (lengths != null) {
            ByteBuffer init = ByteBuffer.wrap(pipe.client().sent.getFirst());
            assertThat(init.get()).isEqualTo((byte) 30);
            assertThat(nextString(init)).hasSize(lengths[0]);
            assertThat(init.hasRemaining()).isFalse();
            ByteBuffer reply = ByteBuffer.wrap(pipe.server().sent.getFirst());
            assertThat(reply.get()).isEqualTo((byte) 31);
            assertThat(nextString(reply)).isEqualTo(signer.hostKeyBlob());
            assertThat(nextString(reply)).hasSize(lengths[1]);
            assertThat(nextString(reply)).isEqualTo(s.signature());
        }
    }

    // RFC 7748 §6.1
    private static final byte[] ALICE_PRIVATE = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final byte[] ALICE_PUBLIC = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    private static final byte[] BOB_PRIVATE = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static final byte[] BOB_PUBLIC = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private static final byte[] SHARED = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    private static Supplier<X25519Key> fixed(byte[] scalar) {
        return () -> X25519Key.fromPrivate(scalar);
    }

    @Test
    void curve25519KnownAnswerRfc7748() throws Exception {
        Pipe pipe = KexTestSupport.pipe();
        Outcome o = KexTestSupport.run(new Curve25519Kex(fixed(ALICE_PRIVATE)), new Curve25519Kex(fixed(BOB_PRIVATE)), signer, pipe);

        assertThat(pipe.client().sent.getFirst()).isEqualTo(concat(new byte[] {30}, sshString(ALICE_PUBLIC)));
        byte[] expectedK = concat(hex("00000020"), SHARED); // high bit of 0x4a clear: no padding byte
        assertThat(o.client().sharedSecret()).isEqualTo(expectedK);
        assertThat(o.server().sharedSecret()).isEqualTo(expectedK);

        byte[] h = MessageDigest.getInstance("SHA-256").digest(concat(
                sshString(INPUTS.clientVersion()), sshString(INPUTS.serverVersion()),
                sshString(INPUTS.clientKexInit()), sshString(INPUTS.serverKexInit()),
                sshString(signer.hostKeyBlob()), sshString(ALICE_PUBLIC), sshString(BOB_PUBLIC), expectedK));
        assertThat(o.client().exchangeHash()).isEqualTo(h);
        assertThat(o.server().exchangeHash()).isEqualTo(h);
    }

    /** RFC 7748 §5.2 vectors, whose outputs start with a byte >= 0x80: the mpint gains a 0x00. */
    @Test
    void curve25519HighBitSecretGetsPaddingByte() throws Exception {
        assertClientSecret("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                "0000002100c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
        // This u-coordinate has its top bit set, which X25519 ignores (RFC 7748 §5).
        assertClientSecret("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                "000000210095cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    }

    private static void assertClientSecret(String scalar, String serverPublic, String expectedK) throws Exception {
        End io = KexTestSupport.loneEnd();
        io.deliver(concat(new byte[] {31}, sshString(signer.hostKeyBlob()), sshString(hex(serverPublic)), sshString(new byte[] {1})));
        KexResult r = new Curve25519Kex(fixed(hex(scalar))).client(io, INPUTS);
        assertThat(r.sharedSecret()).isEqualTo(hex(expectedK));
        assertThat(r.signature()).containsExactly(1); // handed back unverified
    }

    @Test
    void curve25519LeadingZeroSecretIsShortened() throws Exception {
        SecureRandom random = new SecureRandom();
        X25519Key server = X25519Key.generate(random);
        byte[] clientScalar = null;
        byte[] raw = null;
        // Want 0x00 then a byte below 0x80 (p = 1/512), so the mpint really is shorter than 32 bytes.
        for (int i = 0; i < 20_000 && clientScalar == null; i++) {
            byte[] scalar = new byte[32];
            random.nextBytes(scalar);
            byte[] x = X25519Key.fromPrivate(scalar).agree(server.publicKey());
            if (x[0] == 0 && x[1] >= 0) {
                clientScalar = scalar;
                raw = x;
            }
        }
        assertThat(clientScalar).as("a secret with a leading zero byte within 20000 tries").isNotNull();

        int skip = 0;
        while (raw[skip] == 0) skip++;
        byte[] magnitude = Arrays.copyOfRange(raw, skip, raw.length);
        byte[] content = (magnitude[0] & 0x80) != 0 ? concat(new byte[] {0}, magnitude) : magnitude;
        byte[] expectedK = sshString(content);

        byte[] serverPublic = server.publicKey();
        End io = KexTestSupport.loneEnd();
        io.deliver(concat(new byte[] {31}, sshString(signer.hostKeyBlob()), sshString(serverPublic), sshString(new byte[0])));
        KexResult r = new Curve25519Kex(fixed(clientScalar)).client(io, INPUTS);
        assertThat(r.sharedSecret()).isEqualTo(expectedK).hasSizeLessThan(36);
    }

    @Test
    void groupExchangeRequestsLikeOpenSshAndHonoursServerModuli() throws Exception {
        // Only a 2048-bit modulus on offer: the client wants 8192 but accepts what fits in [2048, 8192].
        Moduli moduli = Moduli.parse("20250101000000 2 6 100 2047 2 " + DhGroups.GROUP14.p().toString(16) + "\n");
        Pipe pipe = KexTestSupport.pipe();
        Outcome o = KexTestSupport.run(KexAlgorithm.DH_GEX_SHA256.create(), KexAlgorithm.DH_GEX_SHA256.create(moduli), signer, pipe);
        assertThat(o.client().sharedSecret()).isEqualTo(o.server().sharedSecret());
        assertThat(o.client().exchangeHash()).isEqualTo(o.server().exchangeHash());

        List<byte[]> fromClient = pipe.client().sent;
        assertThat(fromClient.getFirst()).isEqualTo(concat(new byte[] {34}, hex("00000800" + "00002000" + "00002000")));
        ByteBuffer group = ByteBuffer.wrap(pipe.server().sent.getFirst());
        assertThat(group.get()).isEqualTo((byte) 31);
        assertThat(new BigInteger(nextString(group))).isEqualTo(DhGroups.GROUP14.p());
        assertThat(new BigInteger(nextString(group))).isEqualTo(BigInteger.TWO);
    }

    @Test
    void groupSizeEstimateMatchesOpenSsh() {
        assertThat(DhGroupExchange.estimateBits(112)).isEqualTo(2048);
        assertThat(DhGroupExchange.estimateBits(128)).isEqualTo(3072); // aes128-gcm
        assertThat(DhGroupExchange.estimateBits(192)).isEqualTo(7680);
        assertThat(DhGroupExchange.estimateBits(512)).isEqualTo(8192); // chacha20-poly1305's 64-byte key
    }

    @Test
    void everyAlgorithmIsCreatable() {
        for (KexAlgorithm a : KexAlgorithm.values()) {
            assertThat(a.create()).as(a.wireName).isNotNull();
            assertThat(KexAlgorithm.fromWireName(a.wireName)).isSameAs(a);
        }
    }
}
