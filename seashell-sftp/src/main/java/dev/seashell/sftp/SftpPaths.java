package dev.seashell.sftp;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Maps client path strings to local paths. Unconfined, paths behave as sftp-server's do: relative
 * ones start at the start directory. Confined to a root (like sshd's ChrootDirectory), the client
 * sees the root as "/": {@code ..} cannot climb above it, absolute paths are relative to it, and
 * every symbolic link on the way is resolved to its real path and refused if it leads outside
 * (the escape class of MINA SSHD CVE-2023-35887). A link swapped in between check and use is not
 * caught; Java offers no openat(2) to close that window.
 */
final class SftpPaths {
    private final Path root;
    private final Path startDir;
    private final String startVirtual;

    private SftpPaths(Path root, Path startDir, String startVirtual) {
        this.root = root;
        this.startDir = startDir;
        this.startVirtual = startVirtual;
    }

    /** Unconfined; relative paths start at {@code startDir} (absolute). */
    static SftpPaths unconfined(Path startDir) {
        return new SftpPaths(null, startDir.toAbsolutePath().normalize(), null);
    }

    /** Confined to {@code root}; relative paths start at {@code startVirtual} (a path as the client sees it). */
    static SftpPaths confined(Path root, String startVirtual) throws IOException {
        return new SftpPaths(root.toRealPath(), null, normalize("/", startVirtual == null ? "/" : startVirtual));
    }

    boolean isConfined() {
        return root != null;
    }

    /** The start directory as the client sees it: what REALPATH "." answers. */
    String home() throws IOException {
        return isConfined() ? startVirtual : realpath(".");
    }

    /**
     * The local path for a client path. With {@code followLast} a final symbolic link is resolved
     * (and, confined, must stay inside the root; a dangling one is refused so that O_CREAT cannot
     * create a file at its target). Without, the last component is returned as is (lstat, remove, rename).
     */
    Path resolve(String clientPath, boolean followLast) throws IOException {
        if (!isConfined()) return startDir.resolve(clientPath);
        String virtual = normalize(startVirtual, clientPath);
        if (virtual.equals("/")) return root;
        Path lexical = root.resolve(virtual.substring(1));
        Path parent = lexical.getParent().toRealPath();
        requireInside(parent, clientPath);
        Path p = parent.resolve(lexical.getFileName());
        if (followLast && Files.isSymbolicLink(p)) {
            Path real;
            try {
                real = p.toRealPath();
            } catch (NoSuchFileException e) {
                throw new AccessDeniedException(clientPath, null, "dangling symbolic link refused inside a confined root");
            }
            requireInside(real, clientPath);
            return real;
        }
        return p;
    }

    /** Canonical absolute path as the client sees it; a missing final part is normalized lexically. */
    String realpath(String clientPath) throws IOException {
        if (!isConfined()) {
            Path p = startDir.resolve(clientPath);
            try {
                return p.toRealPath().toString();
            } catch (NoSuchFileException e) {
                return p.normalize().toString();
            }
        }
        try {
            return toClient(resolve(clientPath, true).toRealPath(), clientPath);
        } catch (NoSuchFileException e) {
            return normalize(startVirtual, clientPath);
        }
    }

    private String toClient(Path real, String clientPath) throws AccessDeniedException {
        requireInside(real, clientPath);
        String rel = root.relativize(real).toString();
        return rel.isEmpty() ? "/" : "/" + rel;
    }

    private void requireInside(Path real, String clientPath) throws AccessDeniedException {
        if (!real.startsWith(root)) throw new AccessDeniedException(clientPath, null, "path leads outside the confined root");
    }

    /** Removes the root's local location from a message meant for the client, so a confined client never learns it. */
    String hide(String message) {
        if (!isConfined() || message == null) return message;
        String r = root.toString();
        return message.replace(r + "/", "/").replace(r, "/");
    }

    /** Joins {@code path} to {@code base} unless absolute and folds "." and ".." lexically, never above "/". */
    static String normalize(String base, String path) {
        Deque<String> parts = new ArrayDeque<>();
        String full = path.startsWith("/") ? path : base + "/" + path;
        for (String part : full.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) parts.pollLast();
            else parts.addLast(part);
        }
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }
}
