package dev.seashell.cli.mux;

/** SIGWINCH handling that keeps any handler installed before (chains to it). */
final class Winch {
    static final int SIGWINCH = 28;

    private Winch() {}

    static void onResize(Runnable action) {
        try {
            sun.misc.Signal sig = new sun.misc.Signal("WINCH");
            sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
            previous[0] = sun.misc.Signal.handle(sig, s -> {
                action.run();
                sun.misc.SignalHandler p = previous[0];
                if (p != null && p != sun.misc.SignalHandler.SIG_DFL && p != sun.misc.SignalHandler.SIG_IGN) p.handle(s);
            });
        } catch (IllegalArgumentException e) {
            // no SIGWINCH here: sizes stay as they were at start
        }
    }
}
