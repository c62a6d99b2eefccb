package dev.vigil.sigma;

import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.FieldRef;
import java.util.List;

/**
 * What a Sigma detection section is built into, node by node: the core {@link Condition} a rule runs
 * ({@link #CONDITIONS}), or the explanation of one event ({@link RuleExplainer}). The
 * {@link DetectionCompiler} and the {@link ConditionParser} walk the section once, whatever the tree.
 */
interface DetectionTree<T> {

    /**
     * One detection item as compiled: {@code field} is {@code null} for a keyword search; {@code key} is
     * the item as written ({@code CommandLine|contains|all}, or the search identifier of keywords).
     */
    T item(String key, FieldRef field, List<YamlNode> values, Condition compiled);

    /** Every one of {@code parts}, two or more. */
    T all(List<T> parts);

    /** One of {@code parts}, two or more. */
    T any(List<T> parts);

    T not(T part);

    /** The search identifier {@code name}, whose items make {@code body}. */
    T selection(String name, T body);

    /** {@code 1 of} ({@code all} false) or {@code all of} the search identifiers {@code target} names. */
    T of(boolean all, String target, List<T> selections);

    /** The core conditions, as a rule runs them. */
    DetectionTree<Condition> CONDITIONS = new DetectionTree<>() {
        @Override
        public Condition item(String key, FieldRef field, List<YamlNode> values, Condition compiled) {
            return compiled;
        }

        @Override
        public Condition all(List<Condition> parts) {
            return Condition.all(parts);
        }

        @Override
        public Condition any(List<Condition> parts) {
            return Condition.any(parts);
        }

        @Override
        public Condition not(Condition part) {
            return Condition.not(part);
        }

        @Override
        public Condition selection(String name, Condition body) {
            return body;
        }

        @Override
        public Condition of(boolean all, String target, List<Condition> selections) {
            return all ? Condition.all(selections) : Condition.any(selections);
        }
    };
}
