package dev.seashell.transport.kex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** In-memory plumbing for key-exchange tests, with an SSH encoding written independently of the wire package. */
final class KexTestSupport {
    private KexTestSupport() {}

    static final KexInputs INPUTS = new KexInputs(
            "SSH-2.0-SeashellTest_1.0".getBytes(StandardCharsets.US_ASCII),
            "SSH-2.0-OpenSSH_10.0".getBytes(StandardCharsets.US_ASCII),
            bytes(20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16),
            bytes(20, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1));

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** RFC 4251 string: uint32 length then the bytes. */
    static byte[] sshString(byte[] b) {
        return ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** One end of an in-memory message pipe; records what it sent. */
    static final class End implements KexIo {
        private final BlockingQueue<byte[]> in;
        private final BlockingQueue<byte[]> out;
        final List<byte[]> sent = new CopyOnWriteArrayList<>();

        End(BlockingQueue<byte[]> in, BlockingQueue<byte[]> out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public void send(byte[] payload) {
            sent.add(payload.clone());
            out.add(payload.clone());
        }

        @Override
        public byte[] receive() throws IOException {
            try {
                byte[] m = in.poll(20, TimeUnit.SECONDS);
                if (m == null) throw new IOException("timed out waiting for a key-exchange message");
                return m;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
        }

        /** Queues a message as if the peer had sent it. */
        void deliver(byte[] payload) {
            in.add(payload);
        }
    }

    record Pipe(End client, End server) {}

    static Pipe pipe() {
        BlockingQueue<byte[]> toServer = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
        return new Pipe(new End(toClient, toServer), new End(toServer, toClient));
    }

    /** A lone end whose peer is the test itself. */
    static End loneEnd() {
        return new End(new LinkedBlockingQueue<>(), new LinkedBlockingQueue<>());
    }

    record Outcome(KexResult client, KexResult server) {}

    /** Runs the server on a virtual thread and the client here; every wait is bounded. */
    static Outcome run(KeyExchange client, KeyExchange server, HostKeySigner signer, Pipe pipe) throws Exception {
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<KexResult> s = exec.submit(() -> server.server(pipe.server(), INPUTS, signer));
            KexResult c = client.client(pipe.client(), INPUTS);
            return new Outcome(c, s.get(30, TimeUnit.SECONDS));
        }
    }

    /** An ssh-ed25519 host key backed by a JCA Ed25519 key pair. */
    static final class Ed25519Signer implements HostKeySigner {
        private static final byte[] SPKI_PREFIX = hex("302a300506032b6570032100");
        private static final byte[] NAME = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        private final KeyPair pair;

        Ed25519Signer() throws Exception {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }

        @Override
        public byte[] hostKeyBlob() {
            byte[] der = pair.getPublic().getEncoded();
            return concat(sshString(NAME), sshString(Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length)));
        }

        @Override
        public byte[] sign(byte[] exchangeHash) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(pair.getPrivate());
                s.update(exchangeHash);
                return concat(sshString(NAME), sshString(s.sign()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Verifies an ssh-ed25519 signature blob against a host key blob, as a client would. */
        static boolean verify(byte[] hostKeyBlob, byte[] signatureBlob, byte[] h) throws Exception {
            ByteBuffer key = ByteBuffer.wrap(hostKeyBlob);
            ByteBuffer sig = ByteBuffer.wrap(signatureBlob);
            if (!Arrays.equals(next(key), NAME) || !Arrays.equals(next(sig), NAME)) return false;
            PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, next(key))));
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(pub);
            v.update(h);
            return v.verify(next(sig));
        }

        private static byte[] next(ByteBuffer b) {
            byte[] out = new byte[b.getInt()];
            b.get(out);
            return out;
        }
    }
}
