package dev.seashell.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one fuzz input into several messages: each is a two-byte big-endian length and that many
 * bytes; a short tail becomes the last message. Kept trivial so seed files are easy to build by hand.
 */
final class FuzzInputs {
    private FuzzInputs() {}

    static List<byte[]> split(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i < data.length) {
            if (i + 2 > data.length) {
                out.add(Arrays.copyOfRange(data, i, data.length));
                break;
            }
            int len = ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
            int end = Math.min(data.length, i + 2 + len);
            out.add(Arrays.copyOfRange(data, i + 2, end));
            i = end;
        }
        return out;
    }

    /** The inverse of {@link #split}, for building seeds. */
    static byte[] join(List<byte[]> messages) {
        int n = 0;
        for (byte[] m : messages) n += 2 + m.length;
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] m : messages) {
            out[i++] = (byte) (m.length >> 8);
            out[i++] = (byte) m.length;
            System.arraycopy(m, 0, out, i, m.length);
            i += m.length;
        }
        return out;
    }
}
