package dev.vigil.rules.dsl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.core.Problem;
import dev.vigil.core.SourcePosition;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.SigmaLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes Sigma documents as YAML and loads them with a {@link SigmaLoader}. */
final class SigmaYaml {

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    static final SigmaLoader DEFAULT_LOADER = SigmaLoader.builder().build();

    private SigmaYaml() {
    }

    static String write(Map<String, Object> document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the rule as YAML", e);
        }
    }

    /** The documents as one YAML text, separated by {@code ---}. */
    static String write(List<? extends RuleDocument> documents) {
        List<String> parts = new ArrayList<>();
        for (RuleDocument d : documents) {
            parts.add(d.toSigma());
        }
        return String.join("---\n", parts);
    }

    /** Loads the documents; an error is an {@link InvalidRuleException} naming {@code title}. */
    static LoadResult load(SigmaLoader loader, List<? extends RuleDocument> documents, String origin, String title) {
        LoadResult result = loader.loadString(write(documents), origin);
        if (!result.errors().isEmpty()) {
            throw new InvalidRuleException(title, result.errors());
        }
        return result;
    }

    static InvalidRuleException invalid(String title, String origin, String message) {
        return new InvalidRuleException(title, List.of(Problem.error(SourcePosition.of(origin, 0), message)));
    }
}
