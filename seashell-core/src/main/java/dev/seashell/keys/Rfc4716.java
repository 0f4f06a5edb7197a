package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The SECSH public key file format (RFC 4716), as ssh-keygen -e and -i read and write it. */
public final class Rfc4716 {
    public static final String BEGIN = "---- BEGIN SSH2 PUBLIC KEY ----";
    public static final String END = "---- END SSH2 PUBLIC KEY ----";
    /** ssh-keygen wraps the base64 body at 70 columns. */
    private static final int WIDTH = 70;
    private static final int MAX_TEXT = 1 << 20;

    /** A decoded file: the key and its headers (tag names as written, values unquoted). */
    public record File(SshPublicKey key, Map<String, String> headers) {
        public File {
            headers = Map.copyOf(headers);
        }

        /** The Comment header, or "" if there is none. */
        public String comment() {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Comment"))
                    .map(Map.Entry::getValue).findFirst().orElse("");
        }
    }

    private Rfc4716() {}

    /** The comment ssh-keygen -e writes: "256-bit ED25519, converted by user@host from OpenSSH". */
    public static String defaultComment(SshPublicKey key, String user, String host) {
        return key.bits() + "-bit " + key.displayType() + ", converted by " + user + "@" + host + " from OpenSSH";
    }

    /** The file text with a quoted Comment header (omitted when comment is empty), ending in a newline. */
    public static String encode(SshPublicKey key, String comment) {
        StringBuilder sb = new StringBuilder(BEGIN).append('\n');
        if (comment != null && !comment.isEmpty()) sb.append("Comment: \"").append(comment).append("\"\n");
        String b64 = Base64.getEncoder().encodeToString(key.blob());
        for (int i = 0; i < b64.length(); i += WIDTH) sb.append(b64, i, Math.min(b64.length(), i + WIDTH)).append('\n');
        return sb.append(END).append('\n').toString();
    }

    /** True if text looks like an RFC 4716 file. */
    public static boolean looksLike(String text) {
        return text.contains(BEGIN);
    }

    /** Parses a file: headers (with backslash continuation lines), then the base64 key blob. */
    public static File decode(String text) throws SshFormatException {
        if (text.length() > MAX_TEXT) throw new SshFormatException("RFC 4716 file too large");
        String[] lines = text.split("\r?\n");
        int i = 0;
        while (i < lines.length && !lines[i].strip().equals(BEGIN)) i++;
        if (i == lines.length) throw new SshFormatException("no " + BEGIN + " line");
        i++;
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder();
        boolean inHeaders = true;
        for (; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals(END)) return new File(decodeBlob(body.toString()), headers);
            if (inHeaders && line.contains(":")) {
                StringBuilder full = new StringBuilder(line);
                while (full.charAt(full.length() - 1) == '\\' && i + 1 < lines.length) {
                    full.setLength(full.length() - 1);
                    full.append(lines[++i].strip());
                }
                int colon = full.indexOf(":");
                String tag = full.substring(0, colon).strip();
                String value = full.substring(colon + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
                headers.putIfAbsent(tag, value);
                continue;
            }
            inHeaders = false;
            body.append(line);
        }
        throw new SshFormatException("no " + END + " line");
    }

    private static SshPublicKey decodeBlob(String b64) throws SshFormatException {
        try {
            return SshPublicKey.decode(Base64.getDecoder().decode(b64));
        } catch (IllegalArgumentException e) {
            throw new SshFormatException("RFC 4716 key body is not valid base64", e);
        }
    }
}
