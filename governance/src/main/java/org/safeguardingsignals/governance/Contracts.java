package org.safeguardingsignals.governance;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.InputContracts;

/**
 * Every input contract's fields with their declared purpose and uses, read from the schemas ({@code @purpose},
 * {@code @uses}) and the records' {@code @dataCategories}, and what is missing or wrong in those declarations.
 */
public final class Contracts {
    public static final String PURPOSE = "purpose";
    public static final String USES = "uses";
    public static final String DATA_CATEGORIES = "dataCategories";

    private Contracts() {}

    /** Every input event type, in the topic registry's order. */
    public static List<EventType> inputs() {
        List<EventType> types = new ArrayList<>();
        for (InputContract<?> contract : InputContracts.ALL) {
            types.add(of(contract.topic()));
        }
        return types;
    }

    static EventType of(Topic<? extends SpecificRecord> topic) {
        Schema schema = topic.valueSchema();
        List<ContractField> fields = new ArrayList<>();
        walk(schema, "", fields);
        return new EventType(topic, strings(schema.getObjectProp(DATA_CATEGORIES)), fields);
    }

    private static void walk(Schema record, String prefix, List<ContractField> out) {
        for (Schema.Field f : record.getFields()) {
            String path = prefix + f.name();
            Schema held = Schemas.heldRecord(f.schema());
            List<UseKind> uses = new ArrayList<>();
            for (String code : strings(f.getObjectProp(USES))) {
                UseKind.ofCode(code).ifPresent(uses::add);
            }
            out.add(new ContractField(
                    path,
                    record,
                    f,
                    Schemas.describe(f.schema()),
                    f.getProp(PURPOSE),
                    List.copyOf(uses),
                    held != null));
            if (held != null) {
                boolean array = Schemas.nonNull(f.schema()).getType() == Schema.Type.ARRAY;
                walk(held, path + (array ? "[]." : "."), out);
            }
        }
    }

    /**
     * What is wrong with the declarations: a field without a purpose or without a use, a use or a data category that
     * is not one of the known words, a record that does not say which categories of personal data it carries.
     */
    public static List<String> problems(List<EventType> types) {
        List<String> problems = new ArrayList<>();
        for (EventType type : types) {
            Schema schema = type.topic().valueSchema();
            Object categories = schema.getObjectProp(DATA_CATEGORIES);
            if (!(categories instanceof List<?>)) {
                problems.add(type.name() + " declares no @" + DATA_CATEGORIES + " (say [] for none)");
            }
            for (String c : strings(categories)) {
                if (!DataCategory.ALL.contains(c)) {
                    problems.add(type.name() + " declares an unknown data category \"" + c + "\"; known: "
                            + DataCategory.ALL);
                }
            }
            for (ContractField f : type.fields()) {
                String where = type.name() + "." + f.path();
                if (f.purpose() == null || f.purpose().isBlank()) {
                    problems.add(where + " declares no @" + PURPOSE);
                }
                List<String> declared = strings(f.field().getObjectProp(USES));
                if (declared.isEmpty()) {
                    problems.add(where + " declares no @" + USES);
                }
                for (String code : declared) {
                    if (UseKind.ofCode(code).isEmpty()) {
                        problems.add(where + " declares an unknown use \"" + code + "\"; known: "
                                + List.of(UseKind.values()).stream()
                                        .map(UseKind::code)
                                        .toList());
                    }
                }
            }
        }
        return problems;
    }

    private static List<String> strings(Object prop) {
        if (!(prop instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(String::valueOf).toList();
    }
}
