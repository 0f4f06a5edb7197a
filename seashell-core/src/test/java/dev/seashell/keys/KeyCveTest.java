package dev.seashell.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key-file and key-size vulnerability classes, named after their CVEs. */
class KeyCveTest {
    @TempDir
    Path dir;

    /**
     * Paramiko CVE-2022-24302: the private key file was created with the default mode and chmod-ed
     * afterwards, so another user could open it in between. Seashell creates the file with its final
     * mode and renames it into place: even over a world-readable file, the path never names a file
     * with a wider mode, and the old inode is replaced rather than rewritten.
     */
    @Test
    void cve_2022_24302_privateKeyFileCreatedWithFinalModeAtomically() throws Exception {
        Path key = dir.resolve("id_ed25519");
        Files.writeString(key, "old, world-readable");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));
        Object oldInode = Files.getAttribute(key, "unix:ino");
        SshKeyPair pair = KeyGen.generate("ed25519", 0);
        PrivateKeyFiles.write(key, pair, null, PrivateKeyFiles.DEFAULT_ROUNDS);

        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PrivateKeyFiles.PRIVATE_MODE);
        assertThat(Files.getAttribute(key, "unix:ino")).as("renamed into place, not rewritten").isNotEqualTo(oldInode);
        assertThat(PrivateKeyFiles.read(key, null).publicKey()).isEqualTo(pair.publicKey());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no temp file left behind")
                    .containsExactly("id_ed25519");
        }
    }

    /** The temp file is created with the mode already set (no create-then-chmod window), even with a wide umask. */
    @Test
    void cve_2022_24302_writeAtomicallyNeverWidensTheMode() throws Exception {
        for (String mode : List.of("rw-------", "r--------")) {
            Path f = dir.resolve("k-" + mode);
            PrivateKeyFiles.writeAtomically(f, new byte[] {1, 2, 3}, PosixFilePermissions.fromString(mode));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo(mode);
        }
    }

    /** RSA moduli above 16384 bits are refused before any arithmetic (OpenSSH SSHBUF_MAX_BIGNUM): no CPU spent on a giant modulus. */
    @Test
    void rsaModulusOver16384BitsIsRefused() throws Exception {
        BigInteger e = BigInteger.valueOf(65537);
        BigInteger huge = BigInteger.ONE.shiftLeft(16384).setBit(0); // 16385 bits
        byte[] blob = new SshWriter().writeString("ssh-rsa").writeMpint(e).writeMpint(huge).toByteArray();
        assertThatThrownBy(() -> SshPublicKey.decode(blob)).isInstanceOf(SshFormatException.class);
        BigInteger max = BigInteger.ONE.shiftLeft(16383).setBit(0); // exactly 16384 bits
        byte[] ok = new SshWriter().writeString("ssh-rsa").writeMpint(e).writeMpint(max).toByteArray();
        assertThat(SshPublicKey.decode(ok).bits()).isEqualTo(16384);
    }
}
