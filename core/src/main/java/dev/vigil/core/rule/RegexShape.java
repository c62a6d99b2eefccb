package dev.vigil.core.rule;

/**
 * The shape of a regular expression against {@link RuleLimits}, checked before it is compiled: the regex
 * engine compiles recursively, and counted repetitions multiply ({@code ((a{1000}){1000}){1000}} is a billion
 * atoms, which RE2J would try to build). Reads the text once, without recursion. Used for rules and for
 * patterns users type ({@code vigil search --regex}).
 */
public final class RegexShape {

    private RegexShape() {
    }

    /**
     * Why {@code re} is refused, or null: longer than {@link RuleLimits#maxRegexLength()}, nesting groups deeper
     * than {@link RuleLimits#maxRegexNesting()}, or holding more than {@link RuleLimits#maxRegexExpandedSize()}
     * atoms once its counted repetitions are written out.
     */
    public static String problem(String re, RuleLimits limits) {
        if (re.length() > limits.maxRegexLength()) {
            return "the regular expression has " + re.length() + " characters, more than "
                    + limits.maxRegexLength() + " (RuleLimits.maxRegexLength)";
        }
        long max = limits.maxRegexExpandedSize();
        String tooLarge = "the regular expression holds more than " + max + " atoms once its counted"
                + " repetitions are written out (RuleLimits.maxRegexExpandedSize)";
        // size[d]: atoms of the group open at depth d so far; last[d]: those of its last element
        long[] size = new long[limits.maxRegexNesting() + 2];
        long[] last = new long[size.length];
        int depth = 0;
        int i = 0;
        while (i < re.length()) {
            char c = re.charAt(i);
            long element;
            if (c == '(') {
                if (++depth > limits.maxRegexNesting()) {
                    return "the regular expression nests groups deeper than " + limits.maxRegexNesting()
                            + " (RuleLimits.maxRegexNesting)";
                }
                size[depth] = 0;
                last[depth] = 0;
                i = groupBodyStart(re, i + 1);
                continue;
            }
            if (c == ')' && depth > 0) {
                element = Math.max(1, size[depth--]);
                i++;
            } else if (c == '|') {
                last[depth] = 0;
                i++;
                continue;
            } else if (c == '[') {
                i = classEnd(re, i);
                element = 1;
            } else if (c == '\\') {
                i = re.startsWith("\\Q", i) ? quotedEnd(re, i) : Math.min(re.length(), i + 2);
                element = 1;
            } else if (c == '*' || c == '+' || c == '?' || c == '{' && count(re, i) != null) {
                long[] q = c == '{' ? count(re, i) : new long[] {1, i + 1};
                // the last element repeated: its atoms count q times in all
                long grown = saturate(last[depth] * q[0], max);
                size[depth] = saturate(size[depth] - last[depth] + grown, max);
                last[depth] = grown;
                i = (int) q[1];
                if (size[depth] > max) {
                    return tooLarge;
                }
                continue;
            } else {
                element = 1;
                i++;
            }
            size[depth] = saturate(size[depth] + element, max);
            last[depth] = element;
            if (size[depth] > max) {
                return tooLarge;
            }
        }
        return null;
    }

    private static long saturate(long v, long max) {
        return v < 0 || v > max ? max + 1 : v;
    }

    /** {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}: the most copies it makes and the index after it; else null. */
    private static long[] count(String re, int i) {
        int close = re.indexOf('}', i);
        if (close < 0 || close - i > 24) {
            return null;
        }
        String body = re.substring(i + 1, close);
        if (!body.matches("\\d{1,9}(,\\d{0,9})?")) {
            return null;
        }
        int comma = body.indexOf(',');
        String most = comma < 0 ? body : body.substring(comma + 1).isEmpty() ? body.substring(0, comma)
                : body.substring(comma + 1);
        return new long[] {Math.max(1, Long.parseLong(most)), close + 1};
    }

    /** Where the body of a group starts, after {@code ?:}, {@code ?i:}, {@code ?P<name>} and the like; {@code i} is after the parenthesis. */
    private static int groupBodyStart(String re, int i) {
        if (i >= re.length() || re.charAt(i) != '?') {
            return i;
        }
        int j = i + 1;
        while (j < re.length() && ":)>".indexOf(re.charAt(j)) < 0) {
            j++;
        }
        return j < re.length() && re.charAt(j) != ')' ? j + 1 : j;
    }

    /** The index after the character class opened at {@code i}. */
    private static int classEnd(String re, int i) {
        int j = i + 1;
        if (j < re.length() && re.charAt(j) == '^') {
            j++;
        }
        if (j < re.length() && re.charAt(j) == ']') {
            j++;
        }
        while (j < re.length() && re.charAt(j) != ']') {
            if (re.charAt(j) == '\\') {
                j++;
            } else if (re.startsWith("[:", j)) {
                int close = re.indexOf(":]", j);
                j = close < 0 ? j : close + 1;
            }
            j++;
        }
        return Math.min(re.length(), j + 1);
    }

    /** The index after a {@code \Q...\E} literal starting at {@code i}. */
    private static int quotedEnd(String re, int i) {
        int end = re.indexOf("\\E", i + 2);
        return end < 0 ? re.length() : end + 2;
    }

}
