package dev.vigil.core.match;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds literals that every match of a regular expression must contain: a set of strings, at least
 * one of which occurs in any text the expression matches. Conservative: anything it does not fully
 * understand contributes no literal, and a literal is kept only when its lower case is certain to
 * appear in the lower-cased text (ASCII only; under case-insensitive matching no {@code k} or
 * {@code s}, which fold with non-ASCII letters).
 */
final class RegexLiterals {

    private final String re;
    private int pos;
    private boolean ignoreCase;

    private RegexLiterals(String re, boolean ignoreCase) {
        this.re = re;
        this.ignoreCase = ignoreCase;
    }

    /** Lower-cased literals one of which every match contains, or {@code null} where none are known. */
    static Set<String> required(String regex, boolean ignoreCase) {
        try {
            RegexLiterals p = new RegexLiterals(regex, ignoreCase);
            Set<String> r = p.alternation();
            if (p.pos != regex.length()) {
                return null;
            }
            return r == null || r.isEmpty() ? null : r;
        } catch (RuntimeException | StackOverflowError e) {
            // too deeply nested to analyse on this thread's stack: no literals, the regex is still matched
            return null;
        }
    }

    private Set<String> alternation() {
        List<Set<String>> branches = new ArrayList<>();
        branches.add(sequence());
        while (pos < re.length() && re.charAt(pos) == '|') {
            pos++;
            branches.add(sequence());
        }
        if (branches.size() == 1) {
            return branches.get(0);
        }
        Set<String> union = new LinkedHashSet<>();
        for (Set<String> b : branches) {
            if (b == null) {
                return null;
            }
            union.addAll(b);
        }
        return union;
    }

    /** A concatenation: the best of the requirements of its parts. */
    private Set<String> sequence() {
        List<Set<String>> candidates = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        while (pos < re.length()) {
            char c = re.charAt(pos);
            if (c == '|' || c == ')') {
                break;
            }
            String literal = null;
            Set<String> group = null;
            boolean atom = true;
            if (c == '(') {
                pos++;
                boolean saved = ignoreCase;
                if (re.startsWith("?:", pos)) {
                    pos += 2;
                } else if (re.startsWith("?", pos)) {
                    int end = pos + 1;
                    while (end < re.length() && Character.isLetter(re.charAt(end))) {
                        end++;
                    }
                    String flags = re.substring(pos + 1, end);
                    if (end < re.length() && re.charAt(end) == ')') {
                        // (?i) applies to the rest of the enclosing group
                        if (flags.indexOf('i') >= 0) {
                            ignoreCase = true;
                        }
                        pos = end + 1;
                        flush(run, candidates);
                        continue;
                    }
                    if (end < re.length() && re.charAt(end) == ':') {
                        if (flags.indexOf('i') >= 0) {
                            ignoreCase = true;
                        }
                        pos = end + 1;
                    } else if (re.startsWith("?P<", pos) || re.startsWith("?<", pos)) {
                        int close = re.indexOf('>', pos);
                        if (close < 0) {
                            throw new IllegalArgumentException();
                        }
                        pos = close + 1;
                    } else {
                        throw new IllegalArgumentException("unsupported group");
                    }
                }
                group = alternation();
                ignoreCase = saved;
                if (pos >= re.length() || re.charAt(pos) != ')') {
                    throw new IllegalArgumentException();
                }
                pos++;
            } else if (c == '[') {
                skipClass();
            } else if (c == '\\') {
                literal = escape();
            } else if (c == '.' || c == '^' || c == '$') {
                pos++;
                if (c != '.') {
                    atom = false;
                }
            } else if (c == '*' || c == '+' || c == '?' || c == '{') {
                throw new IllegalArgumentException("dangling quantifier");
            } else {
                pos++;
                literal = String.valueOf(c);
            }
            quantified = false;
            int min = atom ? quantifier() : 1;
            boolean usableLiteral = literal != null && isSafe(literal);
            if (min == 1 && usableLiteral && !quantified) {
                run.append(literal);
            } else {
                flush(run, candidates);
                if (min >= 1) {
                    if (group != null) {
                        candidates.add(group);
                    } else if (usableLiteral) {
                        candidates.add(Set.of(lower(literal)));
                    }
                }
            }
        }
        flush(run, candidates);
        Set<String> best = null;
        int bestScore = -1;
        for (Set<String> cand : candidates) {
            int score = Integer.MAX_VALUE;
            for (String s : cand) {
                score = Math.min(score, s.length());
            }
            if (score > bestScore) {
                best = cand;
                bestScore = score;
            }
        }
        return best;
    }

