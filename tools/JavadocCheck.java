import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExportsTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The build's Javadoc gate (run at {@code verify} by the parent pom): every public type of a package the
 * module exports to everyone needs a doc comment, and so does every public method and constructor of the
 * entry-point classes named below. javac's {@code -Xdoclint:missing} cannot be limited to types, hence this.
 *
 * <p>Usage: {@code java tools/JavadocCheck.java <src/main/java>}. Reads {@code module-info.java} there for the
 * exported packages; no module descriptor or no unqualified exports means nothing to check. Parses only
 * (no symbol resolution), so it needs no class path. Prints each miss and exits 1 if there are any; prints
 * the count of public types checked otherwise.
 */
public final class JavadocCheck {
    /** Classes whose public methods and constructors (their nested types' too) must be documented. */
    static final Set<String> FULLY_DOCUMENTED = Set.of(
            "dev.seashell.client.SshClient", "dev.seashell.server.SshServer", "dev.seashell.sftp.SftpClient");

    private static SourcePositions positions;

    public static void main(String[] args) throws IOException {
        Path src = Path.of(args[0]);
        Path moduleInfo = src.resolve("module-info.java");
        if (!Files.isRegularFile(moduleInfo)) return;
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, null)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(src)) {
                files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            JavacTask task = (JavacTask) javac.getTask(null, fm, null, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            DocTrees docs = DocTrees.instance(task);
            positions = docs.getSourcePositions();
            List<CompilationUnitTree> units = new ArrayList<>();
            task.parse().forEach(units::add);
            Set<String> exported = new TreeSet<>();
            for (CompilationUnitTree u : units) {
                if (u.getModule() == null) continue;
                for (var d : u.getModule().getDirectives()) {
                    if (d instanceof ExportsTree e && e.getModuleNames() == null) exported.add(e.getPackageName().toString());
                }
            }
            List<String> misses = new ArrayList<>();
            int[] types = {0};
            for (CompilationUnitTree u : units) {
                if (u.getPackageName() == null || !exported.contains(u.getPackageName().toString())) continue;
                String pkg = u.getPackageName().toString();
                for (Tree t : u.getTypeDecls()) {
                    if (t instanceof ClassTree c && c.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
                        check(docs, u, new TreePath(new TreePath(u), c), pkg + "." + c.getSimpleName(), misses, types);
                    }
                }
            }
            misses.forEach(System.err::println);
            if (!misses.isEmpty()) {
                System.err.println(misses.size() + " public API element(s) without a doc comment in " + src);
                System.exit(1);
            }
            System.out.println("javadoc check: " + types[0] + " public types in " + exported.size()
                    + " exported packages of " + src + ", all documented");
        }
    }

    private static void check(DocTrees docs, CompilationUnitTree u, TreePath path, String name, List<String> misses,
                              int[] types) {
        ClassTree c = (ClassTree) path.getLeaf();
        types[0]++;
        if (!documented(docs, path)) misses.add(where(u, c) + ": public type " + name + " has no doc comment");
        boolean full = FULLY_DOCUMENTED.stream().anyMatch(f -> name.equals(f) || name.startsWith(f + "."));
        boolean iface = c.getKind() == Tree.Kind.INTERFACE || c.getKind() == Tree.Kind.ANNOTATION_TYPE;
        for (Tree m : c.getMembers()) {
            if (m instanceof ClassTree nested && (iface || nested.getModifiers().getFlags().contains(Modifier.PUBLIC))) {
                check(docs, u, new TreePath(path, nested), name + "." + nested.getSimpleName(), misses, types);
            } else if (full && m instanceof MethodTree method && isPublic(method, iface) && !isGenerated(u, method)
                    && !documented(docs, new TreePath(path, method))) {
                String what = method.getReturnType() == null ? "constructor" : "method " + method.getName();
                misses.add(where(u, method) + ": public " + what + " of " + name + " has no doc comment");
            }
        }
    }

    private static boolean isPublic(MethodTree m, boolean inInterface) {
        var flags = m.getModifiers().getFlags();
        return flags.contains(Modifier.PUBLIC) || (inInterface && !flags.contains(Modifier.PRIVATE));
    }

    /** A record's implicit canonical constructor has no source position of its own. */
    private static boolean isGenerated(CompilationUnitTree u, MethodTree m) {
        return positions.getStartPosition(u, m) < 0;
    }

    private static boolean documented(DocTrees docs, TreePath path) {
        DocCommentTree d = docs.getDocCommentTree(path);
        return d != null && !(d.getFullBody().isEmpty() && d.getBlockTags().isEmpty());
    }

    private static String where(CompilationUnitTree u, Tree t) {
        long pos = positions.getStartPosition(u, t);
        return u.getSourceFile().getName() + ":" + u.getLineMap().getLineNumber(Math.max(pos, 0));
    }
}
