/**
 * Seashell's OpenSSH-compatible command-line tools ({@code ssh}, {@code sshd}, {@code scp}, {@code sftp},
 * {@code ssh-keygen}, {@code ssh-agent}, ...). Built on the public API of {@code dev.seashell.core} and
 * {@code dev.seashell.sftp} only, which shows that API is sufficient; exports nothing.
 */
module dev.seashell.cli {
    requires dev.seashell.core;
    requires dev.seashell.sftp;
    requires org.slf4j;
    requires org.jline; // sftp line editing and completion
    requires jdk.unsupported; // sun.misc.Signal for SIGWINCH
}
