package dev.seashell.server.pty;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 4254 §8 "encoded terminal modes": decoding the pty-req blob, and applying the opcodes to a Linux
 * glibc {@code struct termios} (x86_64 and aarch64 share one layout). Unknown opcodes are ignored, as the
 * RFC allows; modes a Linux tty lacks (VDSUSP, VSTATUS, VFLUSH) are ignored too.
 */
public final class TerminalModes {
    public static final int TTY_OP_END = 0;
    public static final int VINTR = 1, VQUIT = 2, VERASE = 3, VKILL = 4, VEOF = 5, VEOL = 6, VEOL2 = 7,
            VSTART = 8, VSTOP = 9, VSUSP = 10, VDSUSP = 11, VREPRINT = 12, VWERASE = 13, VLNEXT = 14,
            VFLUSH = 15, VSWTCH = 16, VSTATUS = 17, VDISCARD = 18;
    public static final int IGNPAR = 30, PARMRK = 31, INPCK = 32, ISTRIP = 33, INLCR = 34, IGNCR = 35,
            ICRNL = 36, IUCLC = 37, IXON = 38, IXANY = 39, IXOFF = 40, IMAXBEL = 41, IUTF8 = 42;
    public static final int ISIG = 50, ICANON = 51, XCASE = 52, ECHO = 53, ECHOE = 54, ECHOK = 55,
            ECHONL = 56, NOFLSH = 57, TOSTOP = 58, IEXTEN = 59, ECHOCTL = 60, ECHOKE = 61, PENDIN = 62;
    public static final int OPOST = 70, OLCUC = 71, ONLCR = 72, OCRNL = 73, ONOCR = 74, ONLRET = 75;
    public static final int CS7 = 90, CS8 = 91, PARENB = 92, PARODD = 93;
    public static final int TTY_OP_ISPEED = 128, TTY_OP_OSPEED = 129;

    /** glibc struct termios: c_iflag, c_oflag, c_cflag, c_lflag, c_line, c_cc[32], c_ispeed, c_ospeed. */
    static final StructLayout TERMIOS = MemoryLayout.structLayout(
            JAVA_INT.withName("c_iflag"),
            JAVA_INT.withName("c_oflag"),
            JAVA_INT.withName("c_cflag"),
            JAVA_INT.withName("c_lflag"),
            JAVA_BYTE.withName("c_line"),
            MemoryLayout.sequenceLayout(32, JAVA_BYTE).withName("c_cc"),
            MemoryLayout.paddingLayout(3),
            JAVA_INT.withName("c_ispeed"),
            JAVA_INT.withName("c_ospeed"));

    private static final long IFLAG = 0, OFLAG = 4, CFLAG = 8, LFLAG = 12, CC = 17, ISPEED = 52, OSPEED = 56;
    private static final int LINUX_CSIZE = 060, LINUX_CS7 = 040, LINUX_CS8 = 060, LINUX_CBAUD = 010017;
    private static final int LINUX_CBAUDEX = 010000;

    /** SSH control-character opcode → Linux c_cc index. */
    private static final Map<Integer, Integer> CC_INDEX = Map.ofEntries(
            Map.entry(VINTR, 0), Map.entry(VQUIT, 1), Map.entry(VERASE, 2), Map.entry(VKILL, 3),
            Map.entry(VEOF, 4), Map.entry(VSWTCH, 7), Map.entry(VSTART, 8), Map.entry(VSTOP, 9),
            Map.entry(VSUSP, 10), Map.entry(VEOL, 11), Map.entry(VREPRINT, 12), Map.entry(VDISCARD, 13),
            Map.entry(VWERASE, 14), Map.entry(VLNEXT, 15), Map.entry(VEOL2, 16));

    /** A boolean flag: which termios word, and its Linux bit. */
    private record Flag(long offset, int bit) {}

    private static final Map<Integer, Flag> FLAGS = Map.ofEntries(
            Map.entry(IGNPAR, new Flag(IFLAG, 04)), Map.entry(PARMRK, new Flag(IFLAG, 010)),
            Map.entry(INPCK, new Flag(IFLAG, 020)), Map.entry(ISTRIP, new Flag(IFLAG, 040)),
            Map.entry(INLCR, new Flag(IFLAG, 0100)), Map.entry(IGNCR, new Flag(IFLAG, 0200)),
            Map.entry(ICRNL, new Flag(IFLAG, 0400)), Map.entry(IUCLC, new Flag(IFLAG, 01000)),
            Map.entry(IXON, new Flag(IFLAG, 02000)), Map.entry(IXANY, new Flag(IFLAG, 04000)),
            Map.entry(IXOFF, new Flag(IFLAG, 010000)), Map.entry(IMAXBEL, new Flag(IFLAG, 020000)),
            Map.entry(IUTF8, new Flag(IFLAG, 040000)),
            Map.entry(ISIG, new Flag(LFLAG, 01)), Map.entry(ICANON, new Flag(LFLAG, 02)),
            Map.entry(XCASE, new Flag(LFLAG, 04)), Map.entry(ECHO, new Flag(LFLAG, 010)),
            Map.entry(ECHOE, new Flag(LFLAG, 020)), Map.entry(ECHOK, new Flag(LFLAG, 040)),
            Map.entry(ECHONL, new Flag(LFLAG, 0100)), Map.entry(NOFLSH, new Flag(LFLAG, 0200)),
            Map.entry(TOSTOP, new Flag(LFLAG, 0400)), Map.entry(ECHOCTL, new Flag(LFLAG, 01000)),
            Map.entry(ECHOKE, new Flag(LFLAG, 04000)), Map.entry(PENDIN, new Flag(LFLAG, 040000)),
            Map.entry(IEXTEN, new Flag(LFLAG, 0100000)),
            Map.entry(OPOST, new Flag(OFLAG, 01)), Map.entry(OLCUC, new Flag(OFLAG, 02)),
            Map.entry(ONLCR, new Flag(OFLAG, 04)), Map.entry(OCRNL, new Flag(OFLAG, 010)),
            Map.entry(ONOCR, new Flag(OFLAG, 020)), Map.entry(ONLRET, new Flag(OFLAG, 040)),
            Map.entry(PARENB, new Flag(CFLAG, 0400)), Map.entry(PARODD, new Flag(CFLAG, 01000)));

