package org.safeguardingsignals.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.identifiers.LocalAuthorityCode;
import org.safeguardingsignals.topics.Topics;

/**
 * The partnership summary for one authority and one month, as a board paper needs it, from the latest figure per
 * key on the metrics topic. Usage: {@code PartnershipReport --authority E09000022 --month 2026-11 [--format text|csv]
 * [--bootstrap host:port --registry url | --data DIR]}; with --data (default "data") the addresses come from the
 * local run's endpoints file.
 */
public final class PartnershipReport {
    /** One line of the report. */
    public record Line(String section, String measure, String breakdown, Double value, boolean suppressed) {
        String label() {
            return breakdown.isEmpty() ? measure : measure + " · " + breakdown;
        }

        String shown() {
            if (suppressed) {
                return "[c]";
            }
            if (value == null) {
                return "";
            }
            if (measure.endsWith("%")) {
                return String.format("%.1f%%", value);
            }
            return isRate() ? String.format("%,.1f", value) : String.format("%,.0f", value);
        }

        /** A rate per 100,000 children: shown to one decimal place. */
        boolean isRate() {
            return measure.contains(PER_100K);
        }

        /** The value as the CSV has it: plain, one decimal place for a percentage or a rate; empty when withheld. */
        String plain() {
            if (suppressed || value == null) {
                return "";
            }
            return measure.endsWith("%") || isRate() ? String.format("%.1f", value) : String.format("%.0f", value);
        }
    }

    static final String EXPLOITATION = "Exploitation";
    private static final String PER_100K = "per 100,000 children";
    private static final String RATE_LABEL = "Exploitation-risk alerts " + PER_100K;
    /** The breakdown of the rate's line when the authority has no child population configured. */
    static final String NO_POPULATION = "not published: no child population configured";

    private static final List<String[]> ORDER = List.of(
            new String[] {"Demand", Metric.CONTACTS, "Contacts with the front door"},
            new String[] {"Demand", Metric.CONTACTS_REFERRED, "Contacts that became referrals"},
            new String[] {"Demand", Metric.CONTACTS_REFERRED_PCT, "Contacts that became referrals, %"},
            new String[] {"Demand", Metric.REFERRALS, "Referrals"},
            new String[] {"Demand", Metric.RE_REFERRALS, "Re-referrals within 12 months"},
            new String[] {"Demand", Metric.RE_REFERRALS_PCT, "Re-referrals within 12 months, %"},
            new String[] {"Signals received", Metric.EVENTS_RECEIVED, "Events received"},
            new String[] {"Signals received", Metric.RETRACTIONS, "Events retracted by the agency that sent them"},
            new String[] {"Alerts", Metric.ALERTS, "Alerts raised"},
            new String[] {"Alerts", Metric.ALERTS_WITHDRAWN, "Alerts withdrawn after a retraction"},
            new String[] {"Alerts", Metric.CHILDREN_OPEN_TRIO, "Children with an open toxic-trio alert (three groups)"},
            new String[] {
                "Alerts", Metric.CHILDREN_OPEN_EMERGING, "Children with an open emerging toxic-trio alert (two groups)"
            },
            new String[] {"Missing from home or care", Metric.MISSING_EPISODES, "Missing episodes"},
            new String[] {"Missing from home or care", Metric.CHILDREN_MISSING, "Children missing"},
            new String[] {
                "Missing from home or care", Metric.CHILDREN_MISSING_MORE_THAN_ONCE, "Children missing more than once"
            },
            new String[] {
                "Missing from home or care", Metric.CHILDREN_REPEAT_MISSING, "Children with a repeat-missing alert"
            },
            new String[] {"Missing from home or care", Metric.RETURNS, "Returns"},
            new String[] {"Missing from home or care", Metric.RHI_WITHIN_72H, "Return interviews within 72 hours"},
            new String[] {"Missing from home or care", Metric.RHI_WITHIN_72H_PCT, "Return interviews within 72 hours, %"
            },
            new String[] {EXPLOITATION, Metric.EXPLOITATION_ALERTS, "Exploitation-risk alerts"},
            new String[] {EXPLOITATION, Metric.EXPLOITATION_ALERTS_PER_100K, RATE_LABEL},
            new String[] {
                EXPLOITATION,
                Metric.EXPLOITATION_LINKED_ALERTS,
                "Alerts for children linked to a group with another child's exploitation-risk alert"
            },
            new String[] {EXPLOITATION, Metric.LINKED_GROUPS, "Linked groups in force at the end of the month"},
            new String[] {EXPLOITATION, Metric.LINKED_GROUPS_CROSS, "Linked groups crossing an authority boundary"},
            new String[] {
                EXPLOITATION, Metric.LINKED_GROUPS_CROSS_PCT, "Linked groups crossing an authority boundary, %"
            },
            new String[] {"MASH decisions", Metric.DECISIONS, "Decisions"},
            new String[] {"MASH decisions", Metric.FIRST_DECISIONS, "Alerts decided"},
            new String[] {
                "MASH decisions", Metric.DECIDED_IN_ONE_WORKING_DAY, "Decided within one working day of the trigger"
            },
            new String[] {
                "MASH decisions",
                Metric.DECIDED_IN_ONE_WORKING_DAY_PCT,
                "Decided within one working day of the trigger, %"
            },
            new String[] {
                "MASH decisions", Metric.MINUTES_TO_FIRST_DECISION, "Minutes from the trigger to first decision"
            },
            new String[] {RuleSection.TITLE, RuleSection.TITLE, ""},
            new String[] {"Statutory notices", Metric.NOTICES_SENT, "Operation Encompass notices sent to schools"},
            new String[] {"Statutory notices", Metric.NOTICES_IN_TIME, "Acknowledged before the next school day"},
            new String[] {"Statutory notices", Metric.NOTICES_IN_TIME_PCT, "Acknowledged before the next school day, %"
            },
            new String[] {"Statutory notices", Metric.NOTICES_ESCALATED, "Not acknowledged in time: MASH alerted"},
            new String[] {
                "Statutory notices",
                Metric.ATTENDANCES_FLAGGED,
                "Unscheduled-care attendances of children on a plan or looked after (CP-IS)"
            },
            new String[] {"Data quality", Metric.UNMATCHED, "Events about a child with no usable NHS number"},
            new String[] {"Data quality", Metric.REJECTED, "Rejected inputs (all authorities)"});

