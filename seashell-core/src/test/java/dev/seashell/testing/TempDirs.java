package dev.seashell.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temp directories for fixtures, deleted recursively on request or, failing that, at JVM exit. */
final class TempDirs {
    /** Set {@code -Dseashell.test.keepTemp=true} to keep sshd configs and logs for debugging. */
    private static final boolean KEEP = Boolean.getBoolean("seashell.test.keepTemp");

    private TempDirs() {}

    static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            if (!KEEP) {
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> deleteQuietly(dir)));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path dir) {
        if (KEEP || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a leftover temp file is not worth failing a test over.
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // Same.
        }
    }
}
