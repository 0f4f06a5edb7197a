package dev.seashell.agent;

import dev.seashell.keys.SshKeyPair;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agent's keys, their constraints, and the lock state. Expired keys are dropped lazily, before
 * every operation, so no client can ever see or use one.
 */
final class Keyring {
    /** A stored key; {@code expires} is null for keys without a lifetime. */
    record Entry(SshKeyPair key, Instant expires, boolean confirm) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<ByteBuffer, Entry> keys = new LinkedHashMap<>();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private byte[] lockSalt;
    private byte[] lockHash;
    private int unlockFailures;

    Keyring(Clock clock) {
        this.clock = clock;
    }

    private static ByteBuffer id(byte[] blob) {
        return ByteBuffer.wrap(blob.clone());
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        keys.values().removeIf(e -> e.expires() != null && !now.isBefore(e.expires()));
    }

    boolean isLocked() {
        lock.lock();
        try {
            return lockHash != null;
        } finally {
            lock.unlock();
        }
    }

    /** The keys in insertion order; empty while locked, as OpenSSH's agent answers. */
    List<Entry> list() {
        lock.lock();
        try {
            purgeExpired();
            return lockHash != null ? List.of() : List.copyOf(keys.values());
        } finally {
            lock.unlock();
        }
    }

    /** The entry for a public key blob, or null if absent, expired, or the agent is locked. */
    Entry find(byte[] blob) {
        lock.lock();
        try {
            purgeExpired();
            return lockHash != null ? null : keys.get(id(blob));
        } finally {
            lock.unlock();
        }
    }

    /** Adds or replaces a key; false while locked. */
    boolean add(SshKeyPair key, Duration lifetime, boolean confirm) {
        lock.lock();
        try {
            purgeExpired();
            if (lockHash != null) return false;
            Instant expires = lifetime == null || lifetime.isZero() ? null : clock.instant().plus(lifetime);
            keys.put(id(key.publicKey().blob()), new Entry(key, expires, confirm));
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean remove(byte[] blob) {
        lock.lock();
        try {
            purgeExpired();
            return lockHash == null && keys.remove(id(blob)) != null;
        } finally {
            lock.unlock();
        }
    }

    boolean removeAll() {
        lock.lock();
        try {
            if (lockHash != null) return false;
            keys.clear();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Locks with a passphrase; false if already locked. Only a salted hash of it is kept. */
    boolean lock(byte[] passphrase) {
        lock.lock();
        try {
            if (lockHash != null) return false;
            lockSalt = new byte[16];
            random.nextBytes(lockSalt);
            lockHash = hash(lockSalt, passphrase);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Unlocks if the passphrase matches (compared in constant time); false otherwise. */
    boolean unlock(byte[] passphrase) {
        lock.lock();
        try {
            if (lockHash == null) return false;
            byte[] h = hash(lockSalt, passphrase);
            boolean ok = MessageDigest.isEqual(h, lockHash);
            if (ok) {
                Arrays.fill(lockHash, (byte) 0);
                lockHash = null;
                lockSalt = null;
                unlockFailures = 0;
            } else if (unlockFailures < 100) {
                unlockFailures++;
            }
            return ok;
        } finally {
            lock.unlock();
        }
    }

    /** How long to stall after a failed unlock: 0.1 s per failure so far, up to 10 s, as ssh-agent does. */
    Duration unlockPenalty() {
        lock.lock();
        try {
            return Duration.ofMillis(100L * unlockFailures);
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            keys.clear();
        } finally {
            lock.unlock();
        }
    }

    private static byte[] hash(byte[] salt, byte[] passphrase) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-512");
            d.update(salt);
            return d.digest(passphrase);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
