package dev.seashell.transport;

/** Compression methods (RFC 4253 §6.2, OpenSSH's delayed zlib@openssh.com). */
public enum Compression {
    NONE("none"),
    ZLIB_DELAYED("zlib@openssh.com"),
    ZLIB("zlib");

    public final String wireName;

    Compression(String wireName) {
        this.wireName = wireName;
    }

    public static Compression fromWireName(String name) {
        for (Compression c : values()) if (c.wireName.equals(name)) return c;
        return null;
    }
}
