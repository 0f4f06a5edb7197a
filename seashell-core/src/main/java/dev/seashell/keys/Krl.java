package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An OpenSSH key revocation list (PROTOCOL.krl): certificates revoked by CA and serial (lists,
 * ranges, bitmaps) or key id, and plain keys revoked explicitly or by SHA-1/SHA-256 hash. Mutable
 * while being built ({@code ssh-keygen -k}); {@link #isRevoked} answers as OpenSSH's
 * ssh_krl_check_key does: the key itself, then, for a certificate, its CA key.
 */
public final class Krl {
    static final long MAGIC = 0x5353484b524c0a00L;
    private static final int FORMAT_VERSION = 1;
    private static final int SECTION_CERTIFICATES = 1;
    private static final int SECTION_EXPLICIT_KEY = 2;
    private static final int SECTION_SHA1 = 3;
    private static final int SECTION_SIGNATURE = 4;
    private static final int SECTION_SHA256 = 5;
    private static final int SECTION_EXTENSION = 255;
    private static final int CERT_SERIAL_LIST = 0x20;
    private static final int CERT_SERIAL_RANGE = 0x21;
    private static final int CERT_SERIAL_BITMAP = 0x22;
    private static final int CERT_KEY_ID = 0x23;
    private static final int CERT_EXTENSION = 0x39;
    /** A bitmap wider than this (bits) is refused rather than scanned. */
    private static final int MAX_BITMAP_BITS = 1 << 24;

    /** Revocations under one CA (or, with a null CA, under any CA). */
    private static final class CertSection {
        final SshPublicKey ca;
        final TreeSet<Long> serials = new TreeSet<>(Long::compareUnsigned);
        final List<long[]> ranges = new ArrayList<>();
        final List<BitmapRange> bitmaps = new ArrayList<>();
        final Set<String> keyIds = new LinkedHashSet<>();

        CertSection(SshPublicKey ca) {
            this.ca = ca;
        }

        boolean revokes(SshCertificate c) {
            if (keyIds.contains(c.keyId())) return true;
            long s = c.serial();
            if (serials.contains(s)) return true;
            for (long[] r : ranges) if (Long.compareUnsigned(s, r[0]) >= 0 && Long.compareUnsigned(s, r[1]) <= 0) return true;
            for (BitmapRange b : bitmaps) {
                long off = s - b.offset;
                if (Long.compareUnsigned(s, b.offset) >= 0 && off < b.bits.bitLength() && b.bits.testBit((int) off)) return true;
            }
            return false;
        }
    }

    private record BitmapRange(long offset, BigInteger bits) {}

    private long version;
    private long generatedDate;
    private String comment = "";
    private final Map<String, CertSection> certs = new LinkedHashMap<>();
    private final Set<String> explicitKeys = new LinkedHashSet<>();
    private final TreeSet<String> sha1 = new TreeSet<>();
    private final TreeSet<String> sha256 = new TreeSet<>();

    public Krl() {}

    public static boolean looksLikeKrl(byte[] data) {
        return data.length >= 8 && new BigInteger(1, Arrays.copyOf(data, 8)).longValue() == MAGIC;
    }

    /** Parses a binary KRL; refuses signed KRLs and unknown critical extensions, as OpenSSH 9.4+ does. */
    public static Krl parse(byte[] data) throws SshFormatException {
        SshReader r = new SshReader(data);
        if (r.readUint64() != MAGIC) throw new SshFormatException("not a KRL");
        if (r.readUint32() != FORMAT_VERSION) throw new SshFormatException("unsupported KRL format version");
        Krl k = new Krl();
        k.version = r.readUint64();
        k.generatedDate = r.readUint64();
        r.readUint64(); // flags
        r.readBytes(); // reserved
        k.comment = r.readString();
        while (r.remaining() > 0) {
            int type = r.readByte();
            SshReader s = new SshReader(r.readBytes());
            switch (type) {
                case SECTION_CERTIFICATES -> k.parseCertSection(s);
                case SECTION_EXPLICIT_KEY -> {
                    while (s.remaining() > 0) k.explicitKeys.add(hex(plainBlob(SshPublicKey.decode(s.readBytes()))));
                }
                case SECTION_SHA1 -> {
                    while (s.remaining() > 0) k.sha1.add(hex(s.readBytes()));
                }
                case SECTION_SHA256 -> {
                    while (s.remaining() > 0) k.sha256.add(hex(s.readBytes()));
                }
                case SECTION_EXTENSION -> extension(s);
                case SECTION_SIGNATURE -> throw new SshFormatException("signed KRLs are not supported");
                default -> throw new SshFormatException("unknown KRL section " + type);
            }
        }
        return k;
    }

    private void parseCertSection(SshReader s) throws SshFormatException {
        byte[] caBlob = s.readBytes();
        SshPublicKey ca = caBlob.length == 0 ? null : SshPublicKey.decode(caBlob);
        s.readBytes(); // reserved
        CertSection cs = section(ca);
        while (s.remaining() > 0) {
            int type = s.readByte();
            SshReader d = new SshReader(s.readBytes());
            switch (type) {
                case CERT_SERIAL_LIST -> {
                    while (d.remaining() > 0) cs.serials.add(d.readUint64());
                }
                case CERT_SERIAL_RANGE -> {
                    long lo = d.readUint64();
                    long hi = d.readUint64();
                    d.expectEnd();
                    if (Long.compareUnsigned(lo, hi) > 0) throw new SshFormatException("KRL serial range reversed");
                    cs.ranges.add(new long[] {lo, hi});
                }
                case CERT_SERIAL_BITMAP -> {
                    long off = d.readUint64();
                    BigInteger bits = d.readMpint();
                    d.expectEnd();
                    if (bits.signum() < 0 || bits.bitLength() > MAX_BITMAP_BITS) throw new SshFormatException("KRL bitmap too large");
                    cs.bitmaps.add(new BitmapRange(off, bits));
                }
                case CERT_KEY_ID -> {
                    while (d.remaining() > 0) cs.keyIds.add(d.readString());
                }
                case CERT_EXTENSION -> extension(d);
                default -> throw new SshFormatException("unknown KRL certificate section " + type);
            }
        }
    }

    private static void extension(SshReader s) throws SshFormatException {
        String name = s.readString();
        if (s.readBoolean()) throw new SshFormatException("unsupported critical KRL extension " + name);
    }

    /** The binary KRL: serial lists and ranges per CA, key ids, explicit keys, then hash sections. */
    public byte[] encode() {
        SshWriter w = new SshWriter().writeUint64(MAGIC).writeUint32(FORMAT_VERSION).writeUint64(version)
                .writeUint64(generatedDate).writeUint64(0).writeBytes(new byte[0]).writeString(comment);
        for (CertSection cs : certs.values()) {
            SshWriter s = new SshWriter().writeBytes(cs.ca == null ? new byte[0] : cs.ca.blob()).writeBytes(new byte[0]);
            if (!cs.serials.isEmpty()) {
                SshWriter d = new SshWriter();
                for (long v : cs.serials) d.writeUint64(v);
                s.writeByte(CERT_SERIAL_LIST).writeBytes(d.toByteArray());
            }
            for (long[] r : cs.ranges) {
                s.writeByte(CERT_SERIAL_RANGE).writeBytes(new SshWriter().writeUint64(r[0]).writeUint64(r[1]).toByteArray());
            }
            for (BitmapRange b : cs.bitmaps) {
                s.writeByte(CERT_SERIAL_BITMAP).writeBytes(new SshWriter().writeUint64(b.offset).writeMpint(b.bits).toByteArray());
            }
            if (!cs.keyIds.isEmpty()) {
                SshWriter d = new SshWriter();
                for (String id : cs.keyIds) d.writeString(id);
                s.writeByte(CERT_KEY_ID).writeBytes(d.toByteArray());
            }
            w.writeByte(SECTION_CERTIFICATES).writeBytes(s.toByteArray());
        }
        writeHashes(w, SECTION_EXPLICIT_KEY, explicitKeys);
        writeHashes(w, SECTION_SHA1, sha1);
        writeHashes(w, SECTION_SHA256, sha256);
        return w.toByteArray();
    }

    private static void writeHashes(SshWriter w, int type, Set<String> hexes) {
        if (hexes.isEmpty()) return;
        SshWriter d = new SshWriter();
        for (String h : hexes) d.writeBytes(HexFormat.of().parseHex(h));
        w.writeByte(type).writeBytes(d.toByteArray());
    }

    private CertSection section(SshPublicKey ca) {
        String id = ca == null ? "" : hex(ca.blob());
        return certs.computeIfAbsent(id, x -> new CertSection(ca));
    }

    /** Revokes serials lo..hi (inclusive) of certificates signed by {@code ca} (null: any CA). */
    public void revokeSerials(SshPublicKey ca, long lo, long hi) {
        if (Long.compareUnsigned(lo, hi) > 0) throw new IllegalArgumentException("serial range reversed");
        CertSection cs = section(ca);
        if (lo == hi) cs.serials.add(lo);
        else cs.ranges.add(new long[] {lo, hi});
    }

    /** Revokes a key id of certificates signed by {@code ca} (null: any CA). */
    public void revokeKeyId(SshPublicKey ca, String keyId) {
        section(ca).keyIds.add(keyId);
    }

    /**
     * Revokes a key as ssh-keygen -k does: a certificate by its serial (or, with serial 0, its key
     * id) under its CA; a plain key explicitly.
     */
    public void revoke(SshPublicKey key) {
        if (key instanceof SshCertificate c) {
            if (c.serial() == 0) revokeKeyId(c.signatureKey(), c.keyId());
            else revokeSerials(c.signatureKey(), c.serial(), c.serial());
        } else {
            explicitKeys.add(hex(key.blob()));
        }
    }

    public void revokeSha1(byte[] hash) {
        sha1.add(hex(hash));
    }

    public void revokeSha256(byte[] hash) {
        sha256.add(hex(hash));
    }

    public void setVersion(long version) {
        this.version = version;
    }

    public void setGeneratedDate(long epochSeconds) {
        this.generatedDate = epochSeconds;
    }

    public void setComment(String comment) {
        this.comment = comment;
    }

    public long version() {
        return version;
    }

    /** Whether the key, or for a certificate its serial/key id under its CA or the CA key itself, is revoked. */
    public boolean isRevoked(SshPublicKey key) {
        if (plainRevoked(key instanceof SshCertificate c ? c.key() : key)) return true;
        if (!(key instanceof SshCertificate c)) return false;
        for (CertSection cs : certs.values()) {
            if ((cs.ca == null || cs.ca.equals(c.signatureKey())) && cs.revokes(c)) return true;
        }
        return plainRevoked(c.signatureKey());
    }

    private boolean plainRevoked(SshPublicKey key) {
        byte[] blob = key.blob();
        return explicitKeys.contains(hex(blob)) || sha1.contains(hex(digest("SHA-1", blob)))
                || sha256.contains(hex(digest("SHA-256", blob)));
    }

    private static byte[] plainBlob(SshPublicKey k) {
        return (k instanceof SshCertificate c ? c.key() : k).blob();
    }

    static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "Krl[version " + version + ", " + certs.size() + " CA sections, " + explicitKeys.size() + " keys]";
    }
}
