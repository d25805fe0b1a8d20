package org.safeguardingsignals.backtest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.owasp.encoder.Encode;

/**
 * A page a board paper can carry: per authority, a bar pair per rule (children flagged per 100,000 children, or
 * children flagged where no population is configured), current beside candidate, and the settings changed. One
 * self-contained HTML file with inline SVG: no script, no network, prints as it shows. Every text from settings or
 * data is encoded with OWASP's encoder.
 */
public final class BoardChart {
    private static final int BAR = 14;
    private static final int LABEL = 210;
    private static final int PLOT = 460;
    private static final String CURRENT = "#5b6770";
    private static final String CANDIDATE = "#1d70b8";

    private BoardChart() {}

    public static String html(BacktestResult r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">")
                .append("<title>Backtest of the detection rules</title>")
                .append("<style>body{font-family:Arial,sans-serif;margin:2em;color:#0b0c0c}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #b1b4b6;padding:2px 8px;")
                .append("text-align:left}svg text{font-size:12px}</style></head><body>\n");
        b.append("<h1>Backtest of the detection rules</h1>\n<p>Events that happened from ")
                .append(Encode.forHtml(BacktestReport.WHEN.format(r.from())))
                .append(" to ")
                .append(Encode.forHtml(BacktestReport.WHEN.format(r.to())))
                .append(" (England), replayed through the pipeline's own rules with the current and the candidate ")
                .append("settings. ")
                .append(String.format(
                        Locale.UK, "%,d events replayed.", r.input().kept()))
                .append("</p>\n");
        b.append("<h2>Settings changed</h2>\n");
        if (r.changed().isEmpty()) {
            b.append("<p>None: the candidate is the current settings (a baseline).</p>\n");
        } else {
            b.append("<table><tr><th>setting</th><th>current</th><th>candidate</th></tr>\n");
            r.changed()
                    .forEach((k, v) -> b.append("<tr><td>")
                            .append(Encode.forHtml(k))
                            .append("</td><td>")
                            .append(Encode.forHtml(v[0]))
                            .append("</td><td>")
                            .append(Encode.forHtml(v[1]))
                            .append("</td></tr>\n"));
            b.append("</table>\n");
        }
        Map<String, List<FlagComparison.Row>> byAuthority = new LinkedHashMap<>();
        r.comparison()
                .ruleTotals()
                .forEach(row -> byAuthority
                        .computeIfAbsent(row.authority(), a -> new java.util.ArrayList<>())
                        .add(row));
        byAuthority.forEach((authority, rows) -> chart(b, authority, rows));
        if (byAuthority.isEmpty()) {
            b.append("<p>No alert was raised in the period with either settings.</p>\n");
        }
        b.append("<p>Not compared: ")
                .append(Encode.forHtml(String.join(", ", FlagComparison.NOT_COMPARED)))
                .append(" (it follows schools' acknowledgements in real time). A flag is a prompt for a ")
                .append("professional's review, never a verdict.</p>\n</body></html>\n");
        return b.toString();
    }

    private static void chart(StringBuilder b, String authority, List<FlagComparison.Row> rows) {
        boolean rates = rows.get(0).population() != null;
        double max = 1;
        for (FlagComparison.Row row : rows) {
            max = Math.max(max, Math.max(value(row, false, rates), value(row, true, rates)));
        }
        b.append("<h2>")
                .append(Encode.forHtml(authority))
                .append(": children flagged")
                .append(rates ? " per 100,000 children" : " (no child population configured)")
                .append("</h2>\n");
        int height = rows.size() * (2 * BAR + 12) + 30;
        b.append(String.format(
                Locale.UK,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
                        + "aria-label=\"children flagged by rule, current and candidate\">%n",
                LABEL + PLOT + 90,
                height));
        legend(b);
        int y = 24;
        for (FlagComparison.Row row : rows) {
            b.append(String.format(
                    Locale.UK, "<text x=\"0\" y=\"%d\">%s</text>%n", y + BAR + 2, Encode.forXml(row.rule())));
            bar(b, y, value(row, false, rates), max, CURRENT, label(row, false, rates));
            bar(b, y + BAR, value(row, true, rates), max, CANDIDATE, label(row, true, rates));
            y += 2 * BAR + 12;
        }
        b.append("</svg>\n");
    }

    private static void legend(StringBuilder b) {
        b.append(String.format(
                "<rect x=\"%d\" y=\"2\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"12\">current"
                        + "</text>%n<rect x=\"%d\" y=\"2\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" "
                        + "y=\"12\">candidate</text>%n",
                LABEL, CURRENT, LABEL + 16, LABEL + 90, CANDIDATE, LABEL + 106));
    }

    private static void bar(StringBuilder b, int y, double value, double max, String colour, String label) {
        int width = (int) Math.round(PLOT * value / max);
        b.append(String.format(
                Locale.UK,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                LABEL,
                y,
                width,
                BAR - 2,
                colour,
                LABEL + width + 4,
                y + BAR - 3,
                Encode.forXml(label)));
    }

    private static double value(FlagComparison.Row row, boolean candidate, boolean rates) {
        if (rates) {
            return candidate ? row.candidatePer100k() : row.currentPer100k();
        }
        return candidate ? row.candidateChildren() : row.currentChildren();
    }

    private static String label(FlagComparison.Row row, boolean candidate, boolean rates) {
        long children = candidate ? row.candidateChildren() : row.currentChildren();
        return rates
                ? String.format(Locale.UK, "%.1f (%,d)", value(row, candidate, true), children)
                : String.format(Locale.UK, "%,d", children);
    }
}
