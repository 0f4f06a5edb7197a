package dev.seashell.sftp;

/** Numbers of SFTP version 3 (draft-ietf-secsh-filexfer-02) and the limits this implementation enforces. */
public final class SftpConstants {
    private SftpConstants() {}

    public static final int VERSION = 3;

    /** Largest packet accepted in either direction: 256 KiB of data plus room for the header. */
    public static final int MAX_PACKET = 256 * 1024 + 1024;
    /** Largest READ length served and WRITE length accepted. */
    public static final int MAX_DATA = 256 * 1024;
    /** Open handles per session. */
    public static final int MAX_HANDLES = 512;

    // Packet types.
    public static final int SSH_FXP_INIT = 1;
    public static final int SSH_FXP_VERSION = 2;
    public static final int SSH_FXP_OPEN = 3;
    public static final int SSH_FXP_CLOSE = 4;
    public static final int SSH_FXP_READ = 5;
    public static final int SSH_FXP_WRITE = 6;
    public static final int SSH_FXP_LSTAT = 7;
    public static final int SSH_FXP_FSTAT = 8;
    public static final int SSH_FXP_SETSTAT = 9;
    public static final int SSH_FXP_FSETSTAT = 10;
    public static final int SSH_FXP_OPENDIR = 11;
    public static final int SSH_FXP_READDIR = 12;
    public static final int SSH_FXP_REMOVE = 13;
    public static final int SSH_FXP_MKDIR = 14;
    public static final int SSH_FXP_RMDIR = 15;
    public static final int SSH_FXP_REALPATH = 16;
    public static final int SSH_FXP_STAT = 17;
    public static final int SSH_FXP_RENAME = 18;
    public static final int SSH_FXP_READLINK = 19;
    public static final int SSH_FXP_SYMLINK = 20;
    public static final int SSH_FXP_STATUS = 101;
    public static final int SSH_FXP_HANDLE = 102;
    public static final int SSH_FXP_DATA = 103;
    public static final int SSH_FXP_NAME = 104;
    public static final int SSH_FXP_ATTRS = 105;
    public static final int SSH_FXP_EXTENDED = 200;
    public static final int SSH_FXP_EXTENDED_REPLY = 201;

    // Status codes.
    public static final int SSH_FX_OK = 0;
    public static final int SSH_FX_EOF = 1;
    public static final int SSH_FX_NO_SUCH_FILE = 2;
    public static final int SSH_FX_PERMISSION_DENIED = 3;
    public static final int SSH_FX_FAILURE = 4;
    public static final int SSH_FX_BAD_MESSAGE = 5;
    public static final int SSH_FX_NO_CONNECTION = 6;
    public static final int SSH_FX_CONNECTION_LOST = 7;
    public static final int SSH_FX_OP_UNSUPPORTED = 8;

    // Open flags (pflags).
    public static final int SSH_FXF_READ = 0x01;
    public static final int SSH_FXF_WRITE = 0x02;
    public static final int SSH_FXF_APPEND = 0x04;
    public static final int SSH_FXF_CREAT = 0x08;
    public static final int SSH_FXF_TRUNC = 0x10;
    public static final int SSH_FXF_EXCL = 0x20;

    // Attribute flags.
    public static final int ATTR_SIZE = 0x01;
    public static final int ATTR_UIDGID = 0x02;
    public static final int ATTR_PERMISSIONS = 0x04;
    public static final int ATTR_ACMODTIME = 0x08;
    public static final int ATTR_EXTENDED = 0x80000000;

    // File type bits of the permissions field (POSIX S_IFMT).
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    // Extension names (OpenSSH PROTOCOL §4).
    public static final String EXT_POSIX_RENAME = "posix-rename@openssh.com";
    public static final String EXT_STATVFS = "statvfs@openssh.com";
    public static final String EXT_FSTATVFS = "fstatvfs@openssh.com";
    public static final String EXT_HARDLINK = "hardlink@openssh.com";
    public static final String EXT_FSYNC = "fsync@openssh.com";
    public static final String EXT_LSETSTAT = "lsetstat@openssh.com";
    public static final String EXT_LIMITS = "limits@openssh.com";
    public static final String EXT_EXPAND_PATH = "expand-path@openssh.com";
    public static final String EXT_COPY_DATA = "copy-data";
    public static final String EXT_HOME_DIRECTORY = "home-directory";
    public static final String EXT_USERS_GROUPS_BY_ID = "users-groups-by-id@openssh.com";

    /** A human-readable name for a status code, as OpenSSH's messages use. */
    public static String statusText(int code) {
        return switch (code) {
            case SSH_FX_OK -> "Success";
            case SSH_FX_EOF -> "End of file";
            case SSH_FX_NO_SUCH_FILE -> "No such file";
            case SSH_FX_PERMISSION_DENIED -> "Permission denied";
            case SSH_FX_FAILURE -> "Failure";
            case SSH_FX_BAD_MESSAGE -> "Bad message";
            case SSH_FX_NO_CONNECTION -> "No connection";
            case SSH_FX_CONNECTION_LOST -> "Connection lost";
            case SSH_FX_OP_UNSUPPORTED -> "Operation unsupported";
            default -> "Unknown error " + code;
        };
    }
}
