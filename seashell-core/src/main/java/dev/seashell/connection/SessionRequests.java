package dev.seashell.connection;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;

/** Encoders and decoders of the "session" channel requests' type-specific data (RFC 4254 §6). */
final class SessionRequests {
    private SessionRequests() {}

    static byte[] string(String s) {
        return new SshWriter(s.length() + 8).writeString(s).toByteArray();
    }

    static String readSingleString(byte[] data) throws SshFormatException {
        SshReader r = new SshReader(data);
        String s = r.readString();
        r.expectEnd();
        return s;
    }

    static byte[] env(String name, String value) {
        return new SshWriter().writeString(name).writeString(value).toByteArray();
    }

    static byte[] pty(PtyRequest p) {
        return new SshWriter().writeString(p.term()).writeInt(p.columns()).writeInt(p.rows())
                .writeInt(p.widthPixels()).writeInt(p.heightPixels()).writeBytes(p.modes()).toByteArray();
    }

    static PtyRequest readPty(byte[] data) throws SshFormatException {
        SshReader r = new SshReader(data);
        PtyRequest p = new PtyRequest(r.readString(), r.readInt(), r.readInt(), r.readInt(), r.readInt(), r.readBytes());
        r.expectEnd();
        return p;
    }

    static byte[] windowChange(int cols, int rows, int widthPx, int heightPx) {
        return new SshWriter().writeInt(cols).writeInt(rows).writeInt(widthPx).writeInt(heightPx).toByteArray();
    }

    static byte[] exitStatus(int status) {
        return new SshWriter(4).writeInt(status).toByteArray();
    }

    static byte[] exitSignal(ExitSignal s) {
        return new SshWriter().writeString(s.signalName()).writeBoolean(s.coreDumped())
                .writeString(s.message()).writeString("").toByteArray();
    }

    static ExitSignal readExitSignal(byte[] data) throws SshFormatException {
        SshReader r = new SshReader(data);
        ExitSignal s = new ExitSignal(r.readString(), r.readBoolean(), r.readString());
        if (r.remaining() > 0) r.readString(); // language tag
        r.expectEnd();
        return s;
    }
}
