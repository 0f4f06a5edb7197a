package dev.seashell.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.SshFormatException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Known answers for the ssh-keygen formats added for seashell keygen: randomart and PPK files
 * produced by OpenSSH 9.2 and PuTTY 0.78, plus SSHSIG, allowed_signers and RFC 4716 edge cases.
 */
class KeygenFormatsTest {
    private static final String PPK_PUBLIC = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOD+DTHLLVTzHDGG3i9McI5rBpJFMWltmVJIFdqjxEzb";
    /** The seed PuTTY stored in the unencrypted copy of the same key. */
    private static final String PPK_SEED_BLOB = "AAAAIFwZ08CZ8YHL4H6Yp6G+RVshDNxmsE/HD5z3NiV4tCVj";
    private static final String PPK_V3 = """
            PuTTY-User-Key-File-3: ssh-ed25519
            Encryption: aes256-cbc
            Comment: edc
            Public-Lines: 2
            AAAAC3NzaC1lZDI1NTE5AAAAIOD+DTHLLVTzHDGG3i9McI5rBpJFMWltmVJIFdqj
            xEzb
            Key-Derivation: Argon2id
            Argon2-Memory: 8192
            Argon2-Passes: 2
            Argon2-Parallelism: 1
            Argon2-Salt: af19ab8e31ff88061e7198af13bfdcf7
            Private-Lines: 1
            veibD6M2fDxRqmtfWaGC2hx7iEtMtRalgaLqgt3PNsKE6ZJ/e/xutDt7LBf4PDC1
            Private-MAC: 39b525e00c73647af10eb7b61e064b9ac6e7aa8f13fa23db54f698cd2f5e2b91
            """;
    private static final String PPK_V2 = """
            PuTTY-User-Key-File-2: ssh-ed25519
            Encryption: aes256-cbc
            Comment: edc
            Public-Lines: 2
            AAAAC3NzaC1lZDI1NTE5AAAAIOD+DTHLLVTzHDGG3i9McI5rBpJFMWltmVJIFdqj
            xEzb
            Private-Lines: 1
            clRwEKqXu07RJrGhWbh4NkG+pkQHOqBlfwMstGVFgqckrkgo9sf/cNK+Pcz1gto5
            Private-MAC: af4e3e7ea13681338d914c6c958895501d96acf7
            """;

    @Test
    void randomartMatchesOpenSsh() throws Exception {
        SshPublicKey key = PublicKeyLine.parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEjqOqlr1UlHA3a6nrLSG5OAuZiYxvNX9WPUOGR3IQjb").key();
        assertThat(Randomart.draw(key, "sha256")).isEqualTo("""
                +--[ED25519 256]--+
                |+*.+             |
                |+.O .            |
                |.* B.   .        |
                |+ Boo. o +       |
                | = o+.= S .      |
                |. o..+ B o       |
                |. Eo= + o        |
                |.o.+o+ .         |
                |. ...o.          |
                +----[SHA256]-----+""");
        assertThat(Randomart.draw(key, "md5")).startsWith("+--[ED25519 256]--+\n").endsWith("\n+------[MD5]------+");
    }

    @Test
    void puttygenFilesDecodeWithTheirPassphrase() throws Exception {
        byte[] seed = new dev.seashell.wire.SshReader(Base64.getDecoder().decode(PPK_SEED_BLOB)).readBytes();
        for (String file : new String[] {PPK_V3, PPK_V2}) {
            byte[] data = file.getBytes(StandardCharsets.UTF_8);
            assertThat(PuttyKeyFile.looksLike(data)).isTrue();
            assertThat(PuttyKeyFile.isEncrypted(data)).isTrue();
            assertThat(new PublicKeyLine(PuttyKeyFile.publicKey(data), "").format()).isEqualTo(PPK_PUBLIC);
            SshKeyPair pair = PuttyKeyFile.decode(data, "pw".toCharArray());
            assertThat(pair.comment()).isEqualTo("edc");
            assertThat(((Ed25519KeyPair) pair).seed()).isEqualTo(seed);
            assertThatThrownBy(() -> PuttyKeyFile.decode(data, "px".toCharArray())).isInstanceOf(WrongPassphraseException.class);
            assertThatThrownBy(() -> PuttyKeyFile.decode(data, null)).isInstanceOf(PassphraseRequiredException.class);
        }
        String tampered = PPK_V2.replace("Comment: edc", "Comment: edd");
        assertThatThrownBy(() -> PuttyKeyFile.decode(tampered.getBytes(StandardCharsets.UTF_8), "pw".toCharArray()))
                .isInstanceOf(WrongPassphraseException.class);
        String lying = PPK_V2.replace("Private-Lines: 1", "Private-Lines: 99");
        assertThatThrownBy(() -> PuttyKeyFile.decode(lying.getBytes(StandardCharsets.UTF_8), "pw".toCharArray()))
                .isInstanceOf(SshFormatException.class);
    }

