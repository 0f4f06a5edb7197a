package dev.seashell.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;

/**
 * A Google Authenticator {@code ~/.google_authenticator} file: the base32 secret on the first line,
 * option lines starting with {@code "} ({@code " WINDOW_SIZE 3}, {@code " RATE_LIMIT 3 30},
 * {@code " DISALLOW_REUSE}, {@code " TOTP_AUTH}), then 8-digit emergency scratch codes, each usable once.
 *
 * @param lines the file as read, so a used scratch code can be removed without touching the rest
 */
public record GoogleAuthenticatorFile(Path path, byte[] secret, int windowSize, int rateLimitAttempts,
                                      int rateLimitSeconds, boolean disallowReuse, boolean totp,
                                      List<String> scratchCodes, List<String> lines) {
    private static final int MAX_SIZE = 64 * 1024;

    public GoogleAuthenticatorFile {
        secret = secret.clone();
        scratchCodes = List.copyOf(scratchCodes);
        lines = List.copyOf(lines);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /**
     * Reads and checks a file. Like pam_google_authenticator it refuses a file others can read or
     * write, or one owned by someone other than {@code ownerUid} (when {@code ownerUid >= 0}).
     */
    public static GoogleAuthenticatorFile read(Path path, int ownerUid) throws IOException {
        PosixFileAttributes a = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
        if (!a.isRegularFile()) throw new IOException(path + ": not a regular file");
        if (a.size() > MAX_SIZE) throw new IOException(path + ": too large");
        for (PosixFilePermission p : a.permissions()) {
            if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                throw new IOException(path + ": permissions too open");
            }
        }
        if (ownerUid >= 0) {
            Object uid = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (!(uid instanceof Integer u) || u != ownerUid) throw new IOException(path + ": wrong owner");
        }
        return parse(path, Files.readString(path, StandardCharsets.UTF_8));
    }

    static GoogleAuthenticatorFile parse(Path path, String text) throws IOException {
        List<String> lines = List.of(text.split("\n", -1));
        if (lines.isEmpty() || lines.getFirst().isBlank()) throw new IOException(path + ": no secret");
        byte[] secret;
        try {
            secret = Totp.base32(lines.getFirst().strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": bad secret");
        }
        int window = 3, attempts = 0, seconds = 0;
        boolean reuse = false, totp = false, hotp = false;
        List<String> scratch = new ArrayList<>();
        for (String raw : lines.subList(1, lines.size())) {
            String l = raw.strip();
            if (l.startsWith("\"")) {
                String[] f = l.substring(1).strip().split("\\s+");
                try {
                    switch (f[0]) {
                        case "WINDOW_SIZE" -> window = Math.clamp(Integer.parseInt(f[1]), 1, 100);
                        case "RATE_LIMIT" -> {
                            attempts = Math.clamp(Integer.parseInt(f[1]), 1, 100);
                            seconds = Math.clamp(Integer.parseInt(f[2]), 1, 3600);
                        }
                        case "DISALLOW_REUSE" -> reuse = true;
                        case "TOTP_AUTH" -> totp = true;
                        case "HOTP_COUNTER" -> hotp = true;
                        default -> { } // other pam_google_authenticator options do not affect verification
                    }
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw new IOException(path + ": bad option line " + l);
                }
            } else if (l.length() == 8 && l.chars().allMatch(Character::isDigit)) {
                scratch.add(l);
            }
        }
        // A file without TOTP_AUTH is TOTP unless it carries an HOTP counter (which we do not support).
        return new GoogleAuthenticatorFile(path, secret, window, attempts, seconds, reuse, totp || !hotp, scratch, lines);
    }

    /**
     * Removes one scratch code from the file on disk: the new content goes to a temp file beside it
     * (same permissions and owner) that then replaces the original atomically.
     */
    void removeScratchCode(String code) throws IOException {
        List<String> kept = new ArrayList<>(lines);
        boolean removed = false;
        for (int i = 1; i < kept.size() && !removed; i++) {
            if (kept.get(i).strip().equals(code)) {
                kept.remove(i);
                removed = true;
            }
        }
        if (!removed) throw new IOException("scratch code not in " + path);
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".google_authenticator~", "");
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
            Object uid = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Object gid = Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            if (!uid.equals(Files.getAttribute(tmp, "unix:uid")) || !gid.equals(Files.getAttribute(tmp, "unix:gid"))) {
                Files.setAttribute(tmp, "unix:uid", uid);
                Files.setAttribute(tmp, "unix:gid", gid);
            }
            Files.writeString(tmp, String.join("\n", kept), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + path + " atomically", e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
