package dev.seashell.cli;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * ssh -f without fork(2): the first process starts a copy of itself that does the work, and returns
 * as soon as that copy has authenticated (so passphrases and passwords are still typed on the
 * terminal) — or with the copy's exit code if it fails first. The copy then leaves the terminal's
 * session with setsid(2), as OpenSSH's daemon(3) call does.
 */
final class Background {
    static final String NOTIFY_ENV = "SEASHELL_SSH_FORK_NOTIFY";

    private Background() {}

    /** Whether this process is the copy started for -f. */
    static boolean isChild() {
        return System.getenv(NOTIFY_ENV) != null;
    }

    /** In the first process: starts the copy and returns the exit code ssh -f should return. */
    static int forkAndWait() {
        Path dir;
        try {
            dir = Files.createTempDirectory("seashell-fork");
        } catch (IOException e) {
            System.err.println("ssh: cannot go to background: " + e.getMessage());
            return SshCommand.EXIT_FAILURE;
        }
        Path socket = dir.resolve("notify");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            ProcessHandle.Info info = ProcessHandle.current().info();
            List<String> cmd = new ArrayList<>();
            cmd.add(info.command().orElse("java"));
            info.arguments().ifPresent(a -> cmd.addAll(List.of(a)));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put(NOTIFY_ENV, socket.toString());
            Process child = pb.start();
            CompletableFuture<Integer> ready = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (SocketChannel c = server.accept()) {
                    ready.complete(0);
                } catch (IOException e) {
                    ready.complete(SshCommand.EXIT_FAILURE);
                }
            });
            child.onExit().thenAccept(p -> ready.complete(p.exitValue()));
            return ready.get(1, TimeUnit.DAYS);
        } catch (Exception e) {
            System.err.println("ssh: cannot go to background: " + e.getMessage());
            return SshCommand.EXIT_FAILURE;
        } finally {
            try {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // temp files
            }
        }
    }

    /** In the copy, once authenticated: tells the first process to return, and leaves the terminal. */
    static void detach() {
        String path = System.getenv(NOTIFY_ENV);
        if (path == null) return;
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            c.write(ByteBuffer.wrap(new byte[] {1}));
        } catch (IOException e) {
            // the first process is gone; carry on regardless
        }
        try {
            MethodHandle setsid = Linker.nativeLinker().downcallHandle(
                    Linker.nativeLinker().defaultLookup().find("setsid").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
            int ignored = (int) setsid.invokeExact();
        } catch (Throwable t) {
            // still works, just stays in the terminal's session
        }
    }
}
