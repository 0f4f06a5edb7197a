package dev.seashell.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * OpenSSH's "drunken bishop" key picture (sshkey.c fingerprint_randomart): the digest's bits walk a
 * bishop over a 17×9 board, and each square shows how often it was visited.
 */
public final class Randomart {
    private static final int WIDTH = 17;
    private static final int HEIGHT = 9;
    private static final String SYMBOLS = " .o+=*BOX@%&#/^SE";

    private Randomart() {}

    /** The picture for a key and a fingerprint hash ("sha256" or "md5"), lines joined by '\n', no final newline. */
    public static String draw(SshPublicKey key, String hash) {
        String alg = hash.toLowerCase(Locale.ROOT);
        byte[] blob = (key instanceof SshCertificate c ? c.key() : key).blob(); // certificates draw their plain key
        byte[] digest = switch (alg) {
            case "sha256" -> digest("SHA-256", blob);
            case "md5" -> digest("MD5", blob);
            default -> throw new IllegalArgumentException("unsupported fingerprint hash: " + hash);
        };
        return draw(digest, "[" + key.displayType() + " " + key.bits() + "]", "[" + alg.toUpperCase(Locale.ROOT) + "]");
    }

    /** The picture of raw digest bytes with the given header and footer titles. */
    static String draw(byte[] digest, String title, String footer) {
        int max = SYMBOLS.length() - 1;
        int[][] field = new int[WIDTH][HEIGHT];
        int x = WIDTH / 2;
        int y = HEIGHT / 2;
        for (byte b : digest) {
            int input = b & 0xff;
            for (int step = 0; step < 4; step++) {
                x += (input & 1) != 0 ? 1 : -1;
                y += (input & 2) != 0 ? 1 : -1;
                x = Math.clamp(x, 0, WIDTH - 1);
                y = Math.clamp(y, 0, HEIGHT - 1);
                if (field[x][y] < max - 2) field[x][y]++;
                input >>= 2;
            }
        }
        field[WIDTH / 2][HEIGHT / 2] = max - 1;
        field[x][y] = max;
        if (title.length() > WIDTH - 1) title = title.substring(0, WIDTH - 1); // snprintf into char[17]
        StringBuilder sb = new StringBuilder();
        border(sb, title);
        sb.append('\n');
        for (int row = 0; row < HEIGHT; row++) {
            sb.append('|');
            for (int col = 0; col < WIDTH; col++) sb.append(SYMBOLS.charAt(Math.min(field[col][row], max)));
            sb.append("|\n");
        }
        border(sb, footer);
        return sb.toString();
    }

    private static void border(StringBuilder sb, String label) {
        sb.append('+');
        int left = (WIDTH - label.length()) / 2;
        sb.append("-".repeat(left)).append(label).append("-".repeat(WIDTH - left - label.length())).append('+');
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
