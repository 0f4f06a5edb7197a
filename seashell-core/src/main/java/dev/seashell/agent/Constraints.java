package dev.seashell.agent;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Key constraints of ADD_ID_CONSTRAINED.
 *
 * @param lifetime how long the agent keeps the key; null for no limit
 * @param confirm whether each use must be confirmed by the user
 * @param extensions names of constraint extensions (e.g. restrict-destination-v00@openssh.com);
 *     this agent refuses keys that carry any, since it cannot enforce them
 */
public record Constraints(Duration lifetime, boolean confirm, List<String> extensions) {
    public static final Constraints NONE = new Constraints(null, false, List.of());

    public Constraints {
        extensions = List.copyOf(extensions);
        if (lifetime != null && (lifetime.isNegative() || lifetime.toSeconds() > 0xffffffffL)) {
            throw new IllegalArgumentException("lifetime out of range: " + lifetime);
        }
    }

    public static Constraints lifetime(Duration lifetime) {
        return new Constraints(lifetime, false, List.of());
    }

    public boolean isEmpty() {
        return lifetime == null && !confirm && extensions.isEmpty();
    }

    void encode(SshWriter w) {
        if (lifetime != null) w.writeByte(AgentProtocol.CONSTRAIN_LIFETIME).writeUint32(lifetime.toSeconds());
        if (confirm) w.writeByte(AgentProtocol.CONSTRAIN_CONFIRM);
        // Extension constraints carry contents we do not model; they are only ever decoded.
    }

    /** Reads constraints up to the end of the message. */
    static Constraints decode(SshReader r) throws SshFormatException {
        Duration lifetime = null;
        boolean confirm = false;
        List<String> extensions = new ArrayList<>();
        while (r.remaining() > 0) {
            int type = r.readByte();
            switch (type) {
                case AgentProtocol.CONSTRAIN_LIFETIME -> {
                    if (lifetime != null) throw new SshFormatException("lifetime constraint given twice");
                    lifetime = Duration.ofSeconds(r.readUint32());
                }
                case AgentProtocol.CONSTRAIN_CONFIRM -> confirm = true;
                case AgentProtocol.CONSTRAIN_EXTENSION -> {
                    extensions.add(r.readString());
                    r.readRest(); // the contents run to the end of the message, as OpenSSH's parser assumes
                }
                default -> throw new SshFormatException("unknown key constraint " + type);
            }
        }
        return new Constraints(lifetime, confirm, extensions);
    }
}
