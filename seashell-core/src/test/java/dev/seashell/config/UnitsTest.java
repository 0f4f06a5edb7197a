package dev.seashell.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void timeFormats() {
        assertThat(Units.seconds("600")).isEqualTo(600);
        assertThat(Units.seconds("10m")).isEqualTo(600);
        assertThat(Units.seconds("1h30m")).isEqualTo(5400);
        assertThat(Units.seconds("1m30s")).isEqualTo(90);
        assertThat(Units.seconds("1W2d")).isEqualTo(604800 + 2 * 86400);
        assertThat(Units.seconds("1x")).isEqualTo(-1);
        assertThat(Units.seconds("m")).isEqualTo(-1);
    }

    @Test
    void sizes() {
        assertThat(Units.bytes("512")).isEqualTo(512);
        assertThat(Units.bytes("1K")).isEqualTo(1024);
        assertThat(Units.bytes("2M")).isEqualTo(2L << 20);
        assertThat(Units.bytes("1G")).isEqualTo(1L << 30);
        assertThat(Units.bytes("1Q")).isEqualTo(-1);
    }
}
