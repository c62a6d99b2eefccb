package dev.vigil.cli;

import dev.vigil.sigma.LogsourceMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options that say which rules to load and how: shared by {@code check} and {@code hunt}. */
final class RuleOptions {

    @Option(names = "--rules", arity = "1..*", required = true, paramLabel = "PATH",
            description = "Sigma rule files or folders (searched recursively for .yml and .yaml files), and rule "
                    + "pack jars (DSL rules and bundled Sigma YAML, see docs/CLI.md).")
    List<Path> rules;

    @Option(names = "--mapping", paramLabel = "FILE",
            description = "A logsource and field mapping that extends the bundled Windows mapping "
                    + "(or replaces it, with 'replace: true'). See docs/MAPPING.md.")
    Path mapping;

    @Option(names = "--logsource", paramLabel = "MODE", converter = ModeConverter.class,
            description = "How a rule's logsource selects events: mapped (the default: the mapping's "
                    + "Channel/EventID conditions and field names), hints (the events' own product/category/"
                    + "service fields) or ignore (every rule on every event).")
    LogsourceMode logsourceMode = LogsourceMode.MAPPED;

    @Option(names = "--placeholder", paramLabel = "NAME=VALUE", converter = PlaceholderConverter.class,
            description = "A value for %%NAME%% in rules using the |expand modifier; repeat the option for "
                    + "several values. Rules using a placeholder with no value are rejected.")
    List<Placeholder> placeholders = new ArrayList<>();

    /** The placeholder values by name, in the order given. */
    Map<String, List<String>> placeholderValues() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Placeholder p : placeholders) {
            values.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p.value());
        }
        return values;
    }

    record Placeholder(String name, String value) {
    }

    static final class PlaceholderConverter implements ITypeConverter<Placeholder> {
        @Override
        public Placeholder convert(String text) {
            int eq = text.indexOf('=');
            String name = eq < 0 ? "" : text.substring(0, eq).strip();
            if (name.startsWith("%") && name.endsWith("%") && name.length() > 2) {
                name = name.substring(1, name.length() - 1);
            }
            if (eq < 0 || name.isEmpty()) {
                throw new TypeConversionException("'" + text + "' is not NAME=VALUE");
            }
            return new Placeholder(name, text.substring(eq + 1));
        }
    }

    static final class ModeConverter implements ITypeConverter<LogsourceMode> {
        @Override
        public LogsourceMode convert(String text) {
            for (LogsourceMode m : LogsourceMode.values()) {
                if (m.name().equalsIgnoreCase(text.strip())) {
                    return m;
                }
            }
            throw new TypeConversionException("'" + text + "' is not one of mapped, hints, ignore");
        }
    }
}
