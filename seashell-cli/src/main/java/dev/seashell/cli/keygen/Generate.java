package dev.seashell.cli.keygen;

import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PemExport;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.Randomart;
import dev.seashell.keys.SshKeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Locale;

/** Key generation (ssh-keygen with no action flag) and host key generation (-A). */
final class Generate {
    private Generate() {}

    /** The -t name as ssh-keygen prints it in "Generating public/private … key pair.". */
    static String typeName(String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "ed25519", "ssh-ed25519" -> "ed25519";
            case "rsa", "ssh-rsa" -> "rsa";
            case "ecdsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" -> "ecdsa";
            default -> null;
        };
    }

    static int run(Io io, Options o) throws Fail, IOException {
        String type = typeName(o.get('t', "ed25519"));
        if (type == null) throw new Fail(1, "unknown key type " + o.get('t'));
        int bits = parseInt(o.get('b', "0"), "Bits");
        int rounds = parseInt(o.get('a', String.valueOf(PrivateKeyFiles.DEFAULT_ROUNDS)), "Invalid number");
        boolean quiet = o.has('q');
        if (!quiet) io.out.println("Generating public/private " + type + " key pair.");
        SshKeyPair pair;
        try {
            pair = KeyGen.generate(type, bits, o.get('C', Io.defaultComment()));
        } catch (IllegalArgumentException e) {
            throw Fail.fatal(e.getMessage());
        }
        Path file;
        if (o.has('f')) {
            file = Path.of(o.get('f'));
        } else {
            Path dflt = io.home.resolve(".ssh").resolve("id_" + type);
            String ans = io.ask("Enter file in which to save the key (" + dflt + "): ");
            file = ans == null || ans.isEmpty() ? dflt : Path.of(ans);
            Path dir = io.home.resolve(".ssh");
            if (file.startsWith(dir) && !Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                io.out.println("Created directory '" + dir + "'.");
            }
        }
        if (Files.exists(file)) {
            io.out.println(file + " already exists.");
            String ans = io.ask("Overwrite (y/n)? ");
            if (ans == null || !ans.startsWith("y") && !ans.startsWith("Y")) return 1;
        }
        char[] pass = o.has('N') ? o.get('N').toCharArray() : askNew(io, "Enter passphrase (empty for no passphrase): ");
        try {
            writePrivate(file, pair, pass, rounds, o.get('m'));
        } catch (IOException e) {
            throw Fail.fatal("Saving key \"" + file + "\" failed: " + e.getMessage());
        } finally {
            Arrays.fill(pass, '\0');
        }
        if (!quiet) io.out.println("Your identification has been saved in " + file);
        PrivateKeyFiles.writePublic(Path.of(file + ".pub"), pair);
        if (!quiet) {
            io.out.println("Your public key has been saved in " + file + ".pub");
            io.out.println("The key fingerprint is:");
            io.out.println(Fingerprints.fingerprint(pair.publicKey(), o.get('E', "sha256")) + " " + pair.comment());
            io.out.println("The key's randomart image is:");
            io.out.println(Randomart.draw(pair.publicKey(), o.get('E', "sha256")));
        }
        return 0;
    }

    /** Asks twice until the answers agree, as ssh-keygen does; end of input means empty. */
    static char[] askNew(Io io, String prompt) throws IOException {
        while (true) {
            char[] a = io.askSecret(prompt);
            if (a == null) return new char[0];
            char[] b = io.askSecret("Enter same passphrase again: ");
            if (b == null) b = new char[0];
            if (Arrays.equals(a, b)) {
                Arrays.fill(b, '\0');
                return a;
            }
            Arrays.fill(a, '\0');
            Arrays.fill(b, '\0');
            io.out.println("Passphrases do not match.  Try again.");
        }
    }

    /** Writes the private key in the -m format: OpenSSH (default), PEM or PKCS8 (Ed25519 stays OpenSSH, as in ssh-keygen). */
    static void writePrivate(Path file, SshKeyPair pair, char[] pass, int rounds, String format) throws IOException {
        String f = format == null ? "RFC4716" : format.toUpperCase(Locale.ROOT);
        boolean ed = pair.publicKey().keyType().equals("ssh-ed25519");
        if (ed || f.equals("RFC4716") || f.equals("OPENSSH")) {
            PrivateKeyFiles.write(file, pair, pass, rounds);
            return;
        }
        String pem = switch (f) {
            case "PEM" -> PemExport.privateKeyPem(pair, pass);
            case "PKCS8" -> PemExport.privateKeyPkcs8(pair, pass);
            default -> throw new IOException("unsupported key format " + format);
        };
        PrivateKeyFiles.writeAtomically(file, pem.getBytes(StandardCharsets.US_ASCII), PrivateKeyFiles.PRIVATE_MODE);
    }

    /** -A: generates each missing host key under prefix/etc/ssh, printing what it makes as ssh-keygen does. */
    static int hostKeys(Io io, Options o) throws Fail, IOException {
        String prefix = o.get('f', "");
        String[][] types = {{"rsa", "RSA"}, {"ecdsa", "ECDSA"}, {"ed25519", "ED25519"}};
        boolean first = true;
        for (String[] t : types) {
            Path priv = Path.of(prefix + "/etc/ssh/ssh_host_" + t[0] + "_key");
            Path pub = Path.of(priv + ".pub");
            if (Files.exists(priv) && Files.exists(pub)) continue;
            if (first) io.out.print("ssh-keygen: generating new host keys: ");
            first = false;
            io.out.print(t[1] + " ");
            io.out.flush();
            SshKeyPair pair = KeyGen.generate(t[0], 0, Io.defaultComment());
            try {
                PrivateKeyFiles.write(priv, pair, null, PrivateKeyFiles.DEFAULT_ROUNDS);
                PrivateKeyFiles.writePublic(pub, pair);
            } catch (IOException e) {
                io.err.println("Could not save your private key in " + priv + ": " + e.getMessage());
                first = true;
            }
        }
        if (!first) io.out.println();
        return 0;
    }

    static int parseInt(String s, String what) throws Fail {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new Fail(1, what + " " + s + " is invalid");
        }
    }
}
