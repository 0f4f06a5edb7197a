package dev.seashell.transport.cipher;

import dev.seashell.wire.SshProtocolException;

/**
 * Protection of the binary packets in one direction (RFC 4253 §6, OpenSSH's -etm, AES-GCM and
 * chacha20-poly1305 variants). A packet in a buffer is laid out as
 * {@code uint32 packet_length || byte padding_length || payload || padding}, followed by
 * {@link #tagLength()} bytes of MAC or AEAD tag; the buffer must have room for the tag.
 *
 * <p>Sequence numbers are the transport's uint32 counters, passed as {@code int} (they wrap).
 * Implementations keep their own key schedule and are used by one thread at a time. An instance
 * serves one direction: create one for sending ({@link #seal}) and one for receiving
 * ({@link #decryptLength}, {@link #open}).
 *
 * <p><b>Padding.</b> Use {@link #paddingLength(int)}; the rule behind it is
 * {@link #lengthExcludedFromAlignment()}. It is <em>not</em> the same as {@link #lengthInClear()}:
 * chacha20-poly1305 encrypts the length yet aligns without it, "none" sends it in clear yet aligns
 * with it, exactly as OpenSSH does.
 *
 * <p><b>Receiving.</b> Read {@link #firstBlockLength()} bytes, call {@link #decryptLength} once, bound
 * the result, read the rest of the packet plus the tag, then call {@link #open} with
 * {@code len = 4 + packet_length}. For the encrypt-and-MAC CTR modes {@code decryptLength} advances
 * the key stream and remembers the first plain block, so the next {@code open} must be for the same
 * packet; calling it again for the same sequence number returns the remembered value.
 */
public interface PacketCipher {
    /** The padding granularity (at least 8); see {@link #lengthExcludedFromAlignment()} for what is aligned. */
    int blockSize();

    /** Bytes of MAC/tag that follow each packet. */
    int tagLength();

    /**
     * Whether packet_length travels unencrypted (AES-GCM, -etm MACs, "none"). This says nothing
     * about padding: see {@link #lengthExcludedFromAlignment()}.
     */
    boolean lengthInClear();

    /**
     * Whether block alignment leaves out the 4-byte packet_length field (OpenSSH's {@code aadlen}):
     * true for AEAD ciphers (including chacha20-poly1305, whose length is encrypted) and -etm MACs;
     * false for "none" and encrypt-and-MAC. When true, padding makes {@code packet_length}, i.e.
     * {@code padding_length || payload || padding}, a multiple of {@link #blockSize()}; when false it
     * makes {@code packet_length + 4} one. OpenSSH drops the connection otherwise ("padding error"),
     * and {@link #seal}/{@link #open} reject such packets too.
     */
    boolean lengthExcludedFromAlignment();

    /**
     * The smallest valid padding_length (4 to 4 + blockSize - 1) for a payload of {@code payloadLength}
     * bytes. A sender may add any multiple of {@link #blockSize()} as long as the total stays at most 255.
     */
    default int paddingLength(int payloadLength) {
        int aligned = 1 + payloadLength + (lengthExcludedFromAlignment() ? 0 : 4);
        int pad = blockSize() - aligned % blockSize();
        return pad < 4 ? pad + blockSize() : pad;
    }

    /** Bytes that must be read before {@link #decryptLength} can tell the packet length. */
    int firstBlockLength();

    /**
     * Encrypts {@code buf[off, off+len)} in place and writes the tag at {@code buf[off+len, off+len+tagLength())}.
     *
     * @param len 4 + packet_length, which must obey the alignment rule (else IllegalArgumentException)
     */
    void seal(int seq, byte[] buf, int off, int len);

    /**
     * Returns packet_length from the first {@link #firstBlockLength()} bytes at {@code off}. The
     * bytes are not changed; the caller bounds the value (it may be negative, i.e. above 2^31)
     * before reading the rest.
     */
    int decryptLength(int seq, byte[] buf, int off);

    /**
     * Verifies the tag at {@code buf[off+len, ..+tagLength())} over the packet {@code buf[off, off+len)}
     * (len = 4 + packet_length) and decrypts it in place, so that afterwards the buffer holds the plain
     * packet including the clear packet_length. Verification happens before any plaintext is used;
     * when it fails, no plaintext is left in the buffer.
     *
     * @throws SshProtocolException with MAC_ERROR when the tag does not verify, PROTOCOL_ERROR when
     *     {@code len} breaks the alignment rule
     */
    void open(int seq, byte[] buf, int off, int len) throws SshProtocolException;

    /**
     * Whether {@link #openTo} is the cheaper way to open a packet (the cipher decrypts out of place
     * anyway, e.g. AES-GCM); then the receiver calls it instead of {@link #open}.
     */
    default boolean opensOutOfPlace() {
        return false;
    }

    /**
     * Like {@link #open}, but leaves the plain packet body ({@code padding_length || payload || padding},
     * {@code len - 4} bytes) in {@code dst[dstOff, ..)}; {@code buf} may be left encrypted. When the tag
     * does not verify, no plaintext is left in {@code dst}.
     */
    default void openTo(int seq, byte[] buf, int off, int len, byte[] dst, int dstOff) throws SshProtocolException {
        open(seq, buf, off, len);
        System.arraycopy(buf, off + 4, dst, dstOff, len - 4);
    }
}
