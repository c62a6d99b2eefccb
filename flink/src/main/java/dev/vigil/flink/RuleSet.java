package dev.vigil.flink;

import dev.vigil.core.Problem;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import dev.vigil.sigma.SigmaText;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A versioned set of Sigma documents (detection rules and correlations) to run on Flink: the initial
 * rules of a job, or an update sent on its rule-update stream. It carries the texts, not compiled rules,
 * so that it travels to every parallel instance (and into checkpoints) as plain data; each instance
 * compiles it with {@link SigmaLoader}'s defaults, as {@code vigil hunt} does.
 *
 * <p>Two rule sets with the same {@link #version()} are taken to be the same: give every update a new one.
 */
public final class RuleSet implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String version;
    private final List<String> origins;
    private final List<String> texts;

    private RuleSet(String version, List<String> origins, List<String> texts) {
        this.version = Objects.requireNonNull(version, "version");
        this.origins = List.copyOf(origins);
        this.texts = List.copyOf(texts);
    }

    /** A rule set of the given documents. */
    public static RuleSet of(String version, Collection<SigmaText> documents) {
        List<String> origins = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (SigmaText t : documents) {
            origins.add(t.origin());
            texts.add(t.yaml());
        }
        return new RuleSet(version, origins, texts);
    }

    /**
     * A rule set of the {@code .yml} and {@code .yaml} files under {@code paths} (files or folders, read
     * now, on the client), in path order.
     */
    public static RuleSet read(String version, Collection<Path> paths) {
        List<SigmaText> docs = new ArrayList<>();
        for (Path p : paths) {
            try (Stream<Path> files = Files.walk(p)) {
                for (Path f : files.filter(Files::isRegularFile)
                        .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList()) {
                    docs.add(new SigmaText(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read rules at " + p, e);
            }
        }
        return of(version, docs);
    }

    /** The version this set was given: alerts carry it ({@link AlertRecord#rulesVersion}). */
    public String version() {
        return version;
    }

    /** The documents, in order. */
    public List<SigmaText> documents() {
        List<SigmaText> docs = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            docs.add(new SigmaText(origins.get(i), texts.get(i)));
        }
        return docs;
    }

    /**
     * Loads the documents as every instance of the job will: errors and warnings with file, line and
     * column. Check it before submitting.
     */
    public List<Problem> problems() {
        return CompiledRules.compile(this).problems();
    }

    LoadResult load() {
        return SigmaLoader.builder().build().load(List.of(), documents());
    }

    @Override
    public String toString() {
        return "RuleSet[" + version + ", " + texts.size() + " documents]";
    }
}
