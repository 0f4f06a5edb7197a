package dev.seashell.examples.migration;

import dev.seashell.client.SshClient;
import dev.seashell.sftp.SftpClient;
import java.io.IOException;
import java.nio.file.Path;

/** Migration guide tasks 5-6: SFTP upload and download on a connected client. */
final class SftpTasks {
    private SftpTasks() {}

    static void upload(SshClient ssh) throws IOException {
        // tag::sftp-upload[]
        try (SftpClient sftp = SftpClient.open(ssh)) {
            sftp.upload(Path.of("report.pdf"), "/srv/reports/report.pdf");
        }
        // end::sftp-upload[]
    }

    static void download(SshClient ssh) throws IOException {
        // tag::sftp-download[]
        try (SftpClient sftp = SftpClient.open(ssh)) {
            sftp.download("/var/log/app.log", Path.of("app.log"));
        }
        // end::sftp-download[]
    }
}
