package dev.vigil.cli;

import dev.vigil.core.rule.LogSource;
import dev.vigil.sigma.MappingCoverage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vigil check --coverage}: one row per log source and serving entry, columns LOGSOURCE
 * ({@code product/category/service}, {@code -} where unset), RULES, ENTRY ({@code -}: none) and UNMAPPED
 * FIELDS; then a line {@code N log sources, M without a mapping entry}. Rule text is escaped
 * ({@link TerminalText}).
 */
final class CoverageTable {

    private static final String[] HEADER = {"LOGSOURCE", "RULES", "ENTRY", "UNMAPPED FIELDS"};

    private CoverageTable() {
    }

    static void print(List<MappingCoverage.Source> sources, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        int none = 0;
        for (MappingCoverage.Source s : sources) {
            String ls = text(s.logSource());
            String count = Integer.toString(s.rules());
            if (s.entries().isEmpty()) {
                none++;
                rows.add(new String[] {ls, count, "-", "-"});
            }
            for (MappingCoverage.Served e : s.entries()) {
                rows.add(new String[] {ls, count, TerminalText.escape(e.entry()),
                    e.unmapped().isEmpty() ? "-" : TerminalText.escape(String.join(", ", e.unmapped()))});
                ls = "";
                count = "";
            }
        }
        int[] width = new int[3];
        for (String[] r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                sb.append(r[i]).append(" ".repeat(width[i] - r[i].length() + 2));
            }
            out.println(sb.append(r[3]).toString().stripTrailing());
        }
        out.println(sources.size() + " log sources, " + none + " without a mapping entry");
        out.flush();
    }

    private static String text(LogSource ls) {
        return TerminalText.escape(dash(ls.product()) + "/" + dash(ls.category()) + "/" + dash(ls.service()));
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
