package dev.seashell.sftp;

import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Standalone SFTP server on stdin/stdout, usable as sshd's {@code Subsystem sftp java -cp ... dev.seashell.sftp.SftpServerMain}
 * or with {@code sftp -D}. Flags follow sftp-server(8): {@code -d dir} start directory ({@code %d} home,
 * {@code %u} user, {@code %%} percent), {@code -R} read-only, {@code -e} log to stderr; {@code -f}, {@code -l},
 * {@code -u} take an argument and are accepted but ignored.
 */
public final class SftpServerMain {
    private SftpServerMain() {}

    public static void main(String[] args) {
        SftpServer.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sftp-server: " + e.getMessage());
            System.err.println("usage: SftpServerMain [-ehR] [-d start_directory] [-f log_facility] [-l log_level] [-u umask]");
            System.exit(1);
            return;
        }
        // Raw file descriptors: System.out's PrintStream would swallow errors, and nothing else may write to fd 1.
        FileInputStream in = new FileInputStream(FileDescriptor.in);
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        try {
            new SftpServer(options).serve(in, out);
        } catch (IOException e) {
            if (options.log() != null) options.log().accept("error: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    static SftpServer.Options parse(String[] args) {
        SftpServer.Options o = SftpServer.Options.defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-R" -> o = o.readOnly(true);
                case "-e" -> {
                    Consumer<String> err = line -> System.err.println("sftp-server: " + line);
                    o = o.logTo(err);
                }
                case "-h" -> throw new IllegalArgumentException("help requested");
                case "-d" -> o = o.startingIn(expand(value(args, ++i, a)));
                case "-f", "-l", "-u", "-P", "-p" -> value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return o;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) throw new IllegalArgumentException(flag + " needs an argument");
        return args[i];
    }

    private static String expand(String dir) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dir.length(); i++) {
            char c = dir.charAt(i);
            if (c != '%' || i + 1 == dir.length()) {
                sb.append(c);
                continue;
            }
            char t = dir.charAt(++i);
            switch (t) {
                case '%' -> sb.append('%');
                case 'd' -> sb.append(System.getProperty("user.home"));
                case 'u' -> sb.append(System.getProperty("user.name"));
                default -> throw new IllegalArgumentException("unknown token %" + t + " in -d");
            }
        }
        return sb.toString();
    }
}
