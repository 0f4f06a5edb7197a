package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The ATTRS structure of SFTP v3: each field is meaningful only if its bit is set in {@code flags}.
 * Times are seconds since the epoch (uint32 on the wire); {@code permissions} includes the file
 * type bits (S_IFMT) when a server reports them.
 */
public record SftpAttributes(int flags, long size, int uid, int gid, int permissions, long atime, long mtime,
        List<Extended> extended) {

    /** No attributes at all. */
    public static final SftpAttributes EMPTY = new SftpAttributes(0, 0, 0, 0, 0, 0, 0, List.of());

    /** One vendor-specific extended attribute. */
    public record Extended(String type, byte[] data) {
        public Extended {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    public SftpAttributes {
        extended = List.copyOf(extended);
        if (!extended.isEmpty()) flags |= ATTR_EXTENDED;
    }

    public boolean hasSize() {
        return (flags & ATTR_SIZE) != 0;
    }

    public boolean hasOwner() {
        return (flags & ATTR_UIDGID) != 0;
    }

    public boolean hasPermissions() {
        return (flags & ATTR_PERMISSIONS) != 0;
    }

    public boolean hasTimes() {
        return (flags & ATTR_ACMODTIME) != 0;
    }

    public SftpAttributes withSize(long newSize) {
        return new SftpAttributes(flags | ATTR_SIZE, newSize, uid, gid, permissions, atime, mtime, extended);
    }

    public SftpAttributes withOwner(int newUid, int newGid) {
        return new SftpAttributes(flags | ATTR_UIDGID, size, newUid, newGid, permissions, atime, mtime, extended);
    }

    public SftpAttributes withPermissions(int newPermissions) {
        return new SftpAttributes(flags | ATTR_PERMISSIONS, size, uid, gid, newPermissions, atime, mtime, extended);
    }

    public SftpAttributes withTimes(long newAtime, long newMtime) {
        return new SftpAttributes(flags | ATTR_ACMODTIME, size, uid, gid, permissions, newAtime, newMtime, extended);
    }

    private int type() {
        return hasPermissions() ? permissions & S_IFMT : 0;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isRegularFile() {
        return type() == S_IFREG;
    }

    public boolean isSymbolicLink() {
        return type() == S_IFLNK;
    }

    public void encode(SshWriter w) {
        w.writeInt(flags);
        if (hasSize()) w.writeUint64(size);
        if (hasOwner()) w.writeInt(uid).writeInt(gid);
        if (hasPermissions()) w.writeInt(permissions);
        if (hasTimes()) w.writeUint32(atime).writeUint32(mtime);
        if ((flags & ATTR_EXTENDED) != 0) {
            w.writeInt(extended.size());
            for (Extended e : extended) w.writeString(e.type()).writeBytes(e.data);
        }
    }

    public static SftpAttributes decode(SshReader r) throws SshFormatException {
        int flags = r.readInt();
        long size = (flags & ATTR_SIZE) != 0 ? r.readUint64() : 0;
        int uid = 0;
        int gid = 0;
        if ((flags & ATTR_UIDGID) != 0) {
            uid = r.readInt();
            gid = r.readInt();
        }
        int perms = (flags & ATTR_PERMISSIONS) != 0 ? r.readInt() : 0;
        long atime = 0;
        long mtime = 0;
        if ((flags & ATTR_ACMODTIME) != 0) {
            atime = r.readUint32();
            mtime = r.readUint32();
        }
        List<Extended> ext = List.of();
        if ((flags & ATTR_EXTENDED) != 0) {
            long count = r.readUint32();
            // Each pair takes at least 8 bytes: a hostile count fails here, before the list grows.
            if (count > r.remaining() / 8) throw new SshFormatException("extended attribute count " + count + " exceeds packet");
            ext = new ArrayList<>((int) count);
            for (long i = 0; i < count; i++) ext.add(new Extended(r.readString(), r.readBytes()));
        }
        return new SftpAttributes(flags, size, uid, gid, perms, atime, mtime, ext);
    }
}
