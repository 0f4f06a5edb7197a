package dev.seashell.agent;

import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SignatureBlob;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;

/**
 * A session-bind@openssh.com record: the connection is used by an SSH session with this host key and
 * session identifier, for user authentication or (forwarding) to pass the agent on.
 */
public record SessionBinding(SshPublicKey hostKey, byte[] sessionId, byte[] signature, boolean forwarding) {
    /** The extension's contents after its name. */
    public byte[] encode() {
        return new SshWriter(512).writeBytes(hostKey.blob()).writeBytes(sessionId).writeBytes(signature)
                .writeBoolean(forwarding).toByteArray();
    }

    public static SessionBinding decode(byte[] contents) throws SshFormatException {
        SshReader r = new SshReader(contents);
        SshPublicKey key = SshPublicKey.decode(r.readBytes());
        byte[] sid = r.readBytes();
        byte[] sig = r.readBytes();
        boolean fwd = r.readBoolean();
        r.expectEnd();
        return new SessionBinding(key, sid, sig, fwd);
    }

    /** Whether the host key signed the session identifier (the exchange hash) with an algorithm of its type. */
    public boolean verify() {
        try {
            SignatureAlgorithm alg = SignatureAlgorithm.fromWireName(SignatureBlob.decode(signature).algorithm());
            return alg != null && hostKey.verify(alg, sessionId, signature);
        } catch (SshFormatException e) {
            return false;
        }
    }
}
