package dev.seashell.cli.keygen;

import dev.seashell.keys.PassphraseRequiredException;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PuttyKeyFile;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.WrongPassphraseException;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * PuTTY .ppk conversion, a seashell extension (OpenSSH has none): {@code -i -m PPK -f key.ppk}
 * prints the key as an OpenSSH private key (encrypted with -N if given), {@code -e -m PPK -f key}
 * prints a .ppk (version 3, or 2 with {@code -O ppk-version=2}; encrypted with -N if given).
 * -P supplies the source passphrase, else it is asked for when needed.
 */
final class Ppk {
    private Ppk() {}

    static int export(Io io, Options o, Path file) throws Fail, IOException {
        SshKeyPair pair = KeyLoader.loadPrivate(io, file, o.get('P'), "Enter passphrase: ", "Load key").pair();
        int version = 3;
        String opt = o.get('O');
        if (opt != null) {
            if (!opt.startsWith("ppk-version=")) throw new Fail(1, "Invalid option \"" + opt + "\"");
            version = Generate.parseInt(opt.substring("ppk-version=".length()), "PPK version");
            if (version != 2 && version != 3) throw new Fail(1, "PPK version must be 2 or 3");
        }
        io.out.print(PuttyKeyFile.encode(pair, o.has('N') ? o.get('N').toCharArray() : null, version));
        return 0;
    }

    static int importKey(Io io, Options o, Path file) throws Fail, IOException {
        byte[] data = KeyLoader.readFile(file);
        SshKeyPair pair;
        try {
            if (!PuttyKeyFile.looksLike(data)) throw Fail.fatal(file + " is not a PuTTY key file");
            char[] pass = null;
            if (PuttyKeyFile.isEncrypted(data)) {
                pass = o.has('P') ? o.get('P').toCharArray() : io.askSecret("Enter passphrase: ");
            }
            pair = PuttyKeyFile.decode(data, pass);
        } catch (WrongPassphraseException | PassphraseRequiredException e) {
            throw Fail.fatal("Load key \"" + file + "\": incorrect passphrase supplied to decrypt private key");
        } catch (SshFormatException e) {
            throw Fail.fatal("Load key \"" + file + "\": " + e.getMessage());
        }
        char[] out = o.has('N') ? o.get('N').toCharArray() : null;
        int rounds = Generate.parseInt(o.get('a', String.valueOf(PrivateKeyFiles.DEFAULT_ROUNDS)), "Invalid number");
        io.out.print(new String(PrivateKeyFiles.encode(pair, out, rounds), StandardCharsets.US_ASCII));
        return 0;
    }
}
