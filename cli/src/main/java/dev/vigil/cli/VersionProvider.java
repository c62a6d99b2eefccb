package dev.vigil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version and the commit Maven wrote into {@code version.properties} at build time:
 * {@code vigil 0.1.0 (commit 4cbbbbc)}, with {@code unknown} for what the build could not tell (a build
 * outside git leaves the commit's placeholder unfiltered).
 */
final class VersionProvider implements IVersionProvider {

    static final String UNKNOWN = "unknown";

    private static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // an unknown version is reported as such
        }
        return p;
    }

    /** A filtered value, or {@code unknown} where it is missing, blank or still a {@code ${...}} placeholder. */
    static String known(String value) {
        if (value == null || value.isBlank() || value.contains("${")) {
            return UNKNOWN;
        }
        return value.strip();
    }

    static String version() {
        return known(properties().getProperty("version"));
    }

    static String commit() {
        return known(properties().getProperty("commit"));
    }

    static String line(String version, String commit) {
        return "vigil " + known(version) + " (commit " + known(commit) + ")";
    }

    @Override
    public String[] getVersion() {
        Properties p = properties();
        return new String[] {line(p.getProperty("version"), p.getProperty("commit"))};
    }
}
