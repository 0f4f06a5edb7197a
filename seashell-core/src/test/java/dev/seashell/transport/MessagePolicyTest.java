package dev.seashell.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.transport.MessagePolicy.Phase;
import dev.seashell.transport.MessagePolicy.Verdict;
import dev.seashell.transport.Transport.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every phase, both receiving roles, every number 0-255, against sets written out here from the
 * RFCs with literal numbers (deliberately not MessageNumbers, so a wrong constant cannot hide).
 */
class MessagePolicyTest {
    // RFC 4250 §4.1.2: transport generic 1 DISCONNECT, 2 IGNORE, 3 UNIMPLEMENTED, 4 DEBUG, 5 SERVICE_REQUEST,
    // 6 SERVICE_ACCEPT; RFC 8308: 7 EXT_INFO (8 NEWCOMPRESS is not implemented); 20 KEXINIT, 21 NEWKEYS;
    // 30-49 key exchange method specific. RFC 4250 §4.1.2 / RFC 4252: 50 REQUEST, 51 FAILURE, 52 SUCCESS,
    // 53 BANNER, 60 PK_OK / INFO_REQUEST, 61 INFO_RESPONSE. RFC 4254: 80-82 global, 90-100 channel.
    // OpenSSH PROTOCOL §1.9: 192 PING, 193 PONG.
    private static final Set<Integer> ASSIGNED = union(range(1, 7), Set.of(20, 21), range(30, 49), range(50, 53),
            Set.of(60, 61), range(80, 82), range(90, 100), Set.of(192, 193));
    private static final Set<Integer> GENERIC = range(1, 4);

    /** RFC 4253 §7.1 and §7.3: in a key exchange only generic, negotiation and method messages. */
    private static final Set<Integer> FIRST_KEX = union(GENERIC, Set.of(20, 21), range(30, 49));
    /** A re-key starts with the peer's KEXINIT: a second one inside it is not allowed. */
    private static final Set<Integer> REKEY = union(GENERIC, Set.of(21), range(30, 49));
    /** Outside a key exchange: generic messages, a new KEXINIT at any time, PING/PONG. */
    private static final Set<Integer> ANY_TIME = union(GENERIC, Set.of(20, 192, 193));
    /** RFC 4252: the server receives SERVICE_REQUEST (RFC 4253 §10), USERAUTH_REQUEST, INFO_RESPONSE (RFC 4256). */
    private static final Set<Integer> USERAUTH_SERVER = union(ANY_TIME, Set.of(5, 50, 61));
    /** The client receives SERVICE_ACCEPT, EXT_INFO (RFC 8308 §2.4), FAILURE, SUCCESS, BANNER, PK_OK/INFO_REQUEST. */
    private static final Set<Integer> USERAUTH_CLIENT = union(ANY_TIME, Set.of(6, 7, 51, 52, 53, 60));
    /** RFC 4254 in both directions. */
    private static final Set<Integer> CONNECTION = union(ANY_TIME, range(80, 82), range(90, 100));

