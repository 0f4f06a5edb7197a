package dev.seashell.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Group membership from /etc/group (and the primary group from /etc/passwd), for AllowGroups/DenyGroups. */
public final class UnixGroups {
    private static final Path GROUP = Path.of("/etc/group");

    private UnixGroups() {}

    /** The names of the groups {@code user} belongs to; empty for an unknown user. */
    public static List<String> groupsOf(String user) {
        Optional<UserAccount> a = UserAccount.lookup(user);
        if (a.isEmpty()) return List.of();
        try {
            return groupsOf(user, a.get().gid(), Files.readString(GROUP, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return List.of();
        }
    }

    static List<String> groupsOf(String user, int primaryGid, String groupFile) {
        List<String> out = new ArrayList<>();
        for (String line : groupFile.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 4) continue;
            boolean primary = f[2].equals(Integer.toString(primaryGid));
            boolean member = List.of(f[3].split(",")).contains(user);
            if ((primary || member) && !out.contains(f[0])) out.add(f[0]);
        }
        return List.copyOf(out);
    }
}
