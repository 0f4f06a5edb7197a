package dev.seashell.auth;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226): HMAC of the 30-second step
 * counter, dynamically truncated to {@code digits} decimal digits. Google Authenticator uses
 * HmacSHA1, 30 s and 6 digits.
 */
public final class Totp {
    public static final int STEP_SECONDS = 30;
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {}

    /** The step counter for a Unix time in seconds. */
    public static long step(long epochSeconds) {
        return Math.floorDiv(epochSeconds, STEP_SECONDS);
    }

    /** HOTP(key, counter) with the given HMAC ("HmacSHA1", "HmacSHA256", "HmacSHA512"), zero-padded. */
    public static String hotp(byte[] key, long counter, int digits, String hmac) {
        if (digits < 1 || digits > 8) throw new IllegalArgumentException("digits " + digits);
        byte[] h;
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(key, hmac));
            h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " unavailable", e);
        }
        int off = h[h.length - 1] & 0x0f;
        int bin = ((h[off] & 0x7f) << 24) | ((h[off + 1] & 0xff) << 16) | ((h[off + 2] & 0xff) << 8) | (h[off + 3] & 0xff);
        String s = Integer.toString(bin % POWERS[digits]);
        return "0".repeat(digits - s.length()) + s;
    }

    /** The Google Authenticator code (HmacSHA1, 6 digits) for a Unix time in seconds. */
    public static String code(byte[] key, long epochSeconds) {
        return hotp(key, step(epochSeconds), 6, "HmacSHA1");
    }

    /** Constant-time comparison of a typed code with an expected one. */
    static boolean same(String typed, String expected) {
        return MessageDigest.isEqual(typed.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 4648 base32 (upper or lower case, padding and spaces ignored), as Google Authenticator secrets are written. */
    public static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8 + 1);
        int buffer = 0, bits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = Character.toUpperCase(text.charAt(i));
            if (c == '=' || c == ' ' || c == '-') continue;
            int v = alphabet.indexOf(c);
            if (v < 0) throw new IllegalArgumentException("not base32");
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        byte[] b = new byte[out.position()];
        out.flip().get(b);
        return b;
    }
}
