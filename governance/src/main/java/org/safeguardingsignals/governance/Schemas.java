package org.safeguardingsignals.governance;

import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/** Small readings of Avro schemas the documents need. */
final class Schemas {
    private Schemas() {}

    /** The schema without its null branch: a union of null and one type is that type, optional. */
    static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        return s.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL)
                .findFirst()
                .orElse(s);
    }

    static boolean optional(Schema s) {
        return s.getType() == Schema.Type.UNION && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }

    /** The record a field holds, directly or as the elements of an array; null otherwise. */
    static Schema heldRecord(Schema s) {
        Schema t = nonNull(s);
        if (t.getType() == Schema.Type.RECORD) {
            return t;
        }
        if (t.getType() == Schema.Type.ARRAY && nonNull(t.getElementType()).getType() == Schema.Type.RECORD) {
            return nonNull(t.getElementType());
        }
        return null;
    }

    /** A type in words: "optional date", "array of LinkedChild", "code (Agency)". */
    static String describe(Schema s) {
        String words = describeRequired(nonNull(s));
        return optional(s) ? "optional " + words : words;
    }

    private static String describeRequired(Schema t) {
        LogicalType logical = t.getLogicalType();
        if (logical != null) {
            return switch (logical.getName()) {
                case "timestamp-millis" -> "time";
                case "uuid" -> "id (UUID)";
                default -> logical.getName();
            };
        }
        return switch (t.getType()) {
            case RECORD -> t.getName();
            case ENUM -> "code (" + t.getName() + ")";
            case ARRAY -> "list of " + describe(t.getElementType());
            case MAP -> "map of " + describe(t.getValueType());
            case BOOLEAN -> "yes/no";
            default -> t.getType().getName();
        };
    }
}
