package dev.seashell.transport.kex;

import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshProtocolException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;

/** Framing shared by every method: check a message's number, decode its body exactly, map failures. */
final class KexMessages {
    private KexMessages() {}

    /** Decodes one message body; the decoder may throw any {@link SshFormatException}. */
    @FunctionalInterface
    interface Body<T> {
        T decode(SshReader r) throws SshFormatException;
    }

    /**
     * Checks that {@code payload} is message {@code number} and decodes the rest, which must be consumed
     * exactly. Malformed input surfaces as {@link SshProtocolException} so the transport can disconnect.
     */
    static <T> T decode(byte[] payload, int number, Body<T> body) throws SshProtocolException {
        if (payload == null || payload.length == 0) throw protocolError("empty key-exchange message");
        int actual = payload[0] & 0xff;
        if (actual != number) throw protocolError("expected key-exchange message " + number + ", got " + actual);
        SshReader r = new SshReader(payload, 1, payload.length - 1);
        try {
            T value = body.decode(r);
            r.expectEnd();
            return value;
        } catch (SshProtocolException e) {
            throw e;
        } catch (SshFormatException e) {
            throw protocolError("malformed key-exchange message " + number + ": " + e.getMessage());
        }
    }

    static SshWriter message(int number) {
        return new SshWriter(256).writeByte(number);
    }

    static SshProtocolException protocolError(String message) {
        return new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, message);
    }

    static SshProtocolException kexFailed(String message) {
        return new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED, message);
    }

    /** Requires a peer value of exactly {@code expected} bytes (RFC 8731 §3, draft-ietf-sshm-mlkem §2.1). */
    static void requireLength(byte[] value, int expected, String what) throws SshProtocolException {
        if (value.length != expected) {
            throw kexFailed(what + " has " + value.length + " bytes, expected " + expected);
        }
    }

    /** K as a string (the hybrid methods): the length prefix is part of what key derivation hashes. */
    static byte[] stringSecret(byte[] k) {
        return new SshWriter(4 + k.length).writeBytes(k).toByteArray();
    }

    /** K as an mpint of unsigned big-endian bytes, with its length prefix. */
    static byte[] mpintSecret(byte[] unsignedBigEndian) {
        return new SshWriter(5 + unsignedBigEndian.length).writeMpintUnsigned(unsignedBigEndian).toByteArray();
    }
}
