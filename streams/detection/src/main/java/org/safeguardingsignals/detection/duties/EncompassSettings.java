package org.safeguardingsignals.detection.duties;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.safeguardingsignals.decisions.SchoolDays;
import org.safeguardingsignals.identifiers.LocalAuthorityCode;

/**
 * Operation Encompass settings, for the partnership and per authority (term dates differ between authorities):
 * <pre>
 * encompass.school-day-start=08:45          when a school day starts (the notice is due before it)
 * encompass.terms=2026-09-03/2026-10-23,... term dates (first/last); empty: every working day is a school day
 * authority.E09000022.encompass.terms=...   one authority's terms
 * encompass.notice-lookback=P7D             an incident older than this when it arrives (a backfill) sends no
 *                                           notice: the next school day is long gone
 * encompass.off-roll-grace=P20D             a child of school age taken off a roll with no other school is checked
 *                                           as possibly missing education when no roll starts within this time
 *                                           (a school must tell the authority when it removes a pupil; twenty
 *                                           school days is the absence after which a school may)
 * </pre>
 * Bank holidays are the partnership's {@code work-items.bank-holidays}.
 */
public record EncompassSettings(
        LocalTime schoolDayStart,
        List<SchoolDays.Term> terms,
        Map<String, List<SchoolDays.Term>> termsByAuthority,
        Duration noticeLookback,
        Duration offRollGrace) {

    public static final String SCHOOL_DAY_START = "encompass.school-day-start";
    public static final String TERMS = "encompass.terms";
    public static final String NOTICE_LOOKBACK = "encompass.notice-lookback";
    public static final String OFF_ROLL_GRACE = "encompass.off-roll-grace";

    public static final EncompassSettings DEFAULTS = new EncompassSettings(
            SchoolDays.DEFAULT_START, List.of(), Map.of(), Duration.ofDays(7), Duration.ofDays(20));

    public EncompassSettings {
        terms = List.copyOf(terms);
        termsByAuthority = Map.copyOf(termsByAuthority);
        if (noticeLookback.isNegative() || noticeLookback.isZero()) {
            throw new IllegalArgumentException(NOTICE_LOOKBACK + " must be positive, was " + noticeLookback);
        }
        if (offRollGrace.isNegative() || offRollGrace.isZero()) {
            throw new IllegalArgumentException(OFF_ROLL_GRACE + " must be positive, was " + offRollGrace);
        }
    }

    /** The school calendar of one authority (its own terms, or the partnership's). */
    public SchoolDays schoolDays(String authority, Set<LocalDate> bankHolidays) {
        return new SchoolDays(schoolDayStart, bankHolidays, termsByAuthority.getOrDefault(authority, terms));
    }

    public static EncompassSettings from(Properties p) {
        Map<String, List<SchoolDays.Term>> byAuthority = new HashMap<>();
        String suffix = "." + TERMS;
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("authority.") && key.endsWith(suffix)) {
                String gss = key.substring("authority.".length(), key.length() - suffix.length());
                if (!LocalAuthorityCode.isValid(gss)) {
                    throw new ConfigException(
                            key,
                            p.getProperty(key),
                            LocalAuthorityCode.check(gss).reason());
                }
                byAuthority.put(gss, parse(key, p.getProperty(key), SchoolDays::terms));
            }
        }
        String start = p.getProperty(SCHOOL_DAY_START);
        String terms = p.getProperty(TERMS);
        String lookback = p.getProperty(NOTICE_LOOKBACK);
        String grace = p.getProperty(OFF_ROLL_GRACE);
        try {
            return new EncompassSettings(
                    start == null ? DEFAULTS.schoolDayStart : parse(SCHOOL_DAY_START, start, LocalTime::parse),
                    terms == null ? DEFAULTS.terms : parse(TERMS, terms, SchoolDays::terms),
                    byAuthority,
                    lookback == null ? DEFAULTS.noticeLookback : parse(NOTICE_LOOKBACK, lookback, Duration::parse),
                    grace == null ? DEFAULTS.offRollGrace : parse(OFF_ROLL_GRACE, grace, Duration::parse));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("encompass.*", lookback + ", " + grace, e.getMessage());
        }
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> f) {
        try {
            return f.apply(value.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(
                    key,
                    value,
                    "cannot be read (" + e.getMessage() + "); times are HH:MM, terms first/last ISO dates "
                            + "separated by commas, durations ISO-8601 (e.g. P7D)");
        }
    }
}
