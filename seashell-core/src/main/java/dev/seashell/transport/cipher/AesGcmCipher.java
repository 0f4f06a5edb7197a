package dev.seashell.transport.cipher;

import dev.seashell.wire.SshProtocolException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * aes128-gcm@openssh.com and aes256-gcm@openssh.com (RFC 5647 §7, draft-miller-sshm-aes-gcm): the
 * 12-byte nonce is a 4-byte fixed field and a 64-bit invocation counter that grows by one per packet;
 * packet_length is clear and authenticated as AAD; the 16-byte tag follows the ciphertext.
 */
final class AesGcmCipher implements PacketCipher {
    private static final int TAG = 16;

    private final boolean encrypt;
    private final SecretKeySpec key;
    private final Cipher cipher;
    private final byte[] iv;
    /** Decryption goes out of place: the JDK's in-place GCM decryption is about half as fast and leaves plaintext behind on a bad tag. */
    private byte[] plain = new byte[0];

    AesGcmCipher(boolean encrypt, byte[] key, byte[] iv) throws GeneralSecurityException {
        this.encrypt = encrypt;
        this.key = new SecretKeySpec(key, "AES");
        this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        this.iv = iv.clone();
    }

    @Override public int blockSize() { return 16; }
    @Override public int tagLength() { return TAG; }
    @Override public boolean lengthInClear() { return true; }
    @Override public boolean lengthExcludedFromAlignment() { return true; }
    @Override public int firstBlockLength() { return 4; }

    @Override
    public void seal(int seq, byte[] buf, int off, int len) {
        Packets.requireDirection(encrypt, true);
        Packets.checkSeal(this, buf, off, len);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, iv));
            cipher.updateAAD(buf, off, 4);
            cipher.doFinal(buf, off + 4, len - 4, buf, off + 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        } finally {
            incrementCounter();
        }
    }

    @Override
    public int decryptLength(int seq, byte[] buf, int off) {
        return Packets.getInt(buf, off);
    }

    @Override
    public void open(int seq, byte[] buf, int off, int len) throws SshProtocolException {
        int n = len - 4;
        if (plain.length < n) plain = new byte[Math.max(n, 2 * plain.length)];
        openTo(seq, buf, off, len, plain, 0);
        System.arraycopy(plain, 0, buf, off + 4, n);
    }

    @Override
    public boolean opensOutOfPlace() {
        return true;
    }

    @Override
    public void openTo(int seq, byte[] buf, int off, int len, byte[] dst, int dstOff) throws SshProtocolException {
        Packets.requireDirection(encrypt, false);
        Packets.checkOpen(this, buf, off, len);
        int n = len - 4;
        java.util.Objects.checkFromIndexSize(dstOff, n, dst.length);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, iv));
            cipher.updateAAD(buf, off, 4);
            cipher.doFinal(buf, off + 4, n + TAG, dst, dstOff);
        } catch (AEADBadTagException e) {
            throw Packets.macError();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        } finally {
            incrementCounter();
        }
    }

    /** The 64-bit invocation counter in iv[4..12) wraps within itself and never carries into the fixed field. */
    private void incrementCounter() {
        for (int i = 11; i >= 4; i--) {
            if (++iv[i] != 0) return;
        }
    }
}
