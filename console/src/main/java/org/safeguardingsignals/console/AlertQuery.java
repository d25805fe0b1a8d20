package org.safeguardingsignals.console;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.safeguardingsignals.console.AlertBoard.Entry;
import org.safeguardingsignals.events.Severity;

/**
 * What a worker asked of the alert list beyond their authorities: rules, severities, status, whose it is, how old,
 * whether past its decision time, and the order. Unknown values are refused with the values allowed, so that a
 * typo never shows a list that looks complete.
 */
record AlertQuery(
        Set<String> rules,
        Set<String> severities,
        StatusFilter status,
        Assigned assigned,
        Optional<Duration> olderThan,
        boolean overdueOnly,
        Sort sort) {

    /** Which statuses: open (NEW and ACKNOWLEDGED, the default), one status, or all. */
    enum StatusFilter {
        OPEN,
        NEW,
        ACKNOWLEDGED,
        CLOSED,
        WITHDRAWN,
        ALL
    }

    /** Whose: anyone's (the default), taken by me (acknowledged by me last), or nobody's yet (NEW). */
    enum Assigned {
        ANYONE,
        ME,
        NOBODY
    }

    /** Newest first (the default), oldest first, highest severity first, or soonest due first. */
    enum Sort {
        NEWEST,
        OLDEST,
        SEVERITY,
        DUE
    }

    /** Reads the query from request parameters; a value it does not know is an IllegalArgumentException. */
    static AlertQuery parse(Function<String, String> param) {
        Optional<Duration> olderThan = given(param, "olderThan").map(s -> {
            try {
                Duration d = Duration.parse(s);
                if (d.isNegative()) {
                    throw new IllegalArgumentException("olderThan must not be negative");
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("olderThan must be an ISO-8601 duration, e.g. PT4H or P1D");
            }
        });
        Set<String> severities = list(param, "severity", s -> s.toUpperCase(Locale.ROOT));
        for (String s : severities) {
            if (Arrays.stream(Severity.values()).noneMatch(v -> v.name().equals(s)) && !"NONE".equals(s)) {
                throw new IllegalArgumentException("severity must be among HIGH, MEDIUM, LOW");
            }
        }
        return new AlertQuery(
                list(param, "rule", s -> s),
                severities,
                choice(param, "status", StatusFilter.class, StatusFilter.OPEN),
                choice(param, "assigned", Assigned.class, Assigned.ANYONE),
                olderThan,
                given(param, "overdue").map("true"::equalsIgnoreCase).orElse(false),
                choice(param, "sort", Sort.class, Sort.NEWEST));
    }

    /** Whether an alert the worker may see is one they asked for. */
    Predicate<Entry> matches(Worker worker, Instant now) {
        return e -> (rules.isEmpty() || rules.contains(e.alert().getRuleId()))
                && (severities.isEmpty()
                        || severities.contains(e.alert().getSeverity().name()))
                && statusMatches(e.status())
                && switch (assigned) {
                    case ANYONE -> true;
                    case ME -> e.assignedTo().map(worker.id()::equals).orElse(false);
                    case NOBODY -> e.status() == AlertBoard.Status.NEW;
                }
                && olderThan
                        .map(d -> DecisionTimescale.age(e.alert().getRaisedAt(), now)
                                        .compareTo(d)
                                >= 0)
                        .orElse(true)
                && (!overdueOnly || e.overdue(now));
    }

    Comparator<Entry> order() {
        Comparator<Entry> newest =
                Comparator.comparing((Entry e) -> e.alert().getRaisedAt()).reversed();
        return switch (sort) {
            case NEWEST -> newest;
            case OLDEST -> newest.reversed();
            case SEVERITY ->
                Comparator.comparing((Entry e) -> rank(e.alert().getSeverity())).thenComparing(newest.reversed());
            case DUE -> Comparator.comparing((Entry e) -> e.dueBy());
        };
    }

    /** The query as the audit keeps it: only what was asked beyond the defaults. */
    Map<String, String> forAudit() {
        Map<String, String> audit = new LinkedHashMap<>();
        if (!rules.isEmpty()) {
            audit.put("rule", String.join(",", rules));
        }
        if (assigned != Assigned.ANYONE) {
            audit.put("assigned", assigned.name().toLowerCase(Locale.ROOT));
        }
        olderThan.ifPresent(d -> audit.put("olderThan", d.toString()));
        if (overdueOnly) {
            audit.put("overdue", "true");
        }
        if (sort != Sort.NEWEST) {
            audit.put("sort", sort.name().toLowerCase(Locale.ROOT));
        }
        return audit;
    }

    /** HIGH first, then MEDIUM, LOW, and anything a newer producer sent last. */
    private static int rank(Severity severity) {
        return switch (severity) {
            case HIGH -> 0;
            case MEDIUM -> 1;
            case LOW -> 2;
            default -> 3;
        };
    }

    private boolean statusMatches(AlertBoard.Status s) {
        return switch (status) {
            case OPEN -> s.open();
            case ALL -> true;
            case NEW -> s == AlertBoard.Status.NEW;
            case ACKNOWLEDGED -> s == AlertBoard.Status.ACKNOWLEDGED;
            case CLOSED -> s == AlertBoard.Status.CLOSED;
            case WITHDRAWN -> s == AlertBoard.Status.WITHDRAWN;
        };
    }

    private static Optional<String> given(Function<String, String> param, String name) {
        return Optional.ofNullable(param.apply(name)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static Set<String> list(Function<String, String> param, String name, Function<String, String> norm) {
        Set<String> values = new TreeSet<>();
        given(param, name)
                .ifPresent(s -> Arrays.stream(s.split("\\s*,\\s*"))
                        .filter(v -> !v.isBlank())
                        .map(norm)
                        .forEach(values::add));
        return values;
    }

    private static <E extends Enum<E>> E choice(
            Function<String, String> param, String name, Class<E> type, E otherwise) {
        Optional<String> value = given(param, name);
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            return Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(c -> c.name().toLowerCase(Locale.ROOT))
                            .toList());
        }
    }
}
