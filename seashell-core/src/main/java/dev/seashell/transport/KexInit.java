package dev.seashell.transport;

import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.util.List;

/** SSH_MSG_KEXINIT (RFC 4253 §7.1). Lists are in preference order. */
public record KexInit(
        byte[] cookie,
        List<String> kexAlgorithms,
        List<String> hostKeyAlgorithms,
        List<String> ciphersClientToServer,
        List<String> ciphersServerToClient,
        List<String> macsClientToServer,
        List<String> macsServerToClient,
        List<String> compressionClientToServer,
        List<String> compressionServerToClient,
        List<String> languagesClientToServer,
        List<String> languagesServerToClient,
        boolean firstKexPacketFollows) {

    public byte[] encode() {
        SshWriter w = new SshWriter(1024);
        w.writeByte(MessageNumbers.KEXINIT).writeRaw(cookie);
        for (List<String> l : List.of(kexAlgorithms, hostKeyAlgorithms, ciphersClientToServer, ciphersServerToClient,
                macsClientToServer, macsServerToClient, compressionClientToServer, compressionServerToClient,
                languagesClientToServer, languagesServerToClient)) {
            w.writeNameList(l);
        }
        w.writeBoolean(firstKexPacketFollows).writeInt(0);
        return w.toByteArray();
    }

    public static KexInit decode(byte[] payload) throws SshFormatException {
        SshReader r = new SshReader(payload);
        if (r.readByte() != MessageNumbers.KEXINIT) throw new SshFormatException("not a KEXINIT");
        byte[] cookie = r.readRaw(16);
        KexInit k = new KexInit(cookie, r.readNameList(), r.readNameList(), r.readNameList(), r.readNameList(),
                r.readNameList(), r.readNameList(), r.readNameList(), r.readNameList(), r.readNameList(),
                r.readNameList(), r.readBoolean());
        r.readInt(); // reserved
        return k;
    }
}
