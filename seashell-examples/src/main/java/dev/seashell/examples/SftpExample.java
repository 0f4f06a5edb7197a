package dev.seashell.examples;

import dev.seashell.client.SshClient;
import dev.seashell.sftp.SftpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Uploads a file over SFTP, downloads it again and checks the bytes survived.
 * Usage: {@code SftpExample host port user localFile remotePath}.
 */
public final class SftpExample {
    private SftpExample() {}

    /** Uploads {@code local} to {@code remote}, downloads it to {@code copy}; true if the bytes match. */
    public static boolean roundTrip(SshClient ssh, Path local, String remote, Path copy) throws IOException {
        try (SftpClient sftp = SftpClient.open(ssh)) {
            sftp.upload(local, remote);
            sftp.download(remote, copy);
        }
        return Arrays.equals(Files.readAllBytes(local), Files.readAllBytes(copy));
    }

    /** Runs the example with the arguments in the class comment. */
    public static void main(String[] args) throws IOException {
        Path dotSsh = Path.of(System.getProperty("user.home"), ".ssh");
        try (SshClient ssh = SshClient.builder(args[0], Integer.parseInt(args[1])).user(args[2])
                .identity(dotSsh.resolve("id_ed25519")).connect()) {
            Path copy = Files.createTempFile("sftp-example", ".copy");
            System.out.println(roundTrip(ssh, Path.of(args[3]), args[4], copy) ? "identical" : "DIFFERENT");
        }
    }
}
