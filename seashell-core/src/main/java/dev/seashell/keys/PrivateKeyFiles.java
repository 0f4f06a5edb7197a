package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Private key files as OpenSSH reads and writes them. Reads "openssh-key-v1" (plain, or bcrypt with
 * aes256-ctr and the other AES modes ssh-keygen -Z offers) and OpenSSL PEM (PKCS#1, SEC1, PKCS#8,
 * encrypted PKCS#8 and legacy DEK-Info). Writes "openssh-key-v1", plain or bcrypt + aes256-ctr, to
 * a file that has mode 0600 from the moment it exists (Paramiko CVE-2022-24302 created the file
 * first and narrowed its mode afterwards).
 *
 * <p>Encrypted keys: a null or empty passphrase raises {@link PassphraseRequiredException}, a wrong
 * one {@link WrongPassphraseException}; both are {@link SshFormatException}s.
 */
public final class PrivateKeyFiles {
    /** ssh-keygen's default bcrypt rounds (-a). */
    public static final int DEFAULT_ROUNDS = 16;
    /** Key files are small; a 16384-bit RSA key is about 12 KiB. */
    public static final int MAX_FILE_SIZE = 1 << 20;
    public static final Set<PosixFilePermission> PRIVATE_MODE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private static final SecureRandom RANDOM = new SecureRandom();

    private PrivateKeyFiles() {}

    /** Reads a key file; the pair's comment is the file's (empty for PEM files). */
    public static SshKeyPair read(Path file, char[] passphrase) throws IOException {
        return decode(readBounded(file), passphrase);
    }

    /** Decodes the text of a key file. */
    public static SshKeyPair decode(byte[] fileContent, char[] passphrase) throws SshFormatException {
        String text = new String(fileContent, StandardCharsets.UTF_8);
        if (text.contains(OpenSshKeyFormat.BEGIN)) return OpenSshKeyFormat.decode(OpenSshKeyFormat.unarmor(text), passphrase);
        if (text.contains("-----BEGIN ") && text.contains("PRIVATE KEY-----")) return PemKeys.decode(text, passphrase);
        throw new SshFormatException("not a private key file");
    }

    /** True if decoding needs a passphrase. */
    public static boolean isEncrypted(byte[] fileContent) throws SshFormatException {
        String text = new String(fileContent, StandardCharsets.UTF_8);
        if (text.contains(OpenSshKeyFormat.BEGIN)) return OpenSshKeyFormat.isEncrypted(OpenSshKeyFormat.unarmor(text));
        return PemKeys.isEncrypted(text);
    }

    /**
     * The public key of an OpenSSH-format file without its passphrase (the format stores it in the
     * clear), or null for PEM files, whose public half is only reachable by decrypting.
     */
    public static SshPublicKey publicKey(byte[] fileContent) throws SshFormatException {
        String text = new String(fileContent, StandardCharsets.UTF_8);
        if (!text.contains(OpenSshKeyFormat.BEGIN)) return null;
        return OpenSshKeyFormat.publicKey(OpenSshKeyFormat.unarmor(text));
    }

    /**
     * The file text in OpenSSH format; a null or empty passphrase writes it unencrypted, otherwise
     * it is encrypted with bcrypt_pbkdf ({@code rounds}) and aes256-ctr, as ssh-keygen does.
     */
    public static byte[] encode(SshKeyPair pair, char[] passphrase, int rounds) {
        return OpenSshKeyFormat.armor(OpenSshKeyFormat.encode(pair, passphrase, rounds, RANDOM)).getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes the private key file atomically with mode 0600. */
    public static void write(Path file, SshKeyPair pair, char[] passphrase, int rounds) throws IOException {
        writeAtomically(file, encode(pair, passphrase, rounds), PRIVATE_MODE);
    }

    /** Writes the matching "type base64 comment" line, mode 0644, as ssh-keygen writes file.pub. */
    public static void writePublic(Path file, SshKeyPair pair) throws IOException {
        String line = new PublicKeyLine(pair.publicKey(), pair.comment()).format() + "\n";
        writeAtomically(file, line.getBytes(StandardCharsets.UTF_8), PUBLIC_MODE);
    }

    /**
     * Writes content to a temporary file in the same directory, created with {@code mode} (on POSIX
     * file systems), synced, then renamed over {@code file}: readers never see a partial file or a
     * wider mode.
     */
    public static void writeAtomically(Path file, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        String prefix = "." + target.getFileName() + ".";
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        Path tmp = posix
                ? Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(mode))
                : Files.createTempFile(dir, prefix, ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            if (posix) Files.setPosixFilePermissions(tmp, mode); // umask may have narrowed it; never widens beyond mode
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static byte[] readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes(MAX_FILE_SIZE + 1);
            if (data.length > MAX_FILE_SIZE) throw new SshFormatException("key file larger than " + MAX_FILE_SIZE + " bytes");
            return data;
        }
    }

    /**
     * Reads one private key in the wire layout the OpenSSH private section and the agent protocol
     * (ADD_IDENTITY) share: string key type, the type's private fields (Ed25519: pub32, priv64;
     * ECDSA: curve, Q, d; RSA: n, e, d, iqmp, p, q), string comment.
     */
    public static SshKeyPair readPrivateFields(SshReader r) throws SshFormatException {
        return OpenSshKeyFormat.readPrivateKey(r);
    }

    /** Writes the key type and private fields of {@link #readPrivateFields}; the caller writes the comment. */
    public static void writePrivateFields(SshWriter w, SshKeyPair pair) {
        OpenSshKeyFormat.writePrivateKey(w, pair);
    }
}
