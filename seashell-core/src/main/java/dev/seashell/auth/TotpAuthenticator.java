package dev.seashell.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TOTP second factor, reading each user's Google-Authenticator-compatible
 * {@code ~/.google_authenticator}. A code is accepted within the file's WINDOW_SIZE (default 3:
 * the current step and one either side); an 8-digit scratch code is accepted once and removed from
 * the file. RATE_LIMIT and DISALLOW_REUSE state is kept in memory for the life of the server.
 * A user without a readable file fails, after the same work as one with a wrong code.
 */
public final class TotpAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(TotpAuthenticator.class);
    private static final byte[] DUMMY_SECRET = new byte[20];

    private final Function<String, Optional<UserAccount>> accounts;
    private final String fileName;
    private final Clock clock;
    private final Map<String, UserState> state = new ConcurrentHashMap<>();

    /** Per-user attempt times (RATE_LIMIT) and steps already used (DISALLOW_REUSE). */
    private static final class UserState {
        final Deque<Long> attempts = new ArrayDeque<>();
        final Set<Long> usedSteps = new HashSet<>();
    }

    public TotpAuthenticator(Function<String, Optional<UserAccount>> accounts) {
        this(accounts, ".google_authenticator", Clock.systemUTC());
    }

    /** @param fileName the file in each user's home (relative) or an absolute path */
    public TotpAuthenticator(Function<String, Optional<UserAccount>> accounts, String fileName, Clock clock) {
        this.accounts = accounts;
        this.fileName = fileName;
        this.clock = clock;
    }

    /** Whether {@code code} (6-digit TOTP or 8-digit scratch code) is right for {@code user} now. */
    public boolean verify(String user, String code) {
        String typed = code.strip();
        Optional<UserAccount> account = accounts.apply(user);
        if (account.isEmpty()) return dummy(typed);
        UserState s = state.computeIfAbsent(user, u -> new UserState());
        synchronized (s) { // one verification per user at a time, so a scratch code cannot be spent twice
            GoogleAuthenticatorFile file;
            try {
                file = GoogleAuthenticatorFile.read(Path.of(account.get().home()).resolve(fileName), account.get().uid());
            } catch (IOException e) {
                log.info("TOTP for {}: {}", user, e.getMessage());
                return dummy(typed);
            }
            if (!file.totp()) return dummy(typed);
            long now = clock.millis() / 1000;
            if (file.rateLimitAttempts() > 0) {
                while (!s.attempts.isEmpty() && s.attempts.peekFirst() <= now - file.rateLimitSeconds()) s.attempts.pollFirst();
                if (s.attempts.size() >= file.rateLimitAttempts()) {
                    log.info("TOTP for {}: too many attempts", user);
                    return false;
                }
                s.attempts.addLast(now);
            }
            if (typed.length() == 8) return scratch(file, typed, user);
            long step = checkWindow(file.secret(), typed, file.windowSize(), now);
            if (step == Long.MIN_VALUE) return false;
            if (file.disallowReuse() && !s.usedSteps.add(step)) {
                log.info("TOTP for {}: code reused", user);
                return false;
            }
            s.usedSteps.removeIf(old -> old < step - 100); // bounded memory
            return true;
        }
    }

    /** The work of a wrong code, for users without a usable file; always false. */
    private boolean dummy(String typed) {
        checkWindow(DUMMY_SECRET, typed, 3, clock.millis() / 1000);
        return false;
    }

    /** The step whose code matches, or Long.MIN_VALUE; every step in the window is computed either way. */
    private static long checkWindow(byte[] secret, String typed, int window, long now) {
        long current = Totp.step(now);
        long found = Long.MIN_VALUE;
        for (long d = -((window - 1) / 2); d <= window / 2; d++) {
            if (Totp.same(typed, Totp.hotp(secret, current + d, 6, "HmacSHA1")) && found == Long.MIN_VALUE) found = current + d;
        }
        return found;
    }

    private static boolean scratch(GoogleAuthenticatorFile file, String typed, String user) {
        boolean hit = false;
        for (String c : file.scratchCodes()) hit |= Totp.same(typed, c);
        if (!hit) return false;
        try {
            file.removeScratchCode(typed);
            log.info("TOTP for {}: scratch code used", user);
            return true;
        } catch (IOException e) {
            // A scratch code that cannot be struck out would stay valid: refuse it.
            log.warn("TOTP for {}: {}", user, e.getMessage());
            return false;
        }
    }
}
