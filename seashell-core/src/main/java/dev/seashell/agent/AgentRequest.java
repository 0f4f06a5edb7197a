package dev.seashell.agent;

import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.util.Arrays;

/** A message from an agent client to the agent. */
public sealed interface AgentRequest {
    /** The message as framed payload: type byte and fields, without the length. */
    byte[] encode();

    /** SSH_AGENTC_REQUEST_IDENTITIES: lists the keys the agent holds. */
    record RequestIdentities() implements AgentRequest {
        @Override
        public byte[] encode() {
            return new byte[] {AgentProtocol.REQUEST_IDENTITIES};
        }
    }

    /** @param flags {@link AgentProtocol#RSA_SHA2_256} / {@link AgentProtocol#RSA_SHA2_512} */
    record SignRequest(byte[] keyBlob, byte[] data, int flags) implements AgentRequest {
        @Override
        public byte[] encode() {
            return new SshWriter(keyBlob.length + data.length + 16).writeByte(AgentProtocol.SIGN_REQUEST)
                    .writeBytes(keyBlob).writeBytes(data).writeInt(flags).toByteArray();
        }
    }

    /** ADD_IDENTITY, or ADD_ID_CONSTRAINED when constraints are present. */
    record AddIdentity(SshKeyPair key, Constraints constraints) implements AgentRequest {
        @Override
        public byte[] encode() {
            SshWriter w = new SshWriter(4096);
            w.writeByte(constraints.isEmpty() ? AgentProtocol.ADD_IDENTITY : AgentProtocol.ADD_ID_CONSTRAINED);
            PrivateKeyFiles.writePrivateFields(w, key);
            w.writeString(key.comment());
            constraints.encode(w);
            byte[] out = w.toByteArray();
            Arrays.fill(w.array(), (byte) 0);
            return out;
        }

        @Override
        public String toString() {
            return "AddIdentity[" + key.publicKey().keyType() + " " + key.comment() + ", " + constraints + "]";
        }
    }

    /** SSH_AGENTC_REMOVE_IDENTITY: forgets one key. */
    record RemoveIdentity(byte[] keyBlob) implements AgentRequest {
        @Override
        public byte[] encode() {
            return new SshWriter(keyBlob.length + 8).writeByte(AgentProtocol.REMOVE_IDENTITY).writeBytes(keyBlob).toByteArray();
        }
    }

    /** SSH_AGENTC_REMOVE_ALL_IDENTITIES: forgets every key. */
    record RemoveAllIdentities() implements AgentRequest {
        @Override
        public byte[] encode() {
            return new byte[] {AgentProtocol.REMOVE_ALL_IDENTITIES};
        }
    }

    /** LOCK (lock = true) or UNLOCK with a passphrase. */
    record Lock(boolean lock, byte[] passphrase) implements AgentRequest {
        @Override
        public byte[] encode() {
            return new SshWriter(passphrase.length + 8).writeByte(lock ? AgentProtocol.LOCK : AgentProtocol.UNLOCK)
                    .writeBytes(passphrase).toByteArray();
        }

        @Override
        public String toString() {
            return lock ? "Lock" : "Unlock";
        }
    }

    /** @param contents the extension-specific bytes after the name */
    record Extension(String name, byte[] contents) implements AgentRequest {
        @Override
        public byte[] encode() {
            return new SshWriter(contents.length + name.length() + 8).writeByte(AgentProtocol.EXTENSION)
                    .writeString(name).writeRaw(contents).toByteArray();
        }
    }

    /** A request this agent does not implement (smartcard keys, SSH-1 messages, private-use numbers). */
    record Unsupported(int type) implements AgentRequest {
        @Override
        public byte[] encode() {
            return new byte[] {(byte) type};
        }
    }

    /**
     * Decodes a framed payload. A malformed message throws; a key of an unsupported type in an add
     * request throws too (the server answers FAILURE either way).
     */
    static AgentRequest decode(byte[] payload) throws SshFormatException {
        SshReader r = new SshReader(payload);
        int type = r.readByte();
        AgentRequest m = switch (type) {
            case AgentProtocol.REQUEST_IDENTITIES -> new RequestIdentities();
            case AgentProtocol.SIGN_REQUEST -> new SignRequest(r.readBytes(), r.readBytes(), r.readInt());
            case AgentProtocol.ADD_IDENTITY, AgentProtocol.ADD_ID_CONSTRAINED -> {
                SshKeyPair key = PrivateKeyFiles.readPrivateFields(r);
                Constraints c = type == AgentProtocol.ADD_ID_CONSTRAINED ? Constraints.decode(r) : Constraints.NONE;
                yield new AddIdentity(key, c);
            }
            case AgentProtocol.REMOVE_IDENTITY -> new RemoveIdentity(r.readBytes());
            case AgentProtocol.REMOVE_ALL_IDENTITIES -> new RemoveAllIdentities();
            case AgentProtocol.LOCK, AgentProtocol.UNLOCK -> new Lock(type == AgentProtocol.LOCK, r.readBytes());
            case AgentProtocol.EXTENSION -> new Extension(r.readString(), r.readRest());
            default -> {
                r.readRest();
                yield new Unsupported(type);
            }
        };
        r.expectEnd();
        return m;
    }
}
