package dev.seashell.cli.keygen;

import dev.seashell.keys.AllowedSigners;
import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshSig;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** ssh-keygen -Y: sign, verify, check-novalidate, find-principals, match-principals (PROTOCOL.sshsig). */
final class Signatures {
    private Signatures() {}

    static int run(Io io, Options o) throws Fail, IOException {
        String op = o.get('Y');
        return switch (op) {
            case "sign" -> sign(io, o);
            case "verify" -> verify(io, o, true);
            case "check-novalidate" -> verify(io, o, false);
            case "find-principals" -> findPrincipals(io, o);
            case "match-principals" -> matchPrincipals(io, o);
            default -> throw new Fail(1, "Unsupported operation for -Y: \"" + op + "\"");
        };
    }

    private static String namespace(Options o) throws Fail {
        String ns = o.get('n');
        if (ns == null || ns.isEmpty()) throw new Fail(1, "Too few arguments for sign: missing namespace");
        return ns;
    }

    private static int sign(Io io, Options o) throws Fail, IOException {
        if (!o.has('f')) throw new Fail(1, "Too few arguments for sign: missing key");
        String ns = namespace(o);
        Path keyFile = Path.of(o.get('f'));
        // Given a .pub (the agent case in OpenSSH), use the private key beside it.
        if (keyFile.toString().endsWith(".pub") && KeyLoader.parsePublicText(Files.readString(keyFile)) != null) {
            keyFile = Path.of(keyFile.toString().substring(0, keyFile.toString().length() - 4));
        }
        SshKeyPair pair = KeyLoader.loadPrivate(io, keyFile, o.get('P'), "Enter passphrase: ", "Load key").pair();
        if (o.operands.isEmpty()) {
            io.out.print(SshSig.sign(pair, ns, io.in).armor());
            return 0;
        }
        for (String name : o.operands) {
            Path msg = Path.of(name);
            io.err.println("Signing file " + name);
            SshSig sig;
            try (InputStream in = Files.newInputStream(msg)) {
                sig = SshSig.sign(pair, ns, in);
            }
            Path out = Path.of(name + ".sig");
            if (Files.exists(out)) {
                io.out.println(out + " already exists.");
                String ans = io.ask("Overwrite (y/n)? ");
                if (ans == null || !ans.startsWith("y") && !ans.startsWith("Y")) return 1;
            }
            PrivateKeyFiles.writeAtomically(out, sig.armor().getBytes(StandardCharsets.US_ASCII), PrivateKeyFiles.PUBLIC_MODE);
            io.err.println("Write signature to " + out);
        }
        return 0;
    }

    private static SshSig readSig(Options o) throws Fail {
        if (!o.has('s')) throw new Fail(1, "Too few arguments: missing signature file");
        Path s = Path.of(o.get('s'));
        try {
            return SshSig.parse(new String(KeyLoader.readFile(s), StandardCharsets.UTF_8));
        } catch (SshFormatException e) {
            throw Fail.fatal("Couldn't parse signature: " + e.getMessage());
        }
    }

    private static int verify(Io io, Options o, boolean checkSigner) throws Fail, IOException {
        String ns = namespace(o);
        String identity = o.get('I');
        if (checkSigner && (identity == null || !o.has('f'))) throw new Fail(1, "Too few arguments for verify");
        SshSig sig = readSig(o);
        String fp = Fingerprints.sha256(sig.publicKey());
        boolean good = sig.verify(ns, io.in);
        if (!good) {
            io.err.println(sig.namespace().equals(ns)
                    ? "Signature verification failed: incorrect signature"
                    : "Signature verification failed: namespace mismatch");
        } else if (checkSigner) {
            AllowedSigners allowed = AllowedSigners.read(Path.of(o.get('f')));
            good = allowed.authorizes(identity, sig.publicKey(), ns, Instant.now());
        }
        if (!good) {
            io.out.println("Could not verify signature.");
            return 255;
        }
        String type = sig.publicKey().displayType();
        if (checkSigner) io.out.println("Good \"" + ns + "\" signature for " + identity + " with " + type + " key " + fp);
        else io.out.println("Good \"" + ns + "\" signature with " + type + " key " + fp);
        return 0;
    }

    private static int findPrincipals(Io io, Options o) throws Fail, IOException {
        if (!o.has('f')) throw new Fail(1, "Too few arguments for find-principals: missing allowed signers file");
        SshSig sig = readSig(o);
        List<String> principals = AllowedSigners.read(Path.of(o.get('f'))).principalsFor(sig.publicKey(), sig.namespace(), Instant.now());
        if (principals.isEmpty()) {
            io.err.println("No principal matched.");
            return 1;
        }
        principals.forEach(io.out::println);
        return 0;
    }

    private static int matchPrincipals(Io io, Options o) throws Fail, IOException {
        String id = o.get('I');
        if (id == null || !o.has('f')) throw new Fail(1, "Too few arguments for match-principals");
        boolean any = false;
        for (AllowedSigners.Entry e : AllowedSigners.read(Path.of(o.get('f'))).entries()) {
            if (dev.seashell.keys.KnownHosts.hostMatches(e.principals(), id)) {
                io.out.println(e.principals());
                any = true;
            }
        }
        if (!any) {
            io.err.println("No principal matched.");
            return 1;
        }
        return 0;
    }
}
