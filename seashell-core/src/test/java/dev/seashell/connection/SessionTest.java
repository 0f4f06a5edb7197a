package dev.seashell.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.MessageNumbers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Session channels end to end: ClientSession against ServerSession + ProcessCommandHandler. */
@Timeout(60)
class SessionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private LayerPair pair;

    @BeforeEach
    void setUp() {
        pair = new LayerPair();
        Map<String, String> env = ProcessCommandHandler.standardEnvironment("10.0.0.1 50000 22", "10.0.0.1 50000 10.0.0.2 22");
        ServerSession.register(pair.server, new ProcessCommandHandler(env, "/bin/sh", null,
                Map.of("upper", List.of("tr", "a-z", "A-Z"))));
    }

    @AfterEach
    void tearDown() {
        assertThat(pair.protocolError.get()).isNull();
        pair.close();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void execKeepsStdoutAndStderrApartAndReportsTheExitStatus() throws Exception {
        ClientSession s = ClientSession.open(pair.client);
        s.exec("echo hi; echo err >&2; exit 3");
        assertThat(text(s.stdout().readAllBytes())).isEqualTo("hi\n");
        assertThat(text(s.stderr().readAllBytes())).isEqualTo("err\n");
        assertThat(s.exitStatus(WAIT)).contains(3);
        assertThat(s.exitSignal()).isEmpty();
        assertThat(pair.client.channelCount()).isZero();
    }

    @Test
    void serverEndsWithDataThenEofThenExitStatusThenClose() throws Exception {
        ClientSession s = ClientSession.open(pair.client);
        s.exec("echo x");
        assertThat(s.exitStatus(WAIT)).contains(0);
        List<Integer> tail = pair.sentByServer().stream()
                .filter(t -> t != MessageNumbers.CHANNEL_WINDOW_ADJUST && t != MessageNumbers.CHANNEL_SUCCESS
                        && t != MessageNumbers.CHANNEL_OPEN_CONFIRMATION)
                .toList();
        assertThat(tail).containsExactly(MessageNumbers.CHANNEL_DATA, MessageNumbers.CHANNEL_EOF,
                MessageNumbers.CHANNEL_REQUEST, MessageNumbers.CHANNEL_CLOSE);
    }

    @Test
    void catEchoesFourMebibytesWithHalfClose() throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(7).nextBytes(data);
        ClientSession s = ClientSession.open(pair.client);
        s.exec("cat");
        AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try (OutputStream in = s.stdin()) { // close() sends EOF: cat sees end of input
                for (int off = 0; off < data.length; off += 100_000) in.write(data, off, Math.min(100_000, data.length - off));
            } catch (Throwable t) {
                writeFailure.set(t);
            }
        });
        byte[] back = s.stdout().readAllBytes();
        writer.join();
        assertThat(writeFailure.get()).isNull();
        assertThat(back.length).isEqualTo(data.length);
        assertThat(back).isEqualTo(data);
        assertThat(s.exitStatus(WAIT)).contains(0);
    }

    @Test
    void environmentCarriesConnectionVariablesAndAcceptedClientVariables() throws Exception {
        ClientSession s = ClientSession.open(pair.client);
        assertThat(s.setEnv("LANG", "C.UTF-8")).isTrue();
        assertThat(s.setEnv("LD_PRELOAD", "/tmp/evil.so")).isFalse();
        s.exec("echo \"$LANG|$SSH_CLIENT|$SSH_CONNECTION|${LD_PRELOAD:-unset}|${HOME:+home}\"");
        assertThat(text(s.stdout().readAllBytes()))
                .isEqualTo("C.UTF-8|10.0.0.1 50000 22|10.0.0.1 50000 10.0.0.2 22|unset|home\n");
        assertThat(s.exitStatus(WAIT)).contains(0);
    }

    @Test
    void ptyIsRefusedByTheDefaultHandlerAndExecStillWorks() throws Exception {
        ClientSession s = ClientSession.open(pair.client);
        assertThat(s.requestPty("xterm", 80, 24, new byte[] {0})).isFalse();
        s.exec("test -t 0 || echo notty");
        assertThat(text(s.stdout().readAllBytes())).isEqualTo("notty\n");
        assertThat(s.exitStatus(WAIT)).contains(0);
    }

    @Test
    void exitCodesAbove128ComeBackAsTheyAre() throws Exception {
        ClientSession s = ClientSession.open(pair.client);
        s.exec("exit 130");
        assertThat(s.exitStatus(WAIT)).contains(130);
        assertThat(s.exitSignal()).isEmpty();
    }

    @Test
    void signalRequestTerminatesTheProcess() throws Exception {
        ClientSession s = ClientSession.open(pair.client);
        s.exec("echo started; exec sleep 30");
        assertThat(s.stdout().readNBytes(8)).isEqualTo("started\n".getBytes());
        s.signal("KILL");
        assertThat(s.exitStatus(WAIT)).isEmpty();
        assertThat(s.exitSignal()).hasValueSatisfying(sig -> assertThat(sig.signalName()).isEqualTo("KILL"));
    }

    @Test
    void subsystemRunsItsConfiguredCommandAndUnknownOnesAreRefused() throws Exception {
        ClientSession s = ClientSession.open(pair.client);
        s.subsystem("upper");
        s.stdin().write("hello".getBytes());
        s.stdin().close();
        assertThat(text(s.stdout().readAllBytes())).isEqualTo("HELLO");
        assertThat(s.exitStatus(WAIT)).contains(0);

        ClientSession t = ClientSession.open(pair.client);
        assertThatThrownBy(() -> t.subsystem("nope")).isInstanceOf(IOException.class);
        assertThatCode(() -> t.exec("true")).doesNotThrowAnyException();
        assertThatThrownBy(() -> t.exec("true")).isInstanceOf(IOException.class); // one command per session
        assertThat(t.exitStatus(WAIT)).contains(0);
    }

    @Test
    void missingShellGivesExit127AndAMessage() throws Exception {
        LayerPair other = new LayerPair();
        try {
            ServerSession.register(other.server, new ProcessCommandHandler(Map.of(), "/nonexistent/sh", null, Map.of()));
            ClientSession s = ClientSession.open(other.client);
            s.exec("true");
            assertThat(text(s.stderr().readAllBytes())).contains("/nonexistent/sh");
            assertThat(s.exitStatus(WAIT)).contains(127);
        } finally {
            other.close();
        }
    }

    @Test
    void clientClosingEarlyEndsTheSessionOnBothSides() throws Exception {
        ClientSession s = ClientSession.open(pair.client);
        s.exec("yes");
        assertThat(s.stdout().readNBytes(4)).isEqualTo("y\ny\n".getBytes());
        s.close();
        assertThat(s.exitStatus(WAIT)).isEmpty();
        assertThat(pair.client.channelCount()).isZero();
    }
}
