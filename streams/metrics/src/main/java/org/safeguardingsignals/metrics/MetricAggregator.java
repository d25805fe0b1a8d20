package org.safeguardingsignals.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.identifiers.ChildAge;
import org.safeguardingsignals.internal.MetricDelta;

/**
 * Adds deltas into figures per authority and period, and publishes every figure that changed, disclosure-controlled
 * ({@link Disclosure}: a month is published again with each week that overlaps it, and a total with each of its
 * bands), on a wall-clock timer (a late event changes its period's figure, which is published again: the latest record per
 * key is the correct one). With the total of exploitation alerts it publishes their rate per 100,000 children for an
 * authority whose child population is configured ({@link MetricsSettings#childPopulations()}).
 */
final class MetricAggregator implements Processor<String, MetricDelta, String, PartnershipMetric> {
    static final String FIGURES_STORE = "metrics-figures";
    static final String MEMBERS_STORE = "metrics-members";
    static final String SAMPLES_STORE = "metrics-samples";
    static final String CHANGED_STORE = "metrics-changed";
    private static final Map<String, String[]> RATIOS = Map.of(
            Metric.RHI_WITHIN_72H_PCT,
            new String[] {Metric.RHI_WITHIN_72H, Metric.RETURNS},
            Metric.RE_REFERRALS_PCT,
            new String[] {Metric.RE_REFERRALS, Metric.REFERRALS},
            Metric.CONTACTS_REFERRED_PCT,
            new String[] {Metric.CONTACTS_REFERRED, Metric.CONTACTS},
            Metric.DECIDED_IN_ONE_WORKING_DAY_PCT,
            new String[] {Metric.DECIDED_IN_ONE_WORKING_DAY, Metric.FIRST_DECISIONS},
            Metric.NOTICES_IN_TIME_PCT,
            new String[] {Metric.NOTICES_IN_TIME, Metric.NOTICES_SENT},
            Metric.LINKED_GROUPS_CROSS_PCT,
            new String[] {Metric.LINKED_GROUPS_CROSS, Metric.LINKED_GROUPS});
    /**
     * The breakdowns whose bands add up to their figure's total (every member is in exactly one band), by dimension:
     * a total is withheld whenever one of its bands is ({@link Disclosure}).
     */
    static final Map<String, List<String>> BREAKDOWNS = Map.of(
            Metric.AGE_BAND,
            names(ChildAge.Band.values()),
            Metric.SEVERITY,
            names(Severity.values()),
            Metric.GROUP_SIZE,
            names(GroupSize.values()));

    private final Duration interval;
    /** Children aged 0 to 17 per authority (GSS code), for the rate per 100,000; an authority without one has none. */
    private final Map<String, Long> childPopulations;

    private ProcessorContext<String, PartnershipMetric> context;
    private KeyValueStore<String, Long> figures;
    private KeyValueStore<String, Long> members;
    private KeyValueStore<String, String> samples;
    private KeyValueStore<String, String> changed;

    MetricAggregator(Duration interval, Map<String, Long> childPopulations) {
        this.interval = interval;
        this.childPopulations = Map.copyOf(childPopulations);
    }

