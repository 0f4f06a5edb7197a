package dev.seashell.config;

import java.util.List;
import java.util.Map;

/** {@code sshd -T} output for the keywords Seashell implements, in sshd's order and format. */
final class SshdDump {
    private SshdDump() {}

    static String dump(SshdConfig c) {
        StringBuilder b = new StringBuilder();
        List<Integer> ports = c.ports().isEmpty() ? List.of(22) : c.ports();
        for (int p : ports) {
            line(b, "port", Integer.toString(p));
        }
        for (String la : listenAddresses(c.listenAddresses(), ports)) {
            line(b, "listenaddress", la);
        }
        line(b, "logingracetime", Long.toString(c.loginGraceTime().toSeconds()));
        line(b, "x11displayoffset", Integer.toString(c.x11DisplayOffset()));
        line(b, "maxauthtries", Integer.toString(c.maxAuthTries()));
        line(b, "maxsessions", Integer.toString(c.maxSessions()));
        line(b, "clientaliveinterval", Long.toString(c.clientAliveInterval().toSeconds()));
        line(b, "clientalivecountmax", Integer.toString(c.clientAliveCountMax()));
        line(b, "permitrootlogin", c.permitRootLogin().dumpName());
        line(b, "pubkeyauthentication", yn(c.pubkeyAuthentication()));
        line(b, "passwordauthentication", yn(c.passwordAuthentication()));
        line(b, "kbdinteractiveauthentication", yn(c.kbdInteractiveAuthentication()));
        line(b, "printmotd", yn(c.printMotd()));
        line(b, "x11forwarding", yn(c.x11Forwarding()));
        line(b, "x11uselocalhost", yn(c.x11UseLocalhost()));
        line(b, "permittty", yn(c.permitTty()));
        line(b, "strictmodes", yn(c.strictModes()));
        line(b, "compression", yn(c.compression()));
        line(b, "gatewayports", c.gatewayPorts().dumpName());
        line(b, "usedns", yn(c.useDns()));
        line(b, "allowtcpforwarding", c.allowTcpForwarding().dumpName());
        line(b, "allowagentforwarding", yn(c.allowAgentForwarding()));
        line(b, "disableforwarding", yn(c.disableForwarding()));
        line(b, "allowstreamlocalforwarding", c.allowStreamLocalForwarding().dumpName());
        line(b, "pidfile", c.pidFile().orElse("none"));
        line(b, "xauthlocation", c.xauthLocation());
        line(b, "ciphers", String.join(",", c.ciphers()));
        line(b, "macs", String.join(",", c.macs()));
        line(b, "banner", c.banner().orElse("none"));
        line(b, "forcecommand", c.forceCommand().orElse("none"));
        line(b, "trustedusercakeys", c.trustedUserCaKeys().orElse("none"));
        line(b, "revokedkeys", c.revokedKeys().orElse("none"));
        line(b, "authorizedprincipalsfile", c.authorizedPrincipalsFile().orElse("none"));
        line(b, "authorizedkeyscommand", c.authorizedKeysCommand().orElse("none"));
        line(b, "authorizedkeyscommanduser", c.authorizedKeysCommandUser().orElse("none"));
        line(b, "authorizedprincipalscommand", c.authorizedPrincipalsCommand().orElse("none"));
        line(b, "authorizedprincipalscommanduser", c.authorizedPrincipalsCommandUser().orElse("none"));
        line(b, "kexalgorithms", String.join(",", c.kexAlgorithms()));
        line(b, "casignaturealgorithms", String.join(",", c.caSignatureAlgorithms()));
        line(b, "hostkeyalgorithms", String.join(",", c.hostKeyAlgorithms()));
        line(b, "pubkeyacceptedalgorithms", String.join(",", c.pubkeyAcceptedAlgorithms()));
        line(b, "loglevel", c.logLevel().openSshName());
        List<String> akf = c.authorizedKeysFiles();
        line(b, "authorizedkeysfile", akf.isEmpty() ? "none" : String.join(" ", akf));
        c.hostKeys().forEach(k -> line(b, "hostkey", k));
        c.hostCertificates().forEach(k -> line(b, "hostcertificate", k));

        c.allowUsers().forEach(v -> line(b, "allowusers", v));
        c.denyUsers().forEach(v -> line(b, "denyusers", v));
        c.allowGroups().forEach(v -> line(b, "allowgroups", v));
        c.denyGroups().forEach(v -> line(b, "denygroups", v));
        c.acceptEnv().forEach(v -> line(b, "acceptenv", v));
        c.setEnv().forEach(v -> line(b, "setenv", v));
        List<List<String>> am = c.authenticationMethods();
        line(b, "authenticationmethods", am.isEmpty() ? "any"
                : String.join(" ", am.stream().map(x -> String.join(",", x)).toList()));
        for (Map.Entry<String, String> s : c.subsystems().entrySet()) {
            line(b, "subsystem", s.getKey() + " " + s.getValue());
        }
        line(b, "maxstartups", c.maxStartups().toString());
        line(b, "persourcemaxstartups", c.perSourceMaxStartups() == 0 ? "none" : Integer.toString(c.perSourceMaxStartups()));
        line(b, "persourcenetblocksize", c.perSourceNetBlockSize());
        RekeyLimit r = c.rekeyLimit();
        line(b, "rekeylimit", r.bytes() + " " + r.seconds());
        line(b, "permitopen", String.join(" ", c.permitOpen()));
        line(b, "permitlisten", String.join(" ", c.permitListen()));
        return b.toString();
    }

    /** Each ListenAddress without a port is listened on for every Port, as sshd expands them. */
    private static List<String> listenAddresses(List<String> given, List<Integer> ports) {
        if (given.isEmpty()) {
            return ports.stream().flatMap(p -> List.of("[::]:" + p, "0.0.0.0:" + p).stream()).toList();
        }
        return given.stream().flatMap(a -> {
            if (a.startsWith("[") && a.contains("]:")) {
                return List.of(a).stream();
            }
            int colon = a.indexOf(':');
            if (colon > 0 && a.indexOf(':', colon + 1) < 0) {
                return List.of(a).stream();
            }
            String host = a.startsWith("[") ? a.substring(1, a.length() - 1) : a;
            String shown = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return ports.stream().map(p -> shown + ":" + p);
        }).toList();
    }

    private static String yn(boolean v) {
        return v ? "yes" : "no";
    }

    private static void line(StringBuilder b, String k, String v) {
        b.append(k).append(' ').append(v).append('\n');
    }
}
