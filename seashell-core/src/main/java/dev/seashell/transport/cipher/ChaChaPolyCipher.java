package dev.seashell.transport.cipher;

import dev.seashell.wire.SshProtocolException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * chacha20-poly1305@openssh.com (OpenSSH PROTOCOL.chacha20poly1305). The 64-byte key is K_2 (payload
 * key, first half) || K_1 (length key, second half); the nonce is the sequence number as a uint64.
 *
 * <p>OpenSSH uses the original ChaCha20 (64-bit counter in state words 12-13, 64-bit nonce in 14-15);
 * the JDK implements RFC 8439 (32-bit counter in word 12, 96-bit nonce in 13-15). With the 12-byte
 * nonce {@code 0^4 || uint64 seq} word 13 is the zero high counter word, and a packet never needs
 * 2^32 blocks, so both produce the same key stream.
 */
final class ChaChaPolyCipher implements PacketCipher {
    private static final byte[] ZERO_BLOCK = new byte[64];
    private static final int TAG = 16;

    private final boolean encrypt;
    private final SecretKeySpec payloadKey;
    private final SecretKeySpec lengthKey;
    private final Cipher payloadCipher;
    private final Cipher lengthCipher;
    private final Poly1305 poly = new Poly1305();
    private final byte[] nonce = new byte[12];
    private final byte[] polyKey = new byte[64];
    private final byte[] computedTag = new byte[TAG];
    private final byte[] receivedTag = new byte[TAG];
    private final byte[] lengthScratch = new byte[4];

    ChaChaPolyCipher(boolean encrypt, byte[] key) throws GeneralSecurityException {
        this.encrypt = encrypt;
        this.payloadKey = new SecretKeySpec(key, 0, 32, "ChaCha20");
        this.lengthKey = new SecretKeySpec(key, 32, 32, "ChaCha20");
        this.payloadCipher = Cipher.getInstance("ChaCha20");
        this.lengthCipher = Cipher.getInstance("ChaCha20");
    }

    @Override public int blockSize() { return 8; }
    @Override public int tagLength() { return TAG; }
    @Override public boolean lengthInClear() { return false; }
    @Override public boolean lengthExcludedFromAlignment() { return true; }
    @Override public int firstBlockLength() { return 4; }

    @Override
    public void seal(int seq, byte[] buf, int off, int len) {
        Packets.requireDirection(encrypt, true);
        Packets.checkSeal(this, buf, off, len);
        try {
            // Sealing uses ENCRYPT_MODE so the JDK's guard against a repeated key+nonce stays armed.
            start(lengthCipher, Cipher.ENCRYPT_MODE, lengthKey, seq);
            lengthCipher.update(buf, off, 4, buf, off);
            startPayload(Cipher.ENCRYPT_MODE, seq);
            payloadCipher.update(buf, off + 4, len - 4, buf, off + 4);
            mac(buf, off, len, buf, off + len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20 failed", e);
        }
    }

    @Override
    public int decryptLength(int seq, byte[] buf, int off) {
        Packets.requireDirection(encrypt, false);
        try {
            // DECRYPT_MODE (the same XOR) may be re-initialised with the same nonce: open() decrypts the length again.
            start(lengthCipher, Cipher.DECRYPT_MODE, lengthKey, seq);
            lengthCipher.update(buf, off, 4, lengthScratch, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20 failed", e);
        }
        return Packets.getInt(lengthScratch, 0);
    }

    @Override
    public void open(int seq, byte[] buf, int off, int len) throws SshProtocolException {
        Packets.requireDirection(encrypt, false);
        Packets.checkOpen(this, buf, off, len);
        try {
            startPayload(Cipher.DECRYPT_MODE, seq);
            mac(buf, off, len, computedTag, 0);
            if (!Packets.tagMatches(computedTag, buf, off + len, receivedTag)) throw Packets.macError();
            payloadCipher.update(buf, off + 4, len - 4, buf, off + 4);
            start(lengthCipher, Cipher.DECRYPT_MODE, lengthKey, seq);
            lengthCipher.update(buf, off, 4, buf, off);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20 failed", e);
        }
    }

    /** Keys the payload cipher for {@code seq} and takes the Poly1305 key from block 0, leaving the stream at block 1. */
    private void startPayload(int mode, int seq) throws GeneralSecurityException {
        start(payloadCipher, mode, payloadKey, seq);
        payloadCipher.update(ZERO_BLOCK, 0, 64, polyKey, 0);
    }

    private void mac(byte[] buf, int off, int len, byte[] out, int outOff) {
        poly.init(new KeyParameter(polyKey, 0, 32));
        Arrays.fill(polyKey, (byte) 0);
        poly.update(buf, off, len);
        poly.doFinal(out, outOff);
    }

    private void start(Cipher c, int mode, SecretKeySpec key, int seq) throws GeneralSecurityException {
        Packets.putInt(nonce, 8, seq);
        c.init(mode, key, new ChaCha20ParameterSpec(nonce, 0));
    }
}
