package dev.seashell.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * AuthenticationMethods progress, as sshd's auth2_update_methods_lists: each chain is a list of
 * methods to pass in order; a passed method is struck off the head of every chain it heads, and
 * the login succeeds when any chain is empty. Only chain heads may be tried next, so a method
 * that has passed cannot satisfy a later step unless the chain names it again.
 */
final class MethodChains {
    private final List<List<String>> chains = new ArrayList<>();

    /** @param configured AuthenticationMethods; empty means any one enabled method suffices */
    MethodChains(List<List<String>> configured, List<String> enabled) {
        if (configured.isEmpty()) {
            for (String m : enabled) chains.add(new ArrayList<>(List.of(m)));
            return;
        }
        for (List<String> chain : configured) {
            List<String> c = chain.stream().map(MethodChains::baseName).toList();
            // A chain naming a disabled method can never complete (sshd refuses such a config outright).
            if (!c.isEmpty() && enabled.containsAll(c)) chains.add(new ArrayList<>(c));
        }
    }

    /** "keyboard-interactive:pam" is keyboard-interactive with a submethod we do not distinguish. */
    private static String baseName(String m) {
        int colon = m.indexOf(':');
        return colon < 0 ? m : m.substring(0, colon);
    }

    /** The methods that may be tried now: every chain's head. */
    List<String> next() {
        LinkedHashSet<String> heads = new LinkedHashSet<>();
        for (List<String> c : chains) if (!c.isEmpty()) heads.add(c.getFirst());
        return List.copyOf(heads);
    }

    boolean allows(String method) {
        return next().contains(method);
    }

    /** Records a passed method; true when a chain is now complete. */
    boolean passed(String method) {
        boolean done = false;
        for (List<String> c : chains) {
            if (!c.isEmpty() && c.getFirst().equals(method)) {
                c.removeFirst();
                done |= c.isEmpty();
            }
        }
        return done;
    }
}
