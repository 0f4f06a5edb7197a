package dev.seashell.forwarding;

import dev.seashell.auth.UserAccount;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A {@code /tmp/ssh-XXXXXXXXXX} directory, mode 0700, for one connection's agent socket and X11
 * authority file, as sshd makes it. When the server runs as root for another user, the directory
 * and what is put in it are handed to that user. Deleted with everything in it on {@link #close()}.
 */
final class PrivateDir implements AutoCloseable {
    private final Path dir;
    private final String owner;

    private PrivateDir(Path dir, String owner) {
        this.dir = dir;
        this.owner = owner;
    }

    /** @param owner the logged-in user, or null for the server's own user */
    static PrivateDir create(String owner) throws IOException {
        Path d = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir", "/tmp")), "ssh-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        PrivateDir p = new PrivateDir(d, needsChown(owner) ? owner : null);
        p.handOver(d);
        return p;
    }

    private static boolean needsChown(String owner) {
        UserAccount me = UserAccount.current();
        return owner != null && me.uid() == 0 && !owner.equals(me.name());
    }

    Path path() {
        return dir;
    }

    Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Makes {@code p} the logged-in user's when we are root acting for someone else. */
    void handOver(Path p) throws IOException {
        if (owner == null) return;
        UserPrincipal u = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(owner);
        Files.setOwner(p, u);
    }

    @Override
    public void close() {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort, as sshd's cleanup
        }
    }
}
