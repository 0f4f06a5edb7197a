package dev.seashell.config;

/** Enumerated sshd option values, named after OpenSSH's, printed as {@code sshd -T} prints them. */
public final class ServerOptions {
    private ServerOptions() {}

    /** PermitRootLogin; {@code without-password} is the old spelling of {@code prohibit-password}. */
    public enum PermitRootLogin {
        YES("yes"), PROHIBIT_PASSWORD("without-password"), FORCED_COMMANDS_ONLY("forced-commands-only"), NO("no");

        private final String dumpName;

        PermitRootLogin(String dumpName) {
            this.dumpName = dumpName;
        }

        public String dumpName() {
            return dumpName;
        }

        static PermitRootLogin parse(String s) {
            return switch (s) {
                case "yes" -> YES;
                case "prohibit-password", "without-password" -> PROHIBIT_PASSWORD;
                case "forced-commands-only" -> FORCED_COMMANDS_ONLY;
                case "no" -> NO;
                default -> null;
            };
        }
    }

    /** AllowTcpForwarding; {@code all} is an alias of {@code yes}. */
    public enum TcpForwarding {
        YES, NO, LOCAL, REMOTE;

        public String dumpName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static TcpForwarding parse(String s) {
            return switch (s) {
                case "yes", "all" -> YES;
                case "no" -> NO;
                case "local" -> LOCAL;
                case "remote" -> REMOTE;
                default -> null;
            };
        }
    }

    /** GatewayPorts. */
    public enum GatewayPorts {
        NO, YES, CLIENTSPECIFIED;

        public String dumpName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static GatewayPorts parse(String s) {
            return switch (s) {
                case "no" -> NO;
                case "yes" -> YES;
                case "clientspecified" -> CLIENTSPECIFIED;
                default -> null;
            };
        }
    }

    /** MaxStartups {@code start:rate:full}. */
    public record MaxStartups(int start, int rate, int full) {
        public static final MaxStartups DEFAULT = new MaxStartups(10, 30, 100);

        @Override
        public String toString() {
            return start + ":" + rate + ":" + full;
        }
    }
}
