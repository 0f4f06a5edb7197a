package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.config.ConfigException;
import dev.seashell.config.SshConfig;
import dev.seashell.config.SshHostConfig;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/** ssh_config: read, resolved for a few hosts, and dumped (every value's accessor); ConfigException is declared. */
class SshConfigFuzzTest {
    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void loadForHost(byte[] data) throws IOException {
        if (!ConfigFuzzSupport.safe(data)) return;
        var file = ConfigFuzzSupport.write("ssh_config", data);
        try {
            SshConfig cfg = SshConfig.builder().home(ConfigFuzzSupport.DIR).configFile(file).localUser("fuzz")
                    .localHostname("fuzzhost").uid("1000").environment(Map.of()).load();
            for (String host : new String[] {"example.com", "10.1.2.3", "h"}) {
                SshHostConfig hc = cfg.forHost(host);
                hc.dump();
            }
        } catch (ConfigException declared) {
            // Bad option or value: the declared outcome.
        }
    }
}