    /** Baud rates and their Linux speed_t codes, ascending. */
    private static final int[][] SPEEDS = {
        {0, 0}, {50, 1}, {75, 2}, {110, 3}, {134, 4}, {150, 5}, {200, 6}, {300, 7}, {600, 010},
        {1200, 011}, {1800, 012}, {2400, 013}, {4800, 014}, {9600, 015}, {19200, 016}, {38400, 017},
        {57600, 010001}, {115200, 010002}, {230400, 010003}, {460800, 010004}, {500000, 010005},
        {576000, 010006}, {921600, 010007}, {1000000, 010010}, {1152000, 010011}, {1500000, 010012},
        {2000000, 010013}, {2500000, 010014}, {3000000, 010015}, {3500000, 010016}, {4000000, 010017}
    };

    private TerminalModes() {}

    /**
     * Decodes a pty-req "encoded terminal modes" string into opcode → value, in order (a repeated opcode
     * keeps its last value). Parsing stops at TTY_OP_END, at the end of the data, or at an opcode of 160
     * or more (undefined, per RFC 4254 §8).
     *
     * @throws SshFormatException if an opcode's uint32 argument is cut short
     */
    public static Map<Integer, Integer> decode(byte[] encoded) throws SshFormatException {
        SshReader r = new SshReader(encoded);
        Map<Integer, Integer> modes = new LinkedHashMap<>();
        while (r.remaining() > 0) {
            int opcode = r.readByte();
            if (opcode == TTY_OP_END || opcode >= 160) {
                break;
            }
            if (r.remaining() < 4) {
                throw new SshFormatException("terminal mode " + opcode + " lacks its uint32 argument");
            }
            modes.put(opcode, r.readInt());
        }
        return Collections.unmodifiableMap(modes);
    }

    /** Applies {@code modes} to a termios struct laid out as {@link #TERMIOS}, leaving other bits alone. */
    static void apply(Map<Integer, Integer> modes, MemorySegment termios) {
        for (Map.Entry<Integer, Integer> e : modes.entrySet()) {
            int op = e.getKey();
            int value = e.getValue();
            Integer cc = CC_INDEX.get(op);
            Flag flag = FLAGS.get(op);
            if (cc != null) {
                // SSH sends 255 for "disabled"; Linux spells that _POSIX_VDISABLE = 0.
                termios.set(JAVA_BYTE, CC + cc, (byte) (value == 255 ? 0 : value));
            } else if (flag != null) {
                int word = termios.get(JAVA_INT, flag.offset());
                termios.set(JAVA_INT, flag.offset(), value != 0 ? word | flag.bit() : word & ~flag.bit());
            } else if ((op == CS7 || op == CS8) && value != 0) {
                int word = termios.get(JAVA_INT, CFLAG) & ~LINUX_CSIZE;
                termios.set(JAVA_INT, CFLAG, word | (op == CS7 ? LINUX_CS7 : LINUX_CS8));
            } else if (op == TTY_OP_ISPEED || op == TTY_OP_OSPEED) {
                setSpeed(termios, op == TTY_OP_ISPEED, Integer.toUnsignedLong(value));
            }
        }
    }

    /**
     * Mirrors glibc's cfset[io]speed on Linux: the kernel keeps one speed, in c_cflag's CBAUD bits (a
     * zero input speed means "same as output" and changes nothing). Unknown rates round down.
     */
    private static void setSpeed(MemorySegment termios, boolean input, long baud) {
        int code = 0;
        for (int[] s : SPEEDS) {
            if (s[0] <= baud) {
                code = s[1];
            }
        }
        if (input && code == 0) {
            return;
        }
        int cflag = termios.get(JAVA_INT, CFLAG) & ~(LINUX_CBAUD | LINUX_CBAUDEX);
        termios.set(JAVA_INT, CFLAG, cflag | code);
        termios.set(JAVA_INT, input ? ISPEED : OSPEED, code);
    }
}
