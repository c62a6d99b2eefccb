package dev.vigil.sigma;

import dev.vigil.core.rule.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a Sigma condition expression (Sigma rules specification, "Condition") into a core
 * {@link Condition}, or any other tree a {@link DetectionTree} builds: {@code and}, {@code or},
 * {@code not}, parentheses, {@code 1 of}/{@code all of} a wildcard pattern or {@code them}. Precedence
 * from loosest to tightest: or, and, not, x of, parentheses. Keywords are case-insensitive.
 */
final class ConditionParser<T> {

    private enum Kind { IDENT, AND, OR, NOT, LPAREN, RPAREN, ONE, ALL, OF, THEM, PIPE, END }

    private record Token(Kind kind, String text, int offset) {
    }

    private final List<Token> tokens;
    private final Map<String, T> identifiers;
    private final DetectionTree<T> tree;
    private final ErrorFactory errors;
    private final int maxDepth;
    private int pos;
    private int depth;

    private ConditionParser(String text, Map<String, T> identifiers, DetectionTree<T> tree, int maxDepth,
            ErrorFactory errorAt) throws SigmaException {
        this.identifiers = identifiers;
        this.tree = tree;
        this.errors = errorAt;
        this.maxDepth = maxDepth;
        this.tokens = tokenize(text, errorAt);
    }

    /** Builds an error for a 0-based offset in the condition text. */
    interface ErrorFactory {
        SigmaException at(int offset, String message);
    }

    /**
     * @param identifiers the compiled search identifiers, in the order the rule defines them
     * @param maxDepth    how deeply groups and negations may nest ({@code RuleLimits.maxConditionDepth})
     * @param errorAt     builds an error at a 0-based offset into {@code text}
     */
    static Condition parse(String text, Map<String, Condition> identifiers, int maxDepth, ErrorFactory errorAt)
            throws SigmaException {
        return parse(text, identifiers, DetectionTree.CONDITIONS, maxDepth, errorAt);
    }

    /** As {@link #parse(String, Map, int, ErrorFactory)}, building the tree {@code tree} makes. */
    static <T> T parse(String text, Map<String, T> identifiers, DetectionTree<T> tree, int maxDepth,
            ErrorFactory errorAt) throws SigmaException {
        ConditionParser<T> p = new ConditionParser<>(text, identifiers, tree, maxDepth, errorAt);
        T c = p.or();
        Token t = p.peek();
        if (t.kind == Kind.PIPE) {
            throw errorAt.at(t.offset, "aggregation after '|' in the condition is the legacy Sigma 1 syntax;"
                    + " write it as a correlation rule");
        }
        if (t.kind != Kind.END) {
            throw errorAt.at(t.offset, "unexpected '" + t.text + "' in condition");
        }
        return c;
    }

    private static List<Token> tokenize(String s, ErrorFactory errorAt) throws SigmaException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", i++));
            } else if (c == '|') {
                out.add(new Token(Kind.PIPE, "|", i));
                break;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "()|".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                String word = s.substring(start, i);
                Kind k = switch (word.toLowerCase(Locale.ROOT)) {
                    case "and" -> Kind.AND;
                    case "or" -> Kind.OR;
                    case "not" -> Kind.NOT;
                    case "1", "any" -> Kind.ONE;
                    case "all" -> Kind.ALL;
                    case "of" -> Kind.OF;
                    case "them" -> Kind.THEM;
                    default -> Kind.IDENT;
                };
                if (k == Kind.IDENT && word.chars().allMatch(Character::isDigit)) {
                    throw errorAt.at(start, "only '1 of' and 'all of' are defined, not '" + word + " of'");
                }
                out.add(new Token(k, word, start));
            }
        }
        out.add(new Token(Kind.END, "end of condition", s.length()));
        return out;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private T or() throws SigmaException {
        List<T> parts = new ArrayList<>();
        parts.add(and());
        while (peek().kind == Kind.OR) {
            next();
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : tree.any(parts);
    }

    private T and() throws SigmaException {
        List<T> parts = new ArrayList<>();
        parts.add(not());
        while (peek().kind == Kind.AND) {
            next();
            parts.add(not());
        }
        return parts.size() == 1 ? parts.get(0) : tree.all(parts);
    }

    private T not() throws SigmaException {
        if (peek().kind == Kind.NOT) {
            Token t = next();
            enter(t);
            T c = tree.not(not());
            depth--;
            return c;
        }
        return primary();
    }

    /** One level deeper (a group or a negation), within the limit. */
    private void enter(Token t) throws SigmaException {
        if (++depth > maxDepth) {
            throw errors.at(t.offset, "the condition nests deeper than " + maxDepth
                    + " groups and negations (RuleLimits.maxConditionDepth)");
        }
    }

    private T primary() throws SigmaException {
        Token t = next();
        switch (t.kind) {
            case LPAREN: {
                enter(t);
                T inner = or();
                depth--;
                Token close = next();
                if (close.kind != Kind.RPAREN) {
                    throw errors.at(close.offset, "expected ')' to close the '(' at column " + (t.offset + 1)
                            + ", found '" + close.text + "'");
                }
                return inner;
            }
            case ONE:
            case ALL: {
                Token of = next();
                if (of.kind != Kind.OF) {
                    throw errors.at(of.offset, "expected 'of' after '" + t.text + "', found '" + of.text + "'");
                }
                Token target = next();
                List<T> matched = new ArrayList<>();
                if (target.kind == Kind.THEM) {
                    identifiers.forEach((name, c) -> {
                        if (!name.startsWith("_")) {
                            matched.add(c);
                        }
                    });
                } else if (target.kind == Kind.IDENT) {
                    String pattern = target.text;
                    identifiers.forEach((name, c) -> {
                        if (wildcardMatch(pattern, name)) {
                            matched.add(c);
                        }
                    });
                    if (matched.isEmpty()) {
                        throw errors.at(target.offset, "no search identifier matches '" + pattern + "'");
                    }
                } else {
                    throw errors.at(target.offset, "expected a search identifier pattern or 'them' after '"
                            + t.text + " of', found '" + target.text + "'");
                }
                if (matched.isEmpty()) {
                    throw errors.at(target.offset, "the rule has no search identifiers for 'them'");
                }
                return tree.of(t.kind == Kind.ALL, target.kind == Kind.THEM ? "them" : target.text, matched);
            }
            case IDENT: {
                T c = identifiers.get(t.text);
                if (c == null) {
                    if (t.text.indexOf('*') >= 0) {
                        throw errors.at(t.offset, "a wildcard pattern '" + t.text + "' needs '1 of' or 'all of'");
                    }
                    throw errors.at(t.offset, "unknown search identifier '" + t.text + "'");
                }
                return c;
            }
            case END:
                throw errors.at(t.offset, "condition ends too early");
            default:
                throw errors.at(t.offset, "unexpected '" + t.text + "' in condition");
        }
    }

    /** Whether {@code name} matches {@code pattern}, where {@code *} stands for any characters. */
    static boolean wildcardMatch(String pattern, String name) {
        int p = 0;
        int s = 0;
        int star = -1;
        int mark = 0;
        while (s < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == name.charAt(s)) {
                p++;
                s++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = s;
            } else if (star >= 0) {
                p = star + 1;
                s = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
