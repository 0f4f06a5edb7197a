package dev.seashell.auth;

import dev.seashell.keys.SshPublicKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * publickey authorisation from authorized_keys files, as sshd's AuthorizedKeysFile: each pattern
 * expands %h (home), %u (user) and %%, and a relative path is taken from the user's home.
 */
public final class AuthorizedKeysAuthenticator implements PublicKeyAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(AuthorizedKeysAuthenticator.class);
    private final List<String> patterns;
    private final Function<String, Optional<UserAccount>> accounts;
    private final Clock clock;

    /**
     * @param accounts which users may log in and where their homes are; a server not running as root
     *     passes only its own account
     */
    public AuthorizedKeysAuthenticator(List<String> patterns, Function<String, Optional<UserAccount>> accounts) {
        this(patterns, accounts, Clock.systemUTC());
    }

    /** With a clock for expiry-time= (tests). */
    public AuthorizedKeysAuthenticator(List<String> patterns, Function<String, Optional<UserAccount>> accounts, Clock clock) {
        this.patterns = List.copyOf(patterns);
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Every local account (a server running as root), with OpenSSH's file patterns. */
    public static AuthorizedKeysAuthenticator forSystemUsers(List<String> patterns) {
        return new AuthorizedKeysAuthenticator(patterns, UserAccount::lookup);
    }

    /**
     * An embedded server's keys: one authorized_keys {@code file} for every user name (options such
     * as from=, command= and expiry-time= still apply). The application decides what a user name means.
     */
    public static AuthorizedKeysAuthenticator forAnyUser(Path file) {
        String pattern = file.toAbsolutePath().toString().replace("%", "%%");
        return new AuthorizedKeysAuthenticator(List.of(pattern), u -> Optional.of(new UserAccount(u, -1, -1, "/", "")));
    }

    /** The default for a server not running as root: only its own user, with OpenSSH's default files. */
    public static AuthorizedKeysAuthenticator forCurrentUser(List<String> patterns) {
        UserAccount me = UserAccount.current();
        return new AuthorizedKeysAuthenticator(patterns, u -> u.equals(me.name()) ? Optional.of(me) : Optional.empty());
    }

    @Override
    public boolean isAuthorized(String user, SshPublicKey key, InetSocketAddress remote) {
        return authorize(user, key, remote).isPresent();
    }

    /** The entry's gates (from=, expiry-time=) decide; its other options become the restrictions. */
    @Override
    public Optional<SessionRestrictions> authorize(String user, SshPublicKey key, InetSocketAddress remote) {
        Optional<AuthorizedKeys.Entry> e = find(user, key);
        if (e.isEmpty()) return Optional.empty();
        return switch (AuthorizedKeyOptions.evaluate(e.get().options(), remote, clock.instant())) {
            case AuthorizedKeyOptions.Decision.Granted g -> Optional.of(g.restrictions());
            case AuthorizedKeyOptions.Decision.Refused r -> {
                log.info("{} (line {})", r.reason(), e.get().line());
                yield Optional.empty();
            }
        };
    }

    /** The authorized_keys entry that lets this key in, with its options. */
    public Optional<AuthorizedKeys.Entry> find(String user, SshPublicKey key) {
        Optional<UserAccount> account = accounts.apply(user);
        if (account.isEmpty()) return Optional.empty();
        for (String pattern : patterns) {
            Path file = expand(pattern, account.get());
            try {
                Optional<AuthorizedKeys.Entry> e = AuthorizedKeys.read(file).find(key);
                if (e.isPresent()) return e;
            } catch (IOException ex) {
                log.debug("cannot read {}: {}", file, ex.getMessage());
            }
        }
        return Optional.empty();
    }

    static Path expand(String pattern, UserAccount account) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '%' && i + 1 < pattern.length()) {
                char t = pattern.charAt(++i);
                switch (t) {
                    case 'h' -> b.append(account.home());
                    case 'u' -> b.append(account.name());
                    case '%' -> b.append('%');
                    default -> b.append('%').append(t);
                }
            } else {
                b.append(c);
            }
        }
        Path p = Path.of(b.toString());
        return p.isAbsolute() ? p : Path.of(account.home()).resolve(p);
    }
}
