package dev.seashell.agent;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.util.ArrayList;
import java.util.List;

/** A message from the agent to its client. */
public sealed interface AgentResponse {
    byte[] encode();

    /** SSH_AGENT_SUCCESS: the request was carried out. */
    record Success() implements AgentResponse {
        @Override
        public byte[] encode() {
            return new byte[] {AgentProtocol.SUCCESS};
        }
    }

    /** SSH_AGENT_FAILURE: the request was refused or not understood. */
    record Failure() implements AgentResponse {
        @Override
        public byte[] encode() {
            return new byte[] {AgentProtocol.FAILURE};
        }
    }

    /** One key the agent holds; the blob may be of a type this library cannot decode (certificates). */
    record Identity(byte[] keyBlob, String comment) {}

    /** SSH_AGENT_IDENTITIES_ANSWER: the keys the agent holds, with their comments. */
    record IdentitiesAnswer(List<Identity> identities) implements AgentResponse {
        public IdentitiesAnswer {
            identities = List.copyOf(identities);
        }

        @Override
        public byte[] encode() {
            SshWriter w = new SshWriter(1024).writeByte(AgentProtocol.IDENTITIES_ANSWER).writeInt(identities.size());
            for (Identity id : identities) w.writeBytes(id.keyBlob()).writeString(id.comment());
            return w.toByteArray();
        }
    }

    /** @param signature the SSH signature blob (string algorithm, string signature) */
    record SignResponse(byte[] signature) implements AgentResponse {
        @Override
        public byte[] encode() {
            return new SshWriter(signature.length + 8).writeByte(AgentProtocol.SIGN_RESPONSE).writeBytes(signature).toByteArray();
        }
    }

    /** SSH_AGENT_EXTENSION_FAILURE: an extension request the agent knows failed. */
    record ExtensionFailure() implements AgentResponse {
        @Override
        public byte[] encode() {
            return new byte[] {AgentProtocol.EXTENSION_FAILURE};
        }
    }

    /** SSH_AGENT_EXTENSION_RESPONSE: an extension's own reply, {@code contents} following its name. */
    record ExtensionResponse(String name, byte[] contents) implements AgentResponse {
        @Override
        public byte[] encode() {
            return new SshWriter(contents.length + 32).writeByte(AgentProtocol.EXTENSION_RESPONSE)
                    .writeString(name).writeRaw(contents).toByteArray();
        }
    }

    static AgentResponse decode(byte[] payload) throws SshFormatException {
        SshReader r = new SshReader(payload);
        int type = r.readByte();
        AgentResponse m = switch (type) {
            case AgentProtocol.SUCCESS -> new Success();
            case AgentProtocol.FAILURE -> new Failure();
            case AgentProtocol.IDENTITIES_ANSWER -> {
                long n = r.readUint32();
                // Each identity takes at least 8 bytes, so a hostile count cannot make us allocate.
                if (n > r.remaining() / 8) throw new SshFormatException("identity count " + n + " exceeds message");
                List<Identity> ids = new ArrayList<>((int) n);
                for (long i = 0; i < n; i++) ids.add(new Identity(r.readBytes(), r.readString()));
                yield new IdentitiesAnswer(ids);
            }
            case AgentProtocol.SIGN_RESPONSE -> new SignResponse(r.readBytes());
            case AgentProtocol.EXTENSION_FAILURE -> new ExtensionFailure();
            case AgentProtocol.EXTENSION_RESPONSE -> new ExtensionResponse(r.readString(), r.readRest());
            default -> throw new SshFormatException("unexpected agent response type " + type);
        };
        r.expectEnd();
        return m;
    }
}
