package dev.seashell.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.server.SourcePenalties.Kind;
import dev.seashell.server.SourcePenalties.Overflow;
import dev.seashell.server.SourcePenalties.Policy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SourcePenaltiesTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> log = new ArrayList<>();

    private SourcePenalties penalties(String policy, NetBlock block, String exempt) {
        return new SourcePenalties(Policy.parse(List.of(policy.split(" "))), block, exempt, now::get, log::add);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void defaultsMatchSshdConfigManual() {
        Policy p = Policy.DEFAULT;
        assertThat(p.enabled()).isTrue();
        assertThat(p.duration(Kind.CRASH)).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.duration(Kind.AUTHFAIL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.duration(Kind.NOAUTH)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.duration(Kind.GRACE_EXCEEDED)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.max()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.min()).isEqualTo(Duration.ofSeconds(15));
        assertThat(p.maxSources4()).isEqualTo(65536);
        assertThat(p.overflow4()).isEqualTo(Overflow.PERMISSIVE);
        assertThat(Policy.DISABLED.enabled()).isFalse();
    }

    @Test
    void parsesKeywordsAndRejectsUnknownOnes() {
        Policy p = Policy.parse(List.of("crash:2m", "authfail:1m30s", "grace-exceeded:20", "max:1h", "min:0",
                "max-sources4:8", "max-sources6:4", "overflow:deny-all", "overflow6:permissive"));
        assertThat(p.duration(Kind.CRASH)).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.duration(Kind.AUTHFAIL)).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.duration(Kind.GRACE_EXCEEDED)).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.duration(Kind.NOAUTH)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.max()).isEqualTo(Duration.ofHours(1));
        assertThat(p.min()).isZero();
        assertThat(p.maxSources4()).isEqualTo(8);
        assertThat(p.overflow4()).isEqualTo(Overflow.DENY_ALL);
        assertThat(p.overflow6()).isEqualTo(Overflow.PERMISSIVE);
        assertThat(Policy.parse(List.of("overflow:deny-all")).overflow6()).isEqualTo(Overflow.DENY_ALL);
        assertThatThrownBy(() -> Policy.parse(List.of("bogus:1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Policy.parse(List.of("crash:xyz"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Policy.parse(List.of("overflow:maybe"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Policy.parse(List.of("no", "crash:1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void penaltiesAccumulateToMinBeforeRefusingAndExpire() throws Exception {
        SourcePenalties p = penalties("authfail:5s min:15s max:10m", NetBlock.DEFAULT, null);
        InetAddress a = ip("192.0.2.7");
        p.penalise(a, Kind.AUTHFAIL);
        p.penalise(a, Kind.AUTHFAIL);
        assertThat(p.refusal(a)).as("10s accrued, below min 15s").isEmpty();
        p.penalise(a, Kind.AUTHFAIL);
        assertThat(p.refusal(a)).contains("penalty: failed authentication");
        assertThat(log).anyMatch(l -> l.contains("192.0.2.7/32") && l.contains("failed authentication"));
        assertThat(p.refusal(ip("192.0.2.8"))).as("another address").isEmpty();
        advance(Duration.ofSeconds(14));
        assertThat(p.isPenalised(a)).isTrue();
        advance(Duration.ofSeconds(2));
        assertThat(p.isPenalised(a)).as("15s accrued, expired after 16s").isFalse();
        assertThat(p.tracked()).isZero();
    }

    @Test
    void accumulationIsCappedAtMax() throws Exception {
        SourcePenalties p = penalties("crash:90s max:2m min:0", NetBlock.DEFAULT, null);
        InetAddress a = ip("2001:db8::1");
        for (int i = 0; i < 10; i++) p.penalise(a, Kind.CRASH);
        assertThat(p.refusal(a)).contains("penalty: caused crash");
        advance(Duration.ofSeconds(119));
        assertThat(p.isPenalised(a)).isTrue();
        advance(Duration.ofSeconds(2));
        assertThat(p.isPenalised(a)).as("capped at 2 minutes, not 15").isFalse();
    }

    @Test
    void netBlockGroupsNeighbours() throws Exception {
        SourcePenalties p = penalties("noauth:20s min:10s", NetBlock.parse("24:64"), null);
        p.penalise(ip("198.51.100.1"), Kind.NOAUTH);
        assertThat(p.isPenalised(ip("198.51.100.254"))).isTrue();
        assertThat(p.isPenalised(ip("198.51.101.1"))).isFalse();
        p.penalise(ip("2001:db8:0:1::5"), Kind.NOAUTH);
        assertThat(p.isPenalised(ip("2001:db8:0:1:ffff::9"))).isTrue();
        assertThat(p.isPenalised(ip("2001:db8:0:2::5"))).isFalse();
        assertThat(NetBlock.parse("20").of(ip("10.1.31.9")).toString()).isEqualTo("10.1.16.0/20");
        assertThatThrownBy(() -> NetBlock.parse("33")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exemptListAndDisabledPolicyNeverRefuse() throws Exception {
        SourcePenalties p = penalties("crash:1m min:0", NetBlock.DEFAULT, "10.0.0.0/8,192.0.2.*");
        for (String s : List.of("10.9.8.7", "192.0.2.55")) {
            p.penalise(ip(s), Kind.CRASH);
            assertThat(p.isPenalised(ip(s))).as(s).isFalse();
        }
        p.penalise(ip("198.51.100.9"), Kind.CRASH);
        assertThat(p.isPenalised(ip("198.51.100.9"))).isTrue();
        SourcePenalties off = penalties("no", NetBlock.DEFAULT, null);
        for (int i = 0; i < 100; i++) off.penalise(ip("198.51.100.9"), Kind.CRASH);
        assertThat(off.isPenalised(ip("198.51.100.9"))).isFalse();
        assertThat(off.tracked()).isZero();
    }

    @Test
    void permissiveOverflowEvictsAndDenyAllRefusesEveryone() throws Exception {
        SourcePenalties permissive = penalties("crash:1m min:0 max-sources4:4", NetBlock.DEFAULT, null);
        for (int i = 1; i <= 10; i++) {
            advance(Duration.ofSeconds(1));
            permissive.penalise(ip("203.0.113." + i), Kind.CRASH);
        }
        assertThat(permissive.tracked()).isEqualTo(4);
        assertThat(permissive.isPenalised(ip("203.0.113.1"))).as("oldest evicted").isFalse();
        assertThat(permissive.isPenalised(ip("203.0.113.10"))).isTrue();
        assertThat(permissive.isPenalised(ip("198.51.100.1"))).isFalse();

        SourcePenalties denyAll = penalties("crash:1m min:0 max-sources4:4 overflow:deny-all", NetBlock.DEFAULT, "192.0.2.1");
        for (int i = 1; i <= 10; i++) denyAll.penalise(ip("203.0.113." + i), Kind.CRASH);
        assertThat(denyAll.tracked()).isEqualTo(4);
        assertThat(denyAll.refusal(ip("198.51.100.1"))).hasValueSatisfying(r -> assertThat(r).contains("deny-all"));
        assertThat(denyAll.isPenalised(ip("192.0.2.1"))).as("exempt").isFalse();
        assertThat(denyAll.isPenalised(ip("2001:db8::1"))).as("IPv6 tracked separately").isFalse();
        advance(Duration.ofMinutes(2));
        assertThat(denyAll.isPenalised(ip("198.51.100.1"))).as("penalties expired").isFalse();
    }

    @Test
    void perSourceStartupsLimitsEachNetBlock() throws Exception {
        PerSourceStartups s = new PerSourceStartups(2, NetBlock.parse("24"));
        assertThat(s.tryStart(ip("192.0.2.1"))).isTrue();
        assertThat(s.tryStart(ip("192.0.2.2"))).isTrue();
        assertThat(s.tryStart(ip("192.0.2.3"))).isFalse();
        assertThat(s.tryStart(ip("192.0.3.1"))).isTrue();
        s.done(ip("192.0.2.1"));
        assertThat(s.pending(ip("192.0.2.9"))).isEqualTo(1);
        assertThat(s.tryStart(ip("192.0.2.3"))).isTrue();
        PerSourceStartups none = PerSourceStartups.unlimited();
        for (int i = 0; i < 1000; i++) assertThat(none.tryStart(ip("192.0.2.1"))).isTrue();
    }
}
