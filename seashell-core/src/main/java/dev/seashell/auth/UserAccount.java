package dev.seashell.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A local account as /etc/passwd describes it. */
public record UserAccount(String name, int uid, int gid, String home, String shell) {
    private static final Path PASSWD = Path.of("/etc/passwd");

    /** Looks an account up in /etc/passwd; empty for an unknown name. */
    public static Optional<UserAccount> lookup(String name) {
        try {
            for (String line : Files.readAllLines(PASSWD, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 7 && f[0].equals(name)) {
                    return Optional.of(new UserAccount(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5],
                            f[6].isEmpty() ? "/bin/sh" : f[6]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The account this process runs as. */
    public static UserAccount current() {
        String name = System.getProperty("user.name");
        return lookup(name).orElseGet(() -> new UserAccount(name, -1, -1, System.getProperty("user.home"),
                Optional.ofNullable(System.getenv("SHELL")).orElse("/bin/sh")));
    }
}
