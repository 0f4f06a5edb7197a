package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.auth.AuthorizedKeys;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/** authorized_keys text: bad lines are skipped, so parsing the whole file must never throw. */
class AuthorizedKeysFuzzTest {
    @FuzzTest(maxDuration = "15s")
    @Timeout(10)
    void parse(byte[] data) {
        AuthorizedKeys keys = AuthorizedKeys.parse(new String(data, StandardCharsets.UTF_8));
        for (AuthorizedKeys.Entry e : keys.entries()) {
            for (String o : e.options()) {
                int eq = o.indexOf('=');
                String name = eq < 0 ? o : o.substring(0, eq);
                e.option(name);
                e.flag(name);
            }
            if (keys.find(e.key()).isEmpty()) throw new AssertionError("parsed key not found again");
        }
    }
}
