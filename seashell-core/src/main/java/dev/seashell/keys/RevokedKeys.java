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
    private final Krl krl;

    private RevokedKeys(Krl krl) {
        this.krl = krl;
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

    public boolean isRevoked(SshPublicKey key) {
        return krl.isRevoked(key);
    }
}
