package dev.seashell.transport.cipher;

import dev.seashell.wire.SshProtocolException;

/**
 * Protection of the binary packets in one direction (RFC 4253 §6, OpenSSH's -etm, AES-GCM and
 * chacha20-poly1305 variants). A packet in a buffer is laid out as
 * {@code uint32 packet_length || byte padding_length || payload || padding}, followed by
 * {@link #tagLength()} bytes of MAC or AEAD tag.
 *
 * <p>Sequence numbers are the transport's uint32 counters, passed as {@code int} (they wrap).
 * Implementations keep their own key schedule and are used by one thread at a time.
 */
public interface PacketCipher {
    /** The padding granularity: packet_length+4 must be a multiple of this (at least 8). */
    int blockSize();

    /** Bytes of MAC/tag that follow each packet. */
    int tagLength();

    /**
     * Whether packet_length is outside the encrypted region (AES-GCM, -etm MACs, "none"). When true,
     * padding makes {@code packet_length} (not {@code packet_length + 4}) a multiple of the block size.
     */
    boolean lengthInClear();

    /** Bytes that must be read before {@link #decryptLength} can tell the packet length. */
    int firstBlockLength();

    /** Encrypts {@code buf[off, off+len)} in place and writes the tag at {@code buf[off+len, off+len+tagLength())}. */
    void seal(int seq, byte[] buf, int off, int len);

    /**
     * Returns packet_length from the first {@link #firstBlockLength()} bytes at {@code off}. The
     * bytes are not changed; the caller bounds the value before reading the rest.
     */
    int decryptLength(int seq, byte[] buf, int off);

    /**
     * Verifies the tag at {@code buf[off+len, ..+tagLength())} over the packet {@code buf[off, off+len)}
     * (len = 4 + packet_length) and decrypts it in place, so that afterwards the buffer holds the plain
     * packet including the clear packet_length. Verification happens before any plaintext is used.
     *
     * @throws SshProtocolException with MAC_ERROR when the tag does not verify
     */
    void open(int seq, byte[] buf, int off, int len) throws SshProtocolException;
}
