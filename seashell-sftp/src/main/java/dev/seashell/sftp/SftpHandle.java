package dev.seashell.sftp;

import java.util.Arrays;
import java.util.HexFormat;

/** An open remote file or directory, as returned by {@link SftpClient#open} and {@link SftpClient#openDir}. */
public final class SftpHandle {
    private final byte[] id;

    SftpHandle(byte[] id) {
        this.id = id.clone();
    }

    byte[] bytes() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SftpHandle h && Arrays.equals(id, h.id);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(id);
    }

    @Override
    public String toString() {
        return "SftpHandle[" + HexFormat.of().formatHex(id) + "]";
    }
}
