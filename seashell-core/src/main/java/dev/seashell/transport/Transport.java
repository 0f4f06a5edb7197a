package dev.seashell.transport;

import static dev.seashell.wire.MessageNumbers.DEBUG;
import static dev.seashell.wire.MessageNumbers.DISCONNECT;
import static dev.seashell.wire.MessageNumbers.EXT_INFO;
import static dev.seashell.wire.MessageNumbers.IGNORE;
import static dev.seashell.wire.MessageNumbers.KEXINIT;
import static dev.seashell.wire.MessageNumbers.KEX_FIRST;
import static dev.seashell.wire.MessageNumbers.KEX_LAST;
import static dev.seashell.wire.MessageNumbers.NEWKEYS;
import static dev.seashell.wire.MessageNumbers.PING;
import static dev.seashell.wire.MessageNumbers.PONG;
import static dev.seashell.wire.MessageNumbers.UNIMPLEMENTED;
import static dev.seashell.wire.MessageNumbers.USERAUTH_SUCCESS;

import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.transport.MessagePolicy.Phase;
import dev.seashell.transport.cipher.PacketCipher;
import dev.seashell.transport.cipher.PacketCiphers;
import dev.seashell.transport.kex.HostKeySigner;
import dev.seashell.transport.kex.KexInputs;
import dev.seashell.transport.kex.KexIo;
import dev.seashell.transport.kex.KexPrecompute;
import dev.seashell.transport.kex.KexResult;
import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH transport layer of one connection (RFC 4253 with OpenSSH's strict KEX and RFC 8308
 * ext-info): version exchange, binary packets, key exchange and re-keying.
 *
 * <p>Threading: exactly one thread reads ({@link #readPacket()}); key exchanges run on that thread
 * when the peer's KEXINIT arrives. Any thread may {@link #send}. The reading thread never blocks on
 * the write lock (its packets are handed to whoever holds it), so a writer stuck on a full socket
 * cannot stop the reader from draining the peer — the cycle that would otherwise deadlock two busy
 * peers. While a key exchange runs, other messages are held back and sent after NEWKEYS.
 */
public final class Transport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Transport.class);
    /** Messages (or bytes) held back during a key exchange before writers other than the reader wait for it to finish. */
    static final int MAX_DEFERRED = 1024;
    static final long MAX_DEFERRED_BYTES = 4L << 20;
    /**
     * The reader thread never waits, so its replies (window adjusts, request answers) may go past the
     * soft bound above; a peer that keeps sending requests but never answers our KEXINIT would make
     * them grow without end. Past twice the soft bound the connection ends with PROTOCOL_ERROR.
     */
    static final int MAX_HELD = 2 * MAX_DEFERRED;
    static final long MAX_HELD_BYTES = 2 * MAX_DEFERRED_BYTES;

    /** Which side of the connection this transport is. */
    public enum Role { CLIENT, SERVER }

    private final Role role;
    private final InputStream in;
    private final OutputStream out;
    private final AutoCloseable closer;
    private final TransportConfig config;
    private final List<SshKeyPair> hostKeys;
    private final HostKeyVerifier verifier;
    private final SecureRandom random = new SecureRandom();

    private final PacketReader reader;
    private final PacketWriter writer;

    private String localVersion;
    private String peerVersion;
    private volatile byte[] sessionId;
    private volatile NegotiatedAlgorithms negotiated;
    private SshPublicKey hostKey;
    private volatile List<String> serverSigAlgs = List.of();
    private volatile Thread readerThread;
    private volatile boolean closed;

    // Write side, guarded by writeLock.
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Condition kexDone = writeLock.newCondition();
    private final ConcurrentLinkedQueue<byte[]> fromReader = new ConcurrentLinkedQueue<>();
    /** Size of {@link #fromReader}: it grows while a writer is stuck on a peer that does not read. */
    private final AtomicInteger fromReaderCount = new AtomicInteger();
    private final ArrayDeque<byte[]> deferred = new ArrayDeque<>();
    private long deferredBytes;
    private volatile int deferredCount;
    /** Set when the reader's replies overflowed {@link #MAX_HELD}; the reader throws it on its next read. */
    private volatile SshProtocolException heldOverflow;
    private boolean kexInProgress;
    private volatile IOException writeFailure;
    // Set by the reader thread before it queues NEWKEYS; consumed when NEWKEYS is written.
    private volatile PacketCipher pendingOutCipher;
    private volatile boolean pendingOutCompression;
    private volatile boolean pendingOutStrict;

    // Key-exchange state, touched by the reader thread (ourKexInit also by writers).
    private final AtomicReference<byte[]> ourKexInit = new AtomicReference<>();
    private boolean firstKexDone;
    private long packetsBeforeFirstKexInit;
    private boolean extInfoAllowed;
    private boolean delayedCompression;
    private volatile boolean authenticated;
    /** Which messages the peer may send now ({@link MessagePolicy}); moved on by the reader thread. */
    private volatile Phase phase = Phase.VERSION;
    private long lastKexNanos = System.nanoTime();
    /** Key pairs for the first key exchange, started at construction; dropped after it. */
    private KexPrecompute precompute = KexPrecompute.NONE;

    private Transport(Role role, InputStream in, OutputStream out, AutoCloseable closer, TransportConfig config,
                      List<SshKeyPair> hostKeys, HostKeyVerifier verifier) {
        this.role = role;
        this.in = in; // PacketReader buffers (one large read per wake-up, no BufferedInputStream copy or available() call)
        this.out = out;
        this.closer = closer;
        this.config = config;
        this.hostKeys = hostKeys;
        this.verifier = verifier;
        this.reader = new PacketReader(this.in, PacketCiphers.none());
        this.writer = new PacketWriter(out, PacketCiphers.none(), random);
    }

    /** A client transport over a connected stream pair; {@code closer} closes the underlying connection. */
    public static Transport client(InputStream in, OutputStream out, AutoCloseable closer, TransportConfig config,
                                   HostKeyVerifier verifier) {
        return new Transport(Role.CLIENT, in, out, closer, config, List.of(), verifier);
    }

    /**
     * Starts making the ephemeral keys of a client's first key exchange for the offer {@code kexAlgorithms} now,
     * before a server is known: for a process about to make its one connection (a CLI command), where a
     * cold JVM's sntrup761 key pair (~0.2 s) then overlaps start-up and connect. Keys are assumed to be
     * for a server without ML-KEM (OpenSSH before 9.9) and dropped unused otherwise; the next client
     * handshake with the same offer takes them. Long-lived processes need not call this.
     */
    public static void prepareClientKex(List<String> kexAlgorithms) {
        KexPrecompute.startEarly(kexAlgorithms);
    }

    public static Transport server(InputStream in, OutputStream out, AutoCloseable closer, TransportConfig config,
                                   List<SshKeyPair> hostKeys) {
        if (hostKeys.isEmpty()) throw new IllegalArgumentException("a server needs at least one host key");
        return new Transport(Role.SERVER, in, out, closer, config, hostKeys, null);
    }

    // ---------------------------------------------------------------- handshake

    /** Exchanges versions and runs the first key exchange; returns when both NEWKEYS have passed. */
    public void handshake() throws IOException {
        readerThread = Thread.currentThread();
        localVersion = VersionExchange.identification(config.softwareVersion());
        VersionExchange.send(out, localVersion);
        peerVersion = VersionExchange.receive(reader.bufferedStream(), role == Role.CLIENT);
        log.debug("Remote protocol version {}", peerVersion);
        // The client's first kex keys are made while KEXINITs travel (sntrup761 is slow in a cold JVM).
        if (role == Role.CLIENT) precompute = KexPrecompute.start(config.kexAlgorithms(), peerVersion);
        phase = Phase.FIRST_KEX;
        sendKexInit();
        while (!firstKexDone) {
            byte[] p = nextPacket();
            int type = p[0] & 0xff;
            switch (type) {
                case KEXINIT -> runKex(p);
                case DISCONNECT -> throw disconnected(p);
                case IGNORE, DEBUG, UNIMPLEMENTED -> packetsBeforeFirstKexInit++;
                // The policy lets NEWKEYS and method messages into this phase, but not before KEXINIT.
                default -> throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR,
                        "message " + type + " before the peer's KEXINIT");
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Returns the next message for the layers above (service, auth, connection). Transport messages
     * are handled here: IGNORE/DEBUG are dropped, KEXINIT runs a re-key, DISCONNECT throws
     * {@link PeerDisconnectedException}. Only one thread may call this.
     */
    public byte[] readPacket() throws IOException {
        readerThread = Thread.currentThread();
        while (true) {
            byte[] p = nextPacket();
            int type = p[0] & 0xff;
            boolean extInfoHere = extInfoAllowed;
            extInfoAllowed = false;
            switch (type) {
                case DISCONNECT -> throw disconnected(p);
                case IGNORE, DEBUG, UNIMPLEMENTED -> { }
                case KEXINIT -> runKex(p);
                case EXT_INFO -> {
                    // The policy admits it to a client before authentication; RFC 8308 §2.4: only right after NEWKEYS.
                    if (!extInfoHere) throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "unexpected SSH_MSG_EXT_INFO");
                    readExtInfo(p);
                }
                case PING -> {
                    // Answered only once authenticated (OpenSSH 9.9p2: no work for unauthenticated peers).
                    if (authenticated) send(pong(p));
                }
                case PONG -> { }
                default -> {
                    if (type == USERAUTH_SUCCESS && role == Role.CLIENT) phase = Phase.CONNECTION;
                    maybeStartRekey();
                    return p;
                }
            }
        }
    }

    /**
     * The choke point: every packet the peer sends passes {@link MessagePolicy} for the current phase
     * here, before anything looks inside it. Unknown numbers are answered with UNIMPLEMENTED.
     */
    private byte[] nextPacket() throws IOException {
        while (true) {
            SshProtocolException overflow = heldOverflow;
            if (overflow != null) throw overflow;
            byte[] p = reader.read();
            int type = p[0] & 0xff;
            switch (MessagePolicy.verdict(phase, role, type)) {
                case ACCEPT -> {
                    return p;
                }
                case IGNORE -> { }
                case UNIMPLEMENTED -> sendUnimplemented();
                case PROTOCOL_ERROR -> throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR,
                        "message " + type + " not allowed " + phase.description);
            }
        }
    }

    /** The phase the receiving side is in, for {@link MessagePolicy}. */
    public Phase phase() {
        return phase;
    }

    /** System.nanoTime of the last packet received: keepalives probe only a silent peer. */
    public long lastReadNanos() {
        return reader.lastReadNanos();
    }

    /** Sequence number of the last packet read, for SSH_MSG_UNIMPLEMENTED. */
    public int lastReadSequence() {
        return reader.sequence() - 1;
    }

    /** Replies SSH_MSG_UNIMPLEMENTED for the last packet read. */
    public void sendUnimplemented() throws IOException {
        send(new SshWriter(8).writeByte(UNIMPLEMENTED).writeInt(lastReadSequence()).toByteArray());
    }

    private static byte[] pong(byte[] ping) throws IOException {
        SshReader r = new SshReader(ping);
        r.readByte();
        byte[] data = r.readBytes();
        return new SshWriter(data.length + 8).writeByte(PONG).writeBytes(data).toByteArray();
    }

    private PeerDisconnectedException disconnected(byte[] p) throws IOException {
        SshReader r = new SshReader(p);
        r.readByte();
        int code = r.readInt();
        String description = r.remaining() >= 4 ? r.readString() : "";
        return new PeerDisconnectedException(code, description);
    }

    private void readExtInfo(byte[] p) throws IOException {
        SshReader r = new SshReader(p);
        r.readByte();
        long n = r.readUint32();
        if (n > 64) throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "too many extensions");
        for (long i = 0; i < n; i++) {
            String name = r.readString();
            byte[] value = r.readBytes();
            if (name.equals("server-sig-algs")) {
                String v = new String(value, StandardCharsets.UTF_8);
                serverSigAlgs = v.isEmpty() ? List.of() : List.of(v.split(","));
                log.debug("kex_input_ext_info: server-sig-algs=<{}>", v);
            }
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Sends one message. Thread-safe. During a key exchange, non-kex messages are held and sent after
     * NEWKEYS; the reading thread never waits.
     */
    public void send(byte[] payload) throws IOException {
        if (Thread.currentThread() == readerThread) {
            if (fromReaderCount.incrementAndGet() > MAX_HELD) {
                fromReaderCount.decrementAndGet();
                SshProtocolException e = new SshProtocolException(DisconnectReason.PROTOCOL_ERROR,
                        "too many replies queued behind a blocked writer: the peer keeps sending but does not read");
                if (heldOverflow == null) heldOverflow = e;
                throw e;
            }
            fromReader.add(payload);
            if (writeLock.tryLock()) unlockAndDrain();
            IOException f = writeFailure;
            if (f != null) throw f;
            SshProtocolException o = heldOverflow;
            if (o != null) throw o;
            return;
        }
        writeLock.lock();
        try {
            boolean kexMessage = isKexMessage(payload[0] & 0xff);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (kexInProgress && !kexMessage && (deferred.size() >= MAX_DEFERRED || deferredBytes >= MAX_DEFERRED_BYTES)
                    && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new IOException("key exchange did not finish in time");
                kexDone.awaitNanos(left);
            }
            drainLocked();
            writeLocked(payload);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for key exchange");
        } finally {
            unlockAndDrain();
        }
    }

    /** Releases the write lock, then picks up anything the reader queued meanwhile (flat combining). */
    private void unlockAndDrain() {
        while (true) {
            try {
                drainLocked();
            } catch (IOException e) {
                // recorded in writeFailure; the reader will see the closed connection
            } finally {
                writeLock.unlock();
            }
            if (fromReader.isEmpty() || !writeLock.tryLock()) return;
        }
    }

    private void drainLocked() throws IOException {
        byte[] p;
        while ((p = fromReader.poll()) != null) {
            fromReaderCount.decrementAndGet();
            writeLocked(p);
        }
    }

    private void writeLocked(byte[] payload) throws IOException {
        if (writeFailure != null) throw writeFailure;
        if (closed && (payload[0] & 0xff) != DISCONNECT) throw new IOException("connection closed");
        int type = payload[0] & 0xff;
        if (kexInProgress && !isKexMessage(type)) {
            if (deferred.size() >= MAX_HELD || deferredBytes + payload.length > MAX_HELD_BYTES) {
                SshProtocolException e = new SshProtocolException(DisconnectReason.PROTOCOL_ERROR,
                        "too many messages held during key exchange (" + deferred.size() + " messages, " + deferredBytes
                                + " bytes): the peer keeps sending without answering KEXINIT");
                if (heldOverflow == null) heldOverflow = e;
                throw e;
            }
            deferred.add(payload);
            deferredBytes += payload.length;
            deferredCount = deferred.size();
            return;
        }
        try {
            writer.write(payload, 0, payload.length);
        } catch (IOException e) {
            writeFailure = e;
            throw e;
        }
        if (type == KEXINIT) {
            kexInProgress = true;
        } else if (type == NEWKEYS) {
            writer.setCipher(pendingOutCipher);
            if (pendingOutStrict) writer.resetSequence();
            if (pendingOutCompression) writer.enableCompression();
            pendingOutCipher = null;
            kexInProgress = false;
            byte[] d;
            while ((d = deferred.poll()) != null) {
                deferredBytes -= d.length;
                deferredCount = deferred.size();
                writeLocked(d);
            }
            kexDone.signalAll();
        } else if (!kexInProgress && firstKexDone && rekeyDue(writer.bytesSinceKex(), writer.packetsSinceKex())) {
            byte[] init = newKexInit();
            if (ourKexInit.compareAndSet(null, init)) writeLocked(init);
        }
    }

    /** Messages allowed while a key exchange runs (RFC 4253 §7.1): transport-generic and kex ones. */
    private static boolean isKexMessage(int type) {
        return (type >= 1 && type <= 4) || (type >= KEXINIT && type <= KEX_LAST);
    }

    // ---------------------------------------------------------------- key exchange

    private void maybeStartRekey() throws IOException {
        if (rekeyDue(reader.bytesSinceKex(), reader.packetsSinceKex())) sendKexInit();
    }

    private boolean rekeyDue(long bytes, long packets) {
        NegotiatedAlgorithms n = negotiated;
        if (n == null) return false;
        long limit = config.rekeyBytes() > 0 ? config.rekeyBytes() : defaultRekeyBytes(n);
        if (bytes >= limit || packets >= (1L << 31)) return true;
        Duration interval = config.rekeyInterval();
        return interval != null && !interval.isZero() && System.nanoTime() - lastKexNanos >= interval.toNanos();
    }

    /** OpenSSH's default: 2^(2*blocksize) blocks for 16-byte ciphers, 1 GiB for 8-byte ones. */
    private static long defaultRekeyBytes(NegotiatedAlgorithms n) {
        int block = Math.min(n.cipherClientToServer().blockSize, n.cipherServerToClient().blockSize);
        return block >= 16 ? (1L << 32) * 16 : 1L << 30;
    }

    /** Sends our KEXINIT unless it was already sent for the exchange in progress. */
    private void sendKexInit() throws IOException {
        byte[] init = newKexInit();
        if (ourKexInit.compareAndSet(null, init)) send(init);
    }

    private byte[] newKexInit() {
        byte[] cookie = new byte[16];
        random.nextBytes(cookie);
        List<String> kex = new ArrayList<>(config.kexAlgorithms());
        List<String> hostKeyAlgs = config.hostKeyAlgorithms();
        if (!firstKexDone) {
            // The markers belong to the first KEXINIT only (strict KEX, RFC 8308 §2.1).
            if (role == Role.CLIENT) {
                kex.add(Algorithms.EXT_INFO_C);
                kex.add(Algorithms.KEX_STRICT_C);
            } else {
                kex.add(Algorithms.EXT_INFO_S);
                kex.add(Algorithms.KEX_STRICT_S);
            }
        }
        if (role == Role.SERVER) {
            hostKeyAlgs = hostKeyAlgs.stream()
                    .filter(a -> hostKeyFor(SignatureAlgorithm.fromWireName(a)) != null).toList();
        }
        List<String> comp = config.compression();
        return new KexInit(cookie, kex, hostKeyAlgs, config.ciphers(), config.ciphers(), config.macs(), config.macs(),
                comp, comp, List.of(), List.of(), false).encode();
    }

    private SshKeyPair hostKeyFor(SignatureAlgorithm alg) {
        if (alg == null) return null;
        for (SshKeyPair k : hostKeys) if (k.publicKey().keyType().equals(alg.keyType)) return k;
        return null;
    }

    /** Runs one key exchange on the reader thread, starting from the peer's KEXINIT. */
    private void runKex(byte[] peerKexInitPayload) throws IOException {
        boolean initial = !firstKexDone;
        Phase resume = initial ? Phase.USERAUTH : phase;
        if (!initial) phase = Phase.KEX;
        KexInit peer = KexInit.decode(peerKexInitPayload);
        sendKexInit();
        byte[] ours = ourKexInit.get();
        KexInit mine = KexInit.decode(ours);
        boolean client = role == Role.CLIENT;
        KexInit c = client ? mine : peer;
        KexInit s = client ? peer : mine;
        NegotiatedAlgorithms n = Negotiation.negotiate(c, s, initial, client);
        if (initial && n.strictKex() && packetsBeforeFirstKexInit > 0) {
            throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "strict KEX violation: KEXINIT was not the first packet");
        }
        log.debug("kex: {}", n.describe());
        boolean skipGuess = peer.firstKexPacketFollows() && Negotiation.guessWrong(c, s);
        boolean strict = initial ? n.strictKex() : negotiated != null && negotiated.strictKex();
        KexIo io = new ReaderKexIo(strict && initial, skipGuess);

        byte[] vc = (client ? localVersion : peerVersion).getBytes(StandardCharsets.ISO_8859_1);
        byte[] vs = (client ? peerVersion : localVersion).getBytes(StandardCharsets.ISO_8859_1);
        KexInputs inputs = new KexInputs(vc, vs, client ? ours : peerKexInitPayload, client ? peerKexInitPayload : ours);
        KexResult result;
        if (client) {
            KexPrecompute pre = precompute;
            precompute = KexPrecompute.NONE;
            result = (initial ? pre.create(n.kex()) : n.kex().create()).client(io, inputs);
            checkHostKey(n, result, initial);
        } else {
            SshKeyPair key = hostKeyFor(n.hostKey());
            HostKeySigner signer = new HostKeySigner() {
                @Override public byte[] hostKeyBlob() { return key.publicKey().blob(); }
                @Override public byte[] sign(byte[] h) { return key.sign(n.hostKey(), h); }
            };
            result = n.kex().create().server(io, inputs, signer);
        }
        if (sessionId == null) sessionId = result.exchangeHash();
        installKeys(n, result, strict);
        // Wait for the peer's NEWKEYS, then switch the inbound direction.
        byte[] nk = nextKexPacket(strict && initial, true);
        if ((nk[0] & 0xff) != NEWKEYS) {
            throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "expected SSH_MSG_NEWKEYS, got " + (nk[0] & 0xff));
        }
        boolean c2sIn = !client;
        reader.setCipher(cipherFor(n, result, c2sIn, false));
        if (strict) reader.resetSequence();
        if ((c2sIn ? n.compressionClientToServer() : n.compressionServerToClient()) == Compression.ZLIB
                || (authenticated && (c2sIn ? n.compressionClientToServer() : n.compressionServerToClient()) == Compression.ZLIB_DELAYED)) {
            reader.enableCompression();
        }
        negotiated = initial ? n : withStrict(n, negotiated.strictKex());
        phase = resume;
        lastKexNanos = System.nanoTime();
        ourKexInit.set(null);
        if (initial) {
            firstKexDone = true;
            if (client) extInfoAllowed = true;
            else if (n.peerWantsExtInfo()) sendExtInfo();
        }
    }

    private static NegotiatedAlgorithms withStrict(NegotiatedAlgorithms n, boolean strict) {
        return new NegotiatedAlgorithms(n.kex(), n.hostKey(), n.cipherClientToServer(), n.cipherServerToClient(),
                n.macClientToServer(), n.macServerToClient(), n.compressionClientToServer(), n.compressionServerToClient(),
                strict, n.peerWantsExtInfo());
    }

    private void checkHostKey(NegotiatedAlgorithms n, KexResult result, boolean initial) throws IOException {
        SshPublicKey key = SshPublicKey.decode(result.hostKeyBlob());
        if (!key.keyType().equals(n.hostKey().keyType)) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED,
                    "host key type " + key.keyType() + " does not match negotiated " + n.hostKey().wireName);
        }
        if (!key.verify(n.hostKey(), result.exchangeHash(), result.signature())) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED, "ssh_dispatch_run_fatal: incorrect signature");
        }
        if (initial) {
            verifier.verify(key);
            hostKey = key;
        } else if (!Arrays.equals(hostKey.blob(), key.blob())) {
            throw new SshProtocolException(DisconnectReason.HOST_KEY_NOT_VERIFIABLE, "server host key changed during re-key");
        }
    }

    private void installKeys(NegotiatedAlgorithms n, KexResult result, boolean strict) throws IOException {
        boolean c2sOut = role == Role.CLIENT;
        PacketCipher outCipher = cipherFor(n, result, c2sOut, true);
        Compression outComp = c2sOut ? n.compressionClientToServer() : n.compressionServerToClient();
        // No lock here: the reader thread must not wait for a writer (see the class comment).
        pendingOutCipher = outCipher;
        pendingOutStrict = strict;
        pendingOutCompression = outComp == Compression.ZLIB || (authenticated && outComp == Compression.ZLIB_DELAYED);
        send(new byte[] {(byte) NEWKEYS});
    }

    private PacketCipher cipherFor(NegotiatedAlgorithms n, KexResult r, boolean clientToServer, boolean encrypt) {
        var cipher = clientToServer ? n.cipherClientToServer() : n.cipherServerToClient();
        var mac = clientToServer ? n.macClientToServer() : n.macServerToClient();
        String hash = r.hashAlgorithm();
        byte[] k = r.sharedSecret();
        byte[] h = r.exchangeHash();
        byte[] iv = KeyDerivation.derive(hash, k, h, clientToServer ? 'A' : 'B', sessionId, cipher.ivLength);
        byte[] key = KeyDerivation.derive(hash, k, h, clientToServer ? 'C' : 'D', sessionId, cipher.keyLength);
        byte[] macKey = mac == null ? null : KeyDerivation.derive(hash, k, h, clientToServer ? 'E' : 'F', sessionId, mac.keyLength);
        return PacketCiphers.create(cipher, mac, encrypt, key, iv, macKey);
    }

    private void sendExtInfo() throws IOException {
        List<String> sigAlgs = serverSigAlgsToAdvertise;
        SshWriter w = new SshWriter(256).writeByte(EXT_INFO).writeInt(2);
        w.writeString("server-sig-algs").writeString(String.join(",", sigAlgs));
        w.writeString("ping@openssh.com").writeString("0");
        send(w.toByteArray());
    }

    private volatile List<String> serverSigAlgsToAdvertise = Algorithms.DEFAULT_HOST_KEY;

    /** Server: the public key algorithms to advertise in server-sig-algs (PubkeyAcceptedAlgorithms). */
    public void setServerSigAlgs(List<String> algorithms) {
        this.serverSigAlgsToAdvertise = List.copyOf(algorithms);
    }

    /**
     * Reads the next packet during a key exchange. The policy has already refused anything but
     * transport-generic and kex messages; this adds the sequence: strict KEX refuses IGNORE/DEBUG/
     * UNIMPLEMENTED in the first exchange, NEWKEYS only after the method, no second KEXINIT.
     */
    private byte[] nextKexPacket(boolean strictInitial, boolean newKeysAllowed) throws IOException {
        while (true) {
            byte[] p = nextPacket();
            int type = p[0] & 0xff;
            if (type == DISCONNECT) throw disconnected(p);
            if (type == IGNORE || type == DEBUG || type == UNIMPLEMENTED) {
                if (strictInitial) {
                    throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR,
                            "strict KEX violation: unexpected message type " + type + " during initial key exchange");
                }
                continue;
            }
            if (type >= KEX_FIRST && type <= KEX_LAST || newKeysAllowed && type == NEWKEYS) return p;
            throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR,
                    "message " + type + " out of sequence during key exchange");
        }
    }

    /** Messages held back for the key exchange in progress (for tests of the bound). */
    int heldForKex() {
        return deferredCount;
    }

    /** Reader replies waiting for the write lock (for tests of the bound). */
    int queuedFromReader() {
        return fromReaderCount.get();
    }

    /** The kex method's view of the connection, backed by the reader thread. */
    private final class ReaderKexIo implements KexIo {
        private final boolean strictInitial;
        private boolean skipNext;

        ReaderKexIo(boolean strictInitial, boolean skipGuessedPacket) {
            this.strictInitial = strictInitial;
            this.skipNext = skipGuessedPacket;
        }

        @Override
        public void send(byte[] payload) throws IOException {
            Transport.this.send(payload);
        }

        @Override
        public byte[] receive() throws IOException {
            while (true) {
                byte[] p = nextKexPacket(strictInitial, false);
                if (skipNext) {
                    skipNext = false;
                    continue;
                }
                return p;
            }
        }
    }

    // ---------------------------------------------------------------- life cycle and accessors

    /**
     * Marks user authentication as complete: enables delayed compression (zlib@openssh.com) in both
     * directions and answers PINGs from now on. The server calls this right after sending
     * USERAUTH_SUCCESS, the client right after receiving it.
     */
    public void authenticated() {
        authenticated = true;
        phase = Phase.CONNECTION;
        NegotiatedAlgorithms n = negotiated;
        if (n == null) return;
        boolean c2sOut = role == Role.CLIENT;
        Compression outComp = c2sOut ? n.compressionClientToServer() : n.compressionServerToClient();
        Compression inComp = c2sOut ? n.compressionServerToClient() : n.compressionClientToServer();
        if (inComp == Compression.ZLIB_DELAYED) reader.enableCompression();
        if (outComp == Compression.ZLIB_DELAYED) {
            writeLock.lock();
            try {
                writer.enableCompression();
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Sends SSH_MSG_DISCONNECT (best effort) and closes the connection. */
    public void disconnect(DisconnectReason reason, String description) {
        if (closed) return;
        try {
            byte[] msg = new SshWriter(64).writeByte(DISCONNECT).writeInt(reason.code).writeString(description)
                    .writeString("").toByteArray();
            if (writeLock.tryLock(2, TimeUnit.SECONDS)) {
                try {
                    if (writeFailure == null) writer.write(msg, 0, msg.length);
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (IOException | InterruptedException e) {
            log.debug("could not send disconnect: {}", e.toString());
        }
        close();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            closer.close();
        } catch (Exception e) {
            log.debug("close: {}", e.toString());
        }
        writeLock.lock();
        try {
            kexDone.signalAll();
        } finally {
            writeLock.unlock();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    public Role role() {
        return role;
    }

    public byte[] sessionId() {
        return sessionId;
    }

    public String peerVersion() {
        return peerVersion;
    }

    public String localVersion() {
        return localVersion;
    }

    /** The algorithms in use, by wire name; null before the first key exchange. */
    public Negotiated negotiated() {
        NegotiatedAlgorithms n = negotiated;
        return n == null ? null : n.names();
    }

    /** The server's verified host key (client side). */
    public SshPublicKey hostKey() {
        return hostKey;
    }

    /** The server-sig-algs extension the server sent (client side); empty if none. */
    public List<String> serverSigAlgs() {
        return serverSigAlgs;
    }

    /** Starts a re-key now (used by tests and by the ~R escape). */
    public void requestRekey() throws IOException {
        byte[] init = newKexInit();
        if (ourKexInit.compareAndSet(null, init)) send(init);
    }
}
