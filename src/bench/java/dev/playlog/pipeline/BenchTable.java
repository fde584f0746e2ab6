package dev.playlog.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's one result table, as Markdown with padded columns so it also reads well on a console. */
final class BenchTable {

    private static final String[] HEADER = {"#", "Stage", "Events", "Wall time", "Result", "% of ceiling 7a / 7b",
            "Peak heap", "Peak RSS", "Notes"};

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> preamble = new ArrayList<>();
    private final List<String> footnotes = new ArrayList<>();

    void preamble(String line) {
        preamble.add(line);
    }

    void footnote(String line) {
        footnotes.add(line);
    }

    void row(String id, String stage, String events, String time, String result, String ofCeiling, MemoryWatch.Peak peak,
            String notes) {
        rows.add(new String[] {id, stage, events, time, result, ofCeiling, peak == null ? "" : mib(peak.heapUsed()),
                peak == null ? "" : mib(peak.rss()), notes});
    }

    String markdown() {
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        preamble.forEach(line -> out.append(line).append('\n'));
        out.append('\n');
        line(out, HEADER, widths);
        String[] rule = new String[HEADER.length];
        for (int i = 0; i < rule.length; i++) {
            boolean numeric = i >= 2 && i <= 7;
            rule[i] = "-".repeat(Math.max(1, widths[i] - (numeric ? 1 : 0))) + (numeric ? ":" : "");
        }
        line(out, rule, widths);
        rows.forEach(row -> line(out, row, widths));
        if (!footnotes.isEmpty()) {
            out.append('\n');
            footnotes.forEach(line -> out.append(line).append('\n'));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        out.append('|');
        for (int i = 0; i < cells.length; i++) {
            boolean right = i >= 2 && i <= 7;
            String cell = cells[i].replace("|", "/");
            String pad = " ".repeat(widths[i] - cell.length());
            out.append(' ').append(right ? pad + cell : cell + pad).append(" |");
        }
        out.append('\n');
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f ev/s", perSecond);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String ms(long millis) {
        return millis >= 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1e3)
                : String.format(Locale.ROOT, "%.2f s", millis / 1e3);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,d MiB", Math.round(bytes / 1048576.0));
    }
}
