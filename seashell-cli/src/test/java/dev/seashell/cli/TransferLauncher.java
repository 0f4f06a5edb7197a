package dev.seashell.cli;

import java.util.Arrays;

/** Child-JVM entry point for the tests until Main dispatches sftp and scp itself. */
public final class TransferLauncher {
    private TransferLauncher() {}

    public static void main(String[] args) {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int code = switch (args[0]) {
            case "sftp" -> new SftpCommand().run(rest);
            case "scp" -> new ScpCommand().run(rest);
            default -> Main.run(args);
        };
        System.out.flush();
        System.exit(code);
    }
}
