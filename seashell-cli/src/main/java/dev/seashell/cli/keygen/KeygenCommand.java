package dev.seashell.cli.keygen;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code seashell keygen}: ssh-keygen(1) with its flags, prompts and output. Actions are chosen in
 * OpenSSH's order: -Y, -k, -Q, -s, -L, known_hosts (-F/-R/-H), -l, -p, -c, -e, -i, -y, -r, -A, else generation.
 */
public final class KeygenCommand {
    private static final String USAGE = """
            usage: seashell keygen [-q] [-a rounds] [-b bits] [-C comment] [-f output_keyfile] [-m format]
                                  [-N new_passphrase] [-t ecdsa | ed25519 | rsa]
                   seashell keygen -p [-a rounds] [-f keyfile] [-m format] [-N new_passphrase] [-P old_passphrase]
                   seashell keygen -i [-f input_keyfile] [-m key_format]
                   seashell keygen -e [-f input_keyfile] [-m key_format]
                   seashell keygen -y [-f input_keyfile]
                   seashell keygen -c [-a rounds] [-C comment] [-f keyfile] [-P passphrase]
                   seashell keygen -l [-v] [-E fingerprint_hash] [-f input_keyfile]
                   seashell keygen -F hostname [-lv] [-f known_hosts_file]
                   seashell keygen -H [-f known_hosts_file]
                   seashell keygen -R hostname [-f known_hosts_file]
                   seashell keygen -r hostname [-g] [-f input_keyfile]
                   seashell keygen -A [-a rounds] [-f prefix_path]
                   seashell keygen -s ca_key -I certificate_identity [-h] [-n principals]
                                  [-O option] [-V validity_interval] [-z serial_number] file ...
                   seashell keygen -L [-f input_keyfile]
                   seashell keygen -k -f krl_file [-u] [-s ca_public] [-z version_number] file ...
                   seashell keygen -Q [-l] -f krl_file [file ...]
                   seashell keygen -Y find-principals -s signature_file -f allowed_signers_file
                   seashell keygen -Y match-principals -I signer_identity -f allowed_signers_file
                   seashell keygen -Y check-novalidate -n namespace -s signature_file
                   seashell keygen -Y sign -f key_file -n namespace file ...
                   seashell keygen -Y verify -f allowed_signers_file -I signer_identity
                                  -n namespace -s signature_file""";

    private KeygenCommand() {}

    /** Runs with the process's streams and home directory; returns the exit status. */
    public static int run(String[] args) {
        return run(args, Io.system());
    }

    static int run(String[] args, Io io) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (Options.UsageException e) {
            io.err.println("seashell keygen: " + e.getMessage());
            io.err.println(USAGE);
            return 1;
        }
        try {
            return dispatch(io, o);
        } catch (Fail f) {
            if (f.getMessage() != null) io.err.println(f.getMessage());
            return f.code;
        } catch (IOException e) {
            io.err.println("seashell keygen: " + e.getMessage());
            return 255;
        } finally {
            io.out.flush();
            io.err.flush();
        }
    }

    private static int dispatch(Io io, Options o) throws Fail, IOException {
        if (o.has('Y')) return Signatures.run(io, o);
        if (o.has('k')) return Revocation.generate(io, o);
        if (o.has('Q')) return Revocation.check(io, o);
        if (o.has('s')) return Certify.sign(io, o);
        if (o.has('L')) return Certify.show(io, keyFile(io, o));
        if (o.has('F')) return KnownHostsEdit.find(io, o, o.get('F'));
        if (o.has('R')) return KnownHostsEdit.remove(io, o, o.get('R'));
        if (o.has('H')) return KnownHostsEdit.hash(io, o);
        if (o.has('l')) return Fingerprint.run(io, o, keyFile(io, o));
        if (o.has('p')) return Inspect.changePassphrase(io, o, keyFile(io, o));
        if (o.has('c')) return Inspect.changeComment(io, o, keyFile(io, o));
        if (o.has('e')) return isPpk(o) ? Ppk.export(io, o, keyFile(io, o)) : Inspect.export(io, o, keyFile(io, o));
        if (o.has('i')) return isPpk(o) ? Ppk.importKey(io, o, keyFile(io, o)) : Inspect.importKey(io, o, keyFile(io, o));
        if (o.has('y')) return Inspect.publicFromPrivate(io, o, keyFile(io, o));
        if (o.has('r')) return Inspect.sshfp(io, o, o.get('r'));
        if (o.has('A')) return Generate.hostKeys(io, o);
        if (!o.operands.isEmpty()) {
            io.err.println(USAGE);
            return 1;
        }
        return Generate.run(io, o);
    }

    private static boolean isPpk(Options o) {
        return "PPK".equalsIgnoreCase(o.get('m'));
    }

    /** -f, or ssh-keygen's "Enter file in which the key is" question. */
    private static Path keyFile(Io io, Options o) throws IOException, Fail {
        if (o.has('f')) return Path.of(o.get('f'));
        String type = Generate.typeName(o.get('t', "ed25519"));
        Path dflt = io.home.resolve(".ssh").resolve("id_" + (type == null ? "ed25519" : type));
        String ans = io.ask("Enter file in which the key is (" + dflt + "): ");
        if (ans == null) throw new Fail(1, null);
        return ans.isEmpty() ? dflt : Path.of(ans);
    }
}
