package dev.seashell.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sshd's AuthorizedKeysCommand and AuthorizedPrincipalsCommand: a program (absolute path, owned by
 * root or by the server's own user, not writable by group or others) run as the *CommandUser with
 * %-tokens expanded in each argument; its standard output is the file it stands for. A non-zero
 * exit, a timeout or output over {@link #MAX_OUTPUT} bytes means no output at all.
 *
 * @param argv     the program and its arguments, tokens unexpanded; the user name is appended
 *                 when there are no arguments, as OpenSSH does
 * @param runAs    the account to run as
 * @param launcher words put before the command to switch to {@code runAs} (e.g. setpriv); empty
 *                 when the server already runs as that account
 * @param timeout  how long the program may run before it is killed
 */
public record AuthCommand(String keyword, List<String> argv, UserAccount runAs, List<String> launcher, Duration timeout) {
    private static final Logger log = LoggerFactory.getLogger(AuthCommand.class);
    /** Output beyond this is refused rather than truncated. */
    public static final int MAX_OUTPUT = 1 << 20;

    public AuthCommand {
        argv = List.copyOf(argv);
        launcher = List.copyOf(launcher);
        if (argv.isEmpty()) throw new IllegalArgumentException(keyword + ": no command");
    }

    /** Runs the command for {@code tokens} (%u etc., {@code '%'} for itself); empty on any failure. */
    public Optional<String> run(Map<Character, String> tokens) {
        List<String> cmd = new ArrayList<>(launcher);
        Optional<String> unsafe = unsafe(Path.of(argv.getFirst()));
        if (unsafe.isPresent()) {
            log.error("Unsafe {} \"{}\": {}", keyword, argv.getFirst(), unsafe.get());
            return Optional.empty();
        }
        cmd.add(argv.getFirst());
        try {
            for (String a : argv.subList(1, argv.size())) cmd.add(expand(a, tokens));
        } catch (IllegalArgumentException e) {
            log.error("{}: {}", keyword, e.getMessage());
            return Optional.empty();
        }
        if (argv.size() == 1) cmd.add(tokens.getOrDefault('u', ""));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            log.error("{} {}: {}", keyword, argv.getFirst(), e.getMessage());
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> drain(p.getInputStream(), out));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.error("{} {} ran longer than {} s: killed", keyword, argv.getFirst(), timeout.toSeconds());
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return Optional.empty();
            }
            reader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        synchronized (out) {
            if (out.size() > MAX_OUTPUT) {
                log.error("{} {}: output too long", keyword, argv.getFirst());
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                log.error("{} {} exited with status {}", keyword, argv.getFirst(), p.exitValue());
                return Optional.empty();
            }
            return Optional.of(out.toString(StandardCharsets.UTF_8));
        }
    }

    /** Reads until end of stream, keeping at most one byte past the limit so overflow is detectable. */
    private static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (out) {
                    int room = MAX_OUTPUT + 1 - out.size();
                    if (room > 0) out.write(buf, 0, Math.min(n, room));
                }
            }
        } catch (IOException e) {
            // the process ended or was killed; what was read so far is judged by the caller
        }
    }

    /** OpenSSH's checks on the program itself: absolute, a regular file, owned by root or us, not writable by others. */
    static Optional<String> unsafe(Path program) {
        if (!program.isAbsolute()) return Optional.of("path is not absolute");
        try {
            if (!Files.isRegularFile(program)) return Optional.of("not a regular file");
            int owner = (Integer) Files.getAttribute(program, "unix:uid");
            long me = UserAccount.current().uid();
            if (owner != 0 && owner != me) return Optional.of("bad ownership");
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(program);
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                return Optional.of("bad modes");
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    /** %-tokens as sshd's percent_expand: an unknown token is an error, {@code %%} a percent sign. */
    static String expand(String arg, Map<Character, String> tokens) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c != '%') {
                b.append(c);
                continue;
            }
            if (i + 1 >= arg.length()) throw new IllegalArgumentException("invalid format: trailing %");
            char t = arg.charAt(++i);
            if (t == '%') {
                b.append('%');
            } else if (tokens.containsKey(t)) {
                b.append(tokens.get(t));
            } else {
                throw new IllegalArgumentException("unknown key %" + t);
            }
        }
        return b.toString();
    }
}
