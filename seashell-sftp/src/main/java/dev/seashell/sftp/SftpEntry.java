package dev.seashell.sftp;

/** One name of an SSH_FXP_NAME reply: file name, {@code ls -l}-style long name, attributes. */
public record SftpEntry(String filename, String longname, SftpAttributes attrs) {}
