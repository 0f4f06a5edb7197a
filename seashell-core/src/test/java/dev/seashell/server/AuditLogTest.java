package dev.seashell.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.config.LogLevel;
import dev.seashell.server.AuditLog.Event;
import dev.seashell.server.AuditLog.Format;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-07T09:04:05Z"), ZoneOffset.UTC);

    private static List<String> write(Format f, LogLevel level, String... messages) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AuditLog log = new AuditLog(f, new PrintStream(bytes, true, StandardCharsets.UTF_8), level, CLOCK, "box", 4242);
        for (String m : messages) log.accept(m);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void classifiesSshdMessages() {
        Event a = AuditLog.classify("Accepted publickey for alice from 192.0.2.1 port 50022 ssh2: ED25519 SHA256:abc+/def");
        assertThat(a).isEqualTo(new Event("accepted", LogLevel.INFO, "alice", "192.0.2.1", 50022, "publickey", "ED25519",
                "SHA256:abc+/def", null));
        Event f = AuditLog.classify("Failed password for invalid user bob from 2001:db8::1 port 22 ssh2");
        assertThat(f.event()).isEqualTo("failed");
        assertThat(f.user()).isEqualTo("bob");
        assertThat(f.address()).isEqualTo("2001:db8::1");
        assertThat(f.method()).isEqualTo("password");
        assertThat(AuditLog.classify("Connection closed by authenticating user carol 10.0.0.5 port 4 [preauth]"))
                .extracting(Event::event, Event::user, Event::address, Event::port)
                .containsExactly("connection_closed", "carol", "10.0.0.5", 4);
        assertThat(AuditLog.classify("Received disconnect from 10.0.0.5 port 4:11: disconnected by user").reason())
                .isEqualTo("11: disconnected by user");
        assertThat(AuditLog.classify("Disconnected from user dave 10.0.0.6 port 7").user()).isEqualTo("dave");
        assertThat(AuditLog.classify("Timeout before authentication for 10.0.0.7 port 9").event()).isEqualTo("login_grace_timeout");
        assertThat(AuditLog.classify("maximum authentication attempts exceeded for root from 10.0.0.8 port 1 ssh2 [preauth]"))
                .extracting(Event::event, Event::user).containsExactly("max_auth_tries", "root");
        assertThat(AuditLog.classify("drop connection #3 from [127.0.0.2]:5 on [127.0.0.1]:22 penalty: caused crash"))
                .extracting(Event::event, Event::address, Event::reason)
                .containsExactly("connection_dropped", "127.0.0.2", "penalty: caused crash");
        assertThat(AuditLog.classify("something else").event()).isEqualTo("message");
    }

    @Test
    void infoHidesVerboseLinesAndVerboseShowsThem() {
        String conn = "Connection from 192.0.2.1 port 5 on 192.0.2.2 port 22";
        String failed = "Failed password for alice from 192.0.2.1 port 5 ssh2";
        assertThat(write(Format.PLAIN, LogLevel.INFO, conn, failed)).containsExactly(failed);
        assertThat(write(Format.PLAIN, LogLevel.VERBOSE, conn, failed)).containsExactly(conn, failed);
        assertThat(write(Format.PLAIN, LogLevel.QUIET, conn, failed)).isEmpty();
    }

    @Test
    void syslogLineHasSshdPidPrefix() {
        assertThat(write(Format.SYSLOG, LogLevel.INFO, "Invalid user eve from 192.0.2.9 port 7"))
                .containsExactly("Mar  7 09:04:05 box sshd[4242]: Invalid user eve from 192.0.2.9 port 7");
    }

    @Test
    void jsonLinesCarryTheFields() {
        List<String> out = write(Format.JSON, LogLevel.INFO,
                "Accepted publickey for alice from 192.0.2.1 port 50022 ssh2: ED25519 SHA256:xyz");
        assertThat(out).containsExactly("{\"time\":\"2025-03-07T09:04:05Z\",\"event\":\"accepted\",\"level\":\"INFO\","
                + "\"user\":\"alice\",\"address\":\"192.0.2.1\",\"port\":50022,\"method\":\"publickey\",\"key_type\":\"ED25519\","
                + "\"fingerprint\":\"SHA256:xyz\",\"message\":\"Accepted publickey for alice from 192.0.2.1 port 50022 ssh2: ED25519 SHA256:xyz\"}");
        assertThat(write(Format.JSON, LogLevel.INFO, "User a\"b from 1.2.3.4 not allowed because listed in DenyUsers"))
                .singleElement().asString().contains("\"user\":\"a\\\"b\"", "\"reason\":\"listed in DenyUsers\"");
    }

    @Test
    void controlCharactersCannotForgeALine() {
        List<String> out = write(Format.SYSLOG, LogLevel.INFO,
                "Invalid user x\nMar  7 09:04:05 box sshd[1]: Accepted password for root from 6.6.6.6 port 1 ssh2 from 192.0.2.9 port 7");
        assertThat(out).hasSize(1);
        assertThat(out.getFirst()).contains("x\\012Mar");
    }

    @Test
    void formatIsSelectedByPropertyThenEnvironment() {
        assertThat(Format.select(null, null)).isEqualTo(Format.PLAIN);
        assertThat(Format.select(null, "json")).isEqualTo(Format.JSON);
        assertThat(Format.select("syslog", "json")).isEqualTo(Format.SYSLOG);
        assertThatThrownBy(() -> Format.select("xml", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
