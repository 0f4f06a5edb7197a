package dev.seashell.sftp;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;

/** Reply to statvfs@openssh.com / fstatvfs@openssh.com, fields as statvfs(3). */
public record SftpStatVfs(long bsize, long frsize, long blocks, long bfree, long bavail, long files, long ffree,
        long favail, long fsid, long flag, long namemax) {
    public static final long ST_RDONLY = 1;
    public static final long ST_NOSUID = 2;

    static SftpStatVfs decode(byte[] data) throws SshFormatException {
        SshReader r = new SshReader(data);
        SftpStatVfs s = new SftpStatVfs(r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64(),
                r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64());
        r.expectEnd();
        return s;
    }
}
