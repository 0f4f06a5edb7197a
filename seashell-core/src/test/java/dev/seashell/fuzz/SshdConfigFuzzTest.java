package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.config.AlgorithmCatalog;
import dev.seashell.config.ConfigException;
import dev.seashell.config.MatchContext;
import dev.seashell.config.SshdConfig;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/** sshd_config: parsed, resolved for a connection (Match blocks), and dumped; ConfigException is declared. */
class SshdConfigFuzzTest {
    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void parseForConnection(byte[] data) throws IOException {
        if (!ConfigFuzzSupport.safe(data)) return;
        var file = ConfigFuzzSupport.write("sshd_config", data);
        try {
            SshdConfig cfg = SshdConfig.parse(file, List.of(), ConfigFuzzSupport.DIR, AlgorithmCatalog.openssh());
            cfg.dump();
            cfg.forConnection(MatchContext.of("alice", "client.example.com", "192.0.2.7")).dump();
        } catch (ConfigException declared) {
            // Bad keyword or value: the declared outcome.
        }
    }
}
