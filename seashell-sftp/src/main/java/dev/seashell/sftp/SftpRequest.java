package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;

/**
 * Client-to-server requests of SFTP v3 and the OpenSSH extensions, each carrying its request id.
 * The client encodes them, the server decodes them; {@link #decode} rejects trailing bytes.
 */
public sealed interface SftpRequest {
    int id();

    /** Packet type byte. */
    int type();

    /** Writes everything after the type byte. */
    void encodeBody(SshWriter w);

    /** SSH_FXP_OPEN: opens (or creates, per {@code pflags}) a file and returns a handle. */
    record Open(int id, String path, int pflags, SftpAttributes attrs) implements SftpRequest {
        public int type() { return SSH_FXP_OPEN; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeString(path).writeInt(pflags); attrs.encode(w); }
    }

    /** SSH_FXP_CLOSE: closes a file or directory handle. */
    record Close(int id, byte[] handle) implements SftpRequest {
        public int type() { return SSH_FXP_CLOSE; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeBytes(handle); }
    }

    /** SSH_FXP_READ: up to {@code length} bytes at {@code offset}. */
    record Read(int id, byte[] handle, long offset, int length) implements SftpRequest {
        public int type() { return SSH_FXP_READ; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeBytes(handle).writeUint64(offset).writeInt(length); }
    }

    /** {@code data[off, off+len)} is written; decoding yields off 0 and the whole array. */
    record Write(int id, byte[] handle, long offset, byte[] data, int off, int len) implements SftpRequest {
        public int type() { return SSH_FXP_WRITE; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeBytes(handle).writeUint64(offset).writeBytes(data, off, len); }
    }

    /** SSH_FXP_LSTAT: attributes of a path, not following a final symbolic link. */
    record Lstat(int id, String path) implements SftpRequest {
        public int type() { return SSH_FXP_LSTAT; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeString(path); }
    }

    /** SSH_FXP_FSTAT: attributes of an open handle. */
    record Fstat(int id, byte[] handle) implements SftpRequest {
        public int type() { return SSH_FXP_FSTAT; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeBytes(handle); }
    }

    /** SSH_FXP_SETSTAT: changes a path's attributes. */
    record SetStat(int id, String path, SftpAttributes attrs) implements SftpRequest {
        public int type() { return SSH_FXP_SETSTAT; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeString(path); attrs.encode(w); }
    }

    /** SSH_FXP_FSETSTAT: changes an open handle's attributes. */
    record FSetStat(int id, byte[] handle, SftpAttributes attrs) implements SftpRequest {
        public int type() { return SSH_FXP_FSETSTAT; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeBytes(handle); attrs.encode(w); }
    }

    /** SSH_FXP_OPENDIR: opens a directory for listing. */
    record OpenDir(int id, String path) implements SftpRequest {
        public int type() { return SSH_FXP_OPENDIR; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeString(path); }
    }

    /** SSH_FXP_READDIR: the next batch of a directory's entries (EOF status when done). */
    record ReadDir(int id, byte[] handle) implements SftpRequest {
        public int type() { return SSH_FXP_READDIR; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeBytes(handle); }
    }

    /** SSH_FXP_REMOVE: deletes a file. */
    record Remove(int id, String path) implements SftpRequest {
        public int type() { return SSH_FXP_REMOVE; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeString(path); }
    }

    /** SSH_FXP_MKDIR: creates a directory. */
    record MkDir(int id, String path, SftpAttributes attrs) implements SftpRequest {
        public int type() { return SSH_FXP_MKDIR; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeString(path); attrs.encode(w); }
    }

    /** SSH_FXP_RMDIR: removes an empty directory. */
    record RmDir(int id, String path) implements SftpRequest {
        public int type() { return SSH_FXP_RMDIR; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeString(path); }
    }

    /** SSH_FXP_REALPATH: the canonical absolute form of a path. */
    record RealPath(int id, String path) implements SftpRequest {
        public int type() { return SSH_FXP_REALPATH; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeString(path); }
    }

    /** SSH_FXP_STAT: attributes of a path, following symbolic links. */
    record Stat(int id, String path) implements SftpRequest {
        public int type() { return SSH_FXP_STAT; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeString(path); }
    }

    /** SSH_FXP_RENAME: renames, failing if the target exists (protocol version 3). */
    record Rename(int id, String oldPath, String newPath) implements SftpRequest {
        public int type() { return SSH_FXP_RENAME; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeString(oldPath).writeString(newPath); }
    }

