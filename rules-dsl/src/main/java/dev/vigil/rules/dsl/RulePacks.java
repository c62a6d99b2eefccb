package dev.vigil.rules.dsl;

import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.core.rule.RuleLimits;
import dev.vigil.sigma.SigmaText;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reads rule pack jars into Sigma texts for {@link dev.vigil.sigma.SigmaLoader#load(java.util.Collection,
 * java.util.Collection)}: the DSL rules of each {@link RulePack} the jar declares, and its Sigma YAML
 * resources. A jar that declares no pack is a jar of YAML files: every {@code .yml} and {@code .yaml} in it
 * is read. Problems (an unreadable jar, a pack that fails, a missing resource) go to {@code problems},
 * naming the jar; the other packs and jars are still read.
 */
public final class RulePacks {

    private RulePacks() {
    }

    /** Whether {@code path} names a jar (by its name). */
    public static boolean isJar(Path path) {
        return path.getFileName() != null && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    /** The rules of the pack jar at {@code jar}, as texts with their origins ({@code pack.jar!/rules/x.yml}). */
    public static List<SigmaText> read(Path jar, Consumer<Problem> problems) {
        return read(jar, RuleLimits.DEFAULT_MAX_FILE_BYTES, problems);
    }

    /** As {@link #read(Path, Consumer)}, reading no YAML resource larger than {@code maxBytes}. */
    public static List<SigmaText> read(Path jar, int maxBytes, Consumer<Problem> problems) {
        List<SigmaText> texts = new ArrayList<>();
        String where = jar.toString();
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            problems.accept(Problem.error(SourcePosition.of(where, 0), "not a jar path: " + e.getMessage()));
            return texts;
        }
        try (JarFile file = new JarFile(jar.toFile());
                URLClassLoader loader = new URLClassLoader(new URL[] {url}, RulePack.class.getClassLoader())) {
            List<RulePack> packs = new ArrayList<>();
            try {
                for (RulePack p : ServiceLoader.load(RulePack.class, loader)) {
                    packs.add(p);
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.accept(Problem.error(SourcePosition.of(where, 0), "cannot load its rule pack: " + e.getMessage()));
            }
            if (packs.isEmpty()) {
                for (String name : yamlEntries(file)) {
                    resource(file, name, where, maxBytes, texts, problems);
                }
            }
            for (RulePack pack : packs) {
                String origin = where + "!" + pack.getClass().getName();
                try {
                    List<RuleDocument> rules = pack.rules();
                    if (!rules.isEmpty()) {
                        texts.add(new SigmaText(origin, RuleSet.of(rules).toSigma()));
                    }
                    List<String> resources = pack.sigmaResources().isEmpty() ? yamlEntries(file) : pack.sigmaResources();
                    for (String name : resources) {
                        resource(file, name, where, maxBytes, texts, problems);
                    }
                } catch (RuntimeException | LinkageError e) {
                    problems.accept(Problem.error(SourcePosition.of(origin, 0), "rule pack '" + safeName(pack)
                            + "' failed: " + e));
                }
            }
        } catch (IOException e) {
            problems.accept(Problem.error(SourcePosition.of(where, 0), "cannot read jar: " + e.getMessage()));
        }
        return texts;
    }

    private static String safeName(RulePack pack) {
        try {
            return pack.name();
        } catch (RuntimeException e) {
            return pack.getClass().getName();
        }
    }

    private static List<String> yamlEntries(JarFile file) {
        List<String> names = new ArrayList<>();
        for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements();) {
            JarEntry entry = e.nextElement();
            String n = entry.getName().toLowerCase(Locale.ROOT);
            if (!entry.isDirectory() && (n.endsWith(".yml") || n.endsWith(".yaml")) && !n.startsWith("meta-inf/")) {
                names.add(entry.getName());
            }
        }
        names.sort(null);
        return names;
    }

    private static void resource(JarFile file, String name, String jar, int maxBytes, List<SigmaText> texts,
            Consumer<Problem> problems) {
        String origin = jar + "!/" + name;
        JarEntry entry = file.getJarEntry(name.startsWith("/") ? name.substring(1) : name);
        if (entry == null) {
            problems.accept(Problem.error(SourcePosition.of(origin, 0), "no such resource in the jar"));
            return;
        }
        try (InputStream in = file.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                problems.accept(Problem.error(SourcePosition.of(origin, 0), "a rule file larger than "
                        + maxBytes + " bytes (RuleLimits.maxFileBytes) is not read"));
                return;
            }
            texts.add(new SigmaText(origin, new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            problems.accept(Problem.error(SourcePosition.of(origin, 0), "cannot read: " + e.getMessage()));
        }
    }
}
