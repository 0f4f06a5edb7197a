package dev.seashell.transport.kex;

import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * diffie-hellman-group-exchange-sha256 and -sha1 (RFC 4419): the client asks for a group size, the
 * server picks a safe prime from its {@link Moduli}, then classic DH runs in that group.
 *
 * <p>H = HASH(V_C || V_S || I_C || I_S || K_S || min || n || max || p || g || e || f || K), with the
 * client's min, n and max as sent. {@link KexResult#sharedSecret()} is the mpint K with its length
 * prefix.
 */
final class DhGroupExchange implements KeyExchange {
    /** OpenSSH's DH_GRP_MIN and DH_GRP_MAX. */
    static final int MIN_BITS = 2048;
    static final int MAX_BITS = 8192;
    /**
     * What OpenSSH 9/10 asks for with its default ciphers: chacha20-poly1305's 64-byte key makes
     * dh_estimate return 8192 ("SSH2_MSG_KEX_DH_GEX_REQUEST(2048<8192<8192)").
     */
    static final int DEFAULT_PREFERRED_BITS = 8192;

    private final String hashAlgorithm;
    private final int preferredBits;
    private final Supplier<Moduli> moduli;
    private final SecureRandom random;

    DhGroupExchange(String hashAlgorithm, int preferredBits, Supplier<Moduli> moduli, SecureRandom random) {
        if (preferredBits < MIN_BITS || preferredBits > MAX_BITS) throw new IllegalArgumentException("preferred bits " + preferredBits);
        this.hashAlgorithm = hashAlgorithm;
        this.preferredBits = preferredBits;
        this.moduli = moduli;
        this.random = random;
    }

    /**
     * OpenSSH's dh_estimate: the group size for a cipher needing {@code securityBits} of strength (its
     * largest key, block, IV or MAC key length in bits). aes128-gcm needs 128 and gets 3072.
     */
    static int estimateBits(int securityBits) {
        if (securityBits <= 112) return 2048;
        if (securityBits <= 128) return 3072;
        if (securityBits <= 192) return 7680;
        return 8192;
    }

    private record Request(int min, int preferred, int max) {}

    @Override
    public KexResult client(KexIo io, KexInputs inputs) throws IOException {
        Request request = new Request(MIN_BITS, preferredBits, MAX_BITS);
        io.send(KexMessages.message(MessageNumbers.KEX_DH_GEX_REQUEST)
                .writeInt(request.min()).writeInt(request.preferred()).writeInt(request.max()).toByteArray());

        record Group(BigInteger p, BigInteger g) {}
        Group offered = KexMessages.decode(io.receive(), MessageNumbers.KEX_DH_GEX_GROUP,
                r -> new Group(r.readMpint(), r.readMpint()));
        int bits = offered.p().bitLength();
        if (bits < request.min() || bits > request.max()) {
            throw KexMessages.kexFailed("server's DH group has " + bits + " bits, outside [" + request.min() + ", " + request.max() + "]");
        }
        DhGroup group;
        try {
            group = new DhGroup("server", offered.p(), offered.g());
        } catch (IllegalArgumentException e) {
            throw KexMessages.kexFailed("server sent an invalid DH group");
        }

        BigInteger x = group.newExponent(random);
        BigInteger e = group.publicValue(x);
        io.send(KexMessages.message(MessageNumbers.KEX_DH_GEX_INIT).writeMpint(e).toByteArray());

        record Reply(byte[] hostKey, BigInteger f, byte[] signature) {}
        Reply reply = KexMessages.decode(io.receive(), MessageNumbers.KEX_DH_GEX_REPLY,
                r -> new Reply(r.readBytes(), r.readMpint(), r.readBytes()));
        byte[] k = group.sharedSecret(x, reply.f());
        byte[] h = hash(inputs, reply.hostKey(), request, group, e, reply.f(), k);
        return new KexResult(k, h, hashAlgorithm, reply.hostKey(), reply.signature());
    }

    @Override
    public KexResult server(KexIo io, KexInputs inputs, HostKeySigner signer) throws IOException {
        Request request = KexMessages.decode(io.receive(), MessageNumbers.KEX_DH_GEX_REQUEST,
                r -> new Request(r.readInt(), r.readInt(), r.readInt()));
        // Unsigned comparisons: the fields are uint32.
        long min = Integer.toUnsignedLong(request.min());
        long wanted = Integer.toUnsignedLong(request.preferred());
        long max = Integer.toUnsignedLong(request.max());
        if (max < min || wanted < min || max < wanted || max < MIN_BITS) {
            throw KexMessages.kexFailed("unacceptable group-exchange request " + min + "<" + wanted + "<" + max);
        }
        // Clamp to what we serve, as OpenSSH's kexgexs.c does; the hash keeps the values as sent.
        int lo = (int) Math.max(MIN_BITS, Math.min(min, Integer.MAX_VALUE));
        int hi = (int) Math.min(MAX_BITS, max);
        int want = (int) Math.max(MIN_BITS, Math.min(MAX_BITS, wanted));
        DhGroup group = moduli.get().choose(lo, want, hi, random)
                .orElseThrow(() -> KexMessages.kexFailed("no DH group between " + lo + " and " + hi + " bits"));
        io.send(KexMessages.message(MessageNumbers.KEX_DH_GEX_GROUP).writeMpint(group.p()).writeMpint(group.g()).toByteArray());

        BigInteger e = KexMessages.decode(io.receive(), MessageNumbers.KEX_DH_GEX_INIT, r -> r.readMpint());
        group.checkPublic(e);
        BigInteger y = group.newExponent(random);
        BigInteger f = group.publicValue(y);
        byte[] k = group.sharedSecret(y, e);
        byte[] hostKey = signer.hostKeyBlob();
        byte[] h = hash(inputs, hostKey, request, group, e, f, k);
        byte[] signature = signer.sign(h);
        io.send(KexMessages.message(MessageNumbers.KEX_DH_GEX_REPLY)
                .writeBytes(hostKey).writeMpint(f).writeBytes(signature).toByteArray());
        return new KexResult(k, h, hashAlgorithm, hostKey, signature);
    }

    private byte[] hash(KexInputs inputs, byte[] hostKey, Request request, DhGroup group, BigInteger e, BigInteger f, byte[] k) {
        ExchangeHash hash = new ExchangeHash(hashAlgorithm, inputs, hostKey);
        SshWriter w = hash.fields();
        w.writeInt(request.min()).writeInt(request.preferred()).writeInt(request.max())
                .writeMpint(group.p()).writeMpint(group.g()).writeMpint(e).writeMpint(f);
        return hash.finish(k);
    }
}
