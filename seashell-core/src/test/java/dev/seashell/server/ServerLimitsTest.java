package dev.seashell.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.SshClient;
import dev.seashell.connection.ChannelOpenException;
import dev.seashell.connection.ClientSession;
import dev.seashell.connection.ServerSession;
import dev.seashell.connection.SessionHandler;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.transport.TransportConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServerLimitsTest {
    static final SessionHandler IDLE = new SessionHandler() {
        @Override
        public boolean exec(ServerSession session, String command) {
            return true; // never exits: the session stays open until the client closes it
        }
    };

    @Test
    void maxSessionsRefusesOneMoreAndFreesASlotOnClose() throws Exception {
        SshKeyPair user = KeyGen.generate("ed25519", 0);
        try (SshServer server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0))
                .publicKeys((u, k, a) -> k.equals(user.publicKey())).sessions((u, r, l) -> IDLE).maxSessions(3).start()) {
            var auth = new ClientUserAuth.Options("u", List.of(user), null, null, List.of("publickey"), 0, "h");
            try (SshClient c = SshClient.connect("127.0.0.1", server.port(),
                    new SshClient.Options(TransportConfig.defaults(), k -> { }, auth, Duration.ofSeconds(10), null, null))) {
                List<ClientSession> open = new ArrayList<>();
                for (int i = 0; i < 3; i++) open.add(c.openSession());
                assertThatThrownBy(c::openSession).isInstanceOf(ChannelOpenException.class);
                open.getFirst().close();
                assertThat(open.getFirst().channel().awaitClosed(Duration.ofSeconds(10))).isTrue();
                // the slot frees once the server has seen the close; allow it a bounded number of tries
                ClientSession again = null;
                for (int i = 0; i < 50 && again == null; i++) {
                    try {
                        again = c.openSession();
                    } catch (ChannelOpenException e) {
                        Thread.sleep(20); // bounded retry while the server's close bookkeeping catches up
                    }
                }
                assertThat(again).isNotNull();
            }
        }
    }

    @Test
    void maxStartupsDropsLinearlyBetweenStartAndFull() {
        SshServer.MaxStartups m = new SshServer.MaxStartups(10, 30, 100);
        SplittableRandom random = new SplittableRandom(42);
        assertThat(m.drop(9, random)).isFalse();
        assertThat(m.drop(100, random)).isTrue();
        int drops = 0;
        for (int i = 0; i < 20_000; i++) if (m.drop(55, random)) drops++;
        // at 55 of 10..100 the rate is 30 + 70 * 45/90 = 65%
        assertThat(drops / 20_000.0).isBetween(0.62, 0.68);
        drops = 0;
        for (int i = 0; i < 20_000; i++) if (m.drop(10, random)) drops++;
        assertThat(drops / 20_000.0).isBetween(0.27, 0.33);
    }
}
