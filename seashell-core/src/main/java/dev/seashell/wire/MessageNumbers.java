package dev.seashell.wire;

/** SSH message numbers (RFC 4250 §4.1, RFC 8308, OpenSSH PROTOCOL). One place for all of them. */
public final class MessageNumbers {
    private MessageNumbers() {}

    // Transport layer generic (1-19)
    public static final int DISCONNECT = 1;
    public static final int IGNORE = 2;
    public static final int UNIMPLEMENTED = 3;
    public static final int DEBUG = 4;
    public static final int SERVICE_REQUEST = 5;
    public static final int SERVICE_ACCEPT = 6;
    public static final int EXT_INFO = 7;
    public static final int NEWCOMPRESS = 8;
    // Algorithm negotiation (20-29)
    public static final int KEXINIT = 20;
    public static final int NEWKEYS = 21;
    // Key-exchange method specific (30-49)
    public static final int KEX_FIRST = 30;
    public static final int KEX_LAST = 49;
    public static final int KEXDH_INIT = 30;
    public static final int KEXDH_REPLY = 31;
    public static final int KEX_DH_GEX_REQUEST_OLD = 30;
    public static final int KEX_DH_GEX_GROUP = 31;
    public static final int KEX_DH_GEX_INIT = 32;
    public static final int KEX_DH_GEX_REPLY = 33;
    public static final int KEX_DH_GEX_REQUEST = 34;
    public static final int KEX_ECDH_INIT = 30;
    public static final int KEX_ECDH_REPLY = 31;
    // User authentication (50-79)
    public static final int USERAUTH_REQUEST = 50;
    public static final int USERAUTH_FAILURE = 51;
    public static final int USERAUTH_SUCCESS = 52;
    public static final int USERAUTH_BANNER = 53;
    public static final int USERAUTH_PK_OK = 60;
    public static final int USERAUTH_PASSWD_CHANGEREQ = 60;
    public static final int USERAUTH_INFO_REQUEST = 60;
    public static final int USERAUTH_INFO_RESPONSE = 61;
    // Connection protocol (80-127)
    public static final int GLOBAL_REQUEST = 80;
    public static final int REQUEST_SUCCESS = 81;
    public static final int REQUEST_FAILURE = 82;
    public static final int CHANNEL_OPEN = 90;
    public static final int CHANNEL_OPEN_CONFIRMATION = 91;
    public static final int CHANNEL_OPEN_FAILURE = 92;
    public static final int CHANNEL_WINDOW_ADJUST = 93;
    public static final int CHANNEL_DATA = 94;
    public static final int CHANNEL_EXTENDED_DATA = 95;
    public static final int CHANNEL_EOF = 96;
    public static final int CHANNEL_CLOSE = 97;
    public static final int CHANNEL_REQUEST = 98;
    public static final int CHANNEL_SUCCESS = 99;
    public static final int CHANNEL_FAILURE = 100;
    // OpenSSH transport PING/PONG (PROTOCOL §1.9)
    public static final int PING = 192;
    public static final int PONG = 193;
}
