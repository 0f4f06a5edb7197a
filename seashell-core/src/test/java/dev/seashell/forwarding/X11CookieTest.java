package dev.seashell.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The xauth commands behind -X (untrusted, generated cookie) and -Y (trusted, listed cookie), as ssh runs them. */
class X11CookieTest {
    static final String COOKIE = "00112233445566778899aabbccddeeff";
    @TempDir Path dir;

    /** A stand-in xauth that records each argv (one line, NUL-free) and answers list/generate as told. */
    Path fakeXauth(boolean generateWorks, String listOutput) throws Exception {
        Path log = dir.resolve("calls");
        Path script = dir.resolve("xauth");
        Files.writeString(script, """
                #!/bin/sh
                echo "$*" >> '%s'
                case "$*" in
                  *" generate "*) [ %s = yes ] && : > "$2"; [ %s = yes ] ;;
                  *list*) printf '%%s' '%s' ;;
                esac
                """.formatted(log, generateWorks ? "yes" : "no", generateWorks ? "yes" : "no", listOutput));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    List<String> calls() throws Exception {
        Path log = dir.resolve("calls");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void untrustedGeneratesWithTimeoutPlusSlackInAPrivateFileThenLists() throws Exception {
        Path xauth = fakeXauth(true, "host/unix:5  MIT-MAGIC-COOKIE-1  " + COOKIE + "\n");
        List<String> warnings = new ArrayList<>();
        var r = X11Cookie.obtain(xauth.toString(), "localhost:5.0", false, Duration.ofMinutes(20), warnings::add, s -> { });
        assertThat(r).isNotNull();
        assertThat(HexFormat.of().formatHex(r.cookie())).isEqualTo(COOKIE);
        assertThat(r.refuseAfter()).isEqualTo(Duration.ofMinutes(20));
        assertThat(warnings).isEmpty();
        List<String> calls = calls();
        assertThat(calls).hasSize(2);
        String[] gen = calls.get(0).split(" ");
        assertThat(gen[0]).isEqualTo("-f");
        Path file = Path.of(gen[1]);
        assertThat(file.getFileName().toString()).isEqualTo("xauthfile");
        assertThat(file.getParent().getFileName().toString()).startsWith("ssh-");
        // localhost:N is unix:N to xauth; 1200 s + 60 s of slack, as ssh.
        assertThat(List.of(gen).subList(2, gen.length))
                .containsExactly("generate", "unix:5.0", "MIT-MAGIC-COOKIE-1", "untrusted", "timeout", "1260");
        assertThat(calls.get(1)).isEqualTo("-f " + file + " list unix:5.0");
        assertThat(file.getParent()).as("the private directory is removed").doesNotExist();
    }

    @Test
    void untrustedWithoutTimeoutHasNoTimeoutArgumentAndNoRefusal() throws Exception {
        Path xauth = fakeXauth(true, "h/unix:7  MIT-MAGIC-COOKIE-1  " + COOKIE + "\n");
        var r = X11Cookie.obtain(xauth.toString(), ":7", false, Duration.ZERO, s -> { }, s -> { });
        assertThat(r.refuseAfter()).isNull();
        assertThat(calls().getFirst()).endsWith(" generate :7 MIT-MAGIC-COOKIE-1 untrusted");
    }

    @Test
    void untrustedFailureRequestsNothingWithSshsWarning() throws Exception {
        Path xauth = fakeXauth(false, "");
        List<String> warnings = new ArrayList<>();
        assertThat(X11Cookie.obtain(xauth.toString(), ":7", false, Duration.ofMinutes(20), warnings::add, s -> { })).isNull();
        assertThat(warnings).containsExactly("Warning: untrusted X11 forwarding setup failed: xauth key data not generated");
        assertThat(calls()).hasSize(1); // generate failed: no list
    }

    @Test
    void untrustedWithoutXauthProgramFailsToo() {
        List<String> warnings = new ArrayList<>();
        assertThat(X11Cookie.obtain(dir.resolve("missing").toString(), ":7", false, Duration.ofMinutes(20), warnings::add, s -> { }))
                .isNull();
        assertThat(warnings).hasSize(1);
    }

    @Test
    void trustedListsTheDisplaysOwnCookie() throws Exception {
        Path xauth = fakeXauth(true, "h/unix:3  MIT-MAGIC-COOKIE-1  " + COOKIE + "\n");
        var r = X11Cookie.obtain(xauth.toString(), ":3", true, Duration.ofMinutes(20), s -> { }, s -> { });
        assertThat(HexFormat.of().formatHex(r.cookie())).isEqualTo(COOKIE);
        assertThat(r.refuseAfter()).isNull();
        assertThat(calls()).containsExactly("list :3");
    }

    @Test
    void trustedWithoutDataFallsBackToFakeData() throws Exception {
        Path xauth = fakeXauth(true, "");
        var r = X11Cookie.obtain(xauth.toString(), ":3", true, Duration.ofMinutes(20), s -> { }, s -> { });
        assertThat(r).isNotNull();
        assertThat(r.cookie()).isNull(); // X11ForwardingClient.register warns and sends the fake cookie on
    }
}
