package dev.vigil.test;

import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.Explanation;
import dev.vigil.sigma.RuleExplainer;
import dev.vigil.sigma.SigmaLoader;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one detection rule: {@link #matches} and {@link #doesNotMatch} an event given as JSON text, a
 * map of fields or an {@link Event}. The compiled rule decides; a failure explains the decision with
 * {@link RuleExplainer}: the selections and field items (with the event's values) or the log source check that
 * made it, then the whole tree. Made by {@link RuleAssertions#assertThat}.
 */
public final class RuleAssert extends AbstractAssert<RuleAssert, Object> {

    /** The rule under test: how to compile it with a loader, and its Sigma text (or null) to explain it. */
    record Subject(Function<SigmaLoader, Rule> compile, String yaml, String origin, int line, boolean compiled) {
    }

    private final Subject subject;
    private SigmaLoader loader = SigmaLoader.builder().build();
    private Rule rule;

    RuleAssert(Object actual, Subject subject) {
        super(actual, RuleAssert.class);
        this.subject = subject;
    }

    /**
     * Compiles and explains the rule with {@code loader} (its mapping, log source mode and placeholders) instead
     * of the default one: {@code SigmaLoader.builder().logsourceMode(LogsourceMode.IGNORE).build()} tests the
     * detection alone, on events that carry no log source fields. Refused for a compiled {@code Rule}, which
     * keeps the decisions of the loader that compiled it.
     */
    public RuleAssert usingLoader(SigmaLoader loader) {
        Objects.requireNonNull(loader, "loader");
        if (subject != null && subject.compiled()) {
            // the decision would stay the compiling loader's while the explanation took this one's
            throw new IllegalStateException("a compiled Rule keeps the decisions of the loader that compiled it: to use"
                    + " another loader, assert on its Sigma file (assertThat(Path)) or its DSL rule");
        }
        this.loader = loader;
        this.rule = null;
        return this;
    }

    /** Verifies that the rule matches {@code event} (JSON text, a {@code Map} of fields, or an {@link Event}). */
    public RuleAssert matches(Object event) {
        return check(event, true);
    }

    /** Verifies that the rule does not match {@code event} (JSON text, a {@code Map} of fields, or an {@link Event}). */
    public RuleAssert doesNotMatch(Object event) {
        return check(event, false);
    }

    private RuleAssert check(Object event, boolean expected) {
        isNotNull();
        Event e = Events.of(event);
        if (rule == null) {
            rule = subject.compile().apply(loader);
        }
        if (rule.matches(e) != expected) {
            failWithMessage("%s", message(e, expected));
        }
        return this;
    }

    private String message(Event event, boolean expected) {
        StringBuilder sb = new StringBuilder("\nExpecting rule '").append(rule.title()).append("' (")
                .append(subject.origin()).append(expected ? ") to match the event\n  " : ") not to match the event\n  ")
                .append(Events.show(event)).append('\n');
        Explanation why = explain(event);
        if (why == null) {
            return sb.append(expected ? "but it did not" : "but it did").append(" (no Sigma text to explain the rule)")
                    .toString();
        }
        sb.append(expected ? "but it did not, because of:\n" : "but it did, because of:\n");
        for (Explanation.Node cause : why.root().causes()) {
            sb.append("  ").append(where(why.root(), cause, "rule")).append(": ").append(cause).append('\n');
        }
        return sb.append("Explanation:\n").append(why).toString();
    }

    private Explanation explain(Event event) {
        if (subject.yaml() == null) {
            return null;
        }
        List<Explanation> all = RuleExplainer.of(loader).explain(subject.yaml(), subject.origin(), event);
        for (Explanation x : all) {
            if (subject.line() <= 0 ? all.size() == 1 : x.source().line() == subject.line()) {
                return x;
            }
        }
        return null;
    }

    /** The selection (or the log source) holding {@code node} under {@code n}: where a rule author looks. */
    private static String where(Explanation.Node n, Explanation.Node node, String outer) {
        String here = switch (n.kind()) {
            case SELECTION -> "selection " + n.label();
            case LOGSOURCE -> "logsource";
            default -> outer;
        };
        if (n == node) {
            return here;
        }
        for (Explanation.Node c : n.children()) {
            String found = where(c, node, here);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
