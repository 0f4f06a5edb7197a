package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.util.ArrayList;
import java.util.List;

/** Server-to-client replies of SFTP v3, each answering the request with the same id. */
public sealed interface SftpResponse {
    int id();

    int type();

    void encodeBody(SshWriter w);

    /** Language tag is always empty, as OpenSSH sends it. */
    record Status(int id, int code, String message) implements SftpResponse {
        public int type() { return SSH_FXP_STATUS; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeInt(code).writeString(message).writeString(""); }
    }

    /** SSH_FXP_HANDLE: the opaque handle of an opened file or directory. */
    record Handle(int id, byte[] handle) implements SftpResponse {
        public int type() { return SSH_FXP_HANDLE; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeBytes(handle); }
    }

    /**
     * {@code data[offset, offset + length)} is the payload: the server reuses a larger buffer and
     * the client keeps the bytes in the packet they arrived in.
     */
    record Data(int id, byte[] data, int offset, int length) implements SftpResponse {
        public Data(int id, byte[] data, int length) {
            this(id, data, 0, length);
        }

        public int type() { return SSH_FXP_DATA; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeBytes(data, offset, length); }
    }

    /** SSH_FXP_NAME: directory entries, or the single name REALPATH and READLINK return. */
    record Name(int id, List<SftpEntry> entries) implements SftpResponse {
        public Name {
            entries = List.copyOf(entries);
        }

        public int type() { return SSH_FXP_NAME; }

        public void encodeBody(SshWriter w) {
            w.writeInt(id).writeInt(entries.size());
            for (SftpEntry e : entries) {
                w.writeString(e.filename()).writeString(e.longname());
                e.attrs().encode(w);
            }
        }
    }

    /** SSH_FXP_ATTRS: the attributes STAT, LSTAT and FSTAT return. */
    record Attrs(int id, SftpAttributes attrs) implements SftpResponse {
        public int type() { return SSH_FXP_ATTRS; }
        public void encodeBody(SshWriter w) { w.writeInt(id); attrs.encode(w); }
    }

    /** The reply's format depends on the extension that was asked; {@code data} is everything after the id. */
    record ExtendedReply(int id, byte[] data) implements SftpResponse {
        public int type() { return SSH_FXP_EXTENDED_REPLY; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeRaw(data); }
    }

    static SftpResponse decode(int type, SshReader r) throws SshFormatException {
        int id = r.readInt();
        SftpResponse resp = switch (type) {
            case SSH_FXP_STATUS -> {
                int code = r.readInt();
                // Some old servers omit message and language: tolerate that.
                String msg = r.remaining() > 0 ? r.readString() : "";
                if (r.remaining() > 0) r.readString();
                yield new Status(id, code, msg);
            }
            case SSH_FXP_HANDLE -> new Handle(id, r.readBytes());
            case SSH_FXP_DATA -> {
                int at = r.skipString();
                yield new Data(id, r.array(), at, r.position() - at);
            }
            case SSH_FXP_NAME -> {
                long count = r.readUint32();
                // A name takes at least 12 bytes (two empty strings and flags): bound the count first.
                if (count > r.remaining() / 12) throw new SshFormatException("name count " + count + " exceeds packet");
                List<SftpEntry> entries = new ArrayList<>((int) count);
                for (long i = 0; i < count; i++) entries.add(new SftpEntry(r.readString(), r.readString(), SftpAttributes.decode(r)));
                yield new Name(id, entries);
            }
            case SSH_FXP_ATTRS -> new Attrs(id, SftpAttributes.decode(r));
            case SSH_FXP_EXTENDED_REPLY -> new ExtendedReply(id, r.readRest());
            default -> throw new SshFormatException("unexpected SFTP reply type " + type);
        };
        r.expectEnd();
        return resp;
    }
}
