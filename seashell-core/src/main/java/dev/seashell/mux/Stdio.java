package dev.seashell.mux;

import java.io.IOException;

/** The process's own descriptors 0, 1 and 2, as a mux client passes them and a persisting master drops them. */
public final class Stdio {
    public static final int IN = 0;
    public static final int OUT = 1;
    public static final int ERR = 2;
    private static final int O_RDWR = 2;

    private Stdio() {}

    public static boolean isTerminal(int fd) {
        return Posix.isatty(fd);
    }

    /** A new descriptor on /dev/null (for ssh -n); the caller closes it with {@link #close}. */
    public static int openDevNull() throws IOException {
        return Posix.open("/dev/null", O_RDWR);
    }

    public static void close(int fd) {
        Posix.close(fd);
    }

    /**
     * Leaves the terminal as a daemon does: a new session, and /dev/null as stdin, stdout and stderr
     * so that whoever waits for this process's output is not kept waiting by a persisting master.
     */
    public static void detach() throws IOException {
        Posix.setsid();
        int fd = openDevNull();
        try {
            System.out.flush();
            System.err.flush();
            for (int target = IN; target <= ERR; target++) Posix.dup2(fd, target);
        } finally {
            Posix.close(fd);
        }
    }

    /** kill(2); false if the process is gone or not ours. */
    public static boolean signal(long pid, int signal) {
        return Posix.kill(pid, signal);
    }
}
