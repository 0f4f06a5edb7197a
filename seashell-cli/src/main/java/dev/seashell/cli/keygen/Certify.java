package dev.seashell.cli.keygen;

import dev.seashell.config.AbsoluteTime;
import dev.seashell.config.Patterns;
import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshCertificate.Option;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** ssh-keygen's certificate actions: -s (sign public keys with a CA key) and -L (print certificates). */
final class Certify {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final String[][] FLAGS = {
            {"permit-X11-forwarding", "x11-forwarding"}, {"permit-agent-forwarding", "agent-forwarding"},
            {"permit-port-forwarding", "port-forwarding"}, {"permit-pty", "pty"}, {"permit-user-rc", "user-rc"}};

    private Certify() {}

    /** -s ca_key -I key_id [-h] [-n principals] [-O option] [-V validity] [-z serial] file.pub… */
    static int sign(Io io, Options o) throws Fail, IOException {
        if (!o.has('I')) throw Fail.fatal("Must specify key id (-I) when certifying");
        boolean host = o.has('h');
        List<String> principals = o.has('n') ? List.of(o.get('n').split(",")) : List.of();
        long now = Instant.now().getEpochSecond();
        long[] validity = o.has('V') ? validity(o.get('V'), now) : new long[] {0, SshCertificate.FOREVER};
        CertOptions opts = CertOptions.parse(o.all('O'), host);
        String serialArg = o.get('z', "0");
        boolean increment = serialArg.startsWith("+");
        long serial = parseSerial(increment ? serialArg.substring(1) : serialArg);
        SshKeyPair ca = KeyLoader.loadPrivate(io, Path.of(o.get('s')), o.get('P'), "Enter passphrase: ", "Load key").pair();
        SignatureAlgorithm alg = caAlgorithm(ca, o.get('t'));
        for (String name : o.operands) {
            KeyLoader.Public pub;
            try {
                pub = KeyLoader.loadPublic(Path.of(name));
            } catch (Fail f) {
                throw Fail.fatal("load pubkey \"" + name + "\": No such file or directory");
            }
            if (pub == null || pub.key() instanceof SshCertificate) throw Fail.fatal("load pubkey \"" + name + "\": invalid format");
            byte[] nonce = new byte[32];
            new SecureRandom().nextBytes(nonce);
            SshCertificate cert = SshCertificate.sign(nonce, pub.key(), serial, host ? SshCertificate.Kind.HOST : SshCertificate.Kind.USER,
                    o.get('I'), principals, validity[0], validity[1], opts.critical, opts.extensions, ca, alg);
            String base = name.endsWith(".pub") ? name.substring(0, name.length() - 4) : name;
            Path out = Path.of(base + "-cert.pub");
            String comment = pub.comment() == null ? name : pub.comment();
            PrivateKeyFiles.writeAtomically(out, (new PublicKeyLine(cert, comment).format() + "\n").getBytes(StandardCharsets.UTF_8),
                    PrivateKeyFiles.PUBLIC_MODE);
            if (!o.has('q')) {
                io.err.println("Signed " + (host ? "host" : "user") + " key " + out + ": id \"" + o.get('I') + "\" serial "
                        + Long.toUnsignedString(serial) + (principals.isEmpty() ? "" : " for " + String.join(",", principals))
                        + " valid " + validityText(validity[0], validity[1]));
            }
            if (increment && serial != 0) serial++;
        }
        return 0;
    }

    /** rsa-sha2-512 for an RSA CA unless -t names another; the key's own algorithm otherwise. */
    private static SignatureAlgorithm caAlgorithm(SshKeyPair ca, String requested) throws Fail {
        List<SignatureAlgorithm> algs = ca.publicKey().signatureAlgorithms();
        if (requested == null) return algs.getFirst();
        SignatureAlgorithm a = SignatureAlgorithm.fromWireName(requested);
        if (a == null || !algs.contains(a)) throw Fail.fatal("Requested signature algorithm \"" + requested + "\" is not supported");
        return a;
    }

