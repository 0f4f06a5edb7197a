package dev.seashell.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.mux.MuxMessage.Forward;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MuxProtocolTest {
    private static MuxMessage roundTrip(MuxMessage m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MuxCodec(new ByteArrayInputStream(new byte[0]), out).write(m);
        return new MuxCodec(new ByteArrayInputStream(out.toByteArray()), new ByteArrayOutputStream()).read();
    }

    @Test
    void everyMessageSurvivesARoundTrip() throws IOException {
        Forward f = new Forward(MuxMessage.FWD_LOCAL, "127.0.0.1", 8080, "/run/x.sock", MuxMessage.PORT_STREAMLOCAL);
        List<MuxMessage> all = List.of(new MuxMessage.Hello(4),
                new MuxMessage.NewSession(7, true, false, true, false, '~', "xterm", "echo hi", List.of("LANG=C", "A=b")),
                new MuxMessage.NewStdioFwd(8, "example.org", 22), new MuxMessage.AliveCheck(1), new MuxMessage.Terminate(2),
                new MuxMessage.StopListening(3), new MuxMessage.Proxy(4), new MuxMessage.OpenForward(5, f),
                new MuxMessage.CloseForward(6, f), new MuxMessage.Ok(9), new MuxMessage.PermissionDenied(10, "no"),
                new MuxMessage.Failure(11, "bad"), new MuxMessage.Alive(12, 4242), new MuxMessage.SessionOpened(13, 3),
                new MuxMessage.RemotePort(14, 40000), new MuxMessage.ProxyOk(15), new MuxMessage.ExitMessage(3, 42),
                new MuxMessage.TtyAllocFail(3));
        for (MuxMessage m : all) assertThat(roundTrip(m)).isEqualTo(m);
    }

    @Test
    void newSessionFlagsAreUint32AsOpenSshSendsThem() throws IOException {
        // Built the way mux.c's mux_client_request_session does: flags and escape char are u32.
        SshWriter body = new SshWriter().writeInt(MuxMessage.MUX_C_NEW_SESSION).writeInt(5).writeString("")
                .writeInt(1).writeInt(0).writeInt(0).writeInt(1).writeInt(0xffffffff)
                .writeString("vt100").writeString("sftp").writeString("LC_ALL=C");
        MuxMessage m = MuxMessage.decode(body.toByteArray());
        assertThat(m).isEqualTo(new MuxMessage.NewSession(5, true, false, false, true, MuxMessage.NO_ESCAPE, "vt100", "sftp", List.of("LC_ALL=C")));
    }

    @Test
    void helloEncodingMatchesTheSpec() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MuxCodec(new ByteArrayInputStream(new byte[0]), out).write(new MuxMessage.Hello(4));
        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo("00000008" + "00000001" + "00000004");
    }

    @Test
    void helloExtensionsAreSkipped() throws IOException {
        byte[] b = new SshWriter().writeInt(1).writeInt(4).writeString("ext@x").writeString("v").toByteArray();
        assertThat(MuxMessage.decode(b)).isEqualTo(new MuxMessage.Hello(4));
    }

    @Test
    void oversizedAndTruncatedPacketsAreRejected() {
        byte[] huge = HexFormat.of().parseHex("7fffffff00000001");
        assertThatThrownBy(() -> new MuxCodec(new ByteArrayInputStream(huge), new ByteArrayOutputStream()).read())
                .isInstanceOf(SshFormatException.class);
        byte[] cut = HexFormat.of().parseHex("0000000c8000000100");
        assertThatThrownBy(() -> new MuxCodec(new ByteArrayInputStream(cut), new ByteArrayOutputStream()).read())
                .isInstanceOf(EOFException.class);
        byte[] trailing = new SshWriter().writeInt(MuxMessage.MUX_S_OK).writeInt(1).writeInt(99).toByteArray();
        assertThatThrownBy(() -> MuxMessage.decode(trailing)).isInstanceOf(SshFormatException.class);
    }

    @Test
    void unknownTypesKeepTheirRequestId() throws IOException {
        byte[] b = new SshWriter().writeInt(0x10000042).writeInt(77).writeString("whatever").toByteArray();
        assertThat(MuxMessage.decode(b)).isEqualTo(new MuxMessage.Unknown(0x10000042, 77));
    }
}
