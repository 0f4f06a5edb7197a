package dev.seashell.sftp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/** Open files and directories of one session, under short random ids, at most {@code max} at once. */
final class HandleTable {
    /** What a handle refers to. */
    sealed interface Entry extends Closeable permits OpenFile, OpenDir {
        Path path();
    }

    /** {@code append}: writes go to the end whatever offset the client sends. */
    record OpenFile(Path path, FileChannel channel, boolean append) implements Entry {
        public void close() throws IOException {
            channel.close();
        }
    }

    /** A directory being listed; "." and ".." are sent first, as sftp-server does. */
    static final class OpenDir implements Entry {
        private final Path path;
        private final DirectoryStream<Path> stream;
        final Iterator<Path> iterator;
        boolean dotsSent;

        OpenDir(Path path, DirectoryStream<Path> stream) {
            this.path = path;
            this.stream = stream;
            this.iterator = stream.iterator();
        }

        public Path path() {
            return path;
        }

        public void close() throws IOException {
            stream.close();
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final int max;

    HandleTable(int max) {
        this.max = max;
    }

    /** Registers {@code e} and returns its handle; closes it and fails if the table is full. */
    byte[] add(Entry e) throws IOException {
        if (entries.size() >= max) {
            e.close();
            throw new SftpException(SftpConstants.SSH_FX_FAILURE, "too many open handles (limit " + max + ")");
        }
        String id;
        do {
            byte[] b = new byte[8];
            random.nextBytes(b);
            id = HexFormat.of().formatHex(b);
        } while (entries.containsKey(id));
        entries.put(id, e);
        return id.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    OpenFile file(byte[] handle) throws SftpException {
        if (entries.get(key(handle)) instanceof OpenFile f) return f;
        throw new SftpException(SftpConstants.SSH_FX_FAILURE, "invalid file handle");
    }

    OpenDir dir(byte[] handle) throws SftpException {
        if (entries.get(key(handle)) instanceof OpenDir d) return d;
        throw new SftpException(SftpConstants.SSH_FX_FAILURE, "invalid directory handle");
    }

    Entry remove(byte[] handle) throws SftpException {
        Entry e = entries.remove(key(handle));
        if (e == null) throw new SftpException(SftpConstants.SSH_FX_FAILURE, "invalid handle");
        return e;
    }

    int size() {
        return entries.size();
    }

    void closeAll() {
        for (Entry e : entries.values()) {
            try {
                e.close();
            } catch (IOException ignored) {
                // Session is ending; nothing to report to.
            }
        }
        entries.clear();
    }

    private static String key(byte[] handle) {
        return new String(handle, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
