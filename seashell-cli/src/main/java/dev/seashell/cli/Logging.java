package dev.seashell.cli;

/** Configures slf4j-simple before the first logger exists: quiet by default, debug with -v/-d. */
final class Logging {
    private Logging() {}

    static void init(int verbosity) {
        String level = verbosity >= 3 ? "trace" : verbosity >= 1 ? "debug" : "warn";
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "false");
    }
}
