package dev.seashell.transport.kex;

import dev.seashell.wire.SshProtocolException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The post-quantum/X25519 hybrids: sntrup761x25519-sha512 (and its @openssh.com name) and
 * mlkem768x25519-sha256 (draft-ietf-sshm-mlkem-hybrid-kex-10 §2). C_INIT = KEM public key || X25519
 * public key; S_REPLY = KEM ciphertext || X25519 public key; both lengths must match exactly.
 *
 * <p>K = HASH(K_PQ || K_CL), with K_CL the raw 32-byte X25519 output, and {@link
 * KexResult#sharedSecret()} is K encoded as a string (uint32 length 32 or 64, then the digest) — not
 * an mpint, and key derivation hashes exactly those bytes.
 */
final class HybridKex extends SingleRoundKex {
    private final String hashAlgorithm;
    private final PqKem kem;
    private final Supplier<X25519Key> classical;
    /** The client's KEM key pair, made ahead of time ({@link KexPrecompute}) or here. */
    private final Supplier<PqKem.KeyPair> clientPair;

    HybridKex(String hashAlgorithm, PqKem kem, Supplier<X25519Key> classical) {
        this(hashAlgorithm, kem, classical, null);
    }

    HybridKex(String hashAlgorithm, PqKem kem, Supplier<X25519Key> classical, Supplier<PqKem.KeyPair> clientPair) {
        super(hashAlgorithm, false);
        this.hashAlgorithm = hashAlgorithm;
        this.kem = kem;
        this.classical = classical;
        this.clientPair = clientPair != null ? clientPair : kem::generate;
    }

    @Override
    ClientEphemeral startClient() {
        PqKem.KeyPair pq = clientPair.get();
        X25519Key cl = classical.get();
        byte[] init = concat(pq.publicKey(), cl.publicKey());
        return new ClientEphemeral() {
            @Override
            public byte[] publicValue() {
                return init.clone();
            }

            @Override
            public byte[] sharedSecret(byte[] reply) throws SshProtocolException {
                KexMessages.requireLength(reply, kem.ciphertextLength() + X25519Key.LENGTH, "S_REPLY");
                int split = kem.ciphertextLength();
                byte[] kpq = pq.decapsulate(Arrays.copyOf(reply, split));
                byte[] kcl = cl.agree(Arrays.copyOfRange(reply, split, reply.length));
                return combine(kpq, kcl);
            }
        };
    }

    @Override
    ServerSide respond(byte[] init) throws SshProtocolException {
        KexMessages.requireLength(init, kem.publicKeyLength() + X25519Key.LENGTH, "C_INIT");
        int split = kem.publicKeyLength();
        X25519Key cl = classical.get();
        byte[] kcl = cl.agree(Arrays.copyOfRange(init, split, init.length));
        PqKem.Encapsulation pq = kem.encapsulate(Arrays.copyOf(init, split));
        return new ServerSide(concat(pq.ciphertext(), cl.publicKey()), combine(pq.secret(), kcl));
    }

    private byte[] combine(byte[] kpq, byte[] kcl) {
        MessageDigest digest = ExchangeHash.digest(hashAlgorithm);
        digest.update(kpq);
        digest.update(kcl);
        byte[] k = digest.digest();
        Arrays.fill(kpq, (byte) 0);
        Arrays.fill(kcl, (byte) 0);
        byte[] encoded = KexMessages.stringSecret(k);
        Arrays.fill(k, (byte) 0);
        return encoded;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