    /** SSH_FXP_READLINK: the target of a symbolic link. */
    record ReadLink(int id, String path) implements SftpRequest {
        public int type() { return SSH_FXP_READLINK; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeString(path); }
    }

    /** Creates {@code linkPath} pointing at {@code targetPath}; on the wire in OpenSSH's order: target first. */
    record Symlink(int id, String targetPath, String linkPath) implements SftpRequest {
        public int type() { return SSH_FXP_SYMLINK; }
        public void encodeBody(SshWriter w) { w.writeInt(id).writeString(targetPath).writeString(linkPath); }
    }

    /** An SSH_FXP_EXTENDED request; the name follows the id on the wire. */
    sealed interface Extended extends SftpRequest {
        String name();

        default int type() { return SSH_FXP_EXTENDED; }

        default void encodeBody(SshWriter w) {
            w.writeInt(id()).writeString(name());
            encodeFields(w);
        }

        void encodeFields(SshWriter w);
    }

    /** posix-rename@openssh.com: rename that replaces an existing target. */
    record PosixRename(int id, String oldPath, String newPath) implements Extended {
        public String name() { return EXT_POSIX_RENAME; }
        public void encodeFields(SshWriter w) { w.writeString(oldPath).writeString(newPath); }
    }

    /** statvfs@openssh.com: file system statistics for a path. */
    record StatVfs(int id, String path) implements Extended {
        public String name() { return EXT_STATVFS; }
        public void encodeFields(SshWriter w) { w.writeString(path); }
    }

    /** fstatvfs@openssh.com: file system statistics for an open handle. */
    record FStatVfs(int id, byte[] handle) implements Extended {
        public String name() { return EXT_FSTATVFS; }
        public void encodeFields(SshWriter w) { w.writeBytes(handle); }
    }

    /** hardlink@openssh.com: creates a hard link {@code newPath} to {@code oldPath}. */
    record HardLink(int id, String oldPath, String newPath) implements Extended {
        public String name() { return EXT_HARDLINK; }
        public void encodeFields(SshWriter w) { w.writeString(oldPath).writeString(newPath); }
    }

    /** fsync@openssh.com: flushes an open file to stable storage. */
    record Fsync(int id, byte[] handle) implements Extended {
        public String name() { return EXT_FSYNC; }
        public void encodeFields(SshWriter w) { w.writeBytes(handle); }
    }

    /** lsetstat@openssh.com: SETSTAT that does not follow a final symbolic link. */
    record LSetStat(int id, String path, SftpAttributes attrs) implements Extended {
        public String name() { return EXT_LSETSTAT; }
        public void encodeFields(SshWriter w) { w.writeString(path); attrs.encode(w); }
    }

    /** limits@openssh.com: the server's packet, read and write size limits. */
    record Limits(int id) implements Extended {
        public String name() { return EXT_LIMITS; }
        public void encodeFields(SshWriter w) {}
    }

    /** expand-path@openssh.com: REALPATH that also expands {@code ~} and {@code ~user}. */
    record ExpandPath(int id, String path) implements Extended {
        public String name() { return EXT_EXPAND_PATH; }
        public void encodeFields(SshWriter w) { w.writeString(path); }
    }

    /** {@code length} 0 copies up to end of file. */
    record CopyData(int id, byte[] readHandle, long readOffset, long length, byte[] writeHandle, long writeOffset) implements Extended {
        public String name() { return EXT_COPY_DATA; }
        public void encodeFields(SshWriter w) {
            w.writeBytes(readHandle).writeUint64(readOffset).writeUint64(length).writeBytes(writeHandle).writeUint64(writeOffset);
        }
    }

    /** Empty username: the session's own user. */
    record HomeDirectory(int id, String username) implements Extended {
        public String name() { return EXT_HOME_DIRECTORY; }
        public void encodeFields(SshWriter w) { w.writeString(username); }
    }

    /** users-groups-by-id@openssh.com: user and group names for numeric ids. */
    record UsersGroupsById(int id, int[] uids, int[] gids) implements Extended {
        public String name() { return EXT_USERS_GROUPS_BY_ID; }
        public void encodeFields(SshWriter w) {
            w.writeBytes(ids(uids)).writeBytes(ids(gids));
        }

        private static byte[] ids(int[] ids) {
            SshWriter w = new SshWriter(ids.length * 4);
            for (int i : ids) w.writeInt(i);
            return w.toByteArray();
        }
    }

    /** An extension this implementation does not know; answered with OP_UNSUPPORTED. */
    record UnknownExtended(int id, String name) implements Extended {
        public void encodeFields(SshWriter w) {}
    }

