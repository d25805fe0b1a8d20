package org.safeguardingsignals.detection;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.safeguardingsignals.decisions.SchoolDays;
import org.safeguardingsignals.decisions.WorkingDays;
import org.safeguardingsignals.detection.duties.EncompassSettings;
import org.safeguardingsignals.detection.links.LinkSettings;
import org.safeguardingsignals.identifiers.LocalAuthorityCode;
import org.safeguardingsignals.validation.InputContracts;

/**
 * Rule settings with per-authority overrides, plus pipeline-wide tolerances. Read from properties:
 * <pre>
 * rules.toxic-trio.lookback=P365D            rules.toxic-trio.emerging.enabled=true
 * rules.repeat-missing.count=3               rules.repeat-missing.period=P90D
 * rules.return-interview.due=PT72H
 * rules.toxic-trio.domestic-abuse.linked-standard-counts=false   rules.council-factors.trigger=false
 * rules.re-referral.window=P365D             rules.already-known.for-information=true
 * rules.repeat-domestic-abuse.count=3        rules.repeat-domestic-abuse.period=P365D
 * rules.neglect.agencies=2                   rules.neglect.period=P180D
 * rules.infant.any-attendance=false          rules.repeat-missing.count-away-from-placement=true
 * rules.exploitation.groups=3                rules.exploitation.period=P90D
 * authority.E09000022.rules.repeat-missing.count=2     (any rule key, for one authority)
 * intake.future-tolerance=PT5M               intake.grace=P30D
 * timers.interval=PT30S                      timers.idle-before-wall-clock=PT5M
 * work-items.bank-holidays=2025-01-01,...    (England and Wales 2025 to 2027 by default)
 * work-items.partitions=4
 * encompass.school-day-start=08:45           encompass.terms=   encompass.notice-lookback=P7D
 * authority.E09000022.encompass.terms=2026-09-03/2026-10-23,...   ({@link EncompassSettings})
 * links.co-missing-interval=PT12H            links.lifetime=P180D   ({@link LinkSettings})
 * </pre>
 *
 * @param defaults          settings for authorities without overrides
 * @param byAuthority       overridden settings, by GSS code
 * @param futureTolerance   an event may be dated at most this far after the wall clock (clock skew)
 * @param grace             an event more than this far behind stream time is kept in the chronology but raises no
 *                          alert: it is history, not news
 * @param timerInterval     how often due return interviews and expired state are checked (wall clock)
 * @param idleBeforeWallClock when no record has arrived for this long, timers go by the wall clock instead of
 *                          stream time, so that a quiet feed does not hold back an overdue alert
 * @param bankHolidays      days that are not working days, for work items' decision due times
 * @param workItemPartitions partitions of the two repartition topics that bring alerts and decisions to the work
 *                          items, the same for both so that one task holds each child's items
 * @param encompass         Operation Encompass: school-day start, term dates, how old an incident may be
 * @param links             linked children: the co-missing interval and how long a link lasts
 * @param expiryPerRun      children whose expiry a timer run reads, per task (a slice of the store per run); 0, for
 *                          a replay only, reads none
 * @param storesInMemory    state in memory rather than RocksDB: for a replay in Kafka's test driver (the backtest),
 *                          which commits, and so flushes RocksDB to disk, after every record; never a deployment's
 * @param retractionWindow  how long a retraction that came before its event waits for it (event time): the event is
 *                          dropped when it comes within this time; after it, the retraction is dead-lettered unmatched
 */
