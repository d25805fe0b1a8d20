package org.safeguardingsignals.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/** Rules every contract keeps, checked over every schema reachable from a topic. */
class SchemaContractTest {
    /** Field names that would invite narrative; the pipeline carries codes and references only. */
    private static final Pattern NARRATIVE =
            Pattern.compile(".*(narrative|notes?|comments?|description|summary|freetext|text|details?)$");

    @Test
    void everyRecordEnumAndFieldHasADoc() {
        List<String> missing = new ArrayList<>();
        for (Schema s : namedSchemas()) {
            if (blank(s.getDoc())) {
                missing.add(s.getFullName());
            }
            if (s.getType() == Schema.Type.RECORD) {
                s.getFields().stream()
                        .filter(f -> blank(f.doc()))
                        .forEach(f -> missing.add(s.getFullName() + "." + f.name()));
            }
        }
        assertThat(missing).as("schemas and fields without a doc").isEmpty();
    }

    @Test
    void everyEnumDefaultsToUnknownSoNewSymbolsCanCome() {
        List<String> wrong = new ArrayList<>();
        for (Schema s : namedSchemas()) {
            if (s.getType() == Schema.Type.ENUM && !"UNKNOWN".equals(s.getEnumDefault())) {
                wrong.add(s.getFullName());
            }
        }
        assertThat(wrong).as("enums without an UNKNOWN default").isEmpty();
    }

    @Test
    void noFieldInvitesFreeTextNarrative() {
        List<String> narrative = new ArrayList<>();
        for (Schema s : namedSchemas()) {
            if (s.getType() == Schema.Type.RECORD) {
                s.getFields().stream()
                        .filter(f -> NARRATIVE
                                .matcher(f.name().toLowerCase(Locale.ROOT))
                                .matches())
                        // the detail of a dead letter or a rejected row is written by our validation (field and rule),
                        // never copied from input
                        .filter(f -> !(Set.of("DeadLetter", "RejectedRow").contains(s.getName())
                                && f.name().equals("detail")))
                        .forEach(f -> narrative.add(s.getFullName() + "." + f.name()));
            }
        }
        assertThat(narrative).isEmpty();
    }

    @Test
    void timestampsAreTimestampMillis() {
        List<String> wrong = new ArrayList<>();
        for (Schema s : namedSchemas()) {
            if (s.getType() == Schema.Type.RECORD) {
                for (Schema.Field f : s.getFields()) {
                    Schema t = nonNull(f.schema());
                    if (f.name().endsWith("At")
                            && (t.getLogicalType() == null
                                    || !t.getLogicalType().getName().equals("timestamp-millis"))) {
                        wrong.add(s.getFullName() + "." + f.name());
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        return s.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL)
                .findFirst()
                .orElse(s);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static Set<Schema> namedSchemas() {
        Set<Schema> seen = new HashSet<>();
        for (Topic<? extends SpecificRecord> t : Topics.ALL) {
            collect(t.valueSchema(), seen);
        }
        return seen;
    }

    private static void collect(Schema s, Set<Schema> seen) {
        switch (s.getType()) {
            case RECORD -> {
                if (seen.add(s)) {
                    s.getFields().forEach(f -> collect(f.schema(), seen));
                }
            }
            case ENUM, FIXED -> seen.add(s);
            case ARRAY -> collect(s.getElementType(), seen);
            case MAP -> collect(s.getValueType(), seen);
            case UNION -> s.getTypes().forEach(t -> collect(t, seen));
            default -> {}
        }
    }
}