    @Test
    void ppkRoundTripsEveryVersionAndKeyType() throws Exception {
        for (String type : new String[] {"ed25519", "ecdsa", "rsa"}) {
            SshKeyPair pair = KeyGen.generate(type, type.equals("rsa") ? 1024 : 0, "c " + type);
            for (int v = 2; v <= 3; v++) {
                for (String pass : new String[] {"", "secret"}) {
                    byte[] file = PuttyKeyFile.encode(pair, pass.toCharArray(), v).getBytes(StandardCharsets.UTF_8);
                    SshKeyPair back = PuttyKeyFile.decode(file, pass.toCharArray());
                    assertThat(back.publicKey()).isEqualTo(pair.publicKey());
                    assertThat(back.comment()).isEqualTo("c " + type);
                    byte[] data = "data".getBytes(StandardCharsets.UTF_8);
                    SignatureAlgorithm alg = pair.publicKey().signatureAlgorithms().getFirst();
                    assertThat(pair.publicKey().verify(alg, data, back.sign(alg, data))).isTrue();
                }
            }
        }
    }

    @Test
    void sshSigVerifiesOnlyTheSignedMessageInItsNamespace() throws Exception {
        SshKeyPair rsa = KeyGen.generate("rsa", 1024, "");
        byte[] msg = "hello\n".getBytes(StandardCharsets.UTF_8);
        SshSig sig = SshSig.sign(rsa, "file", new ByteArrayInputStream(msg));
        assertThat(SignatureBlob.decode(sig.signature()).algorithm()).isEqualTo("rsa-sha2-512");
        SshSig parsed = SshSig.parse(sig.armor());
        assertThat(parsed).isEqualTo(sig);
        assertThat(parsed.verify("file", new ByteArrayInputStream(msg))).isTrue();
        assertThat(parsed.verify("email", new ByteArrayInputStream(msg))).isFalse();
        assertThat(parsed.verify("file", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(sig.armor().lines().skip(1).filter(l -> !l.startsWith("-")).allMatch(l -> l.length() <= 70)).isTrue();
        assertThatThrownBy(() -> SshSig.parse("-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n"))
                .isInstanceOf(SshFormatException.class);
    }

    @Test
    void allowedSignersHonourPatternsAndOptions() throws Exception {
        SshKeyPair k = KeyGen.generate("ed25519", 0, "");
        String key = new PublicKeyLine(k.publicKey(), "").format();
        AllowedSigners a = AllowedSigners.parse("# c\n"
                + "*@example.com,!bad@example.com namespaces=\"git\" " + key + "\n"
                + "ca@x cert-authority " + key + "\n"
                + "unquoted@x namespaces=git " + key + "\n"
                + "late@x valid-after=\"29990101Z\" " + key + "\n");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(a.entries()).hasSize(3);
        assertThat(a.authorizes("me@example.com", k.publicKey(), "git", now)).isTrue();
        assertThat(a.authorizes("me@example.com", k.publicKey(), "file", now)).isFalse();
        assertThat(a.authorizes("bad@example.com", k.publicKey(), "git", now)).isFalse();
        assertThat(a.authorizes("ca@x", k.publicKey(), "git", now)).isFalse();
        assertThat(a.authorizes("late@x", k.publicKey(), "git", now)).isFalse();
        assertThat(a.authorizes("late@x", k.publicKey(), "git", Instant.parse("2999-01-02T00:00:00Z"))).isTrue();
        assertThat(a.principalsFor(k.publicKey(), "git", now)).containsExactly("*@example.com", "!bad@example.com");
    }

    @Test
    void rfc4716HandlesContinuationsAndRejectsTruncation() throws Exception {
        SshKeyPair k = KeyGen.generate("ecdsa", 384, "");
        String text = Rfc4716.encode(k.publicKey(), "a comment");
        assertThat(text).startsWith(Rfc4716.BEGIN + "\nComment: \"a comment\"\n");
        Rfc4716.File f = Rfc4716.decode(text.replace("Comment: \"a comment\"", "x-Tag: one \\\n two\nComment: \"a comment\""));
        assertThat(f.key()).isEqualTo(k.publicKey());
        assertThat(f.comment()).isEqualTo("a comment");
        assertThat(f.headers()).containsEntry("x-Tag", "one two");
        assertThatThrownBy(() -> Rfc4716.decode(text.replace(Rfc4716.END, ""))).isInstanceOf(SshFormatException.class);
    }
}
