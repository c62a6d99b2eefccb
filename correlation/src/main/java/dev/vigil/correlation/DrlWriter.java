package dev.vigil.correlation;

import dev.vigil.core.rule.correlation.CorrelationCondition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the Drools rules (DRL) of a set of correlations: one rule per correlation. The MVEL dialect
 * keeps Drools from compiling each consequence as Java (with ECJ) when the rule base is built, which
 * made building a handful of correlations take seconds on a cold JVM.
 */
final class DrlWriter {

    private DrlWriter() {
    }

    static String write(List<Compiled> correlations) {
        StringBuilder sb = new StringBuilder(256 + correlations.size() * 400);
        sb.append("package dev.vigil.generated;\n\ndialect \"mvel\"\n\n")
                .append("import dev.vigil.correlation.internal.Hit;\n")
                .append("import dev.vigil.correlation.internal.Anchor;\n")
                .append("import dev.vigil.correlation.internal.WindowFact;\n")
                .append("import dev.vigil.correlation.internal.Fn;\n\n")
                .append("global dev.vigil.correlation.internal.Callback callback;\n\n");
        for (Compiled c : correlations) {
            rule(sb, c);
        }
        return sb.toString();
    }

    private static void rule(StringBuilder sb, Compiled c) {
        int i = c.index;
        String t = time(c.spanMillis);
        sb.append("rule \"c").append(i).append("\"\nwhen\n");
        switch (c.mode) {
            case ORDERED -> {
                int n = c.refs.size();
                for (int k = 0; k < n; k++) {
                    sb.append("    $h").append(k).append(" : Hit( corr == ").append(i).append(", idx == ").append(k);
                    sb.append(k == 0 ? ", $g : group" : ", group == $g");
                    if (k > 0) {
                        sb.append(", ts after[0, ").append(t).append("] $h").append(k - 1).append(".ts");
                        if (k > 1) {
                            sb.append(", ts after[0, ").append(t).append("] $h0.ts");
                        }
                    }
                    sb.append(" )\n");
                }
                sb.append("then\n    callback.joined(").append(i).append(", new Hit[] {");
                List<String> names = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    names.add("$h" + k);
                }
                sb.append(String.join(", ", names)).append("});\nend\n\n");
            }
            case SLIDING, CLOSING -> {
                boolean sliding = c.mode == Compiled.Mode.SLIDING;
                String anchor = sliding ? "$a" : "$w";
                sb.append("    ").append(anchor).append(sliding ? " : Anchor( corr == " : " : WindowFact( corr == ")
                        .append(i).append(", $g : group )\n");
                sb.append("    accumulate( $h : Hit( corr == ").append(i).append(", group == $g");
                if (c.numeric()) {
                    sb.append(", numeric == true");
                } else if (c.distinct()) {
                    sb.append(", distinct != null");
                }
                sb.append(sliding ? ", ts before[0, " + t + "] $a.ts" : ", ts after[0, " + t + "] $w.start").append(" );\n");
                String fn;
                String value;
                switch (c.type()) {
                    case EVENT_COUNT -> {
                        fn = "$n : count( $h )";
                        value = "Fn.d($n)";
                    }
                    case VALUE_COUNT -> {
                        fn = "$s : collectSet( $h.getDistinct() )";
                        value = "Fn.size($s)";
                    }
                    case TEMPORAL -> {
                        fn = "$s : collectSet( $h.getIdx() )";
                        value = "Fn.size($s)";
                    }
                    case VALUE_SUM -> {
                        fn = "$n : sum( $h.getValue() )";
                        value = "Fn.d($n)";
                    }
                    case VALUE_AVG -> {
                        fn = "$n : average( $h.getValue() )";
                        value = "Fn.d($n)";
                    }
                    case VALUE_MEDIAN -> {
                        fn = "$l : collectList( $h.getValue() )";
                        value = "Fn.percentile($l, 50.0)";
                    }
                    case VALUE_PERCENTILE -> {
                        if (c.rarity()) {
                            fn = "$l : collectList( $h.getDistinct() )";
                            value = "Fn.share($l, " + c.smallestShare() + ")";
                        } else {
                            fn = "$l : collectList( $h.getValue() )";
                            value = "Fn.percentile($l, " + c.rule.percentile() + ")";
                        }
                    }
                    default -> throw new IllegalStateException(c.type().toString());
                }
                sb.append("                ").append(fn).append(";\n                ")
                        .append(test(value, c.condition)).append(" )\n");
                sb.append("then\n    callback.").append(sliding ? "anchored(" : "closed(").append(i).append(", ")
                        .append(anchor).append(", ").append(value).append(");\nend\n\n");
            }
            default -> throw new IllegalStateException();
        }
    }

    /** The condition as a Java boolean expression on {@code value}. */
    private static String test(String value, CorrelationCondition condition) {
        List<String> parts = new ArrayList<>();
        parts.add("!Double.isNaN(" + value + ")");
        condition.bounds().forEach((op, bound) -> {
            String b = literal(bound);
            parts.add(switch (op) {
                case GT -> value + " > " + b;
                case GTE -> value + " >= " + b;
                case LT -> value + " < " + b;
                case LTE -> value + " <= " + b;
                case EQ -> value + " == " + b;
                case NEQ -> value + " != " + b;
            });
        });
        return String.join(" && ", parts);
    }

    /**
     * A Drools time value: whole days and milliseconds, each of which Drools reads as an int, so that
     * a timespan of more than 2^31 ms (24.8 days) compiles.
     */
    private static String time(long millis) {
        long day = 86_400_000L;
        return millis < day ? Long.toString(millis) : (millis / day) + "d" + (millis % day) + "ms";
    }

    private static String literal(BigDecimal b) {
        return Double.toString(b.doubleValue());
    }
}
