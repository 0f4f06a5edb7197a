package dev.seashell.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PatternsTest {
    @Test
    void globs() {
        assertThat(Patterns.glob("host.example.com", "*.example.com")).isTrue();
        assertThat(Patterns.glob("host.example.com", "h?st.*")).isTrue();
        assertThat(Patterns.glob("host.example.org", "*.example.com")).isFalse();
        assertThat(Patterns.glob("", "*")).isTrue();
        assertThat(Patterns.glob("ab", "a?b")).isFalse();
    }

    @Test
    void listsWithNegation() {
        assertThat(Patterns.list("web1", "web*,!web2", false)).isEqualTo(1);
        assertThat(Patterns.list("web2", "web*,!web2", false)).isEqualTo(-1);
        assertThat(Patterns.list("db", "web*,!web2", false)).isZero();
        assertThat(Patterns.matches("WEB1", "web*", true)).isTrue();
        assertThat(Patterns.matches("WEB1", "web*", false)).isFalse();
    }

    @Test
    void cidrAndAddressPatterns() {
        assertThat(Patterns.addressList("10.2.3.4", "10.0.0.0/8")).isEqualTo(1);
        assertThat(Patterns.addressList("10.1.3.4", "10.0.0.0/8,!10.1.0.0/16")).isEqualTo(-1);
        assertThat(Patterns.addressList("192.168.1.9", "192.168.1.*")).isEqualTo(1);
        assertThat(Patterns.addressList("2001:db8::1", "2001:db8::/32")).isEqualTo(1);
        assertThat(Patterns.addressList("2001:db9::1", "2001:db8::/32")).isZero();
        assertThat(Patterns.addressList("10.0.0.1", "2001:db8::/32")).isZero();
        assertThatThrownBy(() -> Patterns.addressList("10.0.0.1", "10.0.0.1/8"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Patterns.addressList("10.0.0.1", "10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
