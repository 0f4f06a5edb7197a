package dev.seashell.auth;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The system's crypt(3) from libcrypt.so.1 (libxcrypt), through the foreign-function API, so
 * /etc/shadow hashes ($y$ yescrypt, $6$ SHA-512, $5$, …) are checked exactly as the system does.
 * crypt() returns a static buffer, hence the lock. Needs {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class NativeCrypt {
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile MethodHandle crypt;

    private NativeCrypt() {}

    /** Whether libcrypt could be loaded. */
    public static boolean available() {
        try {
            handle();
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static MethodHandle handle() {
        MethodHandle h = crypt;
        if (h == null) {
            SymbolLookup lib = SymbolLookup.libraryLookup("libcrypt.so.1", Arena.global());
            MemorySegment fn = lib.find("crypt").orElseThrow(() -> new IllegalStateException("no crypt in libcrypt.so.1"));
            h = Linker.nativeLinker().downcallHandle(fn,
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            crypt = h;
        }
        return h;
    }

    /** crypt(password, setting), or null when crypt fails (unknown method, bad setting). */
    public static String crypt(char[] password, String setting) {
        byte[] pw = PasswordHashes.utf8(password);
        LOCK.lock();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocate(pw.length + 1L);
            MemorySegment.copy(pw, 0, key, ValueLayout.JAVA_BYTE, 0, pw.length);
            MemorySegment salt = arena.allocateFrom(setting, StandardCharsets.UTF_8);
            MemorySegment out = (MemorySegment) handle().invokeExact(key, salt);
            key.fill((byte) 0);
            if (out.equals(MemorySegment.NULL)) return null;
            String s = out.reinterpret(4096).getString(0, StandardCharsets.UTF_8);
            // libxcrypt signals failure with a "*0"/"*1" string rather than NULL.
            return s.startsWith("*") ? null : s;
        } catch (Throwable t) {
            if (t instanceof Error e) throw e;
            return null;
        } finally {
            LOCK.unlock();
            Arrays.fill(pw, (byte) 0);
        }
    }
}
