package dev.seashell.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.wire.SshFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KRLs against ssh-keygen as the oracle: for KRLs made by ssh-keygen -k and by {@link Krl#encode},
 * {@link Krl#isRevoked} must agree with ssh-keygen -Q on every probe key and certificate.
 */
class KrlTest {
    @TempDir
    static Path dir;
    static Path caFile;
    static Path otherCaFile;
    /** Probe name to .pub file (keys and certificates). */
    static final Map<String, Path> probes = new LinkedHashMap<>();

    @BeforeAll
    static void probes() throws Exception {
        assumeTrue(Files.isExecutable(OpenSsh.SSH_KEYGEN), "ssh-keygen missing");
        caFile = dir.resolve("ca");
        otherCaFile = dir.resolve("other_ca");
        OpenSsh.keygen("ed25519", 0, caFile, "ca");
        OpenSsh.keygen("ed25519", 0, otherCaFile, "other");
        for (String name : List.of("k1", "k2", "k3", "k4")) {
            Path k = dir.resolve(name);
            OpenSsh.keygen("ed25519", 0, k, name);
            probes.put(name, Path.of(k + ".pub"));
        }
        // Certificates of k1 by serial and key id, under both CAs.
        cert("s5", caFile, "k1", "-I", "five", "-z", "5");
        cert("s12", caFile, "k1", "-I", "twelve", "-z", "12");
        cert("s300", caFile, "k1", "-I", "bob", "-z", "300");
        cert("s0", caFile, "k1", "-I", "zero-id", "-z", "0");
        cert("other5", otherCaFile, "k1", "-I", "five", "-z", "5");
        cert("k2cert", caFile, "k2", "-I", "k2", "-z", "77");
        probes.put("ca", Path.of(caFile + ".pub"));
    }

    private static void cert(String name, Path ca, String key, String... args) throws Exception {
        Path pub = dir.resolve(name + ".pub");
        Files.copy(probes.get(key), pub);
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-s", ca.toString()));
        cmd.addAll(List.of(args));
        cmd.add(pub.toString());
        run(cmd);
        probes.put(name, dir.resolve(name + "-cert.pub"));
    }

    private static ProcessRunner.Result run(List<String> cmd) {
        ProcessRunner.Result r = ProcessRunner.command(cmd).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r;
    }

    private static SshPublicKey key(String probe) throws Exception {
        return PublicKeyLine.parse(Files.readString(probes.get(probe))).key();
    }

    /** ssh-keygen -Q's verdict for each probe. */
    private static Map<String, Boolean> openSshVerdicts(Path krl) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (var e : probes.entrySet()) {
            ProcessRunner.Result r = ProcessRunner.command(OpenSsh.SSH_KEYGEN.toString(), "-Q", "-f", krl.toString(),
                    e.getValue().toString()).run();
            out.put(e.getKey(), r.exitCode() != 0);
        }
        return out;
    }

    private static Map<String, Boolean> ourVerdicts(Krl krl) throws Exception {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String p : probes.keySet()) out.put(p, krl.isRevoked(key(p)));
        return out;
    }

    @Test
    void readsKrlsMadeBySshKeygen() throws Exception {
        Path spec = dir.resolve("spec");
        Files.writeString(spec, "# revocations\nserial: 10-20\nserial: 5\nid: bob\nkey: " + Files.readString(probes.get("k3"))
                + "sha256: " + Files.readString(probes.get("k4")) + Files.readString(probes.get("k2cert")));
        Path krlFile = dir.resolve("openssh.krl");
        run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-k", "-f", krlFile.toString(), "-s", caFile + ".pub", "-z", "3", spec.toString()));
        Krl krl = Krl.parse(Files.readAllBytes(krlFile));
        assertThat(krl.version()).isEqualTo(3);
        Map<String, Boolean> ours = ourVerdicts(krl);
        assertThat(ours).isEqualTo(openSshVerdicts(krlFile));
        assertThat(ours).containsEntry("s5", true).containsEntry("s12", true).containsEntry("s300", true)
                .containsEntry("other5", false).containsEntry("s0", false).containsEntry("k3", true).containsEntry("k4", true)
                .containsEntry("k2cert", true).containsEntry("k1", false).containsEntry("k2", false);
    }

    @Test
    void sshKeygenReadsKrlsMadeHere() throws Exception {
        Krl krl = new Krl();
        SshPublicKey ca = key("ca");
        krl.revokeSerials(ca, 11, 13);
        krl.revokeKeyId(null, "zero-id");
        krl.revoke(key("k3"));
        krl.revokeSha1(Krl.digest("SHA-1", key("k4").blob()));
        krl.setVersion(9);
        Path f = dir.resolve("seashell.krl");
        Files.write(f, krl.encode());
        Map<String, Boolean> theirs = openSshVerdicts(f);
        assertThat(theirs).isEqualTo(ourVerdicts(Krl.parse(krl.encode())));
        assertThat(theirs).containsEntry("s12", true).containsEntry("s5", false).containsEntry("s0", true)
                .containsEntry("k3", true).containsEntry("k4", true).containsEntry("k1", false);
    }

    @Test
    void revokedCaRevokesItsCertificates() throws Exception {
        Krl krl = new Krl();
        krl.revoke(key("ca"));
        assertThat(krl.isRevoked(key("s5"))).isTrue();
        assertThat(krl.isRevoked(key("other5"))).isFalse();
        assertThat(krl.isRevoked(key("k1"))).isFalse();
    }

    @Test
    void plainKeyListsAndMalformedKrls() throws Exception {
        Path list = dir.resolve("revoked_keys");
        Files.writeString(list, "# list\n" + Files.readString(probes.get("k2")) + Files.readString(probes.get("ca")));
        RevokedKeys r = RevokedKeys.read(list);
        assertThat(r.isRevoked(key("k2"))).isTrue();
        assertThat(r.isRevoked(key("k2cert"))).as("a certificate of a listed key").isTrue();
        assertThat(r.isRevoked(key("s5"))).as("a certificate by a listed CA").isTrue();
        assertThat(r.isRevoked(key("other5"))).isFalse();
        byte[] good = new Krl().encode();
        byte[] bad = java.util.Arrays.copyOf(good, good.length + 5);
        bad[good.length] = 9; // unknown section type
        assertThatThrownBy(() -> Krl.parse(bad)).isInstanceOf(SshFormatException.class);
        assertThatThrownBy(() -> Krl.parse(new byte[] {1, 2, 3})).isInstanceOf(SshFormatException.class);
    }
}
