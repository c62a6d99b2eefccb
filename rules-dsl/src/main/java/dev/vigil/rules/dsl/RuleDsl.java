package dev.vigil.rules.dsl;

import java.util.List;

/**
 * The entry points of the rules DSL, meant for a static import:
 * {@code detection(...)}, {@code correlation(...)}, {@code selection(...)}, {@code keywords(...)}, {@code field(...)},
 * {@code not(...)}, {@code oneOf(...)}, {@code allOf(...)}.
 */
public final class RuleDsl {

    private RuleDsl() {
    }

    /** A detection rule with this title; the Java line that calls this is where its problems point. */
    public static DetectionRule.Builder detection(String title) {
        return new DetectionRule.Builder(title, caller());
    }

    /** A correlation rule with this title: give it a type and its rules, a timespan and a condition. */
    public static Correlation.Builder correlation(String title) {
        return new Correlation.Builder(title, caller());
    }

    /** An empty selection named {@code name}; add field tests with {@link Selection#where}. */
    public static Selection selection(String name) {
        return Selection.named(name);
    }

    /** A keyword selection: one of {@code words} appears in some value of the event. */
    public static Selection keywords(String name, String... words) {
        return Selection.keywords(name, words);
    }

    /** A field of the event (a name, or a dotted path), to test. */
    public static Field field(String name) {
        return new Field(name, List.of());
    }

    /** {@code condition} does not hold. */
    public static Expr not(Expr condition) {
        return new Expr.Not(condition);
    }

    /** One of the selections whose names match {@code pattern} ({@code *} any text) holds: {@code 1 of pattern}. */
    public static Expr oneOf(String pattern) {
        return new Expr.Quantified(false, pattern);
    }

    /** Every selection whose name matches {@code pattern} holds: {@code all of pattern}. */
    public static Expr allOf(String pattern) {
        return new Expr.Quantified(true, pattern);
    }

    /** One of the rule's selections holds: {@code 1 of them}. */
    public static Expr oneOfThem() {
        return new Expr.Quantified(false, "them");
    }

    /** All of the rule's selections hold: {@code all of them}. */
    public static Expr allOfThem() {
        return new Expr.Quantified(true, "them");
    }

    /** The first frame outside the DSL: {@code File.java:line}. */
    static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith(RuleDsl.class.getPackageName() + ".")
                        || f.getClassName().endsWith("Test"))
                .findFirst()
                .map(f -> (f.getFileName() == null ? f.getClassName() : f.getFileName()) + ":" + f.getLineNumber())
                .orElse("dsl"));
    }
}
