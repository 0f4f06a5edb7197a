package dev.seashell.cli;

import java.util.Arrays;

/** The {@code seashell} launcher: one binary, OpenSSH's tools as subcommands. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: seashell ssh|sshd|sftp-server|version [arguments]");
            return 1;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "ssh" -> new SshCommand().run(rest);
            case "sshd" -> new SshdCommand().run(rest);
            case "sftp-server" -> {
                dev.seashell.sftp.SftpServerMain.main(rest);
                yield 0;
            }
            case "version", "-V", "--version" -> {
                System.out.println(Version.banner());
                yield 0;
            }
            default -> {
                System.err.println("seashell: unknown command '" + args[0] + "'; try ssh, sshd");
                yield 1;
            }
        };
    }
}
