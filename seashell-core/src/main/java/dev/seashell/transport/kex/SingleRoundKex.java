package dev.seashell.transport.kex;

import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshWriter;
import java.io.IOException;

/**
 * The one-round-trip shape shared by fixed-group DH (RFC 4253 §8), ECDH (RFC 5656 §4), curve25519
 * (RFC 8731) and the hybrid post-quantum methods: the client sends message 30 with its public value
 * Q_C, the server answers message 31 with K_S, Q_S and its signature over
 * H = HASH(V_C || V_S || I_C || I_S || K_S || Q_C || Q_S || K).
 *
 * <p>Subclasses supply only the arithmetic. Public values travel as strings, except for classic DH
 * whose e and f are mpints ({@link #mpintValues}); in that case the byte arrays handed around are the
 * mpints' two's-complement contents.
 */
abstract sealed class SingleRoundKex implements KeyExchange permits Curve25519Kex, EcdhKex, DhGroupKex, HybridKex {
    /** The client's ephemeral key, waiting for the server's value. */
    interface ClientEphemeral {
        byte[] publicValue();

        /** Validates the server's value and returns K encoded as it goes into the hash. */
        byte[] sharedSecret(byte[] serverValue) throws IOException;
    }

    /** The server's public value and K, encoded as it goes into the hash. */
    record ServerSide(byte[] publicValue, byte[] sharedSecret) {}

    private final String hashAlgorithm;
    private final boolean mpintValues;

    SingleRoundKex(String hashAlgorithm, boolean mpintValues) {
        this.hashAlgorithm = hashAlgorithm;
        this.mpintValues = mpintValues;
    }

    abstract ClientEphemeral startClient();

    /** Validates the client's value, makes the server's ephemeral key and computes K. */
    abstract ServerSide respond(byte[] clientValue) throws IOException;

    @Override
    public final KexResult client(KexIo io, KexInputs inputs) throws IOException {
        ClientEphemeral ephemeral = startClient();
        byte[] qc = ephemeral.publicValue();
        SshWriter init = KexMessages.message(MessageNumbers.KEXDH_INIT);
        init.writeBytes(qc);
        io.send(init.toByteArray());

        record Reply(byte[] hostKey, byte[] serverValue, byte[] signature) {}
        Reply reply = KexMessages.decode(io.receive(), MessageNumbers.KEXDH_REPLY, r -> new Reply(
                r.readBytes(), mpintValues ? r.readMpint().toByteArray() : r.readBytes(), r.readBytes()));
        byte[] k = ephemeral.sharedSecret(reply.serverValue());
        byte[] h = hash(inputs, reply.hostKey(), qc, reply.serverValue(), k);
        return new KexResult(k, h, hashAlgorithm, reply.hostKey(), reply.signature());
    }

    @Override
    public final KexResult server(KexIo io, KexInputs inputs, HostKeySigner signer) throws IOException {
        byte[] qc = KexMessages.decode(io.receive(), MessageNumbers.KEXDH_INIT,
                r -> mpintValues ? r.readMpint().toByteArray() : r.readBytes());
        ServerSide mine = respond(qc);
        byte[] hostKey = signer.hostKeyBlob();
        byte[] h = hash(inputs, hostKey, qc, mine.publicValue(), mine.sharedSecret());
        byte[] signature = signer.sign(h);
        SshWriter reply = KexMessages.message(MessageNumbers.KEXDH_REPLY);
        reply.writeBytes(hostKey).writeBytes(mine.publicValue()).writeBytes(signature);
        io.send(reply.toByteArray());
        return new KexResult(mine.sharedSecret(), h, hashAlgorithm, hostKey, signature);
    }

    private byte[] hash(KexInputs inputs, byte[] hostKey, byte[] qc, byte[] qs, byte[] k) {
        ExchangeHash hash = new ExchangeHash(hashAlgorithm, inputs, hostKey);
        // An mpint's wire form is a string of its two's-complement content, so both kinds encode alike.
        hash.fields().writeBytes(qc).writeBytes(qs);
        return hash.finish(k);
    }
}
