package dev.seashell.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code ssh -G} output for the options Seashell implements, in readconf.c's dump order. */
final class SshDump {
    private SshDump() {}

    static String dump(SshHostConfig c, List<String> identityFiles) {
        StringBuilder b = new StringBuilder();
        line(b, "host", c.host());
        line(b, "user", c.user());
        line(b, "hostname", c.hostName());
        line(b, "port", Integer.toString(c.port()));
        line(b, "addressfamily", c.addressFamily().dumpName());
        line(b, "batchmode", yn(c.batchMode()));
        line(b, "checkhostip", yn(c.checkHostIp()));
        line(b, "compression", yn(c.compression()));
        line(b, "controlmaster", c.controlMaster().dumpName());
        line(b, "exitonforwardfailure", yn(c.exitOnForwardFailure()));
        line(b, "gatewayports", yn(c.gatewayPorts()));
        line(b, "hashknownhosts", yn(c.hashKnownHosts()));
        line(b, "identitiesonly", yn(c.identitiesOnly()));
        line(b, "kbdinteractiveauthentication", yn(c.kbdInteractiveAuthentication()));
        line(b, "passwordauthentication", yn(c.passwordAuthentication()));
        line(b, "pubkeyauthentication", c.pubkeyAuthenticationDump());
        line(b, "requesttty", c.requestTty().dumpName());
        line(b, "stricthostkeychecking", c.strictHostKeyChecking().dumpName());
        line(b, "connectionattempts", Integer.toString(c.connectionAttempts()));
        line(b, "numberofpasswordprompts", Integer.toString(c.numberOfPasswordPrompts()));
        line(b, "serveralivecountmax", Integer.toString(c.serverAliveCountMax()));
        line(b, "serveraliveinterval", Long.toString(c.serverAliveInterval().toSeconds()));
        c.bindAddress().ifPresent(v -> line(b, "bindaddress", v));
        line(b, "ciphers", String.join(",", c.ciphers()));
        c.controlPath().ifPresent(v -> line(b, "controlpath", v));
        line(b, "hostkeyalgorithms", String.join(",", c.hostKeyAlgorithms()));
        line(b, "kexalgorithms", String.join(",", c.kexAlgorithms()));
        line(b, "casignaturealgorithms", String.join(",", c.caSignatureAlgorithms()));
        line(b, "loglevel", c.logLevel().openSshName());
        line(b, "macs", String.join(",", c.macs()));
        c.preferredAuthentications().ifPresent(v -> line(b, "preferredauthentications", String.join(",", v)));
        line(b, "pubkeyacceptedalgorithms", String.join(",", c.pubkeyAcceptedAlgorithms()));
        c.revokedHostKeys().ifPresent(v -> line(b, "revokedhostkeys", v));
        c.dynamicForwards().forEach(f -> line(b, "dynamicforward", f.listenSpec()));
        c.localForwards().forEach(f -> line(b, "localforward", f.listenSpec() + " " + f.connectSpec()));
        c.remoteForwards().forEach(f -> line(b, "remoteforward",
                f.connectSpec() == null ? f.listenSpec() : f.listenSpec() + " " + f.connectSpec()));
        identityFiles.forEach(f -> line(b, "identityfile", f));
        c.certificateFiles().forEach(f -> line(b, "certificatefile", f));
        line(b, "globalknownhostsfile", String.join(" ", c.globalKnownHostsFiles()));
        line(b, "userknownhostsfile", String.join(" ", c.userKnownHostsFiles()));
        c.sendEnv().forEach(v -> line(b, "sendenv", v));
        c.setEnv().forEach(v -> line(b, "setenv", v));
        line(b, "forwardagent", c.forwardAgent());
        line(b, "connecttimeout", c.connectTimeout().map(d -> Long.toString(d.toSeconds())).orElse("none"));
        Optional<Duration> cp = c.controlPersist();
        line(b, "controlpersist", cp.isEmpty() ? "no" : cp.get().isZero() ? "yes" : Long.toString(cp.get().toSeconds()));
        line(b, "escapechar", escape(c.escapeChar()));
        RekeyLimit r = c.rekeyLimit();
        line(b, "rekeylimit", r.bytes() + " " + r.seconds());
        if (c.proxyJump().isPresent()) {
            line(b, "proxyjump", c.proxyJump().get());
        } else {
            c.proxyCommand().ifPresent(v -> line(b, "proxycommand", v));
        }
        return b.toString();
    }

    /** vis(3) with VIS_WHITE, as ssh prints the escape character. */
    private static String escape(int ch) {
        if (ch < 0) {
            return "none";
        }
        if (ch == ' ') {
            return "\\040";
        }
        if (ch < 0x20) {
            return "\\^" + (char) (ch + 64);
        }
        return ch == 0x7f ? "\\^?" : Character.toString(ch);
    }

    private static String yn(boolean v) {
        return v ? "yes" : "no";
    }

    private static void line(StringBuilder b, String k, String v) {
        b.append(k).append(' ').append(v).append('\n');
    }
}