    @Test
    void versionPhaseAcceptsNoPacketAtAll() {
        for (Role role : Role.values()) {
            for (int t = 0; t <= 255; t++) assertThat(MessagePolicy.verdict(Phase.VERSION, role, t)).isEqualTo(Verdict.PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void firstKeyExchange(Role role) {
        assertExactly(Phase.FIRST_KEX, role, FIRST_KEX, Set.of(), true);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rekey(Role role) {
        assertExactly(Phase.KEX, role, REKEY, Set.of(), true);
    }

    @Test
    void serverBeforeAuthentication() {
        assertExactly(Phase.USERAUTH, Role.SERVER, USERAUTH_SERVER, Set.of(), false);
    }

    @Test
    void clientBeforeAuthentication() {
        assertExactly(Phase.USERAUTH, Role.CLIENT, USERAUTH_CLIENT, Set.of(), false);
    }

    @Test
    void serverAfterAuthenticationIgnoresFurtherUserauthRequests() {
        assertExactly(Phase.CONNECTION, Role.SERVER, CONNECTION, Set.of(50), false);
    }

    @Test
    void clientAfterAuthentication() {
        assertExactly(Phase.CONNECTION, Role.CLIENT, CONNECTION, Set.of(), false);
    }

    /** The classic bugs, spelled out. */
    @Test
    void classicBugsAreRefused() {
        // libssh CVE-2018-10933: USERAUTH_SUCCESS sent by a client.
        assertThat(MessagePolicy.verdict(Phase.USERAUTH, Role.SERVER, 52)).isEqualTo(Verdict.PROTOCOL_ERROR);
        // Paramiko CVE-2018-7750: CHANNEL_OPEN before authentication, either way round.
        assertThat(MessagePolicy.verdict(Phase.USERAUTH, Role.SERVER, 90)).isEqualTo(Verdict.PROTOCOL_ERROR);
        assertThat(MessagePolicy.verdict(Phase.USERAUTH, Role.CLIENT, 90)).isEqualTo(Verdict.PROTOCOL_ERROR);
        // Terrapin CVE-2023-48795 / AsyncSSH CVE-2023-46445/46446: EXT_INFO or session messages before NEWKEYS.
        for (int t : List.of(5, 6, 7, 50, 52, 80, 90, 94, 192)) {
            assertThat(MessagePolicy.verdict(Phase.FIRST_KEX, Role.CLIENT, t)).isEqualTo(Verdict.PROTOCOL_ERROR);
        }
        // A server does not take EXT_INFO from a client (Seashell never advertises ext-info-s support for that).
        assertThat(MessagePolicy.verdict(Phase.USERAUTH, Role.SERVER, 7)).isEqualTo(Verdict.PROTOCOL_ERROR);
        // Unknown numbers after the key exchange: RFC 4253 §11.4.
        assertThat(MessagePolicy.verdict(Phase.CONNECTION, Role.SERVER, 150)).isEqualTo(Verdict.UNIMPLEMENTED);
        assertThat(MessagePolicy.verdict(Phase.USERAUTH, Role.SERVER, 8)).isEqualTo(Verdict.UNIMPLEMENTED);
    }

    @Test
    void numbersOutsideAByteAreAnError() {
        assertThatThrownBy(() -> MessagePolicy.verdict(Phase.CONNECTION, Role.CLIENT, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessagePolicy.verdict(Phase.CONNECTION, Role.CLIENT, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Accepted exactly {@code accepted}, ignored exactly {@code ignored}; everything else is fatal in a
     * key exchange, and outside one fatal if assigned, answered UNIMPLEMENTED if not.
     */
    private static void assertExactly(Phase phase, Role role, Set<Integer> accepted, Set<Integer> ignored, boolean keyExchange) {
        List<String> wrong = new ArrayList<>();
        for (int t = 0; t <= 255; t++) {
            Verdict expected = accepted.contains(t) ? Verdict.ACCEPT
                    : ignored.contains(t) ? Verdict.IGNORE
                    : keyExchange || ASSIGNED.contains(t) ? Verdict.PROTOCOL_ERROR
                    : Verdict.UNIMPLEMENTED;
            Verdict actual = MessagePolicy.verdict(phase, role, t);
            if (actual != expected) wrong.add(t + ": " + actual + " (expected " + expected + ")");
            assertThat(MessagePolicy.accepts(phase, role, t)).isEqualTo(expected == Verdict.ACCEPT);
        }
        assertThat(wrong).as("%s receiving in %s", role, phase).isEmpty();
    }

    private static Set<Integer> range(int from, int to) {
        Set<Integer> s = new TreeSet<>();
        IntStream.rangeClosed(from, to).forEach(s::add);
        return s;
    }

    @SafeVarargs
    private static Set<Integer> union(Set<Integer>... parts) {
        Set<Integer> s = new TreeSet<>();
        for (Set<Integer> p : parts) s.addAll(p);
        return s;
    }
}
