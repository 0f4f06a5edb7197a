package dev.seashell.cli.agent;

import dev.seashell.agent.AgentClient;
import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.SshClient;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.transport.TransportConfig;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code seashell copy-id}: ssh-copy-id(1). Logs in with the Seashell client (keys from
 * -o IdentityFile, the key being installed, ~/.ssh/id_*, the agent; then password) and runs one
 * sh snippet that creates ~/.ssh (0700) and authorized_keys (0600) and appends each key not yet
 * present. Unlike ssh-copy-id it filters already-installed keys on the server (by type and base64)
 * rather than by a trial login. -o understands Port, User, IdentityFile, StrictHostKeyChecking,
 * UserKnownHostsFile, BatchMode, PasswordAuthentication and ConnectTimeout.
 */
public final class CopyIdCommand {
    private static final String PROG = "seashell copy-id";
    private static final String USAGE = "Usage: " + PROG + " [-h|-?|-f|-n] [-i [identity_file]] [-p port] [-F alternative ssh_config file] [-o ssh_option] [user@]hostname\n"
            + "\t-f: force mode -- copy keys without trying to check if they are already installed\n"
            + "\t-n: dry run    -- no keys are actually copied\n"
            + "\t-h|-?: print this help";

    private CopyIdCommand() {}

    public static int run(String[] args) {
        return run(args, Io.system());
    }

