package dev.seashell.transport;

import static dev.seashell.wire.MessageNumbers.CHANNEL_FAILURE;
import static dev.seashell.wire.MessageNumbers.CHANNEL_OPEN;
import static dev.seashell.wire.MessageNumbers.DEBUG;
import static dev.seashell.wire.MessageNumbers.DISCONNECT;
import static dev.seashell.wire.MessageNumbers.EXT_INFO;
import static dev.seashell.wire.MessageNumbers.GLOBAL_REQUEST;
import static dev.seashell.wire.MessageNumbers.IGNORE;
import static dev.seashell.wire.MessageNumbers.KEXINIT;
import static dev.seashell.wire.MessageNumbers.KEX_FIRST;
import static dev.seashell.wire.MessageNumbers.KEX_LAST;
import static dev.seashell.wire.MessageNumbers.NEWKEYS;
import static dev.seashell.wire.MessageNumbers.PING;
import static dev.seashell.wire.MessageNumbers.PONG;
import static dev.seashell.wire.MessageNumbers.REQUEST_FAILURE;
import static dev.seashell.wire.MessageNumbers.SERVICE_ACCEPT;
import static dev.seashell.wire.MessageNumbers.SERVICE_REQUEST;
import static dev.seashell.wire.MessageNumbers.UNIMPLEMENTED;
import static dev.seashell.wire.MessageNumbers.USERAUTH_BANNER;
import static dev.seashell.wire.MessageNumbers.USERAUTH_FAILURE;
import static dev.seashell.wire.MessageNumbers.USERAUTH_INFO_REQUEST;
import static dev.seashell.wire.MessageNumbers.USERAUTH_INFO_RESPONSE;
import static dev.seashell.wire.MessageNumbers.USERAUTH_REQUEST;
import static dev.seashell.wire.MessageNumbers.USERAUTH_SUCCESS;

import dev.seashell.transport.Transport.Role;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one table of which SSH message number a side may receive in which protocol phase, consulted
 * for every incoming packet before anything dispatches it. The rules:
 *
 * <ul>
 *   <li>During a key exchange only transport-generic (1-4) and key-exchange (20, 21, 30-49)
 *       messages pass (RFC 4253 §7.1); anything else is fatal, as strict KEX requires (Terrapin).
 *   <li>Before authentication only transport, service and the receiving side's half of RFC 4252
 *       pass: a client cannot send USERAUTH_SUCCESS (CVE-2018-10933), nobody may open a channel
 *       (CVE-2018-7750).
 *   <li>After authentication the connection protocol (RFC 4254) passes; a server silently drops
 *       further USERAUTH_REQUESTs (RFC 4252 §5.1).
 *   <li>Outside a key exchange, a number no specification we implement assigns is answered with
 *       SSH_MSG_UNIMPLEMENTED (RFC 4253 §11.4); an assigned number out of its place is fatal.
 * </ul>
 *
 * Finer sequencing (strict KEX's "KEXINIT first", NEWKEYS only after the method's reply, EXT_INFO
 * only right after NEWKEYS, one SERVICE_REQUEST) stays with the code that knows the sequence.
 */
public final class MessagePolicy {
    private MessagePolicy() {}

    /** Where a connection is, as seen by the side receiving. */
    public enum Phase {
        /** Identification strings are exchanged; no binary packet is expected yet. */
        VERSION("before the version exchange"),
        /** From the first binary packet until the peer's first NEWKEYS. */
        FIRST_KEX("during key exchange"),
        /** A re-key: from the peer's KEXINIT until its NEWKEYS. */
        KEX("during key exchange (re-key)"),
        /** After the first key exchange, until USERAUTH_SUCCESS (sent by the server, received by the client). */
        USERAUTH("before authentication"),
        /** After USERAUTH_SUCCESS. */
        CONNECTION("after authentication");

        final String description;

        Phase(String description) {
            this.description = description;
        }
    }

    /** What the receiver does with a message. */
    public enum Verdict {
        /** Hand it on. */
        ACCEPT,
        /** Drop it without a reply. */
        IGNORE,
        /** Reply SSH_MSG_UNIMPLEMENTED with its sequence number and drop it. */
        UNIMPLEMENTED,
        /** Disconnect with SSH_DISCONNECT_PROTOCOL_ERROR. */
        PROTOCOL_ERROR
    }

