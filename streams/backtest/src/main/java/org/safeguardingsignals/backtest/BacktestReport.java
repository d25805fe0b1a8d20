package org.safeguardingsignals.backtest;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The backtest as text for the terminal, and as CSV for an analyst's spreadsheet. */
public final class BacktestReport {
    static final ZoneId ENGLAND = ZoneId.of("Europe/London");
    static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ENGLAND);

    private BacktestReport() {}

    public static String text(BacktestResult r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.UK,
                "Backtest of the detection rules: events that happened from %s to %s (England), after a warm-up of "
                        + "%d days%n",
                WHEN.format(r.from()),
                WHEN.format(r.to()),
                r.warmUp().toDays()));
        if (r.changed().isEmpty()) {
            b.append("Candidate settings: the same as the current (a baseline: every figure should match)\n");
        } else {
            b.append("Candidate settings (current -> candidate):\n");
            r.changed().forEach((k, v) -> b.append(String.format("  %s: %s -> %s%n", k, v[0], v[1])));
        }
        InputHistory.Counts c = r.input();
        b.append(String.format(
                Locale.UK,
                "Replayed %,d events (%,d read; left out: %,d outside the period and warm-up, %,d undecodable, %,d "
                        + "without a date); dead letters (invalid input): current %,d, candidate %,d%n",
                c.kept(),
                c.read(),
                c.outsidePeriod(),
                c.undecodable(),
                c.withoutDate(),
                r.current().deadLetters(),
                r.candidate().deadLetters()));
        b.append("Pseudonyms: ").append(r.pseudonyms()).append('\n');
        b.append(String.format(
                Locale.UK,
                "Run time %.1f s: reading %.1f s, current %.1f s, candidate %.1f s (side by side)%n%n",
                seconds(r.total()),
                seconds(r.reading()),
                seconds(r.current().took()),
                seconds(r.candidate().took())));
        String authority = null;
        String header = String.format(
                "  %-26s %-7s %8s %8s %9s %9s %10s %10s %7s %7s%n",
                "rule",
                "severity",
                "alerts",
                "(cand.)",
                "children",
                "(cand.)",
                "per 100k",
                "(cand.)",
                "gained",
                "lost");
        for (FlagComparison.Row row : r.comparison().rows()) {
            if (!row.authority().equals(authority)) {
                authority = row.authority();
                b.append(String.format(
                        Locale.UK,
                        "Authority %s%s%n",
                        authority,
                        row.population() == null
                                ? " (no child population configured: no rates)"
                                : String.format(Locale.UK, " (%,d children)", row.population())));
                b.append(header);
            }
            b.append(String.format(
                    Locale.UK,
                    "  %-26s %-7s %8d %8d %9d %9d %10s %10s %7d %7d%n",
                    row.rule(),
                    row.severity(),
                    row.currentAlerts(),
                    row.candidateAlerts(),
                    row.currentChildren(),
                    row.candidateChildren(),
                    rate(row.currentPer100k()),
                    rate(row.candidatePer100k()),
                    row.gained(),
                    row.lost()));
        }
        if (r.comparison().rows().isEmpty()) {
            b.append("No alert was raised in the period with either settings.\n");
        }
        b.append(String.format(
                "%nNot compared: %s (it follows schools' acknowledgements in real time, not the agencies' events).%n",
                String.join(", ", FlagComparison.NOT_COMPARED)));
        b.append("A child gained or lost is listed by pseudonym in children-changed.csv; an alert is a prompt for a "
                + "professional, and so is this comparison.\n");
        return b.toString();
    }

    /** One line per row, every figure of the text, rates to one decimal place. */
    public static String csv(BacktestResult r) {
        return csv(
                List.of(
                        "authority",
                        "rule",
                        "severity",
                        "alerts_current",
                        "alerts_candidate",
                        "children_current",
                        "children_candidate",
                        "child_population",
                        "children_per_100k_current",
                        "children_per_100k_candidate",
                        "children_gained",
                        "children_lost"),
                r.comparison().rows().stream()
                        .map(row -> List.<Object>of(
                                row.authority(),
                                row.rule(),
                                row.severity(),
                                row.currentAlerts(),
                                row.candidateAlerts(),
                                row.currentChildren(),
                                row.candidateChildren(),
                                row.population() == null ? "" : row.population(),
                                rate(row.currentPer100k()),
                                rate(row.candidatePer100k()),
                                row.gained(),
                                row.lost()))
                        .toList());
    }

    /** The children gained and lost, by pseudonym. */
    public static String changesCsv(BacktestResult r) {
        return csv(
                List.of("authority", "rule", "child_pseudonym", "change"),
                r.comparison().changes().stream()
                        .map(c -> List.<Object>of(c.authority(), c.rule(), c.childPseudonym(), c.change()))
                        .toList());
    }

    private static String csv(List<String> header, List<List<Object>> records) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader(header.toArray(String[]::new))
                        .get())) {
            p.printRecords(records);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String rate(Double perHundredThousand) {
        return perHundredThousand == null ? "-" : String.format(Locale.UK, "%.1f", perHundredThousand);
    }

    static double seconds(java.time.Duration d) {
        return d.toMillis() / 1000.0;
    }
}
