package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * sshd's RevokedKeys (and ssh's RevokedHostKeys): a binary KRL, or a text file of public keys one a
 * line. A certificate counts as revoked when its key or its CA key is listed (or, in a KRL, when its
 * serial or key id is).
 */
public final class RevokedKeys {
    private static final int MAX_FILE = 64 << 20;
    /** The answer for one key: {@link #ERROR} when the file could not be read or parsed (callers refuse the key). */
    public enum Status { NOT_REVOKED, REVOKED, ERROR }

    private final Krl krl;
    private final Path file;

    private RevokedKeys(Krl krl, Path file) {
        this.krl = krl;
        this.file = file;
    }

    private RevokedKeys(Krl krl) {
        this(krl, null);
    }

    /**
     * The file itself, read again at each {@link #status} as OpenSSH does, so that a key added to the
     * KRL is refused from the next login on without a restart.
     */
    public static RevokedKeys file(Path file) {
        return new RevokedKeys(null, file);
    }

    /** The file this list re-reads at each check, if any. */
    public java.util.Optional<Path> source() {
        return java.util.Optional.ofNullable(file);
    }

    /** Nothing revoked. */
    public static RevokedKeys none() {
        return new RevokedKeys(new Krl());
    }

    /** Reads a KRL or a key list; a line that does not parse as a key makes the file invalid. */
    public static RevokedKeys read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE) throw new IOException(file + ": revoked keys file too large");
        byte[] data = Files.readAllBytes(file);
        if (Krl.looksLikeKrl(data)) return new RevokedKeys(Krl.parse(data));
        Krl list = new Krl();
        for (SshPublicKey k : keyList(new String(data, StandardCharsets.UTF_8))) {
            list.revoke(k instanceof SshCertificate c ? c.key() : k);
        }
        return new RevokedKeys(list);
    }

    static List<SshPublicKey> keyList(String text) throws SshFormatException {
        List<SshPublicKey> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            out.add(PublicKeyLine.parse(l).key());
        }
        return out;
    }

    /** Whether the key is revoked; an unreadable or malformed file counts as revoking it. */
    public boolean isRevoked(SshPublicKey key) {
        return status(key) != Status.NOT_REVOKED;
    }

    public Status status(SshPublicKey key) {
        if (file == null) return krl.isRevoked(key) ? Status.REVOKED : Status.NOT_REVOKED;
        try {
            return read(file).krl.isRevoked(key) ? Status.REVOKED : Status.NOT_REVOKED;
        } catch (IOException | RuntimeException e) {
            return Status.ERROR;
        }
    }
}
