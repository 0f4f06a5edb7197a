package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.SshPublicKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * known_hosts files (plain, hashed, wildcard, @cert-authority/@revoked lines) read and looked up.
 * {@code read} declares IOException only for I/O trouble and oversized files, neither of which a
 * fuzz input can cause, so any exception here is a finding: bad lines must be skipped.
 */
class KnownHostsFuzzTest {
    private static final SshPublicKey KEY = KeyGen.generate("ssh-ed25519", 0).publicKey();
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("fuzz-known_hosts", "");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void readAndCheck(byte[] data) throws IOException {
        Files.write(FILE, data);
        KnownHosts kh = KnownHosts.read(List.of(FILE));
        for (String host : new String[] {"example.com", "10.0.0.1", "[::1]"}) {
            for (int port : new int[] {22, 2222}) {
                kh.check(host, port, KEY);
                kh.hasKeyType(host, port, "ssh-ed25519");
            }
        }
    }
}
