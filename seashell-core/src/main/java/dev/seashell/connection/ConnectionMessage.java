package dev.seashell.connection;

import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;

/**
 * The RFC 4254 messages (numbers 80-100) as records. Type-specific trailing data (channel-open extras,
 * request payloads) stays as raw bytes: its meaning depends on the channel or request type.
 */
public sealed interface ConnectionMessage {

    /** The encoded payload, message number first. */
    byte[] encode();

    /** Decodes one payload; anything malformed, unknown or with trailing bytes is an {@link SshFormatException}. */
    static ConnectionMessage decode(byte[] payload) throws SshFormatException {
        SshReader r = new SshReader(payload);
        int type = r.readByte();
        ConnectionMessage m = switch (type) {
            case MessageNumbers.GLOBAL_REQUEST -> new GlobalRequest(r.readString(), r.readBoolean(), r.readRest());
            case MessageNumbers.REQUEST_SUCCESS -> new RequestSuccess(r.readRest());
            case MessageNumbers.REQUEST_FAILURE -> new RequestFailure();
            case MessageNumbers.CHANNEL_OPEN ->
                    new ChannelOpen(r.readString(), r.readInt(), r.readUint32(), r.readUint32(), r.readRest());
            case MessageNumbers.CHANNEL_OPEN_CONFIRMATION ->
                    new ChannelOpenConfirmation(r.readInt(), r.readInt(), r.readUint32(), r.readUint32(), r.readRest());
            case MessageNumbers.CHANNEL_OPEN_FAILURE ->
                    new ChannelOpenFailure(r.readInt(), r.readInt(), r.readString(), r.remaining() > 0 ? r.readString() : "");
            case MessageNumbers.CHANNEL_WINDOW_ADJUST -> new ChannelWindowAdjust(r.readInt(), r.readUint32());
            case MessageNumbers.CHANNEL_DATA -> new ChannelData(r.readInt(), r.readBytes());
            case MessageNumbers.CHANNEL_EXTENDED_DATA -> new ChannelExtendedData(r.readInt(), r.readInt(), r.readBytes());
            case MessageNumbers.CHANNEL_EOF -> new ChannelEof(r.readInt());
            case MessageNumbers.CHANNEL_CLOSE -> new ChannelClose(r.readInt());
            case MessageNumbers.CHANNEL_REQUEST -> new ChannelRequest(r.readInt(), r.readString(), r.readBoolean(), r.readRest());
            case MessageNumbers.CHANNEL_SUCCESS -> new ChannelSuccess(r.readInt());
            case MessageNumbers.CHANNEL_FAILURE -> new ChannelFailure(r.readInt());
            default -> throw new SshFormatException("not a connection-protocol message: " + type);
        };
        r.expectEnd();
        return m;
    }

    private static SshWriter start(int type, int capacity) {
        return new SshWriter(capacity).writeByte(type);
    }

    /** SSH_MSG_GLOBAL_REQUEST; {@code data} is the request-specific tail. */
    record GlobalRequest(String name, boolean wantReply, byte[] data) implements ConnectionMessage {
        public byte[] encode() {
            return start(MessageNumbers.GLOBAL_REQUEST, 32 + data.length).writeString(name).writeBoolean(wantReply).writeRaw(data).toByteArray();
        }
    }

    /** SSH_MSG_REQUEST_SUCCESS; {@code data} is the response-specific tail (e.g. a bound port). */
    record RequestSuccess(byte[] data) implements ConnectionMessage {
        public byte[] encode() {
            return start(MessageNumbers.REQUEST_SUCCESS, 1 + data.length).writeRaw(data).toByteArray();
        }
    }

    /** SSH_MSG_REQUEST_FAILURE. */
    record RequestFailure() implements ConnectionMessage {
        public byte[] encode() {
            return new byte[] {(byte) MessageNumbers.REQUEST_FAILURE};
        }
    }

    /** SSH_MSG_CHANNEL_OPEN; {@code data} is the channel-type-specific tail. */
    record ChannelOpen(String channelType, int senderChannel, long initialWindow, long maxPacket, byte[] data)
            implements ConnectionMessage {
        public byte[] encode() {
            return start(MessageNumbers.CHANNEL_OPEN, 32 + data.length).writeString(channelType).writeInt(senderChannel)
                    .writeUint32(initialWindow).writeUint32(maxPacket).writeRaw(data).toByteArray();
        }
    }

