package dev.vigil.sigma.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the third-party test data in {@code ../shared}; tests that need it skip where it is absent. */
final class SharedData {

    private SharedData() {
    }

    /** {@code ../shared/<relative>}, or skips the calling test with a message naming what is missing. */
    static Path require(String relative) {
        String root = System.getProperty("vigil.shared", "../../shared");
        Path p = Path.of(root).resolve(relative).normalize();
        assumeTrue(Files.exists(p), () -> "skipped: shared test data not found at " + p.toAbsolutePath()
                + " (set -Dvigil.shared=PATH to the shared folder)");
        return p;
    }
}
