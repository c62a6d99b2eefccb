package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the repository's README.md, docs/CLI.md and docs/RESPONSE.md compiles as written,
 * against this module's test classpath (vigil-core, vigil-correlation, vigil-sigma-compat and their
 * dependencies). A block is either a compilation unit (it declares a class, interface, record or enum)
 * or statements; statements are compiled as the body of a method that may throw, in a class of their
 * own, with the block's imports hoisted to the top. Each block is compiled on its own, so it must
 * import and declare everything it uses. A failure names the file and line of the offending snippet
 * line and gives the compiler's message. The snippets are compiled, not run.
 */
class ReadmeSnippetsTest {

    /** The Markdown files whose java blocks are checked, relative to the repository root. */
    private static final List<String> DOCUMENTS = List.of("README.md", "docs/CLI.md", "docs/RESPONSE.md");

    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^(?:(?:public|final|abstract|sealed|non-sealed|static)\\s+)*(class|interface|record|enum)\\s+(\\w+)");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed|non-sealed|static)\\s+)*(?:class|interface|record|enum)\\s+(\\w+)");

    @TempDir
    Path classes;

    @TestFactory
    Stream<DynamicTest> everyJavaBlock_compilesAsWritten() throws IOException {
        Path root = repositoryRoot();
        List<DynamicTest> tests = new ArrayList<>();
        for (String document : DOCUMENTS) {
            Path file = root.resolve(document);
            for (Snippet snippet : snippets(file, document)) {
                tests.add(DynamicTest.dynamicTest(document + ":" + snippet.firstLine(), () -> compile(snippet)));
            }
        }
        return tests.stream();
    }

    @Test
    void readme_hasTheLibrarySnippets() throws IOException {
        // guards against the extraction silently finding nothing: the README shows at least the engine
        // and the correlation snippets
        List<Snippet> snippets = snippets(repositoryRoot().resolve("README.md"), "README.md");

        assertThat(snippets).hasSizeGreaterThanOrEqualTo(2);
        assertThat(snippets).anySatisfy(s -> assertThat(String.join("\n", s.lines())).contains("Engine.builder()"));
        assertThat(snippets).anySatisfy(s -> assertThat(String.join("\n", s.lines())).contains("Detector.builder()"));
    }

    /** A java block: its lines, and the line of the Markdown file each one is on (1-based). */
    record Snippet(String document, List<String> lines, int firstLine) {
        int documentLine(int index) {
            return firstLine + index;
        }
    }

    /** The {@code ```java} blocks of {@code file}, in order. */
    static List<Snippet> snippets(Path file, String document) throws IOException {
        List<String> all = Files.readAllLines(file);
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).strip().toLowerCase(Locale.ROOT).equals("```java")) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < all.size() && !all.get(end).strip().equals("```")) {
                end++;
            }
            if (end == all.size()) {
                fail(document + ":" + (i + 1) + ": a ```java block that is never closed");
            }
            out.add(new Snippet(document, List.copyOf(all.subList(start, end)), start + 1));
            i = end;
        }
        return out;
    }

    /**
     * The repository root: the nearest folder, from the working directory (the module's folder under
     * Maven) upwards, that holds README.md and the examples module.
     */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("examples/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a folder with README.md and examples/pom.xml) above "
                + Path.of("").toAbsolutePath());
    }

    private void compile(Snippet snippet) throws IOException {
        Source source = source(snippet);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("a JDK's compiler (tests run on a JRE?)").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path out = Files.createTempDirectory(classes, "snippet");
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("-proc:none", "-classpath", classpath(), "-d", out.toString());
            JavaFileObject unit = new SimpleJavaFileObject(
                    URI.create("string:///" + source.className() + JavaFileObject.Kind.SOURCE.extension),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source.text();
                }
            };
            boolean ok = compiler.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
            if (!ok) {
                fail(report(snippet, source, diagnostics.getDiagnostics()));
            }
        }
    }

    /** The compiler's errors, each at its line in the Markdown file, with that line. */
    private static String report(Snippet snippet, Source source, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        StringBuilder sb = new StringBuilder("the ```java block at " + snippet.document() + ":" + snippet.firstLine()
                + " does not compile as written:");
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            int generated = (int) d.getLineNumber();
            int index = generated >= 1 && generated <= source.origin().size() ? source.origin().get(generated - 1) : -1;
            sb.append('\n');
            if (index >= 0) {
                sb.append(snippet.document()).append(':').append(snippet.documentLine(index)).append(": ")
                        .append(d.getMessage(Locale.ROOT)).append("\n    ").append(snippet.lines().get(index).strip());
            } else {
                sb.append(snippet.document()).append(':').append(snippet.firstLine())
                        .append(" (in the code wrapped around the snippet): ").append(d.getMessage(Locale.ROOT));
            }
        }
        return sb.toString();
    }

    /**
     * The text to compile: the snippet as it is if it declares a type, else its imports followed by its
     * other lines as the body of a method. {@code origin} maps each line of the text (0-based) to the
     * index of the snippet line it came from, or -1 for a line added around it.
     */
    record Source(String className, String text, List<Integer> origin) {
    }

    static Source source(Snippet snippet) {
        List<String> lines = snippet.lines();
        String declared = null;
        String publicType = null;
        for (String line : lines) {
            Matcher m = TYPE_DECLARATION.matcher(line);
            if (m.find()) {
                declared = declared == null ? m.group(2) : declared;
            }
            Matcher p = PUBLIC_TYPE.matcher(line);
            if (p.find() && publicType == null) {
                publicType = p.group(1);
            }
        }
        StringBuilder text = new StringBuilder();
        List<Integer> origin = new ArrayList<>();
        if (declared != null) {
            for (int i = 0; i < lines.size(); i++) {
                text.append(lines.get(i)).append('\n');
                origin.add(i);
            }
            String name = publicType != null ? publicType : "Snippet" + snippet.firstLine();
            return new Source(name, text.toString(), origin);
        }
        String name = "ReadmeSnippet" + snippet.firstLine();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("import ")) {
                text.append(lines.get(i)).append('\n');
                origin.add(i);
            }
        }
        text.append("class ").append(name).append(" {\n");
        origin.add(-1);
        text.append("    static void snippet() throws Exception {\n");
        origin.add(-1);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().startsWith("import ")) {
                text.append(lines.get(i)).append('\n');
                origin.add(i);
            }
        }
        text.append("    }\n}\n");
        origin.add(-1);
        origin.add(-1);
        return new Source(name, text.toString(), origin);
    }

    /**
     * This test's classpath. Where it is a single manifest-only jar (as surefire may start forked
     * tests), the jar's {@code Class-Path} entries are added, so the snippets see the same classes.
     */
    static String classpath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
            Path jarPath = Path.of(entries.get(0)).toAbsolutePath();
            try (JarFile jar = new JarFile(jarPath.toFile())) {
                Manifest manifest = jar.getManifest();
                String more = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                if (more != null) {
                    URI base = jarPath.toUri();
                    for (String item : more.trim().split("\\s+")) {
                        entries.add(Path.of(base.resolve(item)).toString());
                    }
                }
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
