package dev.seashell.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.connection.SessionHandler;
import dev.seashell.keys.KeyGen;
import dev.seashell.server.SshServer;
import dev.seashell.transport.Transport;
import dev.seashell.transport.TransportConfig;
import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

/**
 * No user enumeration by timing: a password attempt for a user that does not exist must cost what
 * a wrong password for a real user costs. The hash cost is chosen to exceed the failure padding,
 * so a missing dummy hash would show up as a gap of several milliseconds.
 */
class PasswordTimingTest {
    static final int TRIES = 50;

    @Test
    void invalidUserTakesAsLongAsWrongPassword() throws IOException {
        String hash = OpenBSDBCrypt.generate("2b", "wonderland".toCharArray(), new byte[16], 6);
        UserAccount alice = new UserAccount("alice", 1000, 1000, "/nonexistent", "/bin/sh");
        ServerAuthConfig c = ServerAuthConfig.defaults().withPasswords(PasswordFile.parse("alice:" + hash + "\n"))
                .withMaxAuthTries(TRIES + 5).withAccounts(u -> u.equals("alice") ? Optional.of(alice) : Optional.empty(), u -> java.util.List.of());
        SessionHandler none = (s, cmd) -> false;
        try (SshServer server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0)).auth(c)
                .sessions((u, r, l) -> none).start();
             Transport known = connect(server.port());
             Transport unknown = connect(server.port())) {
            long[] wrong = new long[TRIES];
            long[] invalid = new long[TRIES];
            for (int i = 0; i < TRIES; i++) { // interleaved, order alternating, so load changes hit both alike
                if (i % 2 == 0) {
                    wrong[i] = attempt(known, "alice");
                    invalid[i] = attempt(unknown, "mallory");
                } else {
                    invalid[i] = attempt(unknown, "mallory");
                    wrong[i] = attempt(known, "alice");
                }
            }
            double mWrong = median(wrong) / 1e6;
            double mInvalid = median(invalid) / 1e6;
            double diff = Math.abs(mWrong - mInvalid);
            assertThat(mWrong).as("bcrypt cost 6 should dominate the 12 ms padding").isGreaterThan(12.0);
            assertThat(diff < 5.0 || diff < 0.25 * Math.max(mWrong, mInvalid))
                    .as("median wrong password %.2f ms vs invalid user %.2f ms", mWrong, mInvalid).isTrue();
        }
    }

    static Transport connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        Transport t = Transport.client(s.getInputStream(), s.getOutputStream(), s, TransportConfig.defaults(), k -> { });
        t.handshake();
        t.send(new SshWriter().writeByte(MessageNumbers.SERVICE_REQUEST).writeString("ssh-userauth").toByteArray());
        t.readPacket();
        return t;
    }

    static long attempt(Transport t, String user) throws IOException {
        byte[] req = new SshWriter().writeByte(MessageNumbers.USERAUTH_REQUEST).writeString(user).writeString("ssh-connection")
                .writeString("password").writeBoolean(false).writeString("not-the-password").toByteArray();
        long t0 = System.nanoTime();
        t.send(req);
        byte[] reply = t.readPacket();
        long elapsed = System.nanoTime() - t0;
        assertThat(reply[0] & 0xff).isEqualTo(MessageNumbers.USERAUTH_FAILURE);
        return elapsed;
    }

    static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return (s[s.length / 2] + s[(s.length - 1) / 2]) / 2.0;
    }
}
