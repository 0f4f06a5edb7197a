package dev.seashell.sftp.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.sftp.SftpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;

/**
 * The SFTP server fed a client byte stream (framing, INIT, then every request type). It is confined
 * to a scratch tree and read-only: a fuzzer must never be able to write or delete outside it, even
 * if confinement had a hole; read-only still decodes every write-type request before refusing it.
 */
class SftpServerFuzzTest {
    private static final Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("fuzz-sftp-root");
            Files.writeString(ROOT.resolve("f"), "hello sftp\n");
            Files.createDirectories(ROOT.resolve("d/e"));
            Files.write(ROOT.resolve("d/g"), new byte[5000]);
            Files.createSymbolicLink(ROOT.resolve("l"), Path.of("f"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void serve(byte[] data) {
        SftpServer server = new SftpServer(SftpServer.Options.defaults().confinedTo(ROOT).readOnly(true).logTo(s -> { }));
        try {
            server.serve(new ByteArrayInputStream(data), OutputStream.nullOutputStream());
        } catch (IOException declared) {
            // SshFormatException on broken framing: the declared outcome.
        }
    }
}
