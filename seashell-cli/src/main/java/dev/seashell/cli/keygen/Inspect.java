package dev.seashell.cli.keygen;

import dev.seashell.keys.Ed25519KeyPair;
import dev.seashell.keys.EcdsaKeyPair;
import dev.seashell.keys.PemExport;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.Rfc4716;
import dev.seashell.keys.RsaKeyPair;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Actions on one key file: -y, -p, -c, -e, -i, -r. */
final class Inspect {
    private Inspect() {}

    /** -y: the public key line of a private key file. */
    static int publicFromPrivate(Io io, Options o, Path file) throws Fail, IOException {
        KeyLoader.Loaded k = KeyLoader.loadPrivate(io, file, o.get('P'), "Enter passphrase: ", "Load key");
        io.out.println(new PublicKeyLine(k.pair().publicKey(), k.pair().comment()).format());
        return 0;
    }

    /** -p: re-encrypts a private key with a new passphrase. */
    static int changePassphrase(Io io, Options o, Path file) throws Fail, IOException {
        KeyLoader.Loaded k = KeyLoader.loadPrivate(io, file, o.get('P'), "Enter old passphrase: ", "Failed to load key");
        if (!k.pair().comment().isEmpty()) io.out.println("Key has comment '" + k.pair().comment() + "'");
        char[] pass;
        if (o.has('N')) {
            pass = o.get('N').toCharArray();
        } else {
            char[] a = orEmpty(io.askSecret("Enter new passphrase (empty for no passphrase): "));
            char[] b = orEmpty(io.askSecret("Enter same passphrase again: "));
            if (!Arrays.equals(a, b)) {
                io.out.println("Pass phrases do not match.  Try again.");
                return 1;
            }
            pass = a;
        }
        save(file, k.pair(), pass, o);
        io.out.println("Your identification has been saved with the new passphrase.");
        return 0;
    }

    /** -c: changes the comment stored in a private key and its .pub file. */
    static int changeComment(Io io, Options o, Path file) throws Fail, IOException {
        KeyLoader.Loaded k = KeyLoader.loadPrivate(io, file, o.get('P'), "Enter passphrase: ", "Cannot load private key");
        String old = k.pair().comment();
        io.out.println(old.isEmpty() ? "No existing comment" : "Old comment: " + old);
        String comment = o.has('C') ? o.get('C') : io.ask("New comment: ");
        if (comment == null) comment = "";
        SshKeyPair renamed = withComment(k.pair(), comment);
        save(file, renamed, k.passphrase(), o);
        PrivateKeyFiles.writePublic(Path.of(file + ".pub"), renamed);
        io.out.println("Comment '" + comment + "' applied");
        return 0;
    }

    private static void save(Path file, SshKeyPair pair, char[] pass, Options o) throws Fail {
        try {
            int rounds = Generate.parseInt(o.get('a', String.valueOf(PrivateKeyFiles.DEFAULT_ROUNDS)), "Invalid number");
            Generate.writePrivate(file, pair, pass, rounds, o.get('m'));
        } catch (IOException e) {
            throw Fail.fatal("Saving key \"" + file + "\" failed: " + e.getMessage());
        }
    }

    static SshKeyPair withComment(SshKeyPair pair, String comment) {
        return switch (pair) {
            case Ed25519KeyPair p -> p.withComment(comment);
            case EcdsaKeyPair p -> p.withComment(comment);
            case RsaKeyPair p -> p.withComment(comment);
            default -> SshKeyPair.of(pair.privateKey(), comment);
        };
    }

