package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import java.util.Base64;

/**
 * One public key in OpenSSH's text form, "type base64 [comment]", as in id_ed25519.pub or an
 * authorized_keys line without options.
 */
public record PublicKeyLine(SshPublicKey key, String comment) {
    public PublicKeyLine {
        if (key == null) throw new NullPointerException("key");
        comment = comment == null ? "" : comment;
    }

    /** Parses a line; the declared type must match the blob's, and the comment is the trimmed rest. */
    public static PublicKeyLine parse(String line) throws SshFormatException {
        String s = line.strip();
        String[] parts = s.split("[ \\t]+", 3);
        if (parts.length < 2) throw new SshFormatException("public key line needs a type and a base64 key");
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new SshFormatException("public key is not valid base64", e);
        }
        SshPublicKey key = SshPublicKey.decode(blob);
        if (!key.keyType().equals(parts[0])) {
            throw new SshFormatException("declared key type " + parts[0] + " does not match " + key.keyType());
        }
        return new PublicKeyLine(key, parts.length == 3 ? parts[2].strip() : "");
    }

    /** "type base64 comment", without the trailing space when there is no comment. */
    public String format() {
        String base = key.keyType() + " " + Base64.getEncoder().encodeToString(key.blob());
        return comment.isEmpty() ? base : base + " " + comment;
    }

    @Override
    public String toString() {
        return format();
    }
}
