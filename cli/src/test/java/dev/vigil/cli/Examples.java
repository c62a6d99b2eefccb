package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** The example rules and events of the repository's {@code examples} module, seen from the cli module. */
final class Examples {

    private Examples() {
    }

    static Path rules() {
        return folder("rules");
    }

    static Path events() {
        return folder("events");
    }

    private static Path folder(String name) {
        // tests run in the module's folder; the examples are its sibling
        Path path = Path.of("").toAbsolutePath().resolveSibling("examples").resolve(name);
        assertThat(path).as("the repository's examples/" + name).isDirectory();
        return path;
    }
}
