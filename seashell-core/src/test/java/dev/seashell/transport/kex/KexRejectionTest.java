package dev.seashell.transport.kex;

import static dev.seashell.transport.kex.KexTestSupport.INPUTS;
import static dev.seashell.transport.kex.KexTestSupport.concat;
import static dev.seashell.transport.kex.KexTestSupport.sshString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.transport.kex.KexTestSupport.Ed25519Signer;
import dev.seashell.transport.kex.KexTestSupport.End;
import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed or hostile peer values end the exchange with a protocol exception and no reply. */
class KexRejectionTest {
    private static Ed25519Signer signer;

    @BeforeAll
    static void hostKey() throws Exception {
        signer = new Ed25519Signer();
    }

    private static byte[] msg(int number, byte[]... fields) {
        return concat(new byte[] {(byte) number}, concat(fields));
    }

    private static byte[] mpint(BigInteger v) {
        return v.signum() == 0 ? new byte[4] : sshString(v.toByteArray());
    }

    private static void serverRejects(KeyExchange kex, DisconnectReason reason, byte[]... messages) {
        End io = KexTestSupport.loneEnd();
        for (byte[] m : messages) io.deliver(m);
        assertThatThrownBy(() -> kex.server(io, INPUTS, signer))
                .isInstanceOfSatisfying(SshProtocolException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        // At most the GEX group went out; never a signed reply.
        assertThat(io.sent.stream().filter(m -> m[0] == 31 || m[0] == 33).count()).isLessThanOrEqualTo(kex instanceof DhGroupExchange ? 1 : 0);
    }

    private static void clientRejects(KeyExchange kex, DisconnectReason reason, byte[]... replies) {
        End io = KexTestSupport.loneEnd();
        for (byte[] m : replies) io.deliver(m);
        assertThatThrownBy(() -> kex.client(io, INPUTS))
                .isInstanceOfSatisfying(SshProtocolException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static byte[] ecdhReply(byte[] serverValue) {
        return msg(31, sshString(signer.hostKeyBlob()), sshString(serverValue), sshString(new byte[8]));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 31, 33, 64})
    void curve25519RejectsWrongLength(int length) {
        serverRejects(KexAlgorithm.CURVE25519_SHA256.create(), DisconnectReason.KEY_EXCHANGE_FAILED, msg(30, sshString(new byte[length])));
        clientRejects(KexAlgorithm.CURVE25519_SHA256.create(), DisconnectReason.KEY_EXCHANGE_FAILED, ecdhReply(new byte[length]));
    }

    @Test
    void curve25519RejectsSmallOrderPoints() {
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1; // u = 1 has order 4: the shared secret is all zero
        for (byte[] point : new byte[][] {zero, one}) {
            serverRejects(KexAlgorithm.CURVE25519_SHA256_LIBSSH.create(), DisconnectReason.KEY_EXCHANGE_FAILED, msg(30, sshString(point)));
            clientRejects(KexAlgorithm.CURVE25519_SHA256.create(), DisconnectReason.KEY_EXCHANGE_FAILED, ecdhReply(point));
        }
    }

    @Test
    void ecdhRejectsPointsOffTheCurve() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey pub = (ECPublicKey) kpg.generateKeyPair().getPublic();
        byte[] valid = new byte[65];
        valid[0] = 4;
        put(pub.getW().getAffineX(), valid, 1);
        put(pub.getW().getAffineY(), valid, 33);

        byte[] offCurve = valid.clone();
        offCurve[64] ^= 1;
        byte[] compressed = Arrays.copyOf(valid, 33);
        compressed[0] = (byte) (2 + (valid[64] & 1));
        byte[] wrongTag = valid.clone();
        wrongTag[0] = 6;
        byte[] xTooBig = valid.clone();
        BigInteger p = ((ECFieldFp) pub.getParams().getCurve().getField()).getP();
        put(p, xTooBig, 1);
        byte[] infinity = new byte[65];
        infinity[0] = 4;

        for (byte[] bad : new byte[][] {offCurve, compressed, wrongTag, xTooBig, infinity, Arrays.copyOf(valid, 64)}) {
            serverRejects(KexAlgorithm.ECDH_SHA2_NISTP256.create(), DisconnectReason.KEY_EXCHANGE_FAILED, msg(30, sshString(bad)));
            clientRejects(KexAlgorithm.ECDH_SHA2_NISTP256.create(), DisconnectReason.KEY_EXCHANGE_FAILED, ecdhReply(bad));
        }
        // A P-256 point is the wrong size for P-384.
        serverRejects(KexAlgorithm.ECDH_SHA2_NISTP384.create(), DisconnectReason.KEY_EXCHANGE_FAILED, msg(30, sshString(valid)));
    }

    private static void put(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int skip = b.length > 32 ? b.length - 32 : 0;
        System.arraycopy(b, skip, out, off + 32 - (b.length - skip), b.length - skip);
    }

    @Test
    void dhRejectsOutOfRangePublicValues() {
        BigInteger p = DhGroups.GROUP14.p();
        for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p, p.add(BigInteger.TWO), BigInteger.valueOf(-2)}) {
            serverRejects(KexAlgorithm.DH_GROUP14_SHA256.create(), DisconnectReason.KEY_EXCHANGE_FAILED, msg(30, mpint(bad)));
            clientRejects(KexAlgorithm.DH_GROUP14_SHA256.create(), DisconnectReason.KEY_EXCHANGE_FAILED,
                    msg(31, sshString(signer.hostKeyBlob()), mpint(bad), sshString(new byte[1])));
        }
    }

    @Test
    void groupExchangeClientRejectsGroupsOutsideItsRequest() {
        // RFC 2409's 1024-bit group is below the 2048-bit minimum the client asked for.
        clientRejects(KexAlgorithm.DH_GEX_SHA256.create(), DisconnectReason.KEY_EXCHANGE_FAILED,
                msg(31, mpint(DhGroups.GROUP1.p()), mpint(BigInteger.TWO)));
        // Generator 1 is degenerate.
        clientRejects(KexAlgorithm.DH_GEX_SHA256.create(), DisconnectReason.KEY_EXCHANGE_FAILED,
                msg(31, mpint(DhGroups.GROUP14.p()), mpint(BigInteger.ONE)));
    }

    @Test
    void groupExchangeServerRejectsBadRequestsAndValues() {
        byte[] inverted = msg(34, KexTestSupport.hex("00001000" + "00000c00" + "00000c00"));
        serverRejects(KexAlgorithm.DH_GEX_SHA256.create(Moduli.empty()), DisconnectReason.KEY_EXCHANGE_FAILED, inverted);
        byte[] tooSmall = msg(34, KexTestSupport.hex("00000200" + "00000400" + "00000400"));
        serverRejects(KexAlgorithm.DH_GEX_SHA256.create(Moduli.empty()), DisconnectReason.KEY_EXCHANGE_FAILED, tooSmall);

        // A good request, then e = p-1 in whatever group the server chose (the fallback for 2048..2048 is group 14).
        byte[] request = msg(34, KexTestSupport.hex("00000800" + "00000800" + "00000800"));
        BigInteger pMinus1 = DhGroups.GROUP14.p().subtract(BigInteger.ONE);
        serverRejects(KexAlgorithm.DH_GEX_SHA1.create(Moduli.empty()), DisconnectReason.KEY_EXCHANGE_FAILED, request, msg(32, mpint(pMinus1)));
    }

    @ParameterizedTest
    @EnumSource(value = KexAlgorithm.class, names = {"MLKEM768_X25519_SHA256", "SNTRUP761_X25519_SHA512"})
    void hybridsRejectWrongLengths(KexAlgorithm a) {
        int initLength = a == KexAlgorithm.MLKEM768_X25519_SHA256 ? 1184 + 32 : 1158 + 32;
        int replyLength = a == KexAlgorithm.MLKEM768_X25519_SHA256 ? 1088 + 32 : 1039 + 32;
        for (int delta : new int[] {-1, 1, -32}) {
            serverRejects(a.create(), DisconnectReason.KEY_EXCHANGE_FAILED, msg(30, sshString(new byte[initLength + delta])));
            clientRejects(a.create(), DisconnectReason.KEY_EXCHANGE_FAILED, ecdhReply(new byte[replyLength + delta]));
        }
    }

    @ParameterizedTest
    @EnumSource(value = KexAlgorithm.class, names = {"MLKEM768_X25519_SHA256", "SNTRUP761_X25519_SHA512"})
    void hybridsRejectZeroX25519Share(KexAlgorithm a) {
        PqKem kem = a == KexAlgorithm.MLKEM768_X25519_SHA256 ? new MlKem768Kem(new SecureRandom()) : new Sntrup761Kem(new SecureRandom());
        byte[] init = concat(kem.generate().publicKey(), new byte[32]);
        serverRejects(a.create(), DisconnectReason.KEY_EXCHANGE_FAILED, msg(30, sshString(init)));
    }

    @Test
    void mlkemRejectsEncapsulationKeyFailingTheModulusCheck() {
        // Every 12-bit coefficient 0xFFF exceeds q = 3329 (FIPS 203 §7.2).
        byte[] ek = new byte[1184];
        Arrays.fill(ek, 0, 1152, (byte) 0xff);
        byte[] init = concat(ek, X25519Key.generate(new SecureRandom()).publicKey());
        serverRejects(KexAlgorithm.MLKEM768_X25519_SHA256.create(), DisconnectReason.KEY_EXCHANGE_FAILED, msg(30, sshString(init)));
    }

    @Test
    void framingErrorsAreProtocolErrors() {
        byte[] good = msg(30, sshString(new byte[32]));
        serverRejects(KexAlgorithm.CURVE25519_SHA256.create(), DisconnectReason.PROTOCOL_ERROR, msg(31, sshString(new byte[32])));
        serverRejects(KexAlgorithm.CURVE25519_SHA256.create(), DisconnectReason.PROTOCOL_ERROR, concat(good, new byte[] {0}));
        serverRejects(KexAlgorithm.CURVE25519_SHA256.create(), DisconnectReason.PROTOCOL_ERROR, Arrays.copyOf(good, good.length - 1));
        serverRejects(KexAlgorithm.CURVE25519_SHA256.create(), DisconnectReason.PROTOCOL_ERROR, new byte[0]);
        serverRejects(KexAlgorithm.DH_GEX_SHA256.create(), DisconnectReason.PROTOCOL_ERROR, msg(30, KexTestSupport.hex("00000800")));
        clientRejects(KexAlgorithm.DH_GROUP14_SHA1.create(), DisconnectReason.PROTOCOL_ERROR, msg(31, sshString(new byte[4])));
    }
}
