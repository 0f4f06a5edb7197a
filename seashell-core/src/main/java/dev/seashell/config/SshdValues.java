package dev.seashell.config;

import dev.seashell.config.ServerOptions.GatewayPorts;
import dev.seashell.config.ServerOptions.MaxStartups;
import dev.seashell.config.ServerOptions.PermitRootLogin;
import dev.seashell.config.ServerOptions.TcpForwarding;
import java.util.Set;

/** Parse-time validation of the sshd keywords Seashell implements. */
final class SshdValues {
    private SshdValues() {}

    private static final Set<String> FLAGS = Set.of("strictmodes", "passwordauthentication", "pubkeyauthentication",
            "kbdinteractiveauthentication", "permittty", "printmotd", "usedns", "x11forwarding",
            "allowagentforwarding", "x11uselocalhost", "disableforwarding");
    private static final Set<String> SINGLE = Set.of("pidfile", "loglevel", "ciphers", "kexalgorithms", "macs",
            "hostkeyalgorithms", "pubkeyacceptedalgorithms", "compression", "permitrootlogin", "maxauthtries",
            "logingracetime", "clientaliveinterval", "clientalivecountmax", "maxsessions", "maxstartups", "banner",
            "allowtcpforwarding", "gatewayports", "port", "listenaddress", "hostkey", "persourcemaxstartups",
            "persourcenetblocksize", "persourcepenaltyexemptlist", "x11displayoffset", "xauthlocation",
            "permituserenvironment", "casignaturealgorithms", "authorizedkeyscommanduser",
            "authorizedprincipalscommanduser", "allowstreamlocalforwarding");

    static void validate(String key, ConfigLine l, AlgorithmCatalog catalog) throws ConfigException {
        if (!key.equals("forcecommand")) {
            l.arg();
        }
        if ((FLAGS.contains(key) || SINGLE.contains(key)) && l.args().size() > 1
                && !(key.equals("listenaddress") && l.args().size() == 3 && l.args().get(1).equals("rdomain"))) {
            throw Values.extra(l);
        }
        if (FLAGS.contains(key)) {
            Values.yesNo(l);
            return;
        }
        switch (key) {
            case "port" -> Values.port(l);
            case "loglevel" -> Values.logLevel(l);
            case "maxauthtries", "clientalivecountmax", "maxsessions", "x11displayoffset" -> Values.integer(l);
            case "persourcemaxstartups" -> {
                if (!l.arg().equals("none")) Values.integer(l);
            }
            case "persourcenetblocksize" -> {
                if (!l.arg().matches("\\d{1,2}(:\\d{1,3})?")) throw Values.bad(l);
            }
            case "persourcepenalties" -> {
                for (String a : l.args()) {
                    if (!a.equals("yes") && !a.equals("no") && !a.matches("[a-z0-9-]+:\\S+")) throw Values.bad(l);
                }
            }
            case "logingracetime", "clientaliveinterval" -> Values.time(l);
            case "rekeylimit" -> Values.rekeyLimit(l);
            case "compression" -> Values.choice(l, Values.table("yes", "yes", "delayed", "yes", "no", "no"));
            case "permitrootlogin" -> {
                if (PermitRootLogin.parse(l.arg()) == null) {
                    throw Values.bad(l);
                }
            }
            case "permitopen", "permitlisten" -> ForwardPermissions.validate(l);
            case "allowtcpforwarding", "allowstreamlocalforwarding" -> {
                if (TcpForwarding.parse(l.arg()) == null) {
                    throw Values.bad(l);
                }
            }
            case "gatewayports" -> {
                if (GatewayPorts.parse(l.arg()) == null) {
                    throw Values.bad(l);
                }
            }
            case "maxstartups" -> {
                if (maxStartups(l.arg()) == null) {
                    throw new ConfigException(l.where() + ": Illegal MaxStartups spec.");
                }
            }
            case "subsystem" -> {
                if (l.args().size() < 2) {
                    throw new ConfigException(l.where() + ": Missing subsystem command.");
                }
            }
            case "setenv" -> {
                for (String a : l.args()) {
                    if (a.indexOf('=') <= 0) {
                        throw new ConfigException(l.where() + ": Invalid environment.");
                    }
                }
            }
            case "authenticationmethods" -> {
                if (l.args().contains("any") && l.args().size() > 1) {
                    throw new ConfigException(l.where() + ": \"any\" must appear alone in AuthenticationMethods");
                }
            }
            case "ciphers" -> algorithms(AlgorithmKind.CIPHERS, l, catalog);
            case "macs" -> algorithms(AlgorithmKind.MACS, l, catalog);
            case "kexalgorithms" -> algorithms(AlgorithmKind.KEX, l, catalog);
            case "hostkeyalgorithms" -> algorithms(AlgorithmKind.HOST_KEY, l, catalog);
            case "pubkeyacceptedalgorithms" -> algorithms(AlgorithmKind.PUBKEY, l, catalog);
            case "casignaturealgorithms" -> CaSignatureAlgorithms.validate(l);
            case "authorizedkeyscommand", "authorizedprincipalscommand" -> {
                if (!l.arg().startsWith("/") && !l.rest().equals("none")) {
                    throw new ConfigException(l.where() + ": " + l.keyword() + " must be an absolute path");
                }
            }
            default -> { }
        }
    }

    static void algorithms(AlgorithmKind kind, ConfigLine l, AlgorithmCatalog catalog) throws ConfigException {
        try {
            catalog.resolve(kind, l.arg());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(l.where() + ": " + e.getMessage());
        }
    }

    /** {@code start[:rate:full]}; a single number sets start and full. Null when malformed. */
    static MaxStartups maxStartups(String s) {
        String[] p = s.split(":", -1);
        try {
            if (p.length == 1) {
                int n = Integer.parseInt(p[0]);
                return n < 0 ? null : new MaxStartups(n, MaxStartups.DEFAULT.rate(), n);
            }
            if (p.length == 3) {
                int a = Integer.parseInt(p[0]);
                int r = Integer.parseInt(p[1]);
                int f = Integer.parseInt(p[2]);
                return a < 0 || r < 0 || r > 100 || f < a ? null : new MaxStartups(a, r, f);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }
}
