/**
 * Seashell's SFTP (protocol version 3): a client and a server that run over any pair of streams, such as
 * an SSH session channel's "sftp" subsystem.
 */
module dev.seashell.sftp {
    requires transitive dev.seashell.core;

    exports dev.seashell.sftp;
}
