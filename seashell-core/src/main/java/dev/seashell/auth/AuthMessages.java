package dev.seashell.auth;

import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshWriter;
import java.util.List;

/** Encodings shared by both sides of user authentication (RFC 4252). */
final class AuthMessages {
    static final String SERVICE_USERAUTH = "ssh-userauth";
    static final String SERVICE_CONNECTION = "ssh-connection";

    private AuthMessages() {}

    /** The data a publickey signature covers (RFC 4252 §7): bound to this session and this exact key. */
    static byte[] publicKeySignedData(byte[] sessionId, String user, String service, SignatureAlgorithm alg, byte[] keyBlob) {
        return new SshWriter(sessionId.length + keyBlob.length + 128)
                .writeBytes(sessionId)
                .writeByte(MessageNumbers.USERAUTH_REQUEST)
                .writeString(user)
                .writeString(service)
                .writeString("publickey")
                .writeBoolean(true)
                .writeString(alg.wireName)
                .writeBytes(keyBlob)
                .toByteArray();
    }

    static byte[] failure(List<String> methods, boolean partial) {
        return new SshWriter(64).writeByte(MessageNumbers.USERAUTH_FAILURE).writeNameList(methods).writeBoolean(partial).toByteArray();
    }

    static byte[] service(int type, String name) {
        return new SshWriter(32).writeByte(type).writeString(name).toByteArray();
    }
}
