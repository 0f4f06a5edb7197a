package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.util.Arrays;

/** An SSH signature blob: string algorithm name, string signature (RFC 4253 §6.6). */
public record SignatureBlob(String algorithm, byte[] signature) {
    public SignatureBlob {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public byte[] encode() {
        return new SshWriter(signature.length + algorithm.length() + 8).writeString(algorithm).writeBytes(signature).toByteArray();
    }

    public static SignatureBlob decode(byte[] blob) throws SshFormatException {
        SshReader r = new SshReader(blob);
        String alg = r.readString();
        byte[] sig = r.readBytes();
        r.expectEnd();
        return new SignatureBlob(alg, sig);
    }

    /**
     * The inner signature bytes if the blob is well formed, names {@code expected}, and
     * {@code expected} belongs to {@code keyType}; otherwise null.
     */
    static byte[] innerFor(SignatureAlgorithm expected, String keyType, byte[] blob) {
        if (expected == null || blob == null || !expected.keyType.equals(keyType)) return null;
        try {
            SignatureBlob s = decode(blob);
            return s.algorithm.equals(expected.wireName) ? s.signature : null;
        } catch (SshFormatException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureBlob(String a, byte[] s) && a.equals(algorithm) && Arrays.equals(s, signature);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignatureBlob[" + algorithm + ", " + signature.length + " bytes]";
    }
}