    /** -e: exports a public key as RFC 4716 (default), PKCS8 or PEM. */
    static int export(Io io, Options o, Path file) throws Fail, IOException {
        KeyLoader.Public p = KeyLoader.loadPublic(file);
        SshPublicKey key;
        if (p != null) {
            key = p.key();
        } else {
            key = KeyLoader.loadPrivate(io, file, o.get('P'), "Enter passphrase: ", "Load key").pair().publicKey();
        }
        String format = o.get('m', "RFC4716").toUpperCase(Locale.ROOT);
        try {
            io.out.print(switch (format) {
                case "RFC4716" -> Rfc4716.encode(key, Rfc4716.defaultComment(key, System.getProperty("user.name"), Io.hostName()));
                case "PKCS8" -> PemExport.publicKeyPkcs8(key);
                case "PEM" -> PemExport.publicKeyPem(key);
                default -> throw Fail.fatal("do_convert_to: unknown key format \"" + o.get('m') + "\"");
            });
        } catch (IllegalArgumentException e) {
            throw Fail.fatal("do_convert_to_" + format.toLowerCase(Locale.ROOT) + ": unsupported key type " + key.displayType());
        }
        return 0;
    }

    /** -i: imports an RFC 4716, PKCS8 or PEM public key and prints it in OpenSSH form. */
    static int importKey(Io io, Options o, Path file) throws Fail, IOException {
        String text = new String(KeyLoader.readFile(file), StandardCharsets.UTF_8);
        String format = o.get('m', "RFC4716").toUpperCase(Locale.ROOT);
        SshPublicKey key;
        try {
            key = switch (format) {
                case "RFC4716" -> Rfc4716.decode(text).key();
                case "PKCS8", "PEM" -> PemExport.readPublic(text);
                default -> throw Fail.fatal("do_convert_from: unknown key format \"" + o.get('m') + "\"");
            };
        } catch (SshFormatException e) {
            throw Fail.fatal(file + ": " + e.getMessage());
        }
        io.out.println(new PublicKeyLine(key, "").format());
        return 0;
    }

    /** -r: SSHFP resource records (RFC 4255, 6594, 7479) with SHA-1 and SHA-256, -g for the generic form. */
    static int sshfp(Io io, Options o, String hostname) throws Fail, IOException {
        List<SshPublicKey> keys = new ArrayList<>();
        if (o.has('f')) {
            Path f = Path.of(o.get('f'));
            String text = new String(KeyLoader.readFile(f), StandardCharsets.UTF_8);
            for (String line : text.split("\r?\n")) {
                if (line.isBlank() || line.strip().startsWith("#")) continue;
                try {
                    keys.add(PublicKeyLine.parse(line).key());
                } catch (SshFormatException ignored) {
                    // private key files and junk: handled below
                }
            }
            if (keys.isEmpty()) {
                KeyLoader.Public p = KeyLoader.loadPublic(f);
                if (p == null) throw Fail.fatal("Failed to read v2 public key from \"" + f + "\".");
                keys.add(p.key());
            }
        } else {
            for (String t : new String[] {"rsa", "ecdsa", "ed25519"}) {
                Path f = Path.of("/etc/ssh/ssh_host_" + t + "_key.pub");
                KeyLoader.Public p = f.toFile().isFile() ? KeyLoader.loadPublic(f) : null;
                if (p != null) keys.add(p.key());
            }
        }
        for (SshPublicKey k : keys) {
            int type = switch (k.keyType()) {
                case "ssh-rsa" -> 1;
                case "ssh-ed25519" -> 4;
                default -> 3;
            };
            for (int fp = 1; fp <= 2; fp++) {
                byte[] d = digest(fp == 1 ? "SHA-1" : "SHA-256", k.blob());
                String hex = HexFormat.of().formatHex(d);
                if (o.has('g')) {
                    io.out.printf("%s IN TYPE44 \\# %d %02x %02x %s%n", hostname, d.length + 2, type, fp, hex);
                } else {
                    io.out.printf("%s IN SSHFP %d %d %s%n", hostname, type, fp, hex);
                }
            }
        }
        return 0;
    }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static char[] orEmpty(char[] c) {
        return c == null ? new char[0] : c;
    }
}
