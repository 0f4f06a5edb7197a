package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.auth.AuthorizedKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;

/**
 * authorized_keys files: bad lines are skipped, so neither parsing the text nor reading the file may
 * throw ({@code read} declares IOException only for I/O trouble and oversized files, which a fuzz
 * input cannot cause). Option lookups on every entry must work too.
 */
class AuthorizedKeysFuzzTest {
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("fuzz-authorized_keys", "");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void parse(byte[] data) throws IOException {
        Files.write(FILE, data);
        AuthorizedKeys fromFile = AuthorizedKeys.read(FILE);
        AuthorizedKeys keys = AuthorizedKeys.parse(new String(data, StandardCharsets.UTF_8));
        if (fromFile.entries().size() != keys.entries().size()) throw new AssertionError("file and text disagree");
        for (AuthorizedKeys.Entry e : keys.entries()) {
            for (String o : e.options()) {
                int eq = o.indexOf('=');
                String name = eq < 0 ? o : o.substring(0, eq);
                e.option(name);
                e.flag(name);
            }
            // find() is for plain keys only: a cert-authority line trusts certificates, never the key itself.
            boolean found = e.flag("cert-authority") ? keys.authorities(e.key()).contains(e) : keys.find(e.key()).isPresent();
            if (!found) throw new AssertionError("parsed key not found again");
        }
    }
}
