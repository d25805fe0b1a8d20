package org.safeguardingsignals.agency.rows;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.validation.RejectedInputException;
import org.safeguardingsignals.validation.Suggestions;

/**
 * One row of a file: its number (1 for the first data row) and its values by column name. The accessors parse a
 * value or throw {@link RejectedInputException} naming the column and the expected format, never the value.
 */
public final class Row {
    /** Local times in agencies' exports are UK wall-clock times. */
    static final ZoneId UK = ZoneId.of("Europe/London");

    private static final DateTimeFormatter UK_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    static final String LIST_SEPARATOR = ";";

    private final long number;
    private final Map<String, String> values;
    private final Set<String> declared;

    Row(long number, Map<String, String> values, Set<String> declared) {
        this.number = number;
        this.values = values;
        this.declared = declared;
    }

    public long number() {
        return number;
    }

    /** The trimmed value, or null when the column is absent or empty. */
    public String optional(String column) {
        if (!declared.contains(column)) {
            throw new IllegalStateException("column " + column + " is not declared"); // a mapping bug
        }
        String v = values.get(column);
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    public String required(String column) {
        String v = optional(column);
        if (v == null) {
            throw new RejectedInputException(RejectReason.MISSING_REFERENCE, column + " is empty");
        }
        return v;
    }

    public Instant instant(String column) {
        Instant v = optionalInstant(column);
        if (v == null) {
            throw new RejectedInputException(RejectReason.MISSING_REFERENCE, column + " is empty");
        }
        return v;
    }

    /** ISO-8601 with a zone (2025-03-01T10:15:00Z, ...+01:00), or a UK local time (2025-03-01 10:15[:00]). */
    public Instant optionalInstant(String column) {
        String v = optional(column);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException notOffset) {
            try {
                return LocalDateTime.parse(v.replace(' ', 'T')).atZone(UK).toInstant();
            } catch (DateTimeException e) {
                throw invalidDate(column, "a date and time such as 2025-03-01T10:15:00Z or 2025-03-01 10:15 (UK time)");
            }
        }
    }

    public LocalDate date(String column) {
        LocalDate v = optionalDate(column);
        if (v == null) {
            throw new RejectedInputException(RejectReason.MISSING_REFERENCE, column + " is empty");
        }
        return v;
    }

    /** 2025-03-01 or 01/03/2025. */
    public LocalDate optionalDate(String column) {
        return parseDate(column, optional(column));
    }

    private static LocalDate parseDate(String column, String v) {
        if (v == null) {
            return null;
        }
        try {
            return v.contains("/") ? LocalDate.parse(v, UK_DATE) : LocalDate.parse(v);
        } catch (DateTimeException e) {
            throw invalidDate(column, "a date such as 2025-03-01 or 01/03/2025");
        }
    }

    public boolean bool(String column) {
        String v = required(column);
        return parseBool(column, v);
    }

    private static boolean parseBool(String column, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1" -> true;
            case "false", "no", "n", "0" -> false;
            default -> throw undecodable(column, "true or false (also yes/no, y/n, 1/0)");
        };
    }

    /** A coded value, case and separators forgiven ("Child in need start" reads as CHILD_IN_NEED_START). */
    public <T extends Enum<T>> T code(String column, Class<T> type) {
        T v = optionalCode(column, type, null);
        if (v == null) {
            throw new RejectedInputException(RejectReason.MISSING_REFERENCE, column + " is empty");
        }
        return v;
    }

    public <T extends Enum<T>> T optionalCode(String column, Class<T> type, T absent) {
        String v = optional(column);
        return v == null ? absent : parseCode(column, type, v);
    }

    private static <T extends Enum<T>> T parseCode(String column, Class<T> type, String v) {
        String name = v.strip().toUpperCase(Locale.ROOT).replaceAll("[ \\-]+", "_");
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            // the cell is not repeated: a name or an NHS number typed into a code column would leak. Suggesting
            // one of our codes helps the sender find it.
            List<String> codes =
                    Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
            throw new RejectedInputException(
                    RejectReason.UNDECODABLE,
                    column + " is not one of its codes"
                            + Suggestions.nearest(name, codes)
                                    .map(c -> " (did you mean " + c + "?)")
                                    .orElse("; the codes are " + String.join(", ", codes)));
        }
    }

    /** A {@value LIST_SEPARATOR}-separated list of codes; empty when the column is empty. */
    public <T extends Enum<T>> List<T> codes(String column, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (String v : list(column)) {
            if (v != null) {
                out.add(parseCode(column, type, v));
            }
        }
        return out;
    }

    /** The {@value LIST_SEPARATOR}-separated values, an empty entry as null; empty when the column is empty. */
    public List<String> list(String column) {
        String v = optional(column);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(LIST_SEPARATOR, -1)) {
            out.add(part.isBlank() ? null : part.strip());
        }
        return out;
    }

    public List<LocalDate> dates(String column) {
        return list(column).stream().map(v -> parseDate(column, v)).toList();
    }

    public List<Boolean> bools(String column) {
        return list(column).stream()
                .map(v -> v == null ? null : parseBool(column, v))
                .toList();
    }

    /**
     * An event id that depends only on the row's content: publishing the same row again (a rerun, a connector
     * restart) gives the same id, which the pipeline counts once.
     */
    public UUID contentId(String eventType) {
        StringBuilder content = new StringBuilder(eventType);
        new TreeMap<>(values).forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                content.append('\u001f').append(k).append('=').append(v.strip());
            }
        });
        return UUID.nameUUIDFromBytes(content.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A date or time cell in no accepted format: the column and the formats it takes, never the value. */
    static RejectedInputException invalidDate(String column, String expected) {
        return new RejectedInputException(RejectReason.INVALID_DATE, column + " is not " + expected);
    }

    static RejectedInputException undecodable(String column, String expected) {
        return new RejectedInputException(RejectReason.UNDECODABLE, column + " is not " + expected);
    }
}