public record DetectionConfig(
        RuleSettings defaults,
        Map<String, RuleSettings> byAuthority,
        Duration futureTolerance,
        Duration grace,
        Duration timerInterval,
        Duration idleBeforeWallClock,
        Set<LocalDate> bankHolidays,
        int workItemPartitions,
        EncompassSettings encompass,
        LinkSettings links,
        int expiryPerRun,
        boolean storesInMemory,
        Duration retractionWindow) {

    public static final String RETRACTION_WINDOW = "rules.retraction.window";
    public static final String FUTURE_TOLERANCE = "intake.future-tolerance";
    public static final String GRACE = "intake.grace";
    public static final String TIMER_INTERVAL = "timers.interval";
    public static final String IDLE_BEFORE_WALL_CLOCK = "timers.idle-before-wall-clock";
    public static final String BANK_HOLIDAYS = "work-items.bank-holidays";
    public static final String WORK_ITEM_PARTITIONS = "work-items.partitions";
    public static final String EXPIRY_PER_RUN = "timers.expiry-per-run";

    public static final DetectionConfig DEFAULTS = new DetectionConfig(
            RuleSettings.DEFAULTS,
            Map.of(),
            InputContracts.DEFAULT_FUTURE_TOLERANCE,
            Duration.ofDays(30),
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            Set.copyOf(WorkingDays.ENGLAND_AND_WALES_2025_TO_2027),
            4,
            EncompassSettings.DEFAULTS,
            LinkSettings.DEFAULTS,
            ExpirySweep.PER_RUN,
            false,
            Duration.ofDays(30));

    /** Without Encompass settings of its own: the defaults. */
    public DetectionConfig(
            RuleSettings defaults,
            Map<String, RuleSettings> byAuthority,
            Duration futureTolerance,
            Duration grace,
            Duration timerInterval,
            Duration idleBeforeWallClock,
            Set<LocalDate> bankHolidays,
            int workItemPartitions) {
        this(
                defaults,
                byAuthority,
                futureTolerance,
                grace,
                timerInterval,
                idleBeforeWallClock,
                bankHolidays,
                workItemPartitions,
                EncompassSettings.DEFAULTS,
                LinkSettings.DEFAULTS,
                ExpirySweep.PER_RUN,
                false,
                DEFAULTS.retractionWindow());
    }

    public DetectionConfig {
        byAuthority = Map.copyOf(byAuthority);
        bankHolidays = Set.copyOf(bankHolidays);
        if (workItemPartitions < 1) {
            throw new IllegalArgumentException("work-items.partitions must be at least 1, was " + workItemPartitions);
        }
        if (expiryPerRun < 0) {
            throw new IllegalArgumentException(EXPIRY_PER_RUN + " must be at least 0, was " + expiryPerRun);
        }
        if (retractionWindow.isNegative() || retractionWindow.isZero()) {
            throw new IllegalArgumentException(RETRACTION_WINDOW + " must be positive, was " + retractionWindow);
        }
    }

    /** A copy with the fields the update methods change; the rest as they are. */
    private DetectionConfig with(
            RuleSettings defaults,
            Map<String, RuleSettings> byAuthority,
            Duration timerInterval,
            EncompassSettings encompass,
            LinkSettings links,
            int expiryPerRun,
            boolean storesInMemory) {
        return new DetectionConfig(
                defaults,
                byAuthority,
                futureTolerance,
                grace,
                timerInterval,
                idleBeforeWallClock,
                bankHolidays,
                workItemPartitions,
                encompass,
                links,
                expiryPerRun,
                storesInMemory,
                retractionWindow);
    }

    /** School days of one authority, for Operation Encompass deadlines. */
    public SchoolDays schoolDays(String authority) {
        return encompass.schoolDays(authority, bankHolidays);
    }

    public DetectionConfig withEncompass(EncompassSettings settings) {
        return with(defaults, byAuthority, timerInterval, settings, links, expiryPerRun, storesInMemory);
    }

    public DetectionConfig withLinks(LinkSettings settings) {
        return with(defaults, byAuthority, timerInterval, encompass, settings, expiryPerRun, storesInMemory);
    }

    /**
     * With timers that run every {@code interval} and read {@code perRun} children's expiry a run: a replay on a
     * simulated clock (the backtest) runs them by the simulated hour, not every 30 s of a year.
     */
    public DetectionConfig withTimers(Duration interval, int perRun) {
        return with(defaults, byAuthority, interval, encompass, links, perRun, storesInMemory);
    }

    /** With every store in memory (see storesInMemory): for a replay in Kafka's test driver only. */
    public DetectionConfig withStoresInMemory() {
        return with(defaults, byAuthority, timerInterval, encompass, links, expiryPerRun, true);
    }

    /**
     * A key-value store named {@code name}: RocksDB with its changelog, or for a replay in memory without one
     * (nothing could restore it, and each change would cost a record).
     */
    public <K, V> StoreBuilder<KeyValueStore<K, V>> keyValueStore(String name, Serde<K> keys, Serde<V> values) {
        if (storesInMemory) {
            return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                    .withLoggingDisabled();
        }
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values);
    }

    /** Working days for work items' decision due times. */
    public WorkingDays workingDays() {
        return new WorkingDays(bankHolidays);
    }

    public RuleSettings forAuthority(String gssCode) {
        return byAuthority.getOrDefault(gssCode, defaults);
    }

    /** How long a child's state is kept after its latest indicator: the longest lookback of any authority. */
    public Duration retention() {
        Duration longest = defaults.longestLookback();
        for (RuleSettings s : byAuthority.values()) {
            if (s.longestLookback().compareTo(longest) > 0) {
                longest = s.longestLookback();
            }
        }
        return longest.plus(grace);
    }

    public DetectionConfig withAuthority(String gssCode, RuleSettings settings) {
        Map<String, RuleSettings> m = new HashMap<>(byAuthority);
        m.put(gssCode, settings);
        return with(defaults, m, timerInterval, encompass, links, expiryPerRun, storesInMemory);
    }

    public DetectionConfig withDefaults(RuleSettings settings) {
        return with(settings, byAuthority, timerInterval, encompass, links, expiryPerRun, storesInMemory);
    }

    public static DetectionConfig from(Properties p) {
        RuleSettings defaults = rules(p, "", RuleSettings.DEFAULTS);
        Map<String, RuleSettings> byAuthority = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("authority.") && !key.endsWith("." + EncompassSettings.TERMS)) {
                String gss = key.substring("authority.".length(), key.indexOf('.', "authority.".length()));
                if (!LocalAuthorityCode.isValid(gss)) {
                    throw new ConfigException(
                            key,
                            p.getProperty(key),
                            LocalAuthorityCode.check(gss).reason());
                }
                byAuthority.computeIfAbsent(gss, g -> rules(p, "authority." + g + ".", defaults));
            }
        }
        return new DetectionConfig(
                defaults,
                byAuthority,
                get(p, FUTURE_TOLERANCE, DEFAULTS.futureTolerance(), Duration::parse),
                get(p, GRACE, DEFAULTS.grace(), Duration::parse),
                get(p, TIMER_INTERVAL, DEFAULTS.timerInterval(), Duration::parse),
                get(p, IDLE_BEFORE_WALL_CLOCK, DEFAULTS.idleBeforeWallClock(), Duration::parse),
                get(p, BANK_HOLIDAYS, DEFAULTS.bankHolidays(), WorkingDays::dates),
                get(p, WORK_ITEM_PARTITIONS, DEFAULTS.workItemPartitions(), Integer::parseInt),
                EncompassSettings.from(p),
                LinkSettings.from(p),
                get(p, EXPIRY_PER_RUN, DEFAULTS.expiryPerRun(), DetectionConfig::atLeastOne),
                false,
                get(p, RETRACTION_WINDOW, DEFAULTS.retractionWindow(), Duration::parse));
    }

    private static RuleSettings rules(Properties p, String prefix, RuleSettings base) {
        return new RuleSettings(
                get(p, prefix + "rules.toxic-trio.lookback", base.trioLookback(), Duration::parse),
                get(
                        p,
                        prefix + "rules.toxic-trio.emerging.enabled",
                        base.trioEmergingEnabled(),
                        DetectionConfig::strictBoolean),
                get(p, prefix + "rules.repeat-missing.count", base.missingCount(), Integer::parseInt),
                get(p, prefix + "rules.repeat-missing.period", base.missingPeriod(), Duration::parse),
                get(p, prefix + "rules.return-interview.due", base.returnInterviewDue(), Duration::parse),
                get(
                        p,
                        prefix + "rules.toxic-trio.domestic-abuse.linked-standard-counts",
                        base.trioLinkedStandardCounts(),
                        DetectionConfig::strictBoolean),
                get(
                        p,
                        prefix + "rules.council-factors.trigger",
                        base.councilFactorsTrigger(),
                        DetectionConfig::strictBoolean),
                get(p, prefix + "rules.re-referral.window", base.reReferralWindow(), Duration::parse),
                get(p, prefix + "rules.repeat-domestic-abuse.count", base.domesticAbuseCount(), Integer::parseInt),
                get(p, prefix + "rules.repeat-domestic-abuse.period", base.domesticAbusePeriod(), Duration::parse),
                get(p, prefix + "rules.neglect.agencies", base.neglectAgencies(), Integer::parseInt),
                get(p, prefix + "rules.neglect.period", base.neglectPeriod(), Duration::parse),
                get(
                        p,
                        prefix + "rules.infant.any-attendance",
                        base.infantAnyAttendance(),
                        DetectionConfig::strictBoolean),
                get(
                        p,
                        prefix + "rules.repeat-missing.count-away-from-placement",
                        base.missingCountsAway(),
                        DetectionConfig::strictBoolean),
                get(
                        p,
                        prefix + "rules.already-known.for-information",
                        base.alreadyKnownForInformation(),
                        DetectionConfig::strictBoolean),
                get(p, prefix + "rules.exploitation.groups", base.exploitationGroups(), Integer::parseInt),
                get(p, prefix + "rules.exploitation.period", base.exploitationPeriod(), Duration::parse));
    }

    /** A deployment sweeps (0, no sweep, is for a replay that holds every child anyway). */
    private static int atLeastOne(String s) {
        int n = Integer.parseInt(s);
        if (n < 1) {
            throw new IllegalArgumentException("must be at least 1");
        }
        return n;
    }

    private static boolean strictBoolean(String s) {
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(s);
    }

    private static <T> T get(Properties p, String key, T dflt, Function<String, T> parse) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        try {
            return parse.apply(v.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(
                    key, v, "cannot be read (" + e.getMessage() + "); durations are ISO-8601, " + "e.g. P90D or PT72H");
        }
    }
}
