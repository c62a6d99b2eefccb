package dev.vigil.core.match;

import dev.vigil.core.event.Event;
import dev.vigil.core.rule.Condition;
import dev.vigil.core.rule.GlobPattern;
import dev.vigil.core.rule.RegexMatcher;
import dev.vigil.core.rule.StringMatcher;
import dev.vigil.core.rule.ValueMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Event text made from the rules themselves (a literal with some padding, a glob filled in, a string
 * the regular expression matches), then re-cased letter by letter, also into the letters whose case
 * folding is irregular. Random events rarely satisfy a literal test; these do about half the time, which
 * is where a prefilter that drops too much shows.
 */
final class Instances {

    private Instances() {
    }

    /** Letters and their unusual look-alikes under case mapping or folding. */
    private static final Map<Character, String> EXOTIC = Map.of(
            'k', "K\u212A", 's', "S\u017F", 'i', "I\u0130\u0131", '\u03C3', "\u03A3\u03C2", '\u03C2', "\u03A3\u03C3",
            '\u00E5', "\u00C5\u212B", 'a', "A\u00C5");

    /** What a {@code ?} of a glob stands for: one code point, sometimes two chars. */
    private static final String[] ONE_CHAR = {"x", "K", "\u212A", "\u017F", "\u03A3", "\uD83D\uDE00", "."};

    private static final Map<RegexMatcher, List<String>> SAMPLES = new HashMap<>();

    /** An event whose fields {@code a}, {@code b}, {@code a.b} and {@code c} hold text made from the rules' matchers. */
    static Map<String, Object> event(List<Condition> conditions, Random random) {
        List<ValueMatcher> matchers = new ArrayList<>();
        for (Condition c : conditions) {
            collect(c, matchers);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        for (String key : List.of("a", "b", "a.b", "c")) {
            int n = random.nextInt(4);
            if (n == 0) {
                continue;
            }
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add(matchers.isEmpty() || random.nextInt(5) == 0
                        ? word(random)
                        : text(matchers.get(random.nextInt(matchers.size())), random));
            }
            event.put(key, values.size() == 1 && random.nextBoolean() ? values.get(0) : values);
        }
        return event;
    }

    private static void collect(Condition c, List<ValueMatcher> out) {
        if (c instanceof Condition.All all) {
            all.conditions().forEach(x -> collect(x, out));
        } else if (c instanceof Condition.Any any) {
            any.conditions().forEach(x -> collect(x, out));
        } else if (c instanceof Condition.Not not) {
            collect(not.condition(), out);
        } else if (c instanceof Condition.Match m) {
            out.add(m.matcher());
        } else if (c instanceof Condition.Keyword k) {
            out.add(k.matcher());
        }
    }

    /** Text that {@code m} likely matches, re-cased at random. */
    static String text(ValueMatcher m, Random random) {
        String base;
        if (m instanceof StringMatcher s) {
            String pad1 = pad(random);
            String pad2 = pad(random);
            base = switch (s.kind()) {
                case EQUALS -> s.value();
                case STARTS_WITH -> s.value() + pad2;
                case ENDS_WITH -> pad1 + s.value();
                case CONTAINS -> pad1 + s.value() + pad2;
                case GLOB -> fill(s.pattern(), random);
            };
        } else if (m instanceof RegexMatcher r) {
            List<String> samples = samples(r);
            base = samples.isEmpty() ? pad(random) : samples.get(random.nextInt(samples.size()));
            if (random.nextInt(3) == 0) {
                base = pad(random) + base + pad(random);
            }
        } else {
            base = pad(random);
        }
        return recase(base, random);
    }

    private static String pad(Random random) {
        return random.nextBoolean() ? "" : word(random);
    }

    private static String word(Random random) {
        List<String> words = EngineEquivalencePropertiesTest.WORDS;
        return words.get(random.nextInt(words.size()));
    }

    private static String fill(GlobPattern p, Random random) {
        StringBuilder sb = new StringBuilder();
        for (GlobPattern.Part part : p.parts()) {
            if (part instanceof GlobPattern.Literal l) {
                sb.append(l.text());
            } else if (part == GlobPattern.ANY_CHAR) {
                sb.append(ONE_CHAR[random.nextInt(ONE_CHAR.length)]);
            } else {
                sb.append(pad(random));
            }
        }
        return sb.toString();
    }

    /** Changes the case of some letters: upper, lower, or an irregular look-alike. */
    static String recase(String s, Random random) {
        int mode = random.nextInt(4);
        if (mode == 0) {
            return s;
        }
        if (mode == 1) {
            return s.toUpperCase(Locale.ROOT);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char lower = Character.toLowerCase(c);
            String exotic = EXOTIC.get(lower);
            int pick = random.nextInt(4);
            if (pick == 0 && exotic != null) {
                sb.append(exotic.charAt(random.nextInt(exotic.length())));
            } else if (pick == 1) {
                sb.append(Character.toUpperCase(c));
            } else if (pick == 2) {
                sb.append(lower);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Short strings the expression matches, found by trying strings over the characters it mentions. */
    static synchronized List<String> samples(RegexMatcher r) {
        return SAMPLES.computeIfAbsent(r, Instances::search);
    }

    private static List<String> search(RegexMatcher r) {
        Set<Character> chars = new LinkedHashSet<>();
        for (char c : r.regex().toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '\\') {
                chars.add(c);
                chars.add(Character.toUpperCase(c));
            }
        }
        for (char c : "A\n\u212A\u017F\u0130".toCharArray()) {
            chars.add(c);
        }
        List<Character> alphabet = new ArrayList<>(chars);
        if (alphabet.size() > 14) {
            alphabet = alphabet.subList(0, 14);
        }
        List<String> out = new ArrayList<>();
        List<String> level = List.of("");
        for (int length = 1; length <= 3 && out.size() < 40; length++) {
            List<String> next = new ArrayList<>();
            for (String prefix : level) {
                for (char c : alphabet) {
                    String t = prefix + c;
                    next.add(t);
                    if (out.size() < 40 && r.matches(t)) {
                        out.add(t);
                    }
                }
            }
            level = next;
        }
        // and the expression read as plain text, without its syntax
        String plain = r.regex().replaceAll("\\(\\?[a-zA-Z-]*[:)]|\\(\\?P?<\\w+>|[()^$|?*+\\[\\]{}]", "")
                .replace("\\.", ".").replace("\\\\", "\\");
        if (r.matches(plain)) {
            out.add(plain);
        }
        return out;
    }
}
