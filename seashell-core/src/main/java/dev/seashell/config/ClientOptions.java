package dev.seashell.config;

import java.util.Locale;

/** Enumerated ssh_config option values; {@code dumpName()} is how {@code ssh -G} prints them. */
public final class ClientOptions {
    private ClientOptions() {}

    /** StrictHostKeyChecking: what to do with an unknown or changed host key. */
    public enum StrictHostKeyChecking {
        YES("true"), NO("false"), ASK("ask"), ACCEPT_NEW("accept-new");

        private final String dumpName;

        StrictHostKeyChecking(String dumpName) {
            this.dumpName = dumpName;
        }

        public String dumpName() {
            return dumpName;
        }

        static StrictHostKeyChecking parse(String s) {
            return switch (s) {
                case "yes", "true" -> YES;
                case "no", "false", "off" -> NO;
                case "ask" -> ASK;
                case "accept-new" -> ACCEPT_NEW;
                default -> null;
            };
        }
    }

    /** ControlMaster: whether this client shares its connection with later ones over a control socket. */
    public enum ControlMaster {
        NO("false"), YES("true"), ASK("ask"), AUTO("auto"), AUTOASK("autoask");

        private final String dumpName;

        ControlMaster(String dumpName) {
            this.dumpName = dumpName;
        }

        public String dumpName() {
            return dumpName;
        }

        static ControlMaster parse(String s) {
            return switch (s) {
                case "no", "false" -> NO;
                case "yes", "true" -> YES;
                case "ask" -> ASK;
                case "auto" -> AUTO;
                case "autoask" -> AUTOASK;
                default -> null;
            };
        }
    }

    /** RequestTty: when to ask the server for a pseudo-terminal. */
    public enum RequestTty {
        NO("false"), YES("true"), FORCE("force"), AUTO("auto");

        private final String dumpName;

        RequestTty(String dumpName) {
            this.dumpName = dumpName;
        }

        public String dumpName() {
            return dumpName;
        }

        static RequestTty parse(String s) {
            return switch (s) {
                case "no", "false" -> NO;
                case "yes", "true" -> YES;
                case "force" -> FORCE;
                case "auto" -> AUTO;
                default -> null;
            };
        }
    }

    /** AddressFamily: which IP versions to connect over. */
    public enum AddressFamily {
        ANY, INET, INET6;

        public String dumpName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static AddressFamily parse(String s) {
            return switch (s) {
                case "any" -> ANY;
                case "inet" -> INET;
                case "inet6" -> INET6;
                default -> null;
            };
        }
    }
}
