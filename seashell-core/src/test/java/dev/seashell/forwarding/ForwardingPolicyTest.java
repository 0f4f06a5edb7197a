package dev.seashell.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.forwarding.ForwardingPolicy.Allow;
import dev.seashell.forwarding.ForwardingPolicy.GatewayPorts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingPolicyTest {
    static ForwardingPolicy policy(Allow allow, List<String> open, List<String> listen) {
        return new ForwardingPolicy(allow, GatewayPorts.NO, open, listen, Allow.NO);
    }

    @Test
    void allowTcpForwardingSplitsDirections() {
        ForwardingPolicy local = policy(Allow.parse("local"), List.of("any"), List.of("any"));
        assertThat(local.permitsOpen("h", 1)).isTrue();
        assertThat(local.permitsListen("", 0)).isFalse();
        ForwardingPolicy remote = policy(Allow.parse("remote"), List.of("any"), List.of("any"));
        assertThat(remote.permitsOpen("h", 1)).isFalse();
        assertThat(remote.permitsListen("", 0)).isTrue();
        assertThat(Allow.parse("yes")).isEqualTo(Allow.ALL);
        assertThat(ForwardingPolicy.disabled().permitsOpen("h", 1)).isFalse();
        assertThatThrownBy(() -> Allow.parse("maybe")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void permitOpenMatchesHostAndPortPatterns() {
        ForwardingPolicy p = policy(Allow.ALL, List.of("db:5432", "*:80", "web:*", "[::1]:22"), List.of("none"));
        assertThat(p.permitsOpen("db", 5432)).isTrue();
        assertThat(p.permitsOpen("DB", 5432)).isTrue();
        assertThat(p.permitsOpen("db", 5433)).isFalse();
        assertThat(p.permitsOpen("anything", 80)).isTrue();
        assertThat(p.permitsOpen("web", 8080)).isTrue();
        assertThat(p.permitsOpen("::1", 22)).isTrue();
        assertThat(p.permitsOpen("other", 22)).isFalse();
        assertThat(policy(Allow.ALL, List.of("none"), List.of()).permitsOpen("db", 5432)).isFalse();
    }

    @Test
    void permitListenNeedsAWildcardPortForPortZero() {
        ForwardingPolicy p = policy(Allow.ALL, List.of(), List.of("8080", "localhost:*"));
        assertThat(p.permitsListen("", 8080)).isTrue();
        assertThat(p.permitsListen("", 0)).isFalse();
        assertThat(p.permitsListen("localhost", 0)).isTrue();
        assertThat(p.permitsListen("localhost", 9999)).isTrue();
        assertThat(p.permitsListen("0.0.0.0", 9999)).isFalse();
        assertThat(policy(Allow.ALL, List.of(), List.of("none")).permitsListen("localhost", 8080)).isFalse();
    }
}
