package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An OpenSSH certificate (PROTOCOL.certkeys, draft-ietf-sshm-cert): a plain key with a CA's
 * signature over its serial, type, key id, principals, validity window, critical options and
 * extensions. As an {@link SshPublicKey} it has the certificate type ({@code ssh-ed25519-cert-v01@openssh.com}
 * …) and the certificate blob, and verifies signatures made by the certified key under the
 * {@code …-cert-v01} algorithm names. The blob is kept as received, so re-encoding never changes it.
 */
public final class SshCertificate implements SshPublicKey {
    /** User or host certificate: the uint32 type field. */
    public enum Kind {
        USER(1), HOST(2);

        public final int code;

        Kind(int code) {
            this.code = code;
        }

        public String label() {
            return this == USER ? "user" : "host";
        }
    }

    /** A critical option or extension: its name and raw data (a string holding the value, or empty for a flag). */
    public record Option(String name, byte[] data) {
        public Option {
            data = data.clone();
        }

        /** A flag (empty data). */
        public static Option flag(String name) {
            return new Option(name, new byte[0]);
        }

        /** An option whose data is one string, as force-command and source-address are. */
        public static Option of(String name, String value) {
            return new Option(name, new SshWriter().writeString(value).toByteArray());
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** The string value inside the data, or empty for a flag or malformed data. */
        public Optional<String> value() {
            if (data.length == 0) return Optional.empty();
            try {
                SshReader r = new SshReader(data);
                String v = r.readString();
                r.expectEnd();
                return Optional.of(v);
            } catch (SshFormatException e) {
                return Optional.empty();
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Option(String n, byte[] d) && n.equals(name) && Arrays.equals(d, data);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(data);
        }
    }

    /** The critical options this implementation understands; any other makes the certificate invalid. */
    public static final Set<String> KNOWN_CRITICAL = Set.of("force-command", "source-address");
    /** The extensions ssh-keygen grants a user certificate by default, in wire order. */
    public static final List<String> DEFAULT_USER_EXTENSIONS = List.of("permit-X11-forwarding", "permit-agent-forwarding",
            "permit-port-forwarding", "permit-pty", "permit-user-rc");
    /** The "forever" end of a validity window (uint64 all ones). */
    public static final long FOREVER = -1L;

    static final String SUFFIX = "-cert-v01@openssh.com";
    private static final int MAX_PRINCIPALS = 256;

    private final byte[] nonce;
    private final SshPublicKey key;
    private final long serial;
    private final Kind kind;
    private final String keyId;
    private final List<String> principals;
    private final long validAfter;
    private final long validBefore;
    private final List<Option> criticalOptions;
    private final List<Option> extensions;
    private final SshPublicKey signatureKey;
    private final byte[] signature;
    private final byte[] blob;
    /** Length of the signed prefix of {@link #blob}: everything before the signature string. */
    private final int signedLength;

    private SshCertificate(byte[] nonce, SshPublicKey key, long serial, Kind kind, String keyId, List<String> principals,
                           long validAfter, long validBefore, List<Option> criticalOptions, List<Option> extensions,
                           SshPublicKey signatureKey, byte[] signature, byte[] blob, int signedLength) {
        this.nonce = nonce;
        this.key = key;
        this.serial = serial;
        this.kind = kind;
        this.keyId = keyId;
        this.principals = List.copyOf(principals);
        this.validAfter = validAfter;
        this.validBefore = validBefore;
        this.criticalOptions = List.copyOf(criticalOptions);
        this.extensions = List.copyOf(extensions);
        this.signatureKey = signatureKey;
        this.signature = signature;
        this.blob = blob;
        this.signedLength = signedLength;
    }

    /** Whether a key type names a certificate. */
    public static boolean isCertificateType(String type) {
        return type.endsWith(SUFFIX);
    }

    /**
     * Reads the rest of a certificate blob after its type string. The certified key and the CA key
     * must be plain keys of a supported type; principals are bounded.
     */
    static SshCertificate read(String type, SshReader r, byte[] blob) throws SshFormatException {
        String plainType = type.substring(0, type.length() - SUFFIX.length());
        byte[] nonce = r.readBytes();
        SshPublicKey key = switch (plainType) {
            case Ed25519PublicKey.TYPE -> Ed25519PublicKey.read(r);
            case RsaPublicKey.TYPE -> RsaPublicKey.read(r);
            default -> {
                EcCurve curve = EcCurve.fromKeyType(plainType);
                if (curve == null) throw new SshFormatException("unsupported certificate type: " + type);
                yield EcdsaPublicKey.read(curve, r);
            }
        };
        long serial = r.readUint64();
        long kindCode = r.readUint32();
        Kind kind = kindCode == 1 ? Kind.USER : kindCode == 2 ? Kind.HOST : null;
        if (kind == null) throw new SshFormatException("unknown certificate type " + kindCode);
        String keyId = r.readString();
        List<String> principals = new ArrayList<>();
        SshReader pr = new SshReader(r.readBytes());
        while (pr.remaining() > 0) {
            if (principals.size() >= MAX_PRINCIPALS) throw new SshFormatException("too many principals");
            principals.add(pr.readString());
        }
        long validAfter = r.readUint64();
        long validBefore = r.readUint64();
        List<Option> critical = readOptions(r.readBytes());
        List<Option> extensions = readOptions(r.readBytes());
        r.readBytes(); // reserved
        byte[] caBlob = r.readBytes();
        // Checked before decoding, so nested certificates cannot recurse.
        if (isCertificateType(new SshReader(caBlob).readString())) throw new SshFormatException("certificate signed by a certificate");
        SshPublicKey ca = SshPublicKey.decode(caBlob);
        int signedLength = r.position();
        byte[] signature = r.readBytes();
        return new SshCertificate(nonce, key, serial, kind, keyId, principals, validAfter, validBefore, critical, extensions,
                ca, signature, blob, signedLength);
    }

    private static List<Option> readOptions(byte[] packed) throws SshFormatException {
        List<Option> out = new ArrayList<>();
        SshReader r = new SshReader(packed);
        while (r.remaining() > 0) {
            String name = r.readString();
            byte[] data = r.readBytes();
            if (out.stream().anyMatch(o -> o.name().equals(name))) throw new SshFormatException("duplicate certificate option " + name);
            out.add(new Option(name, data));
        }
        return out;
    }

    /**
     * Builds and signs a certificate with a CA key, as ssh-keygen -s does. Options and extensions are
     * written in lexical order, as OpenSSH requires.
     *
     * @param algorithm the CA's signature algorithm (a plain one, e.g. rsa-sha2-512)
     */
    public static SshCertificate sign(byte[] nonce, SshPublicKey key, long serial, Kind kind, String keyId,
                                      List<String> principals, long validAfter, long validBefore,
                                      List<Option> criticalOptions, List<Option> extensions,
                                      SshKeyPair ca, SignatureAlgorithm algorithm) {
        if (key instanceof SshCertificate) throw new IllegalArgumentException("cannot certify a certificate");
        String type = key.keyType() + SUFFIX;
        byte[] plain = key.blob();
        int skip = 4 + key.keyType().length();
        SshWriter w = new SshWriter(plain.length + 512).writeString(type).writeBytes(nonce)
                .writeRaw(plain, skip, plain.length - skip)
                .writeUint64(serial).writeUint32(kind.code).writeString(keyId);
        SshWriter pw = new SshWriter();
        for (String p : principals) pw.writeString(p);
        w.writeBytes(pw.toByteArray()).writeUint64(validAfter).writeUint64(validBefore)
                .writeBytes(packOptions(criticalOptions)).writeBytes(packOptions(extensions))
                .writeBytes(new byte[0]).writeBytes(ca.publicKey().blob());
        byte[] signed = w.toByteArray();
        byte[] sig = ca.sign(algorithm.plain(), signed);
        byte[] blob = new SshWriter(signed.length + sig.length + 4).writeRaw(signed).writeBytes(sig).toByteArray();
        try {
            return (SshCertificate) SshPublicKey.decode(blob);
        } catch (SshFormatException e) {
            throw new IllegalArgumentException("cannot encode certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] packOptions(List<Option> options) {
        List<Option> sorted = new ArrayList<>(options);
        sorted.sort(Comparator.comparing(o -> o.name().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        SshWriter w = new SshWriter();
        for (Option o : sorted) w.writeString(o.name()).writeBytes(o.data);
        return w.toByteArray();
    }

    /** Whether the CA's signature over the certificate is good (and not SHA-1 RSA). */
    public boolean signatureValid() {
        return signatureValid(false);
    }

    private boolean signatureValid(boolean allowSha1) {
        try {
            SignatureAlgorithm alg = SignatureAlgorithm.fromWireName(SignatureBlob.decode(signature).algorithm());
            if (alg == null || alg.isCertificate() || (alg.insecure() && !allowSha1)) return false;
            return signatureKey.verify(alg, Arrays.copyOf(blob, signedLength), signature);
        } catch (SshFormatException e) {
            return false;
        }
    }

    /**
     * Why this certificate is not valid at {@code now}: a bad CA signature, outside its validity
     * window, or an unknown critical option. Empty when valid.
     */
    public Optional<String> problem(Instant now) {
        return problem(now, null);
    }

    /**
     * As {@link #problem(Instant)}, with CASignatureAlgorithms deciding which CA signature algorithms
     * count: SHA-1 RSA ({@code ssh-rsa}) only when the list names it. Null: the default (no SHA-1).
     */
    public Optional<String> problem(Instant now, Collection<String> caSignatureAlgorithms) {
        if (caSignatureAlgorithms != null && !caSignatureAlgorithms.contains(signatureAlgorithm())) {
            return Optional.of("Certificate signed with disallowed algorithm");
        }
        if (!signatureValid(caSignatureAlgorithms != null)) return Optional.of("certificate signature verification failed");
        long t = now.getEpochSecond();
        if (Long.compareUnsigned(t, validAfter) < 0) return Optional.of("Certificate invalid: not yet valid");
        if (Long.compareUnsigned(t, validBefore) >= 0) return Optional.of("Certificate invalid: expired");
        for (Option o : criticalOptions) {
            if (!KNOWN_CRITICAL.contains(o.name())) return Optional.of("Certificate invalid: unsupported critical option " + o.name());
        }
        return Optional.empty();
    }

    /** Whether the CA signature is good, {@code now} is inside the validity window and every critical option is known. */
    public boolean verify(Instant now) {
        return problem(now).isEmpty();
    }

    /** Whether the name is one of the principals. */
    public boolean hasPrincipal(String name) {
        return principals.contains(name);
    }

    public Optional<String> criticalOption(String name) {
        return criticalOptions.stream().filter(o -> o.name().equals(name)).findFirst().flatMap(Option::value);
    }

    public boolean hasExtension(String name) {
        return extensions.stream().anyMatch(o -> o.name().equals(name));
    }

    public byte[] nonce() {
        return nonce.clone();
    }

    /** The certified (plain) key. */
    public SshPublicKey key() {
        return key;
    }

    public long serial() {
        return serial;
    }

    public Kind kind() {
        return kind;
    }

    public String keyId() {
        return keyId;
    }

    public List<String> principals() {
        return principals;
    }

    /** Seconds since the epoch, unsigned. */
    public long validAfter() {
        return validAfter;
    }

    /** Seconds since the epoch, unsigned; {@link #FOREVER} for no end. */
    public long validBefore() {
        return validBefore;
    }

    public List<Option> criticalOptions() {
        return criticalOptions;
    }

    public List<Option> extensions() {
        return extensions;
    }

    /** The CA key that signed this certificate. */
    public SshPublicKey signatureKey() {
        return signatureKey;
    }

    /** The CA's signature blob. */
    public byte[] signature() {
        return signature.clone();
    }

    /** The CA's signature algorithm name as written in the signature blob. */
    public String signatureAlgorithm() {
        try {
            return SignatureBlob.decode(signature).algorithm();
        } catch (SshFormatException e) {
            return "unknown";
        }
    }

    @Override
    public String keyType() {
        return key.keyType() + SUFFIX;
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    @Override
    public PublicKey jcaKey() {
        return key.jcaKey();
    }

    /** A signature by the certified key, named by a certificate algorithm whose key type is this one's. */
    @Override
    public boolean verify(SignatureAlgorithm expected, byte[] data, byte[] signatureBlob) {
        if (expected == null || !expected.keyType.equals(keyType())) return false;
        return key.verify(expected.plain(), data, signatureBlob);
    }

    @Override
    public int bits() {
        return key.bits();
    }

    @Override
    public String displayType() {
        return key.displayType() + "-CERT";
    }

    @Override
    public List<SignatureAlgorithm> signatureAlgorithms() {
        return key.signatureAlgorithms().stream().map(SignatureAlgorithm::certified).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshCertificate c && Arrays.equals(c.blob, blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return keyType() + " " + kind.label() + " id \"" + keyId + "\" serial " + serial + " " + Fingerprints.sha256(key);
    }
}