    private PartnershipReport() {}

    /** The report's lines, in board-paper order, from the figures for one authority and month. */
    public static List<Line> lines(List<PartnershipMetric> figures, String authority, String month) {
        List<Line> out = new ArrayList<>();
        for (String[] o : ORDER) {
            if (o[0].equals(RuleSection.TITLE)) {
                out.addAll(RuleSection.lines(figures, authority, month));
                continue;
            }
            List<PartnershipMetric> measure = figures.stream()
                    .filter(f -> f.getPeriodType() == PeriodType.CALENDAR_MONTH
                            && f.getPeriod().equals(month))
                    .filter(f -> f.getLocalAuthority()
                            .equals(o[1].equals(Metric.REJECTED) ? Metric.UNATTRIBUTED : authority))
                    .filter(f -> f.getMetric().equals(o[1]))
                    // minutes by rule are in the section by rule
                    .filter(f -> !o[1].equals(Metric.MINUTES_TO_FIRST_DECISION)
                            || !f.getDimensions().containsKey(Metric.RULE))
                    .sorted(Comparator.comparing(ReportLabels::order))
                    .toList();
            measure.forEach(f -> out.add(
                    new Line(o[0], o[2], ReportLabels.breakdown(f.getDimensions()), f.getValue(), f.getSuppressed())));
            if (o[1].equals(Metric.EXPLOITATION_ALERTS_PER_100K)
                    && measure.isEmpty()
                    && out.stream().anyMatch(l -> l.section().equals(EXPLOITATION))) {
                // the count is published without its rate only where no population is configured: say so
                out.add(new Line(o[0], o[2], NO_POPULATION, null, false));
            }
        }
        return out;
    }