    /** SSH_MSG_CHANNEL_OPEN_CONFIRMATION. */
    record ChannelOpenConfirmation(int recipientChannel, int senderChannel, long initialWindow, long maxPacket, byte[] data)
            implements ConnectionMessage {
        public byte[] encode() {
            return start(MessageNumbers.CHANNEL_OPEN_CONFIRMATION, 17 + data.length).writeInt(recipientChannel)
                    .writeInt(senderChannel).writeUint32(initialWindow).writeUint32(maxPacket).writeRaw(data).toByteArray();
        }
    }

    /** SSH_MSG_CHANNEL_OPEN_FAILURE; see {@link ChannelOpenException} for reason codes. */
    record ChannelOpenFailure(int recipientChannel, int reasonCode, String description, String language)
            implements ConnectionMessage {
        public byte[] encode() {
            return start(MessageNumbers.CHANNEL_OPEN_FAILURE, 32 + description.length()).writeInt(recipientChannel)
                    .writeInt(reasonCode).writeString(description).writeString(language).toByteArray();
        }
    }

    /** SSH_MSG_CHANNEL_WINDOW_ADJUST. */
    record ChannelWindowAdjust(int recipientChannel, long bytesToAdd) implements ConnectionMessage {
        public byte[] encode() {
            return start(MessageNumbers.CHANNEL_WINDOW_ADJUST, 9).writeInt(recipientChannel).writeUint32(bytesToAdd).toByteArray();
        }
    }

    /** SSH_MSG_CHANNEL_DATA. The layer's hot path does not go through this record (see {@link Channel}). */
    record ChannelData(int recipientChannel, byte[] data) implements ConnectionMessage {
        public byte[] encode() {
            return start(MessageNumbers.CHANNEL_DATA, 9 + data.length).writeInt(recipientChannel).writeBytes(data).toByteArray();
        }
    }

    /** SSH_MSG_CHANNEL_EXTENDED_DATA; data type 1 is stderr. */
    record ChannelExtendedData(int recipientChannel, int dataTypeCode, byte[] data) implements ConnectionMessage {
        public static final int STDERR = 1;

        public byte[] encode() {
            return start(MessageNumbers.CHANNEL_EXTENDED_DATA, 13 + data.length).writeInt(recipientChannel)
                    .writeInt(dataTypeCode).writeBytes(data).toByteArray();
        }
    }

    /** SSH_MSG_CHANNEL_EOF. */
    record ChannelEof(int recipientChannel) implements ConnectionMessage {
        public byte[] encode() {
            return start(MessageNumbers.CHANNEL_EOF, 5).writeInt(recipientChannel).toByteArray();
        }
    }

    /** SSH_MSG_CHANNEL_CLOSE. */
    record ChannelClose(int recipientChannel) implements ConnectionMessage {
        public byte[] encode() {
            return start(MessageNumbers.CHANNEL_CLOSE, 5).writeInt(recipientChannel).toByteArray();
        }
    }

    /** SSH_MSG_CHANNEL_REQUEST; {@code data} is the request-specific tail. */
    record ChannelRequest(int recipientChannel, String requestType, boolean wantReply, byte[] data)
            implements ConnectionMessage {
        public byte[] encode() {
            return start(MessageNumbers.CHANNEL_REQUEST, 32 + data.length).writeInt(recipientChannel)
                    .writeString(requestType).writeBoolean(wantReply).writeRaw(data).toByteArray();
        }
    }

    /** SSH_MSG_CHANNEL_SUCCESS. */
    record ChannelSuccess(int recipientChannel) implements ConnectionMessage {
        public byte[] encode() {
            return start(MessageNumbers.CHANNEL_SUCCESS, 5).writeInt(recipientChannel).toByteArray();
        }
    }

    /** SSH_MSG_CHANNEL_FAILURE. */
    record ChannelFailure(int recipientChannel) implements ConnectionMessage {
        public byte[] encode() {
            return start(MessageNumbers.CHANNEL_FAILURE, 5).writeInt(recipientChannel).toByteArray();
        }
    }
}
