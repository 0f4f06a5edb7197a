package dev.seashell.sftp;

import dev.seashell.server.Subsystem;
import java.nio.file.Path;

/** {@link SftpServer} as an embedded server's "sftp" {@link Subsystem}. */
public final class SftpSubsystem {
    private SftpSubsystem() {}

    /**
     * Every user sees {@code root} as "/": ".." and absolute paths resolve inside it, and symbolic
     * links that lead out of it are refused.
     */
    public static Subsystem confinedTo(Path root) {
        return with(SftpServer.Options.defaults().confinedTo(root.toAbsolutePath()));
    }

    /** A subsystem with any {@link SftpServer.Options} (read-only, a start directory, a log). */
    public static Subsystem with(SftpServer.Options options) {
        return (user, in, out) -> new SftpServer(options).serve(in, out);
    }
}