    public static String text(List<Line> lines, String authority, String month) {
        StringBuilder b = new StringBuilder();
        b.append("Safeguarding partnership summary\n");
        b.append("Authority ")
                .append(authority)
                .append(", ")
                .append(YearMonth.parse(month).getMonth().getDisplayName(TextStyle.FULL, Locale.UK))
                .append(' ')
                .append(month, 0, 4)
                .append(" (")
                .append(month)
                .append(")\n");
        b.append("Counts from 1 to 4 are suppressed and shown as [c]; so is a month in which a week was, so that the\n"
                + "week cannot be worked out by subtraction, and a total one of whose breakdown's lines was; a\n"
                + "percentage or a rate built on a withheld count is withheld.\n");
        // one column for every figure, as wide as the longest label (a rejected input names its whole topic)
        int width = lines.stream().mapToInt(l -> l.label().length()).max().orElse(0);
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (!l.section().equals(section)) {
                section = l.section();
                b.append('\n').append(section).append('\n');
            }
            b.append(String.format("  %-" + width + "s %10s%n", l.label(), l.shown()));
            boolean lastOfSection =
                    i == lines.size() - 1 || !lines.get(i + 1).section().equals(section);
            if (lastOfSection && section.equals(EXPLOITATION)) {
                b.append(exploitationNote(lines, authority)); // what the section counts, under it
            } else if (lastOfSection && section.equals(RuleSection.TITLE)) {
                b.append('\n').append(wrap(RuleSection.note(lines, authority), 110));
            }
        }
        if (lines.isEmpty()) {
            b.append("\nNo figures for this authority and month on ")
                    .append(Topics.PARTNERSHIP_METRICS.name())
                    .append(".\n");
        }
        return b.toString();
    }

    /**
     * What the exploitation figures count, under their section: which alerts, the rate's population, and which linked
     * groups are in the month (those in force at its end; LinkedGroups), and why a rate is missing.
     */
    private static String exploitationNote(List<Line> lines, String authority) {
        String note = "Exploitation-risk alerts are counted once each, for every authority an alert is routed to, "
                + "in the month of its triggering evidence; the rate is per 100,000 children aged 0 to 17 in the "
                + "authority and is withheld whenever its count is. Linked groups (children linked by going missing "
                + "together) are those in force at the end of the month, or now for the month in progress, each "
                + "counted once, in its size at that time, for every authority responsible for one of its children; "
                + "a group crosses a boundary when more than one authority is.";
        if (lines.stream().anyMatch(l -> l.breakdown().equals(NO_POPULATION))) {
            note += " No rate is published for " + authority + ": its child population is not configured (the "
                    + "metrics setting " + MetricsSettings.AUTHORITY_PREFIX + authority + "."
                    + MetricsSettings.CHILD_POPULATION + ").";
        }
        return "\n" + wrap(note, 110);
    }

    private static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        return out.append(line).append('\n').toString();
    }

    public static String csv(List<Line> lines) {
        StringBuilder b = new StringBuilder("section,measure,breakdown,value,suppressed\n");
        for (Line l : lines) {
            b.append(quote(l.section()))
                    .append(',')
                    .append(quote(l.measure()))
                    .append(',')
                    .append(quote(l.breakdown()))
                    .append(',')
                    .append(l.plain())
                    .append(',')
                    .append(l.suppressed())
                    .append('\n');
        }
        return b.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String authority = a.get("authority");
        String month = a.get("month");
        if (authority == null
                || month == null
                || !LocalAuthorityCode.isValid(authority)
                || !month.matches("[0-9]{4}-[0-9]{2}")) {
            System.err.println("Usage: PartnershipReport --authority <GSS code> --month <YYYY-MM> [--format text|csv]"
                    + " [--bootstrap host:port --registry url | --data DIR] [--config analyst.properties]");
            System.exit(2);
        }
        String bootstrap = a.get("bootstrap");
        String registry = a.get("registry");
        if (bootstrap == null || registry == null) {
            Path endpoints = Path.of(a.getOrDefault("data", "data"), "endpoints.properties");
            Properties e = new Properties();
            try (InputStream in = Files.newInputStream(endpoints)) {
                e.load(in);
            } catch (IOException ex) {
                System.err.println("No " + endpoints + ": start the local run, or give --bootstrap and --registry");
                System.exit(2);
            }
            bootstrap = e.getProperty("bootstrap.servers");
            registry = e.getProperty("schema.registry.url");
        }
        // the analyst's credentials: --config, or those the local run keeps under its data directory
        Map<String, Object> client = new HashMap<>();
        Path config = a.containsKey("config")
                ? Path.of(a.get("config"))
                : Path.of(a.getOrDefault("data", "data"), "security", "credentials", "partnership-analyst.properties");
        if (Files.exists(config)) {
            Properties c = new Properties();
            try (InputStream in = Files.newInputStream(config)) {
                c.load(in);
            }
            c.stringPropertyNames().forEach(k -> client.put(k, c.getProperty(k)));
        }
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<Line> lines = lines(LatestFigures.read(client, registry), authority, month);
        System.out.print("csv".equals(a.get("format")) ? csv(lines) : text(lines, authority, month));
    }
}
