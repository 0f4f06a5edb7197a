package dev.seashell.connection;

/**
 * A "pty-req" (RFC 4254 §6.2). {@code modes} is the encoded terminal-modes string (RFC 4254 §8),
 * kept opaque here: allocating a terminal is the job of a {@link SessionHandler} that supports it.
 */
public record PtyRequest(String term, int columns, int rows, int widthPixels, int heightPixels, byte[] modes) {}