    private static long parseSerial(String s) throws Fail {
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw Fail.fatal("Invalid serial number \"" + s + "\"");
        }
    }

    /** -O options as ssh-keygen's add_cert_option keeps them: flags, force-command, source-address, custom. */
    static final class CertOptions {
        final List<Option> critical = new ArrayList<>();
        final List<Option> extensions = new ArrayList<>();

        static CertOptions parse(List<String> args, boolean host) throws Fail {
            Map<String, Boolean> flags = new LinkedHashMap<>();
            for (String[] f : FLAGS) flags.put(f[0], !host);
            boolean noTouch = false;
            boolean verify = false;
            String command = null;
            String source = null;
            CertOptions out = new CertOptions();
            for (String opt : args) {
                String lower = opt.toLowerCase(Locale.ROOT);
                String flag = flagName(lower);
                if (lower.equals("clear")) {
                    flags.replaceAll((k, v) -> false);
                    noTouch = false;
                    verify = false;
                } else if (flag != null) {
                    flags.put(flag, lower.startsWith("permit-"));
                } else if (lower.equals("no-touch-required")) {
                    noTouch = true;
                } else if (lower.equals("touch-required")) {
                    noTouch = false;
                } else if (lower.equals("verify-required")) {
                    verify = true;
                } else if (lower.startsWith("force-command=")) {
                    if (command != null) throw Fail.fatal("force-command already specified");
                    command = opt.substring(14);
                } else if (lower.startsWith("source-address=")) {
                    if (source != null) throw Fail.fatal("source-address already specified");
                    source = opt.substring(15);
                    if (!validCidrList(source)) throw Fail.fatal("Invalid source-address list");
                } else if (lower.startsWith("extension:") || lower.startsWith("critical:")) {
                    boolean crit = lower.startsWith("critical:");
                    String spec = opt.substring(crit ? 9 : 10);
                    int eq = spec.indexOf('=');
                    String name = eq < 0 ? spec : spec.substring(0, eq);
                    if (name.isEmpty()) throw Fail.fatal("Empty option");
                    Option o = eq < 0 ? Option.flag(name) : Option.of(name, spec.substring(eq + 1));
                    (crit ? out.critical : out.extensions).add(o);
                } else {
                    throw Fail.fatal("Unsupported certificate option \"" + opt + "\"");
                }
            }
            if (command != null) out.critical.add(Option.of("force-command", command));
            if (source != null) out.critical.add(Option.of("source-address", source));
            if (verify) out.critical.add(Option.flag("verify-required"));
            if (noTouch) out.extensions.add(Option.flag("no-touch-required"));
            flags.forEach((name, on) -> {
                if (on) out.extensions.add(Option.flag(name));
            });
            return out;
        }

        private static String flagName(String lower) {
            for (String[] f : FLAGS) {
                if (lower.equals("permit-" + f[1]) || lower.equals("no-" + f[1])) return f[0];
            }
            return null;
        }

        private static boolean validCidrList(String list) {
            for (String e : list.split(",", -1)) {
                if (e.isEmpty() || !e.matches("[0-9a-fA-F.:/]+")) return false;
            }
            try {
                Patterns.addressList("127.0.0.1", list);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** ssh-keygen's parse_cert_times: "+rel", or "from:to" with [+-]rel, YYYYMMDD[HHMM[SS]][Z], always, forever. */
    static long[] validity(String spec, long now) throws Fail {
        if (spec.startsWith("+") && !spec.contains(":")) {
            long secs = convtime(spec.substring(1));
            if (secs < 0) throw Fail.fatal("Invalid relative certificate life " + spec);
            return new long[] {((now - 59) / 60) * 60, now + secs};
        }
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) throw Fail.fatal("Invalid certificate life specification " + spec);
        String from = spec.substring(0, colon);
        String to = spec.substring(colon + 1);
        long f = from.equals("always") ? 0 : time(from, now, "from");
        long t = to.equals("forever") ? SshCertificate.FOREVER : time(to, now, "to");
        if (Long.compareUnsigned(t, f) <= 0) throw Fail.fatal("Empty certificate validity interval");
        return new long[] {f, t};
    }

    private static long time(String s, long now, String which) throws Fail {
        if (s.startsWith("+") || s.startsWith("-")) {
            long secs = convtime(s.substring(1));
            if (secs < 0) throw Fail.fatal("Invalid relative certificate time " + s);
            return s.startsWith("-") ? now - secs : now + secs;
        }
        Long abs = absolute(s);
        if (abs == null) throw Fail.fatal("Invalid " + which + " time \"" + s + "\"");
        return abs;
    }

    /** YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, local time, or UTC with a trailing Z: epoch seconds. */
    static Long absolute(String s) {
        Instant t = AbsoluteTime.parse(s);
        return t == null ? null : t.getEpochSecond();
    }

    /** OpenSSH's convtime: a sequence of number[smhdwSMHDW]; a bare number is seconds. -1 when malformed. */
    static long convtime(String s) {
        if (s.isEmpty()) return -1;
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            if (i == start) return -1;
            long n;
            try {
                n = Long.parseLong(s.substring(start, i));
            } catch (NumberFormatException e) {
                return -1;
            }
            long mult = 1;
            if (i < s.length()) {
                mult = switch (Character.toLowerCase(s.charAt(i))) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    case 'd' -> 86400;
                    case 'w' -> 604800;
                    default -> -1;
                };
                if (mult < 0) return -1;
                i++;
            }
            total += n * mult;
        }
        return total;
    }

    /** "forever", "after X", "before Y" or "from X to Y", in local time. */
    static String validityText(long after, long before) {
        if (after == 0 && before == SshCertificate.FOREVER) return "forever";
        if (after == 0) return "before " + format(before);
        if (before == SshCertificate.FOREVER) return "after " + format(after);
        return "from " + format(after) + " to " + format(before);
    }

    private static String format(long epoch) {
        // Beyond what a LocalDateTime can hold, clamp as OpenSSH clamps to INT64_MAX.
        long t = Long.compareUnsigned(epoch, 253402300799L) > 0 ? 253402300799L : epoch;
        return TIME.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(t), ZoneId.systemDefault()));
    }

    /** -L -f file: every certificate in the file, as ssh-keygen prints it. */
    static int show(Io io, Path file) throws Fail {
        String text = new String(KeyLoader.readFile(file, KeyLoader.MAX_LIST_FILE), StandardCharsets.UTF_8);
        boolean ok = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            SshPublicKey key;
            try {
                key = PublicKeyLine.parse(l).key();
            } catch (SshFormatException e) {
                io.err.println(file + ":" + (i + 1) + ": invalid key: invalid format");
                continue;
            }
            if (!(key instanceof SshCertificate c)) {
                io.err.println(file + ":" + (i + 1) + " is not a certificate");
                continue;
            }
            ok = true;
            io.out.print(i == 0 ? file + ":\n" : file + ":" + (i + 1) + ":\n");
            io.out.print(describe(c));
        }
        return ok ? 0 : 1;
    }

    /** The body of ssh-keygen -L for one certificate. */
    static String describe(SshCertificate c) {
        StringBuilder b = new StringBuilder();
        String pad = "        ";
        String item = "                ";
        b.append(pad).append("Type: ").append(c.keyType()).append(' ').append(c.kind().label()).append(" certificate\n");
        b.append(pad).append("Public key: ").append(c.displayType()).append(' ').append(Fingerprints.sha256(c.key())).append('\n');
        b.append(pad).append("Signing CA: ").append(c.signatureKey().displayType()).append(' ')
                .append(Fingerprints.sha256(c.signatureKey())).append(" (using ").append(c.signatureAlgorithm()).append(")\n");
        b.append(pad).append("Key ID: \"").append(c.keyId()).append("\"\n");
        b.append(pad).append("Serial: ").append(Long.toUnsignedString(c.serial())).append('\n');
        b.append(pad).append("Valid: ").append(validityText(c.validAfter(), c.validBefore())).append('\n');
        b.append(pad).append("Principals: ");
        if (c.principals().isEmpty()) b.append("(none)\n");
        else {
            b.append('\n');
            for (String p : c.principals()) b.append(item).append(p).append('\n');
        }
        b.append(pad).append("Critical Options: ");
        options(b, c.criticalOptions(), true, item);
        b.append(pad).append("Extensions: ");
        options(b, c.extensions(), false, item);
        return b.toString();
    }

    private static void options(StringBuilder b, List<Option> opts, boolean critical, String item) {
        if (opts.isEmpty()) {
            b.append("(none)\n");
            return;
        }
        b.append('\n');
        for (Option o : opts) {
            b.append(item).append(o.name());
            String n = o.name();
            byte[] data = o.data();
            boolean knownFlag = n.equals("permit-X11-forwarding") || n.equals("permit-agent-forwarding")
                    || n.equals("permit-port-forwarding") || n.equals("permit-pty") || n.equals("permit-user-rc")
                    || n.equals("no-touch-required");
            if (!critical && knownFlag) b.append('\n');
            else if (critical && (n.equals("force-command") || n.equals("source-address"))) b.append(' ').append(o.value().orElse("")).append('\n');
            else if (critical && n.equals("verify-required")) b.append('\n');
            else if (data.length > 0) b.append(" UNKNOWN OPTION: ").append(HexFormat.of().formatHex(data)).append(" (len ").append(data.length).append(")\n");
            else b.append(" UNKNOWN FLAG OPTION\n");
        }
    }
}
