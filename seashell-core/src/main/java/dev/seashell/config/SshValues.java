package dev.seashell.config;

import dev.seashell.config.ClientOptions.AddressFamily;
import dev.seashell.config.ClientOptions.ControlMaster;
import dev.seashell.config.ClientOptions.RequestTty;
import dev.seashell.config.ClientOptions.StrictHostKeyChecking;
import java.util.Set;

/** Parse-time validation of the ssh_config keywords Seashell implements. */
final class SshValues {
    private SshValues() {}

    private static final Set<String> FLAGS = Set.of("identitiesonly", "batchmode", "compression",
            "passwordauthentication", "kbdinteractiveauthentication", "hashknownhosts", "checkhostip",
            "exitonforwardfailure", "gatewayports");

    static void validate(String key, ConfigLine l, AlgorithmCatalog catalog) throws ConfigException {
        if (!key.equals("proxycommand") && !key.equals("match")) {
            l.arg();
        }
        if (FLAGS.contains(key)) {
            Values.yesNo(l);
            return;
        }
        switch (key) {
            case "port" -> Values.port(l);
            case "connectionattempts", "numberofpasswordprompts", "serveralivecountmax" -> Values.integer(l);
            case "connecttimeout" -> {
                if (!l.arg().equals("none")) {
                    Values.time(l);
                }
            }
            case "serveraliveinterval" -> Values.time(l);
            case "loglevel" -> Values.logLevel(l);
            case "rekeylimit" -> Values.rekeyLimit(l);
            case "stricthostkeychecking" -> check(l, StrictHostKeyChecking.parse(l.arg()) != null);
            case "controlmaster" -> check(l, ControlMaster.parse(l.arg()) != null);
            case "requesttty" -> check(l, RequestTty.parse(l.arg()) != null);
            case "addressfamily" -> check(l, AddressFamily.parse(l.arg()) != null);
            case "pubkeyauthentication" -> check(l, Set.of("yes", "no", "true", "false", "unbound", "host-bound")
                    .contains(l.arg()));
            case "controlpersist" -> check(l, Set.of("yes", "no", "true", "false").contains(l.arg())
                    || Units.seconds(l.arg()) >= 0);
            case "escapechar" -> {
                if (escapeChar(l.arg()) == -2) {
                    throw new ConfigException(l.where() + ": Bad escape character.");
                }
            }
            case "localforward", "remoteforward", "dynamicforward" -> forward(key, l);
            case "setenv" -> {
                for (String a : l.args()) {
                    if (a.indexOf('=') <= 0) {
                        throw new ConfigException(l.where() + ": Invalid environment.");
                    }
                }
            }
            case "sendenv" -> {
                for (String a : l.args()) {
                    if (a.indexOf('=') >= 0) {
                        throw new ConfigException(l.where() + ": Invalid environment name.");
                    }
                }
            }
            case "ciphers" -> SshdValues.algorithms(AlgorithmKind.CIPHERS, l, catalog);
            case "macs" -> SshdValues.algorithms(AlgorithmKind.MACS, l, catalog);
            case "kexalgorithms" -> SshdValues.algorithms(AlgorithmKind.KEX, l, catalog);
            case "hostkeyalgorithms" -> SshdValues.algorithms(AlgorithmKind.HOST_KEY, l, catalog);
            case "pubkeyacceptedalgorithms" -> SshdValues.algorithms(AlgorithmKind.PUBKEY, l, catalog);
            case "casignaturealgorithms" -> CaSignatureAlgorithms.validate(l);
            default -> { }
        }
    }

    static Forward forward(String key, ConfigLine l) throws ConfigException {
        Forward f;
        if (key.equals("dynamicforward")) {
            f = l.args().size() == 1 ? Forward.parse(l.args().getFirst(), null) : null;
            if (f == null) {
                throw new ConfigException(l.where() + ": Bad dynamic forwarding specification '" + l.arg() + "'");
            }
            return f;
        }
        if (l.args().size() == 1 && key.equals("remoteforward")) {
            f = Forward.parse(l.args().getFirst(), null);
        } else if (l.args().size() == 2) {
            f = Forward.parse(l.args().get(0), l.args().get(1));
        } else {
            f = null;
        }
        if (f == null) {
            throw new ConfigException(l.where() + ": Bad forwarding specification.");
        }
        return f;
    }

    /** The escape character, -1 for none, -2 when malformed. */
    static int escapeChar(String s) {
        if (s.equals("none")) {
            return -1;
        }
        if (s.length() == 1) {
            return s.charAt(0);
        }
        if (s.length() == 2 && s.charAt(0) == '^' && s.charAt(1) >= 64 && s.charAt(1) < 128) {
            return s.charAt(1) & 31;
        }
        return -2;
    }

    private static void check(ConfigLine l, boolean ok) throws ConfigException {
        if (!ok) {
            throw Values.bad(l);
        }
    }
}