    static int run(String[] args, Io io) {
        Options o;
        try {
            o = Options.parse(PROG, "fnh?i:p:o:F:", args);
        } catch (Options.UsageException e) {
            io.err.println(e.getMessage());
            io.err.println(USAGE);
            return 1;
        }
        if (o.has('h') || o.has('?') || o.operands().size() != 1) {
            io.err.println(USAGE);
            return 1;
        }
        Map<String, String> sshOpts = new LinkedHashMap<>();
        for (String opt : o.all('o')) {
            String[] kv = opt.split("[= ]", 2);
            if (kv.length == 2) sshOpts.putIfAbsent(kv[0].toLowerCase(Locale.ROOT), kv[1].strip()); // first value wins, as in ssh
        }
        if (o.last('F') != null) {
            // -F: the file's settings for this host, below -o (first value wins, as in ssh).
            try {
                String dest0 = o.operands().getFirst();
                String host0 = dest0.substring(dest0.lastIndexOf('@') + 1);
                var hc = dev.seashell.config.SshConfig.builder().configFile(Path.of(o.last('F'))).load().forHost(host0);
                sshOpts.putIfAbsent("hostname", hc.hostName());
                sshOpts.putIfAbsent("port", Integer.toString(hc.port()));
                sshOpts.putIfAbsent("user", hc.user());
                if (!hc.identityFilesRaw().isEmpty()) sshOpts.putIfAbsent("identityfile", hc.identityFiles().getFirst());
                sshOpts.putIfAbsent("userknownhostsfile", String.join(" ", hc.userKnownHostsFiles()));
                sshOpts.putIfAbsent("stricthostkeychecking", hc.strictHostKeyChecking().dumpName()
                        .replace("true", "yes").replace("false", "no"));
                sshOpts.putIfAbsent("batchmode", hc.batchMode() ? "yes" : "no");
                hc.connectTimeout().ifPresent(t -> sshOpts.putIfAbsent("connecttimeout", Long.toString(t.toSeconds())));
            } catch (IOException e) {
                io.err.println(e.getMessage());
                return 1;
            }
        }
        Path pubFile;
        try {
            pubFile = publicKeyFile(o.last('i'), io);
        } catch (IOException e) {
            io.err.println("/usr/bin/ssh-copy-id: ERROR: " + e.getMessage());
            return 1;
        }
        if (pubFile == null) {
            io.err.println(PROG + ": ERROR: No identities found");
            return 1;
        }
        io.err.println(PROG + ": INFO: Source of key(s) to be installed: \"" + pubFile + "\"");
        List<String> keys = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(pubFile, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                PublicKeyLine.parse(line); // rejects anything that is not a public key line
                keys.add(line.strip());
            }
        } catch (IOException e) {
            io.err.println(PROG + ": ERROR: failed to read " + pubFile + ": " + e.getMessage());
            return 1;
        }
        if (keys.isEmpty()) {
            io.err.println(PROG + ": ERROR: No identities found in " + pubFile);
            return 1;
        }
        String dest = o.operands().getFirst();
        String user = sshOpts.getOrDefault("user", System.getProperty("user.name"));
        String host = dest;
        int at = dest.lastIndexOf('@');
        if (at >= 0) {
            user = dest.substring(0, at);
            host = dest.substring(at + 1);
        }
        host = sshOpts.getOrDefault("hostname", host);
        int port = 22;
        try {
            String p = o.last('p') != null ? o.last('p') : sshOpts.get("port");
            if (p != null) port = Integer.parseInt(p);
        } catch (NumberFormatException e) {
            io.err.println(USAGE);
            return 1;
        }
        if (o.has('n')) {
            io.out.println("=-=-=-=-=-=-=");
            io.out.println("Would have added the following key(s):");
            io.out.println();
            keys.forEach(io.out::println);
            io.out.println("=-=-=-=-=-=-=");
            return 0;
        }
        io.err.println(PROG + ": INFO: " + keys.size() + " key(s) remain to be installed -- if you are prompted now it is to install the new keys");
        int added;
        try (SshClient client = connect(user, host, port, sshOpts, pubFile, io)) {
            SshClient.ExecResult r = client.exec(installScript(keys, o.has('f')), Duration.ofSeconds(60));
            if (r.exitStatus() != 0) {
                io.err.print(r.stderrText());
                io.err.println(PROG + ": ERROR: failed to install the key(s) (remote exit status " + r.exitStatus() + ")");
                return 1;
            }
            added = Integer.parseInt(r.stdoutText().strip().lines().reduce((a, b) -> b).orElse("0").strip());
        } catch (IOException | NumberFormatException e) {
            io.err.println(PROG + ": ERROR: " + e.getMessage());
            return 1;
        }
        if (added == 0) {
            io.err.println();
            io.err.println(PROG + ": WARNING: All keys were skipped because they already exist on the remote system.");
            io.err.println("\t\t(if you think this is a mistake, you may want to use -f option)");
            io.err.println();
            return 0;
        }
        StringBuilder again = new StringBuilder("ssh");
        if (port != 22) again.append(" -p '").append(port).append('\'');
        for (String opt : o.all('o')) again.append(" -o '").append(opt).append('\'');
        again.append(" '").append(dest).append('\'');
        io.out.println();
        io.out.println("Number of key(s) added: " + added);
        io.out.println();
        io.out.println("Now try logging into the machine, with:   \"" + again + "\"");
        io.out.println("and check to make sure that only the key(s) you wanted were added.");
        io.out.println();
        return 0;
    }

    /** -i FILE (FILE.pub if FILE is not already a .pub), else the newest ~/.ssh/id*.pub, as ssh-copy-id picks. */
    private static Path publicKeyFile(String option, Io io) throws IOException {
        if (option != null) {
            Path p = Path.of(option.endsWith(".pub") ? option : option + ".pub");
            if (!Files.exists(p)) throw new IOException("failed to open ID file '" + option + "': No such file or directory");
            return p;
        }
        Path ssh = Path.of(io.home(), ".ssh");
        if (!Files.isDirectory(ssh)) return null;
        try (Stream<Path> s = Files.list(ssh)) {
            return s.filter(p -> p.getFileName().toString().startsWith("id") && p.getFileName().toString().endsWith(".pub"))
                    .max(Comparator.comparing(CopyIdCommand::mtime)).orElse(null);
        }
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** A POSIX sh snippet that installs each key unless present; prints how many it added. */
    static String installScript(List<String> keys, boolean force) {
        StringBuilder sb = new StringBuilder("exec sh -c '");
        StringBuilder inner = new StringBuilder();
        inner.append("umask 077; cd || exit 1; mkdir -p .ssh && chmod 700 .ssh && touch .ssh/authorized_keys && chmod 600 .ssh/authorized_keys || exit 1; ");
        inner.append("f=.ssh/authorized_keys; n=0; ");
        inner.append("if [ -s \"$f\" ] && [ -n \"$(tail -c1 \"$f\")\" ]; then echo >> \"$f\" || exit 1; fi; ");
        for (String k : keys) {
            String[] parts = k.split("\\s+");
            String id = parts[0] + " " + parts[1];
            String test = force ? "true" : "! grep -qF " + shQuote(id) + " \"$f\"";
            inner.append("if ").append(test).append("; then printf \"%s\\n\" ").append(shQuote(k))
                    .append(" >> \"$f\" || exit 1; n=$((n+1)); fi; ");
        }
        inner.append("echo $n");
        // The user's login shell may be csh or fish: hand the snippet to sh as one quoted argument.
        sb.append(inner.toString().replace("'", "'\\''")).append('\'');
        return sb.toString();
    }

    static String shQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static SshClient connect(String user, String host, int port, Map<String, String> opts, Path pubFile, Io io) throws IOException {
        boolean batch = "yes".equalsIgnoreCase(opts.get("batchmode"));
        List<SshKeyPair> identities = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        if (opts.containsKey("identityfile")) files.add(Path.of(expand(opts.get("identityfile"), io)));
        String pub = pubFile.toString();
        files.add(Path.of(pub.substring(0, pub.length() - ".pub".length())));
        for (String f : List.of("id_rsa", "id_ecdsa", "id_ed25519")) files.add(Path.of(io.home(), ".ssh", f));
        for (Path f : files) {
            if (!Files.isRegularFile(f)) continue;
            try {
                identities.add(PrivateKeyFiles.read(f, null));
            } catch (SshFormatException e) {
                // encrypted or unreadable: the agent or a password may still work
            }
        }
        AgentClient agent = null;
        String sock = io.env("SSH_AUTH_SOCK");
        if (sock != null && !sock.isEmpty()) {
            try {
                agent = AgentClient.connect(Path.of(sock));
                identities.addAll(agent.keyPairs());
            } catch (IOException e) {
                // no agent after all
            }
        }
        boolean passwords = !batch && !"no".equalsIgnoreCase(opts.get("passwordauthentication"));
        String who = user + "@" + host;
        ClientUserAuth.Options auth = new ClientUserAuth.Options(user, identities,
                passwords ? prompt -> io.readSecret(who + "'s password: ") : null, null,
                List.of("publickey", "password"), 3, host);
        Path knownHosts = Path.of(expand(opts.getOrDefault("userknownhostsfile", "~/.ssh/known_hosts").split("\\s+")[0], io));
        String strict = opts.getOrDefault("stricthostkeychecking", batch ? "yes" : "ask").toLowerCase(Locale.ROOT);
        Duration timeout = opts.containsKey("connecttimeout") ? Duration.ofSeconds(Long.parseLong(opts.get("connecttimeout"))) : Duration.ofSeconds(30);
        SshClient.Options options = new SshClient.Options(TransportConfig.defaults(),
                new KnownHostsCheck(knownHosts, strict, host, port, io), auth, timeout, io.err::print, null);
        try {
            return SshClient.connect(host, port, options);
        } finally {
            // Signatures happen during authentication only; the agent is not needed afterwards.
            if (agent != null) agent.close();
        }
    }

    private static String expand(String path, Io io) {
        return path.startsWith("~/") ? io.home() + path.substring(1) : path;
    }
}
