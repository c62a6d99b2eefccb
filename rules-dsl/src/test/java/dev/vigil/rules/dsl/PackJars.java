package dev.vigil.rules.dsl;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Builds real rule pack jars for tests: Java sources compiled with the JDK's compiler against the test
 * classpath, a services file, and resources, in a jar on disk. Public so that other modules' tests
 * (the CLI's) can build packs too.
 */
public final class PackJars {

    private PackJars() {
    }

    /**
     * A jar at {@code jar} holding the compiled {@code sources} (class name → source), the resources
     * (path → text) and, when {@code pack} is not null, a services file naming it as a {@link RulePack}.
     */
    public static Path build(Path jar, Map<String, String> sources, Map<String, String> resources, String pack)
            throws IOException {
        Path classes = Files.createTempDirectory(jar.getParent(), "classes");
        if (!sources.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
                fm.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
                List<JavaFileObject> units = new ArrayList<>();
                sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(
                        URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return text;
                    }
                }));
                List<String> options = List.of("-proc:none", "-classpath", System.getProperty("java.class.path"));
                if (!javac.getTask(null, fm, null, options, null, units).call()) {
                    throw new IllegalStateException("the pack's sources do not compile");
                }
            }
        }
        return write(jar, classes, resources, pack);
    }

    /** A jar at {@code jar} of everything under {@code classes} (a module's target/classes, say). */
    public static Path of(Path classes, Path jar) throws IOException {
        return write(jar, classes, Map.of(), null);
    }

    private static Path write(Path jar, Path classes, Map<String, String> resources, String pack) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            try (var walk = Files.walk(classes)) {
                for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                    j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    j.write(Files.readAllBytes(f));
                    j.closeEntry();
                }
            }
            for (var r : resources.entrySet()) {
                j.putNextEntry(new JarEntry(r.getKey()));
                j.write(r.getValue().getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
            if (pack != null) {
                j.putNextEntry(new JarEntry("META-INF/services/" + RulePack.class.getName()));
                j.write((pack + "\n").getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }
}