    /** A packet type this implementation does not know; answered with OP_UNSUPPORTED. */
    record Unknown(int id, int type) implements SftpRequest {
        public void encodeBody(SshWriter w) { w.writeInt(id); }
    }

    /** Decodes a request body (after the type byte). Unknown types decode to {@link Unknown} if an id is present. */
    static SftpRequest decode(int type, SshReader r) throws SshFormatException {
        int id = r.readInt();
        SftpRequest req = switch (type) {
            case SSH_FXP_OPEN -> new Open(id, r.readString(), r.readInt(), SftpAttributes.decode(r));
            case SSH_FXP_CLOSE -> new Close(id, handle(r));
            case SSH_FXP_READ -> new Read(id, handle(r), r.readUint64(), r.readInt());
            case SSH_FXP_WRITE -> {
                byte[] h = handle(r);
                long off = r.readUint64();
                // The data stays in the packet's array: no copy of up to 256 KiB per write.
                int at = r.skipString();
                yield new Write(id, h, off, r.array(), at, r.position() - at);
            }
            case SSH_FXP_LSTAT -> new Lstat(id, r.readString());
            case SSH_FXP_FSTAT -> new Fstat(id, handle(r));
            case SSH_FXP_SETSTAT -> new SetStat(id, r.readString(), SftpAttributes.decode(r));
            case SSH_FXP_FSETSTAT -> new FSetStat(id, handle(r), SftpAttributes.decode(r));
            case SSH_FXP_OPENDIR -> new OpenDir(id, r.readString());
            case SSH_FXP_READDIR -> new ReadDir(id, handle(r));
            case SSH_FXP_REMOVE -> new Remove(id, r.readString());
            case SSH_FXP_MKDIR -> new MkDir(id, r.readString(), SftpAttributes.decode(r));
            case SSH_FXP_RMDIR -> new RmDir(id, r.readString());
            case SSH_FXP_REALPATH -> {
                // Version 3 has only the path; later drafts add a control byte and compose paths we ignore.
                String p = r.readString();
                r.skip(r.remaining());
                yield new RealPath(id, p);
            }
            case SSH_FXP_STAT -> new Stat(id, r.readString());
            case SSH_FXP_RENAME -> new Rename(id, r.readString(), r.readString());
            case SSH_FXP_READLINK -> new ReadLink(id, r.readString());
            case SSH_FXP_SYMLINK -> new Symlink(id, r.readString(), r.readString());
            case SSH_FXP_EXTENDED -> decodeExtended(id, r);
            default -> {
                r.skip(r.remaining());
                yield new Unknown(id, type);
            }
        };
        r.expectEnd();
        return req;
    }

    private static Extended decodeExtended(int id, SshReader r) throws SshFormatException {
        String name = r.readString();
        return switch (name) {
            case EXT_POSIX_RENAME -> new PosixRename(id, r.readString(), r.readString());
            case EXT_STATVFS -> new StatVfs(id, r.readString());
            case EXT_FSTATVFS -> new FStatVfs(id, handle(r));
            case EXT_HARDLINK -> new HardLink(id, r.readString(), r.readString());
            case EXT_FSYNC -> new Fsync(id, handle(r));
            case EXT_LSETSTAT -> new LSetStat(id, r.readString(), SftpAttributes.decode(r));
            case EXT_LIMITS -> new Limits(id);
            case EXT_EXPAND_PATH -> new ExpandPath(id, r.readString());
            case EXT_COPY_DATA -> new CopyData(id, handle(r), r.readUint64(), r.readUint64(), handle(r), r.readUint64());
            case EXT_HOME_DIRECTORY -> new HomeDirectory(id, r.readString());
            case EXT_USERS_GROUPS_BY_ID -> new UsersGroupsById(id, ids(r.readBytes()), ids(r.readBytes()));
            default -> {
                r.skip(r.remaining());
                yield new UnknownExtended(id, name);
            }
        };
    }

    /** Handles are short opaque strings; a long one cannot be ours, so refuse it outright. */
    private static byte[] handle(SshReader r) throws SshFormatException {
        byte[] h = r.readBytes();
        if (h.length > 256) throw new SshFormatException("handle too long: " + h.length);
        return h;
    }

    private static int[] ids(byte[] packed) throws SshFormatException {
        if (packed.length % 4 != 0) throw new SshFormatException("id list length " + packed.length + " not a multiple of 4");
        SshReader r = new SshReader(packed);
        int[] out = new int[packed.length / 4];
        for (int i = 0; i < out.length; i++) out[i] = r.readInt();
        return out;
    }
}
