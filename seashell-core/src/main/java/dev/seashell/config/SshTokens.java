package dev.seashell.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** ssh_config TOKENS ({@code %h}, {@code %C}, …), {@code ~} and {@code ${ENV}} expansion. */
final class SshTokens {
    private SshTokens() {}

    /** Values for one connection; {@code %C} is derived from the others. */
    record Context(String remoteHost, int port, String remoteUser, String originalHost, String localUser,
            String home, String localHostname, String uid, String proxyJump, String hostKeyAlias) {

        String connectionHash() {
            try {
                byte[] d = MessageDigest.getInstance("SHA-1").digest(
                        (localHostname + remoteHost + port + remoteUser + (proxyJump == null ? "" : proxyJump))
                                .getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(d);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** percent_expand with the client's token set; an unknown token is an error. */
    static String percent(String s, Context c) throws ConfigException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '%') {
                b.append(ch);
                continue;
            }
            if (++i >= s.length()) {
                throw new ConfigException("percent_expand: invalid format \"" + s + "\"");
            }
            char t = s.charAt(i);
            b.append(switch (t) {
                case '%' -> "%";
                case 'h' -> c.remoteHost();
                case 'p' -> Integer.toString(c.port());
                case 'r' -> c.remoteUser();
                case 'n' -> c.originalHost();
                case 'u' -> c.localUser();
                case 'd' -> c.home();
                case 'l' -> c.localHostname();
                case 'L' -> shortName(c.localHostname());
                case 'i' -> c.uid();
                case 'j' -> c.proxyJump() == null ? "" : c.proxyJump();
                case 'k' -> c.hostKeyAlias() == null ? c.originalHost() : c.hostKeyAlias();
                case 'C' -> c.connectionHash();
                default -> throw new ConfigException("percent_expand: unknown key %" + t);
            });
        }
        return b.toString();
    }

    private static String shortName(String h) {
        int dot = h.indexOf('.');
        return dot < 0 ? h : h.substring(0, dot);
    }

    /** {@code ~} or {@code ~/…} → home directory. */
    static String tilde(String s, String home) {
        if (s.equals("~")) {
            return home;
        }
        if (s.startsWith("~/")) {
            return home + s.substring(1);
        }
        return s;
    }

    /** {@code ${NAME}} from the environment; an unset variable is an error as in OpenSSH. */
    static String env(String s, Map<String, String> env) throws ConfigException {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int start = s.indexOf("${", i);
            if (start < 0) {
                b.append(s, i, s.length());
                break;
            }
            int end = s.indexOf('}', start);
            if (end < 0) {
                throw new ConfigException("env var ${ not terminated in \"" + s + "\"");
            }
            String name = s.substring(start + 2, end);
            String v = env.get(name);
            if (v == null) {
                throw new ConfigException("env var ${" + name + "} has no value");
            }
            b.append(s, i, start).append(v);
            i = end + 1;
        }
        return b.toString();
    }

    /** The full treatment for path-like options: tilde, then tokens, then environment. */
    static String path(String s, Context c, Map<String, String> env) throws ConfigException {
        return env(percent(tilde(s, c.home()), c), env);
    }
}
