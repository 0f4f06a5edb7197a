package dev.seashell.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.auth.AuthorizedKeyOptions.Decision;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** authorized_keys options, AllowUsers/DenyUsers/Groups and AuthenticationMethods chains, without a network. */
class AuthPolicyTest {
    static InetSocketAddress from(String ip) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), 40000);
    }

    static final Instant NOW = ZonedDateTime.of(2026, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC).toInstant();

    static Decision eval(String line, InetSocketAddress remote) throws Exception {
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl c";
        AuthorizedKeys.Entry e = AuthorizedKeys.parse(line + " " + key).entries().getFirst();
        return AuthorizedKeyOptions.evaluate(e.options(), remote, NOW);
    }

    static SessionRestrictions granted(String line) throws Exception {
        Decision d = eval(line, from("127.0.0.1"));
        assertThat(d).isInstanceOf(Decision.Granted.class);
        return ((Decision.Granted) d).restrictions();
    }

    @Test
    void fromMatchesAddressesCidrAndNegation() throws Exception {
        assertThat(eval("from=\"127.0.0.1\"", from("127.0.0.1"))).isInstanceOf(Decision.Granted.class);
        assertThat(eval("from=\"10.1.2.3\"", from("127.0.0.1"))).isInstanceOf(Decision.Refused.class);
        assertThat(eval("from=\"10.0.0.0/8,192.168.*\"", from("10.9.8.7"))).isInstanceOf(Decision.Granted.class);
        assertThat(eval("from=\"10.0.0.0/8,192.168.*\"", from("192.168.4.4"))).isInstanceOf(Decision.Granted.class);
        assertThat(eval("from=\"10.0.0.0/8,!10.6.6.6\"", from("10.6.6.6"))).isInstanceOf(Decision.Refused.class);
        assertThat(eval("from=\"10.0.0.1/8\"", from("10.0.0.1"))).as("host bits set").isInstanceOf(Decision.Refused.class);
        assertThat(eval("from=\"::1\"", from("::1"))).isInstanceOf(Decision.Granted.class);
    }

    @Test
    void expiryTime() throws Exception {
        assertThat(eval("expiry-time=\"20260601Z\"", from("127.0.0.1"))).as("midnight, before noon").isInstanceOf(Decision.Refused.class);
        assertThat(eval("expiry-time=\"202606011300Z\"", from("127.0.0.1"))).isInstanceOf(Decision.Granted.class);
        assertThat(eval("expiry-time=\"20260601115959Z\"", from("127.0.0.1"))).isInstanceOf(Decision.Refused.class);
        assertThat(eval("expiry-time=\"2026\"", from("127.0.0.1"))).isInstanceOf(Decision.Refused.class);
    }

    @Test
    void restrictionsFromOptions() throws Exception {
        SessionRestrictions r = granted("command=\"echo \\\"hi\\\"\",no-pty,no-port-forwarding,permitopen=\"db:5432\","
                + "permitopen=\"cache:6379\",permitlisten=\"8080\",environment=\"A=1\",principals=\"alice,bob\"");
        assertThat(r.forcedCommand()).contains("echo \"hi\"");
        assertThat(r.allowPty()).isFalse();
        assertThat(r.allowPortForwarding()).isFalse();
        assertThat(r.allowAgentForwarding()).isTrue();
        assertThat(r.permitOpen()).containsExactly("db:5432", "cache:6379");
        assertThat(r.permitListen()).containsExactly("8080");
        assertThat(r.environment()).isEqualTo(Map.of("A", "1"));
        assertThat(r.principals()).containsExactly("alice", "bob");
        SessionRestrictions restrict = granted("restrict,pty");
        assertThat(restrict.allowPty()).isTrue();
        assertThat(restrict.allowPortForwarding() || restrict.allowAgentForwarding() || restrict.allowX11()).isFalse();
        assertThat(granted("no-agent-forwarding,no-X11-forwarding").allowX11()).isFalse();
    }

    @Test
    void unknownOrRepeatedOptionsRefuseTheKey() throws Exception {
        assertThat(eval("frobnicate", from("127.0.0.1"))).isInstanceOf(Decision.Refused.class);
        assertThat(eval("command=\"a\",command=\"b\"", from("127.0.0.1"))).isInstanceOf(Decision.Refused.class);
        assertThat(eval("environment=\"=x\"", from("127.0.0.1"))).isInstanceOf(Decision.Refused.class);
    }

    static ServerAuthConfig filters(List<String> au, List<String> du, List<String> ag, List<String> dg) {
        return ServerAuthConfig.defaults().withUserFilters(au, du, ag, dg)
                .withAccounts(u -> Optional.empty(), u -> switch (u) {
                    case "alice" -> List.of("alice", "wheel");
                    case "bob" -> List.of("bob", "users");
                    default -> List.of();
                });
    }

    @Test
    void allowAndDenyUsersAndGroups() throws Exception {
        InetSocketAddress local = from("127.0.0.1");
        assertThat(UserAccessPolicy.refusal(filters(List.of("alice"), List.of(), List.of(), List.of()), "bob", local))
                .contains("not listed in AllowUsers");
        assertThat(UserAccessPolicy.refusal(filters(List.of("alice@127.0.0.0/8"), List.of(), List.of(), List.of()), "alice", local)).isEmpty();
        assertThat(UserAccessPolicy.refusal(filters(List.of("alice@10.0.0.1"), List.of(), List.of(), List.of()), "alice", local)).isPresent();
        assertThat(UserAccessPolicy.refusal(filters(List.of("*"), List.of("b*"), List.of(), List.of()), "bob", local))
                .contains("listed in DenyUsers");
        assertThat(UserAccessPolicy.refusal(filters(List.of(), List.of(), List.of("wheel"), List.of()), "bob", local))
                .contains("none of user's groups are listed in AllowGroups");
        assertThat(UserAccessPolicy.refusal(filters(List.of(), List.of(), List.of("wheel"), List.of()), "alice", local)).isEmpty();
        assertThat(UserAccessPolicy.refusal(filters(List.of(), List.of(), List.of(), List.of("users")), "bob", local))
                .contains("a group is listed in DenyGroups");
    }

    @Test
    void groupsFromEtcGroupFormat() {
        String group = "root:x:0:\nwheel:x:10:alice,carol\nalice:x:1000:\nusers:x:100:bob\n";
        assertThat(UnixGroups.groupsOf("alice", 1000, group)).containsExactly("wheel", "alice");
        assertThat(UnixGroups.groupsOf("bob", 4242, group)).containsExactly("users");
    }

    @Test
    void methodChainsNeedEveryStepInOrder() {
        MethodChains c = new MethodChains(List.of(List.of("publickey", "keyboard-interactive:pam"), List.of("password", "publickey")),
                List.of("publickey", "password", "keyboard-interactive"));
        assertThat(c.next()).containsExactly("publickey", "password");
        assertThat(c.allows("keyboard-interactive")).isFalse();
        assertThat(c.passed("publickey")).isFalse();
        assertThat(c.next()).containsExactly("keyboard-interactive", "password");
        assertThat(c.allows("publickey")).as("publickey cannot satisfy a later step").isFalse();
        assertThat(c.passed("keyboard-interactive")).isTrue();
    }

    @Test
    void chainsWithDisabledMethodsAreDropped() {
        MethodChains c = new MethodChains(List.of(List.of("publickey", "password"), List.of("publickey")), List.of("publickey"));
        assertThat(c.next()).containsExactly("publickey");
        assertThat(c.passed("publickey")).isTrue();
        assertThat(new MethodChains(List.of(), List.of("publickey", "password")).next()).containsExactly("publickey", "password");
    }
}
