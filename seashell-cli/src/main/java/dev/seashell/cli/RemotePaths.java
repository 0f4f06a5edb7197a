package dev.seashell.cli;

import static dev.seashell.sftp.SftpConstants.*;

import dev.seashell.sftp.SftpClient;
import dev.seashell.sftp.SftpEntry;
import dev.seashell.sftp.SftpException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Remote path arithmetic and globbing the way OpenSSH's sftp client does it, plus its error texts. */
final class RemotePaths {
    private RemotePaths() {}

    /** {@code path} made absolute against the remote working directory. */
    static String absolute(String cwd, String path) {
        if (path.startsWith("/") || cwd == null) return path;
        if (path.isEmpty() || path.equals(".")) return cwd;
        return cwd.endsWith("/") ? cwd + path : cwd + "/" + path;
    }

    /** The last component, ignoring trailing slashes. */
    static String basename(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        int slash = p.lastIndexOf('/');
        return slash < 0 || p.equals("/") ? p : p.substring(slash + 1);
    }

    static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    static boolean hasGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == '*' || c == '?' || c == '[') return true;
        }
        return false;
    }

    /**
     * Expands glob characters in the last component of an absolute path; a path without them comes
     * back as it is, unchecked. Names starting with '.' match only a pattern that starts with '.'.
     * An empty list means nothing matched.
     */
    static List<String> glob(SftpClient sftp, String path) throws IOException {
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
        String pattern = path.substring(slash + 1);
        if (!hasGlob(pattern)) return List.of(unescape(path));
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("{", "\\{").replace("}", "\\}"));
        List<String> out = new ArrayList<>();
        List<SftpEntry> entries;
        try {
            entries = sftp.list(dir);
        } catch (SftpException e) {
            return List.of();
        }
        for (SftpEntry e : entries) {
            String name = e.filename();
            if (name.startsWith(".") && !pattern.startsWith(".")) continue;
            if (m.matches(java.nio.file.Path.of(name))) out.add(join(dir, name));
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static String unescape(String s) {
        return s.indexOf('\\') < 0 ? s : s.replaceAll("\\\\(.)", "$1");
    }

    /** OpenSSH's fx2txt(): the text sftp prints for an SSH_FX status. */
    static String fx2txt(int status) {
        return switch (status) {
            case SSH_FX_OK -> "No error";
            case SSH_FX_EOF -> "End of file";
            case SSH_FX_NO_SUCH_FILE -> "No such file or directory";
            case SSH_FX_PERMISSION_DENIED -> "Permission denied";
            case SSH_FX_FAILURE -> "Failure";
            case SSH_FX_BAD_MESSAGE -> "Bad message";
            case SSH_FX_NO_CONNECTION -> "No connection";
            case SSH_FX_CONNECTION_LOST -> "Connection lost";
            case SSH_FX_OP_UNSUPPORTED -> "Operation unsupported";
            default -> "Unknown status";
        };
    }

    /** The text for a failure: fx2txt for a server status, strerror()'s wording for local file errors. */
    static String describe(IOException e) {
        if (e instanceof SftpException s) return fx2txt(s.status());
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e instanceof FileAlreadyExistsException) return "File exists";
        if (e instanceof NotDirectoryException) return "Not a directory";
        if (e instanceof DirectoryNotEmptyException) return "Directory not empty";
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
