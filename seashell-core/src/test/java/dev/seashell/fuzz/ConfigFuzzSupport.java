package dev.seashell.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A private scratch directory for the config targets, and the inputs they must not run. */
final class ConfigFuzzSupport {
    static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("fuzz-config");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ConfigFuzzSupport() {}

    /**
     * False for inputs that could name {@code Match exec} (it runs a shell command) or an
     * {@code Include} (it reads arbitrary files, /dev/zero included): those are trusted-file features,
     * not parsing, and must not run from a fuzzer. Quotes, backslashes and '=' are ignored when
     * looking, so no spelling slips through.
     */
    static boolean safe(byte[] data) {
        String s = new String(data, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
                .replace("\"", "").replace("\\", "").replace("'", "");
        return !s.contains("exec") && !s.contains("include") && !s.contains("ex%") && !s.contains("inc%");
    }

    static Path write(String name, byte[] data) throws IOException {
        Path f = DIR.resolve(name);
        Files.write(f, data);
        return f;
    }
}