    private boolean quantified;

    /** Reads a quantifier after an atom; returns its minimum count (1 when there is none). */
    private int quantifier() {
        quantified = false;
        if (pos >= re.length()) {
            return 1;
        }
        char q = re.charAt(pos);
        int min;
        if (q == '*' || q == '?') {
            pos++;
            min = 0;
        } else if (q == '+') {
            pos++;
            min = 1;
        } else if (q == '{') {
            int close = re.indexOf('}', pos);
            if (close < 0) {
                return 1;
            }
            String body = re.substring(pos + 1, close);
            String lo = body.contains(",") ? body.substring(0, body.indexOf(',')) : body;
            min = lo.isEmpty() ? 0 : Integer.parseInt(lo.trim());
            pos = close + 1;
        } else {
            return 1;
        }
        quantified = true;
        if (pos < re.length() && (re.charAt(pos) == '?' || re.charAt(pos) == '+')) {
            pos++;
        }
        return min;
    }

    private void flush(StringBuilder run, List<Set<String>> candidates) {
        if (run.length() > 0) {
            candidates.add(Set.of(lower(run.toString())));
            run.setLength(0);
        }
    }

    private void skipClass() {
        pos++;
        if (pos < re.length() && re.charAt(pos) == '^') {
            pos++;
        }
        if (pos < re.length() && re.charAt(pos) == ']') {
            pos++;
        }
        while (pos < re.length() && re.charAt(pos) != ']') {
            if (re.charAt(pos) == '\\') {
                pos++;
            } else if (re.startsWith("[:", pos)) {
                int close = re.indexOf(":]", pos);
                pos = close < 0 ? pos : close + 1;
            }
            pos++;
        }
        if (pos >= re.length()) {
            throw new IllegalArgumentException("unclosed class");
        }
        pos++;
    }

    /** An escape: the literal character it stands for, or {@code null} for a class or an assertion. */
    private String escape() {
        pos++;
        if (pos >= re.length()) {
            throw new IllegalArgumentException();
        }
        char e = re.charAt(pos++);
        if (e >= '0' && e <= '7') {
            // an octal character code (\0, \012, \101 = 'A'): up to two more octal digits belong to it
            for (int i = 0; i < 2 && pos < re.length() && re.charAt(pos) >= '0' && re.charAt(pos) <= '7'; i++) {
                pos++;
            }
            return null;
        }
        if ("dDwWsSbBAzZpPQEC".indexOf(e) >= 0 || Character.isDigit(e)) {
            if (e == 'p' || e == 'P') {
                if (pos < re.length() && re.charAt(pos) == '{') {
                    int close = re.indexOf('}', pos);
                    pos = close + 1;
                } else {
                    pos++;
                }
            }
            if (e == 'Q' || e == 'E' || e == 'C') {
                throw new IllegalArgumentException("unsupported escape");
            }
            return null;
        }
        switch (e) {
            case 'x': {
                if (pos < re.length() && re.charAt(pos) == '{') {
                    int close = re.indexOf('}', pos);
                    pos = close + 1;
                } else {
                    pos += 2;
                }
                return null;
            }
            case 'n':
            case 't':
            case 'r':
            case 'f':
            case 'v':
            case 'a':
            case 'e':
                return null;
            default:
                return Character.isLetterOrDigit(e) ? null : String.valueOf(e);
        }
    }

    private boolean isSafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || c < 32) {
                return false;
            }
            if (ignoreCase && (c == 'k' || c == 'K' || c == 's' || c == 'S')) {
                return false;
            }
        }
        return true;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