    @Override
    public void init(ProcessorContext<String, PartnershipMetric> context) {
        this.context = context;
        figures = context.getStateStore(FIGURES_STORE);
        members = context.getStateStore(MEMBERS_STORE);
        samples = context.getStateStore(SAMPLES_STORE);
        changed = context.getStateStore(CHANGED_STORE);
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, t -> publishChanged());
    }

    @Override
    public void process(Record<String, MetricDelta> record) {
        MetricDelta d = record.value();
        String figure = record.key() + "|" + d.getMetric() + "|" + dims(d.getDimensions());
        switch (d.getKind()) {
            case COUNT -> add(figures, figure, d.getAmount());
            case DISTINCT -> {
                long before = orZero(members.get(figure + "|" + d.getMember()));
                long after = Math.max(0, before + d.getAmount());
                put(members, figure + "|" + d.getMember(), after);
                if ((before > 0) != (after > 0)) {
                    add(figures, figure, after > 0 ? 1 : -1);
                }
            }
            case REPEAT -> {
                long before = orZero(members.get(figure + "|" + d.getMember()));
                long after = before + d.getAmount();
                put(members, figure + "|" + d.getMember(), after);
                if ((before >= 2) != (after >= 2)) {
                    add(figures, figure, after >= 2 ? 1 : -1);
                }
            }
            case SAMPLE -> {
                String held = samples.get(figure);
                samples.put(figure, held == null ? Long.toString(d.getAmount()) : held + "," + d.getAmount());
            }
            default -> {
                return;
            }
        }
        changed.put(figure, "");
    }

    private void publishChanged() {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = changed.all()) {
            it.forEachRemaining(due::add);
        }
        Set<String> counts = new LinkedHashSet<>();
        Set<String> ratios = new LinkedHashSet<>();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        for (KeyValue<String, String> kv : due) {
            changed.delete(kv.key);
            String[] k = kv.key.split("\\|", -1); // authority, period type, period, metric, dimensions
            String periodKey = k[0] + "|" + k[1] + "|" + k[2];
            String sampled = samples.get(kv.key);
            if (sampled != null) {
                long[] values = Arrays.stream(sampled.split(","))
                        .mapToLong(Long::parseLong)
                        .sorted()
                        .toArray();
                boolean suppress = Disclosure.suppressSummary(values.length);
                publish(
                        periodKey,
                        k[3],
                        withStat(k[4], "median"),
                        suppress ? null : (double) rank(values, 0.5),
                        suppress,
                        now);
                publish(
                        periodKey,
                        k[3],
                        withStat(k[4], "p90"),
                        suppress ? null : (double) rank(values, 0.9),
                        suppress,
                        now);
                continue;
            }
            counts.add(kv.key);
        }
        // a figure that changed may withhold, or stop withholding, the figures that depend on it
        Deque<String> todo = new ArrayDeque<>(counts);
        while (!todo.isEmpty()) {
            for (String dependent : dependents(todo.pop())) {
                if (figures.get(dependent) != null && counts.add(dependent)) {
                    todo.push(dependent);
                }
            }
        }
        for (String figure : counts) {
            String[] k = figure.split("\\|", -1);
            String periodKey = k[0] + "|" + k[1] + "|" + k[2];
            boolean suppress = withheld(figure);
            publish(periodKey, k[3], k[4], suppress ? null : (double) orZero(figures.get(figure)), suppress, now);
            Long population = childPopulations.get(k[0]);
            if (k[3].equals(Metric.EXPLOITATION_ALERTS) && k[4].isEmpty() && population != null) {
                // the rate gives its count away (rate × population), so it is withheld whenever the count is
                publish(
                        periodKey,
                        Metric.EXPLOITATION_ALERTS_PER_100K,
                        "",
                        suppress ? null : per100k(orZero(figures.get(figure)), population),
                        suppress,
                        now);
            }
            RATIOS.forEach((ratio, parts) -> {
                if (k[3].equals(parts[0]) || k[3].equals(parts[1])) {
                    ratios.add(periodKey + "|" + ratio);
                }
            });
        }
        for (String r : ratios) {
            String periodKey = r.substring(0, r.lastIndexOf('|'));
            String ratio = r.substring(r.lastIndexOf('|') + 1);
            String numeratorKey = periodKey + "|" + RATIOS.get(ratio)[0] + "|";
            String denominatorKey = periodKey + "|" + RATIOS.get(ratio)[1] + "|";
            long numerator = orZero(figures.get(numeratorKey));
            long denominator = orZero(figures.get(denominatorKey));
            if (denominator > 0) {
                boolean suppress = withheld(numeratorKey) || withheld(denominatorKey);
                publish(
                        periodKey,
                        ratio,
                        "",
                        suppress ? null : Math.round(1000.0 * numerator / denominator) / 10.0,
                        suppress,
                        now);
            } else if (figures.get(denominatorKey) != null) {
                // a denominator that fell to 0 (the linked groups of a period, all deleted): there is no share, and
                // the one published before is out of date; published without a value, not withheld
                publish(periodKey, ratio, "", null, false, now);
            }
        }
    }

    /** Per 100,000 children, to one decimal place. */
    static double per100k(long count, long population) {
        return Math.round(1_000_000.0 * count / population) / 10.0;
    }

    /**
     * Whether a count is withheld: small itself (primary suppression), a month that an ISO week withheld overlaps, or
     * the total of a breakdown ({@link #BREAKDOWNS}: age band, severity, group size) one of whose bands is withheld
     * (secondary suppression: see {@link Disclosure}).
     */
    private boolean withheld(String figure) {
        return Disclosure.suppressCount(orZero(figures.get(figure)))
                || withheldForAWeek(figure)
                || withheldForABand(figure);
    }

    /** Whether the figure is a month that an ISO week withheld (as small, or for a band) overlaps. */
    private boolean withheldForAWeek(String figure) {
        String[] k = figure.split("\\|", -1);
        if (!k[1].equals(PeriodType.CALENDAR_MONTH.name())) {
            return false;
        }
        for (String week : Periods.weeksOverlapping(k[2])) {
            String weekKey = figureKey(k[0], PeriodType.ISO_WEEK, week, k[3], k[4]);
            if (Disclosure.suppressCount(orZero(figures.get(weekKey))) || withheldForABand(weekKey)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the figure is the total of a breakdown one of whose bands is withheld. */
    private boolean withheldForABand(String figure) {
        String[] k = figure.split("\\|", -1);
        if (!k[4].isEmpty()) {
            return false;
        }
        for (Map.Entry<String, List<String>> breakdown : BREAKDOWNS.entrySet()) {
            for (String band : breakdown.getValue()) {
                String bandKey = figureKey(k[0], PeriodType.valueOf(k[1]), k[2], k[3], breakdown.getKey() + "=" + band);
                if (Disclosure.suppressCount(orZero(figures.get(bandKey))) || withheldForAWeek(bandKey)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The figures whose disclosure control reads this one: for a week, the months it overlaps; for a band of a
     * breakdown (age band, severity, group size), the total of its breakdown.
     */
    private static List<String> dependents(String figure) {
        String[] k = figure.split("\\|", -1);
        List<String> out = new ArrayList<>();
        if (k[1].equals(PeriodType.ISO_WEEK.name())) {
            for (String month : Periods.monthsOverlapping(k[2])) {
                out.add(figureKey(k[0], PeriodType.CALENDAR_MONTH, month, k[3], k[4]));
            }
        }
        int eq = k[4].indexOf('=');
        if (eq > 0 && !k[4].contains(",") && BREAKDOWNS.containsKey(k[4].substring(0, eq))) {
            out.add(figureKey(k[0], PeriodType.valueOf(k[1]), k[2], k[3], ""));
        }
        return out;
    }

    private static String figureKey(String authority, PeriodType type, String period, String metric, String dims) {
        return authority + "|" + type.name() + "|" + period + "|" + metric + "|" + dims;
    }

    private void publish(String periodKey, String metric, String dims, Double value, boolean suppressed, Instant now) {
        String[] p = periodKey.split("\\|", -1);
        PartnershipMetric m = PartnershipMetric.newBuilder()
                .setLocalAuthority(p[0])
                .setPeriodType(PeriodType.valueOf(p[1]))
                .setPeriod(p[2])
                .setMetric(metric)
                .setDimensions(parseDims(dims))
                .setValue(value)
                .setSuppressed(suppressed)
                .setComputedAt(now)
                .build();
        context.forward(new Record<>(periodKey + "|" + metric + "|" + dims, m, now.toEpochMilli()));
    }

    /** Nearest-rank percentile of sorted values. */
    static long rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String dims(Map<String, String> dims) {
        return new TreeMap<>(dims)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static Map<String, String> parseDims(String dims) {
        Map<String, String> m = new TreeMap<>();
        if (!dims.isEmpty()) {
            for (String kv : dims.split(",")) {
                m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        return m;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static String withStat(String dims, String stat) {
        return dims.isEmpty() ? "stat=" + stat : dims + ",stat=" + stat;
    }

    private static void add(KeyValueStore<String, Long> store, String key, long amount) {
        store.put(key, orZero(store.get(key)) + amount);
    }

    private static void put(KeyValueStore<String, Long> store, String key, long value) {
        if (value == 0) {
            store.delete(key);
        } else {
            store.put(key, value);
        }
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
