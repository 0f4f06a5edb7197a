package dev.seashell.bench;

import dev.seashell.transport.cipher.CipherAlgorithm;
import dev.seashell.transport.cipher.MacAlgorithm;
import dev.seashell.transport.cipher.PacketCipher;
import dev.seashell.transport.cipher.PacketCiphers;
import dev.seashell.wire.SshProtocolException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 32 KiB packet sealed and opened again per operation: once through Seashell's {@link PacketCipher}
 * ({@link #packetCipher}) and once through the bare JCA/BouncyCastle primitive on the same buffers
 * ({@link #rawPrimitive}), which is the ceiling the packet path can reach. MB/s = ops/s x 32768 / 10^6
 * (bench/run converts). The raw variant does only what the algorithm needs: no length field cipher,
 * no alignment checks, no in-place copy-back.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class PacketPathBenchmark {
    /** Payload bytes per packet: OpenSSH's default channel packet size. */
    public static final int PAYLOAD = 32 * 1024;

    @Param({"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
            "aes128-ctr+hmac-sha2-256-etm@openssh.com"})
    public String algorithm;

    private PacketCipher sender;
    private PacketCipher receiver;
    private RawPrimitive raw;
    private byte[] buf;
    private int len;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        String[] parts = algorithm.split("\\+");
        CipherAlgorithm cipher = CipherAlgorithm.fromWireName(parts[0]);
        MacAlgorithm mac = parts.length > 1 ? MacAlgorithm.fromWireName(parts[1]) : null;
        Random rnd = new Random(42);
        byte[] key = bytes(rnd, cipher.keyLength);
        byte[] iv = cipher.ivLength == 0 ? null : bytes(rnd, cipher.ivLength);
        byte[] macKey = mac == null ? null : bytes(rnd, mac.keyLength);
        sender = PacketCiphers.create(cipher, mac, true, key, iv, macKey);
        receiver = PacketCiphers.create(cipher, mac, false, key, iv, macKey);

        int pad = sender.paddingLength(PAYLOAD);
        int packetLength = 1 + PAYLOAD + pad;
        len = 4 + packetLength;
        buf = new byte[len + sender.tagLength()];
        rnd.nextBytes(buf);
        buf[0] = (byte) (packetLength >>> 24);
        buf[1] = (byte) (packetLength >>> 16);
        buf[2] = (byte) (packetLength >>> 8);
        buf[3] = (byte) packetLength;
        buf[4] = (byte) pad;

        raw = switch (cipher) {
            case AES128_GCM, AES256_GCM -> new RawGcm(key, iv, len);
            case CHACHA20_POLY1305 -> new RawChaChaPoly(key, len);
            default -> new RawCtrHmac(key, iv, mac, macKey, len);
        };
    }

    /** Seashell's send + receive path for one packet; the buffer ends up holding the plaintext again. */
    @Benchmark
    public int packetCipher() throws SshProtocolException {
        int s = seq++;
        sender.seal(s, buf, 0, len);
        if (receiver.decryptLength(s, buf, 0) + 4 != len) throw new IllegalStateException("length");
        receiver.open(s, buf, 0, len);
        return buf[5];
    }

    /** The same work on the bare primitive. */
    @Benchmark
    public int rawPrimitive() throws GeneralSecurityException {
        return raw.sealOpen(buf, len);
    }

    byte[] bufferForTest() {
        return buf;
    }

    int lengthForTest() {
        return len;
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** A primitive that encrypts+authenticates {@code buf[0, len)} and then verifies+decrypts it. */
    private interface RawPrimitive {
        int sealOpen(byte[] buf, int len) throws GeneralSecurityException;
    }

    /** JDK AES/GCM: in-place encrypt with the length as AAD, decrypt out of place. */
    private static final class RawGcm implements RawPrimitive {
        private final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        private final SecretKeySpec key;
        private final byte[] iv;
        private final byte[] out;

        RawGcm(byte[] key, byte[] iv, int len) throws GeneralSecurityException {
            this.key = new SecretKeySpec(key, "AES");
            this.iv = iv.clone();
            this.out = new byte[len + 16];
        }

        @Override
        public int sealOpen(byte[] buf, int len) throws GeneralSecurityException {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(buf, 0, 4);
            cipher.doFinal(buf, 4, len - 4, buf, 4);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(buf, 0, 4);
            int n = cipher.doFinal(buf, 4, len - 4 + 16, out, 0);
            // The JDK refuses to encrypt twice under one IV: step the invocation counter as SSH does.
            for (int i = 11; i >= 4 && ++iv[i] == 0; i--) { }
            return n;
        }
    }

    /** JDK ChaCha20 (payload key, block 0 as Poly1305 key) + BouncyCastle Poly1305, in place. */
    private static final class RawChaChaPoly implements RawPrimitive {
        private static final byte[] ZERO = new byte[64];
        private final Cipher cipher = Cipher.getInstance("ChaCha20");
        private final SecretKeySpec key;
        private final Poly1305 poly = new Poly1305();
        private final byte[] nonce = new byte[12];
        private final byte[] polyKey = new byte[64];
        private final byte[] tag = new byte[16];
        private long counter;

        RawChaChaPoly(byte[] key, int len) throws GeneralSecurityException {
            this.key = new SecretKeySpec(key, 0, 32, "ChaCha20");
        }

        @Override
        public int sealOpen(byte[] buf, int len) throws GeneralSecurityException {
            long c = counter++;
            for (int i = 0; i < 8; i++) nonce[4 + i] = (byte) (c >>> (56 - 8 * i));
            cipher.init(Cipher.ENCRYPT_MODE, key, new ChaCha20ParameterSpec(nonce, 0));
            cipher.update(ZERO, 0, 64, polyKey, 0);
            cipher.update(buf, 4, len - 4, buf, 4);
            poly.init(new KeyParameter(polyKey, 0, 32));
            poly.update(buf, 0, len);
            poly.doFinal(buf, len);

            cipher.init(Cipher.DECRYPT_MODE, key, new ChaCha20ParameterSpec(nonce, 0));
            cipher.update(ZERO, 0, 64, polyKey, 0);
            poly.init(new KeyParameter(polyKey, 0, 32));
            poly.update(buf, 0, len);
            poly.doFinal(tag, 0);
            if (!MessageDigest.isEqual(tag, java.util.Arrays.copyOfRange(buf, len, len + 16))) {
                throw new AEADBadTagException("tag");
            }
            cipher.update(buf, 4, len - 4, buf, 4);
            return tag[0];
        }
    }

    /** JDK AES/CTR into a second buffer + HmacSHA256 over the ciphertext (encrypt-then-MAC), and back. */
    private static final class RawCtrHmac implements RawPrimitive {
        private final Cipher enc = Cipher.getInstance("AES/CTR/NoPadding");
        private final Cipher dec = Cipher.getInstance("AES/CTR/NoPadding");
        private final Mac macSend;
        private final Mac macRecv;
        private final byte[] wire;
        private final byte[] tag;

        RawCtrHmac(byte[] key, byte[] iv, MacAlgorithm alg, byte[] macKey, int len) throws GeneralSecurityException {
            enc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            dec.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            macSend = Mac.getInstance(alg.jcaName);
            macSend.init(new SecretKeySpec(macKey, alg.jcaName));
            macRecv = Mac.getInstance(alg.jcaName);
            macRecv.init(new SecretKeySpec(macKey, alg.jcaName));
            wire = new byte[len + alg.tagLength];
            tag = new byte[alg.tagLength];
        }

        @Override
        public int sealOpen(byte[] buf, int len) throws GeneralSecurityException {
            System.arraycopy(buf, 0, wire, 0, 4);
            enc.update(buf, 4, len - 4, wire, 4);
            macSend.update(wire, 0, len);
            macSend.doFinal(wire, len);

            macRecv.update(wire, 0, len);
            macRecv.doFinal(tag, 0);
            if (!MessageDigest.isEqual(tag, java.util.Arrays.copyOfRange(wire, len, len + tag.length))) {
                throw new AEADBadTagException("mac");
            }
            dec.update(wire, 4, len - 4, buf, 4);
            return tag[0];
        }
    }
}
