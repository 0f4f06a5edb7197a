package dev.seashell.sftp;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;

/** Reply to limits@openssh.com; 0 means the server sets no limit. */
public record SftpLimits(long maxPacketLength, long maxReadLength, long maxWriteLength, long maxOpenHandles) {
    static SftpLimits decode(byte[] data) throws SshFormatException {
        SshReader r = new SshReader(data);
        SftpLimits l = new SftpLimits(r.readUint64(), r.readUint64(), r.readUint64(), r.readUint64());
        r.expectEnd();
        return l;
    }
}