    private record Rules(BitSet accept, BitSet ignore) {}

    private static final Map<Phase, Map<Role, Rules>> TABLE = new EnumMap<>(Phase.class);
    /** Numbers assigned by a specification Seashell implements (RFC 4250 §4.1, RFC 8308, OpenSSH PROTOCOL). */
    private static final BitSet ASSIGNED = set(range(DISCONNECT, EXT_INFO), range(KEXINIT, NEWKEYS), range(KEX_FIRST, KEX_LAST),
            range(USERAUTH_REQUEST, USERAUTH_BANNER), range(USERAUTH_INFO_REQUEST, USERAUTH_INFO_RESPONSE),
            range(GLOBAL_REQUEST, REQUEST_FAILURE), range(CHANNEL_OPEN, CHANNEL_FAILURE), range(PING, PONG));

    static {
        BitSet generic = range(DISCONNECT, DEBUG);
        BitSet kexMethod = range(KEX_FIRST, KEX_LAST);
        BitSet none = new BitSet();
        rule(Phase.VERSION, Role.SERVER, none, none);
        rule(Phase.VERSION, Role.CLIENT, none, none);
        BitSet firstKex = set(generic, range(KEXINIT, NEWKEYS), kexMethod);
        rule(Phase.FIRST_KEX, Role.SERVER, firstKex, none);
        rule(Phase.FIRST_KEX, Role.CLIENT, firstKex, none);
        BitSet rekey = set(generic, range(NEWKEYS, NEWKEYS), kexMethod);
        rule(Phase.KEX, Role.SERVER, rekey, none);
        rule(Phase.KEX, Role.CLIENT, rekey, none);
        BitSet anyTime = set(generic, range(KEXINIT, KEXINIT), range(PING, PONG));
        rule(Phase.USERAUTH, Role.SERVER,
                set(anyTime, range(SERVICE_REQUEST, SERVICE_REQUEST), range(USERAUTH_REQUEST, USERAUTH_REQUEST),
                        range(USERAUTH_INFO_RESPONSE, USERAUTH_INFO_RESPONSE)), none);
        rule(Phase.USERAUTH, Role.CLIENT,
                set(anyTime, range(SERVICE_ACCEPT, EXT_INFO), range(USERAUTH_FAILURE, USERAUTH_BANNER),
                        range(USERAUTH_INFO_REQUEST, USERAUTH_INFO_REQUEST)), none);
        BitSet connection = set(anyTime, range(GLOBAL_REQUEST, REQUEST_FAILURE), range(CHANNEL_OPEN, CHANNEL_FAILURE));
        rule(Phase.CONNECTION, Role.SERVER, connection, range(USERAUTH_REQUEST, USERAUTH_REQUEST));
        rule(Phase.CONNECTION, Role.CLIENT, connection, none);
    }

    /** What a side in {@code receiver}'s role does with message number {@code type} (0-255) in {@code phase}. */
    public static Verdict verdict(Phase phase, Role receiver, int type) {
        if (type < 0 || type > 255) throw new IllegalArgumentException("message number " + type);
        Rules r = TABLE.get(phase).get(receiver);
        if (r.accept().get(type)) return Verdict.ACCEPT;
        if (r.ignore().get(type)) return Verdict.IGNORE;
        boolean keyExchange = phase == Phase.VERSION || phase == Phase.FIRST_KEX || phase == Phase.KEX;
        return keyExchange || ASSIGNED.get(type) ? Verdict.PROTOCOL_ERROR : Verdict.UNIMPLEMENTED;
    }

    /** Whether {@code type} is handed on in this phase. */
    public static boolean accepts(Phase phase, Role receiver, int type) {
        return verdict(phase, receiver, type) == Verdict.ACCEPT;
    }

    private static void rule(Phase phase, Role role, BitSet accept, BitSet ignore) {
        TABLE.computeIfAbsent(phase, p -> new EnumMap<>(Role.class)).put(role, new Rules(accept, ignore));
    }

    private static BitSet range(int from, int to) {
        BitSet b = new BitSet(256);
        b.set(from, to + 1);
        return b;
    }

    private static BitSet set(BitSet... parts) {
        BitSet b = new BitSet(256);
        for (BitSet p : parts) b.or(p);
        return b;
    }
}
