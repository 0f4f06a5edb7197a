package dev.seashell.transport.kex;

import dev.seashell.wire.SshProtocolException;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * A finite-field Diffie-Hellman group (p, g) with the checks RFC 4253 §8 asks for.
 *
 * @param name a label for logs ("group14", "moduli")
 */
record DhGroup(String name, BigInteger p, BigInteger g) {
    /**
     * Exponent size: twice the 512-bit need OpenSSH computes for chacha20-poly1305's 64-byte key
     * (dh_gen_key doubles it against Pollard rho), capped below the modulus size.
     */
    static final int MAX_EXPONENT_BITS = 1024;

    DhGroup {
        if (p.signum() <= 0 || !p.testBit(0) || g.compareTo(BigInteger.ONE) <= 0 || g.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw new IllegalArgumentException("invalid DH group " + name);
        }
    }

    static DhGroup ofHex(String name, int g, String hex) {
        return new DhGroup(name, new BigInteger(hex.replaceAll("\\s", ""), 16), BigInteger.valueOf(g));
    }

    int bits() {
        return p.bitLength();
    }

    /** A private exponent x with 1 < x, of {@link #MAX_EXPONENT_BITS} bits or one fewer than p. */
    BigInteger newExponent(SecureRandom random) {
        int bits = Math.min(MAX_EXPONENT_BITS, bits() - 1);
        BigInteger x;
        do {
            x = new BigInteger(bits, random);
        } while (x.compareTo(BigInteger.ONE) <= 0);
        return x;
    }

    BigInteger publicValue(BigInteger exponent) {
        return g.modPow(exponent, p);
    }

    /** Rejects a peer value outside 1 < y < p-1 (RFC 4253 §8; excludes the order-1 and order-2 elements). */
    void checkPublic(BigInteger y) throws SshProtocolException {
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw KexMessages.kexFailed("DH public value out of range (1, p-1)");
        }
    }

    /** K = y^x mod p, checked and encoded as an mpint with its length prefix. */
    byte[] sharedSecret(BigInteger exponent, BigInteger peer) throws SshProtocolException {
        checkPublic(peer);
        BigInteger k = peer.modPow(exponent, p);
        if (k.compareTo(BigInteger.ONE) <= 0) throw KexMessages.kexFailed("degenerate DH shared secret");
        return KexMessages.mpintSecret(k.toByteArray());
    }
}
