package dev.seashell.auth;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * System passwords (a server running as root): /etc/shadow checked with the system's crypt(3).
 * Locked accounts ({@code !} or {@code *} hash prefix), expired accounts (field 8) and expired
 * passwords (last change + max age, or last change 0 = must change) are refused. Unknown users are
 * hashed against a dummy setting of the same method and cost as the file's first real hash.
 */
public final class ShadowPasswords implements PasswordAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(ShadowPasswords.class);
    private final Path shadow;
    private final Clock clock;

    public ShadowPasswords() {
        this(Path.of("/etc/shadow"), Clock.systemUTC());
    }

    public ShadowPasswords(Path shadow, Clock clock) {
        this.shadow = shadow;
        this.clock = clock;
    }

    /** One shadow(5) line. Days are counted from 1970-01-01; -1 for an empty field. */
    record Entry(String user, String hash, long lastChange, long maxAge, long expire) {
        static Entry parse(String line) {
            String[] f = line.split(":", -1);
            if (f.length < 2) return null;
            return new Entry(f[0], f[1], num(f, 2), num(f, 4), num(f, 7));
        }

        private static long num(String[] f, int i) {
            if (f.length <= i || f[i].isEmpty()) return -1;
            try {
                return Long.parseLong(f[i]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        boolean locked() {
            return hash.startsWith("!") || hash.startsWith("*");
        }

        /** Account expired, or password past its maximum age or flagged for change (last change 0). */
        boolean expired(long today) {
            if (expire >= 0 && today >= expire) return true;
            if (lastChange == 0) return true;
            return lastChange > 0 && maxAge >= 0 && maxAge < 99999 && today > lastChange + maxAge;
        }
    }

    @Override
    public boolean check(String user, char[] password, InetSocketAddress remote) {
        List<String> lines;
        try {
            lines = Files.readAllLines(shadow, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("cannot read {}: {}", shadow, e.getMessage());
            return false;
        }
        Entry entry = null;
        String dummy = null;
        for (String l : lines) {
            Entry e = Entry.parse(l);
            if (e == null) continue;
            if (dummy == null && e.hash().startsWith("$")) dummy = e.hash();
            if (e.user().equals(user)) entry = e;
        }
        boolean usable = entry != null && !entry.locked() && !entry.hash().isEmpty();
        String setting = usable ? entry.hash() : Optional.ofNullable(dummy).orElse("$6$saltsaltsaltsalt$");
        String computed = NativeCrypt.crypt(password, setting);
        boolean match = computed != null
                && MessageDigest.isEqual(computed.getBytes(StandardCharsets.UTF_8), setting.getBytes(StandardCharsets.UTF_8));
        if (!usable) return false;
        if (match && entry.expired(LocalDate.now(clock.withZone(ZoneOffset.UTC)).toEpochDay())) {
            log.info("Account or password expired for {}", user);
            return false;
        }
        return match;
    }
}
