package dev.seashell.cli.keygen;

import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.Randomart;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * ssh-keygen -l: one line (and with -v a randomart picture) per key in a public key,
 * authorized_keys or known_hosts file, or for the key of a private key file.
 *
 * <p>Comments are taken exactly as OpenSSH 9.x does, including a quirk: its comment pointer is not
 * reset between lines, so a line without a comment or host field shows whatever text the line
 * buffer holds at that position. The buffer is emulated here so the output matches byte for byte.
 */
final class Fingerprint {
    private Fingerprint() {}

    static int run(Io io, Options o, Path file) throws Fail, IOException {
        String hash = o.get('E', "sha256").toLowerCase(java.util.Locale.ROOT);
        if (!hash.equals("sha256") && !hash.equals("md5")) throw new Fail(255, "Invalid hash algorithm \"" + o.get('E') + "\"");
        boolean verbose = o.has('v');
        byte[] data = KeyLoader.readFile(file, KeyLoader.MAX_LIST_FILE);
        String text = new String(data, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        char[] buf = new char[256];
        int comment = -1;
        boolean found = false;
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int n = 0; n < count; n++) {
            String line = lines[n];
            if (line.length() + 2 > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, line.length() + 2));
            line.getChars(0, line.length(), buf, 0);
            buf[line.length()] = '\0'; // the newline, cut by strcspn
            buf[line.length() + 1] = '\0'; // getline's terminator
            int cp = 0;
            while (buf[cp] == ' ' || buf[cp] == '\t') cp++;
            if (buf[cp] == '#' || buf[cp] == '\0') continue;
            if (n == 0 && line.contains("PRIVATE KEY")) {
                KeyLoader.Public p = KeyLoader.loadPublic(file);
                if (p == null) throw Fail.fatal(file + " is not a key file.");
                print(io, p.key(), p.comment(), hash, verbose);
                return 0;
            }
            int[] at = {cp};
            SshPublicKey key = readKey(buf, at);
            if (key == null) {
                int e = cp;
                while (e < buf.length && Character.isDigit(buf[e])) e++;
                boolean number = e > cp && (buf[e] == ' ' || buf[e] == '\t');
                if (!number) {
                    comment = cp;
                    boolean quoted = false;
                    int c = cp;
                    for (; buf[c] != '\0' && (quoted || (buf[c] != ' ' && buf[c] != '\t')); c++) {
                        if (buf[c] == '\\' && buf[c + 1] == '"') c++;
                        else if (buf[c] == '"') quoted = !quoted;
                    }
                    if (buf[c] == '\0') continue;
                    buf[c++] = '\0';
                    at[0] = c;
                }
                key = readKey(buf, at);
                if (key == null) continue;
            }
            int c = at[0];
            while (buf[c] == ' ' || buf[c] == '\t') c++;
            if (buf[c] != '\0' && buf[c] != '#') comment = c;
            found = true;
            print(io, key, comment < 0 ? null : cString(buf, comment), hash, verbose);
        }
        if (!found) throw Fail.fatal(file + " is not a public key file.");
        return 0;
    }

    static void print(Io io, SshPublicKey key, String comment, String hash, boolean verbose) {
        // Fingerprints.describe would turn an empty comment into "no comment"; ssh-keygen only does so for none
        io.out.println(key.bits() + " " + Fingerprints.fingerprint(key, hash) + " " + (comment == null ? "no comment" : comment)
                + " (" + key.displayType() + ")");
        if (verbose) io.out.println(Randomart.draw(key, hash));
    }

    /** sshkey_read: "type base64" at at[0], skipping leading blanks; advances past the base64 on success. */
    private static SshPublicKey readKey(char[] buf, int[] at) {
        int p = at[0];
        while (buf[p] == ' ' || buf[p] == '\t') p++;
        int ts = p;
        while (buf[p] != '\0' && buf[p] != ' ' && buf[p] != '\t') p++;
        String type = new String(buf, ts, p - ts);
        while (buf[p] == ' ' || buf[p] == '\t') p++;
        int bs = p;
        while (buf[p] != '\0' && buf[p] != ' ' && buf[p] != '\t') p++;
        if (bs == p) return null;
        try {
            PublicKeyLine l = PublicKeyLine.parse(type + " " + new String(buf, bs, p - bs));
            at[0] = p;
            return l.key();
        } catch (SshFormatException e) {
            return null;
        }
    }

    private static String cString(char[] buf, int from) {
        int e = from;
        while (e < buf.length && buf[e] != '\0') e++;
        return new String(buf, from, e - from);
    }
}
