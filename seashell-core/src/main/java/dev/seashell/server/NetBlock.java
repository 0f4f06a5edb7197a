package dev.seashell.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * PerSourceNetBlockSize: how many leading bits of a source address group sources together for
 * PerSourceMaxStartups and PerSourcePenalties. OpenSSH's default {@code 32:128} treats every
 * address on its own.
 */
public record NetBlock(int v4Bits, int v6Bits) {
    public static final NetBlock DEFAULT = new NetBlock(32, 128);

    public NetBlock {
        if (v4Bits < 0 || v4Bits > 32 || v6Bits < 0 || v6Bits > 128) {
            throw new IllegalArgumentException("invalid PerSourceNetBlockSize " + v4Bits + ":" + v6Bits);
        }
    }

    /** Parses {@code 24} or {@code 24:56}; the IPv6 size defaults to 128. */
    public static NetBlock parse(String s) {
        try {
            int colon = s.indexOf(':');
            return colon < 0 ? new NetBlock(Integer.parseInt(s), 128)
                    : new NetBlock(Integer.parseInt(s.substring(0, colon)), Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid PerSourceNetBlockSize " + s);
        }
    }

    /** The netblock an address falls in, as a map key; IPv4 and IPv6 blocks never collide. */
    public Key of(InetAddress a) {
        byte[] b = a.getAddress();
        int bits = a instanceof Inet4Address ? v4Bits : v6Bits;
        for (int i = 0; i < b.length; i++) {
            int keep = Math.clamp(bits - 8L * i, 0, 8);
            b[i] &= (byte) (0xff00 >>> keep);
        }
        return new Key(b, bits);
    }

    /** A masked address and its prefix length: {@code 192.0.2.0/24}. */
    public record Key(byte[] masked, int bits) {
        public boolean isV4() {
            return masked.length == 4;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.bits == bits && Arrays.equals(k.masked, masked);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(masked) * 31 + bits;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(masked).getHostAddress() + "/" + bits;
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e); // a 4- or 16-byte array is always a valid address
            }
        }
    }
}
