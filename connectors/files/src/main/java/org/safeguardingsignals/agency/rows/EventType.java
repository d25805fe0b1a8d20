package org.safeguardingsignals.agency.rows;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.RejectedInputException;
import org.safeguardingsignals.validation.Suggestions;

/**
 * The file layout of one input event type: its columns and how a row becomes the event. Shared by the publish
 * command and the file-drop connector, so a file that one accepts the other accepts.
 *
 * @param name     the name used on the command line and in connector configuration, e.g. "referral"
 * @param contract the event's input contract (topic and validation)
 * @param columns  the columns, in the order of the sample file
 * @param mapper   builds the event from a row; throws {@link RejectedInputException} for a bad value
 * @param columnNames the columns' names, in order (derived once: every row is checked against them)
 * @param withdrawn   columns this type once had and no longer collects: a file that still has one is refused, naming
 *                    it, so that an agency stops sending what the pipeline no longer asks for
 */
public record EventType<E extends SpecificRecord>(
        String name,
        InputContract<E> contract,
        List<Column> columns,
        Function<Row, E> mapper,
        Set<String> columnNames,
        Set<String> withdrawn) {

    public EventType(String name, InputContract<E> contract, List<Column> columns, Function<Row, E> mapper) {
        this(name, contract, columns, mapper, List.of());
    }

    public EventType(
            String name,
            InputContract<E> contract,
            List<Column> columns,
            Function<Row, E> mapper,
            List<String> withdrawn) {
        this(name, contract, List.copyOf(columns), mapper, namesOf(columns), Set.copyOf(withdrawn));
    }

    private static Set<String> namesOf(List<Column> columns) {
        Set<String> names = new LinkedHashSet<>();
        columns.forEach(c -> names.add(c.name()));
        return Collections.unmodifiableSet(names);
    }

    /**
     * What is wrong with a file's header row, if anything: columns this type does not know (by position, with the
     * nearest known name) and required columns that are missing. Empty when the header is usable. An unknown
     * column is not named: where the header row is missing, the first row of data stands in its place.
     */
    public List<String> headerProblems(Collection<String> header) {
        List<String> problems = unknownColumns(header, "header column");
        for (Column c : columns) {
            if (c.required() && !header.contains(c.name())) {
                problems.add("required column '" + c.name() + "' is missing");
            }
        }
        return problems;
    }

    /**
     * Names this type does not know, each by its position ({@code what} N: a header column, or a key of a JSON
     * object) with the nearest known column name, never the unknown name itself.
     */
    public List<String> unknownColumns(Collection<String> names, String what) {
        List<String> problems = new ArrayList<>();
        Set<String> known = columnNames();
        int position = 0;
        for (String h : names) {
            position++;
            if (withdrawn.contains(h)) {
                // a name of ours, never a value: safe to repeat even where data stands in for the header
                problems.add(what + " " + position + " is '" + h + "', which the pipeline no longer collects: remove it"
                        + " (docs/PUBLISHING.md, what is no longer asked for)");
            } else if (!known.contains(h)) {
                problems.add(what + " " + position + " is not a column of " + name
                        + Suggestions.nearest(h, known)
                                .map(s -> " (did you mean '" + s + "'?)")
                                .orElse(""));
            }
        }
        return problems;
    }

    /** A row as read from a file, as an event; throws {@link RejectedInputException}. */
    public E toEvent(RowReader.RawRow raw) {
        if (raw.unreadable() != null) {
            throw new RejectedInputException(RejectReason.UNDECODABLE, raw.unreadable());
        }
        List<String> unknown = unknownColumns(raw.values().keySet(), "key");
        if (!unknown.isEmpty()) {
            throw new RejectedInputException(RejectReason.UNDECODABLE, String.join("; ", unknown));
        }
        return toEvent(raw.line(), raw.values());
    }

    /** The row as an event, validated against the input contract; throws {@link RejectedInputException}. */
    public E toEvent(long rowNumber, Map<String, String> values) {
        E event;
        try {
            event = mapper.apply(new Row(rowNumber, values, columnNames()));
        } catch (AvroRuntimeException e) {
            // a builder's "Field x type:STRING pos:1 not set": it names the field, never a value
            throw new RejectedInputException(
                    RejectReason.MISSING_REFERENCE, "a required value is missing: " + e.getMessage());
        }
        contract.validate(event);
        return event;
    }
}
