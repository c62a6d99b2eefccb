package dev.vigil.release;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The repository the build deployed to, as named by {@code -DaltDeploymentRepository=ID::URL} (also the older
 * {@code ID::default::URL}), when it is a {@code file:} repository; and the files of dev.vigil artifacts in it,
 * found the way a Maven client finds them (a SNAPSHOT's through its maven-metadata.xml).
 */
final class StagingRepository {

    static final String GROUP_PATH = "dev/vigil";

    final Path root;
    final String version;

    private StagingRepository(Path root, String version) {
        this.root = root;
        this.version = version;
    }

    /** Where the build deployed, or why the check cannot run (the Optional is empty and {@code why[0]} says). */
    static Optional<StagingRepository> locate(String property, Path workDir, String version, String[] why) {
        if (property == null || property.isBlank() || property.startsWith("${")) {
            why[0] = "this build deploys nowhere (no -DaltDeploymentRepository=ID::file:DIR); "
                    + "README.md's test command stages the artifacts and checks them";
            return Optional.empty();
        }
        String[] parts = property.split("::");
        String url = parts[parts.length - 1].strip();
        if (parts.length < 2 || !url.startsWith("file:")) {
            why[0] = "altDeploymentRepository is " + property + ", not ID::file:DIR; only a local staging "
                    + "directory can be checked";
            return Optional.empty();
        }
        String path = url.substring("file:".length());
        if (path.startsWith("//")) {
            path = path.substring(2); // file:///abs/dir
        }
        Path dir = workDir.resolve(path).normalize();
        if (!Files.isDirectory(dir)) {
            // deploying there was asked for; a missing directory means the deploy did not happen
            throw new AssertionError("altDeploymentRepository names " + dir + " but nothing was deployed there");
        }
        return Optional.of(new StagingRepository(dir, version));
    }

    Path dir(String artifactId) {
        return root.resolve(GROUP_PATH).resolve(artifactId).resolve(version);
    }

    boolean has(String artifactId) {
        return Files.isDirectory(root.resolve(GROUP_PATH).resolve(artifactId));
    }

    /** The staged file of artifactId with this classifier ("" for none) and extension; fails if absent. */
    Path file(String artifactId, String classifier, String extension) {
        Optional<Path> f = find(artifactId, classifier, extension);
        return f.orElseThrow(() -> new AssertionError("not staged: " + artifactId + "-" + version
                + (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension + " (in " + dir(artifactId) + ")"));
    }

    Optional<Path> find(String artifactId, String classifier, String extension) {
        Path dir = dir(artifactId);
        String suffix = (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
        if (!version.endsWith("-SNAPSHOT")) {
            Path f = dir.resolve(artifactId + "-" + version + suffix);
            return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
        }
        Path metadata = dir.resolve("maven-metadata.xml");
        if (!Files.isRegularFile(metadata)) {
            return Optional.empty();
        }
        List<Xml> versions = Xml.parse(metadata).at("versioning", "snapshotVersions")
                .map(x -> x.children("snapshotVersion")).orElse(List.of());
        for (Xml v : versions) {
            if (v.text("classifier").orElse("").equals(classifier) && v.text("extension").orElse("").equals(extension)) {
                Path f = dir.resolve(artifactId + "-" + v.text("value").orElseThrow() + suffix);
                return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
