package dev.seashell.cli.keygen;

import dev.seashell.keys.Krl;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/** ssh-keygen's KRL actions: -k (create or, with -u, update) and -Q (test keys against a KRL). */
final class Revocation {
    private Revocation() {}

    /** -k -f krl [-u] [-s ca_public|none] [-z version] [-C comment] file…: each file a revocation list specification. */
    static int generate(Io io, Options o) throws Fail, IOException {
        if (!o.has('f')) throw Fail.fatal("KRL generation requires an output file");
        Path out = Path.of(o.get('f'));
        boolean update = o.has('u');
        if (update && !Files.exists(out)) throw Fail.fatal("KRL \"" + out + "\" does not exist");
        boolean wildCa = "none".equalsIgnoreCase(o.get('s'));
        SshPublicKey ca = null;
        if (o.has('s') && !wildCa) {
            KeyLoader.Public p;
            try {
                p = KeyLoader.loadPublic(Path.of(o.get('s')));
            } catch (Fail f) {
                p = null;
            }
            if (p == null) throw Fail.fatal("Cannot load CA public key " + o.get('s') + ": invalid format");
            ca = p.key();
        }
        Krl krl = update ? load(out) : new Krl();
        if (o.has('z')) {
            try {
                krl.setVersion(Long.parseUnsignedLong(o.get('z')));
            } catch (NumberFormatException e) {
                throw Fail.fatal("Invalid serial number \"" + o.get('z') + "\"");
            }
        }
        if (o.has('C')) krl.setComment(o.get('C'));
        for (String name : o.operands) {
            io.err.println("Revoking from " + name);
            update(krl, Path.of(name), ca, wildCa);
        }
        krl.setGeneratedDate(Instant.now().getEpochSecond());
        PrivateKeyFiles.writeAtomically(out, krl.encode(), PrivateKeyFiles.PUBLIC_MODE);
        return 0;
    }

    /** Applies one revocation list specification file (ssh-keygen(1) "KEY REVOCATION LISTS"). */
    static void update(Krl krl, Path file, SshPublicKey ca, boolean wildCa) throws Fail {
        String text = new String(KeyLoader.readFile(file, KeyLoader.MAX_LIST_FILE), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            String where = file + ":" + (i + 1);
            if (l.isEmpty() || l.startsWith("#")) continue;
            String lower = l.toLowerCase(Locale.ROOT);
            if (lower.startsWith("serial:")) {
                if (ca == null && !wildCa) throw Fail.fatal("revoking certificates by serial number requires specification of a CA key");
                String v = l.substring(7).strip();
                int dash = v.indexOf('-');
                long lo = serial(dash < 0 ? v : v.substring(0, dash), where);
                long hi = dash < 0 ? lo : serial(v.substring(dash + 1), where);
                if (Long.compareUnsigned(hi, lo) < 0) throw Fail.fatal(where + ": serial out of range");
                krl.revokeSerials(ca, lo, hi);
            } else if (lower.startsWith("id:")) {
                if (ca == null && !wildCa) throw Fail.fatal("revoking certificates by key ID requires specification of a CA key");
                krl.revokeKeyId(ca, l.substring(3).strip());
            } else if (lower.startsWith("hash:")) {
                String fp = l.substring(5).strip();
                if (!fp.startsWith("SHA256:")) throw Fail.fatal(where + ": invalid hash");
                try {
                    krl.revokeSha256(Base64.getDecoder().decode(padded(fp.substring(7))));
                } catch (IllegalArgumentException e) {
                    throw Fail.fatal(where + ": invalid hash");
                }
            } else {
                String mode = lower.startsWith("key:") ? "key" : lower.startsWith("sha1:") ? "sha1" : lower.startsWith("sha256:") ? "sha256" : "";
                String keyText = mode.isEmpty() ? l : l.substring(mode.length() + 1).strip();
                SshPublicKey key;
                try {
                    key = PublicKeyLine.parse(keyText).key();
                } catch (SshFormatException e) {
                    throw Fail.fatal(where + ": invalid key");
                }
                SshPublicKey plain = key instanceof SshCertificate c ? c.key() : key;
                switch (mode) {
                    case "sha1" -> krl.revokeSha1(digest("SHA-1", plain.blob()));
                    case "sha256" -> krl.revokeSha256(digest("SHA-256", plain.blob()));
                    case "key" -> krl.revoke(plain);
                    default -> krl.revoke(key);
                }
            }
        }
    }

    /** -Q -f krl file…: "file (comment): ok" or "REVOKED"; exit 1 if any is revoked. */
    static int check(Io io, Options o) throws Fail, IOException {
        if (!o.has('f')) throw Fail.fatal("KRL checking requires an input file");
        Krl krl = load(Path.of(o.get('f')));
        int ret = 0;
        for (String name : o.operands) {
            KeyLoader.Public p;
            try {
                p = KeyLoader.loadPublic(Path.of(name));
            } catch (Fail f) {
                p = null;
            }
            if (p == null) throw Fail.fatal("Cannot load public key " + name + ": invalid format");
            String comment = p.comment() == null ? name : p.comment();
            boolean revoked = krl.isRevoked(p.key());
            io.out.println(name + (comment.isEmpty() ? "" : " (" + comment + ")") + ": " + (revoked ? "REVOKED" : "ok"));
            if (revoked) ret = 1;
        }
        return ret;
    }

    private static Krl load(Path file) throws Fail {
        try {
            return Krl.parse(KeyLoader.readFile(file, KeyLoader.MAX_LIST_FILE));
        } catch (SshFormatException e) {
            throw Fail.fatal("Couldn't load KRL " + file + ": invalid format");
        }
    }

    /** strtoull with base 0: decimal, 0x hex or leading-0 octal. */
    private static long serial(String s, String where) throws Fail {
        String v = s.strip();
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) return Long.parseUnsignedLong(v.substring(2), 16);
            if (v.length() > 1 && v.startsWith("0")) return Long.parseUnsignedLong(v.substring(1), 8);
            return Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            throw Fail.fatal(where + ": invalid serial \"" + v + "\"");
        }
    }

    private static String padded(String b64) {
        return b64 + "=".repeat((4 - b64.length() % 4) % 4);
    }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
