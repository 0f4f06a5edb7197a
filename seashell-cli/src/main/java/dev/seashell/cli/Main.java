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
            System.err.println("usage: seashell ssh|sshd|sftp|scp|keygen|agent|add|keyscan|copy-id|sftp-server|version [arguments]");
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
            case "sftp" -> new SftpCommand().run(rest);
            case "scp" -> new ScpCommand().run(rest);
            case "keygen" -> dev.seashell.cli.keygen.KeygenCommand.run(rest);
            case "agent" -> dev.seashell.cli.agent.AgentCommand.run(rest);
            case "add" -> dev.seashell.cli.agent.AddCommand.run(rest);
            case "keyscan" -> dev.seashell.cli.agent.KeyscanCommand.run(rest);
            case "copy-id" -> dev.seashell.cli.agent.CopyIdCommand.run(rest);
            case "aot-train" -> AotTraining.run();
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
