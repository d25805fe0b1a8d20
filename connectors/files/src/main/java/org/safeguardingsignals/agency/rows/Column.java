package org.safeguardingsignals.agency.rows;

/** A column of an event type's file layout, as documented for agencies. */
public record Column(String name, boolean required, String format, String description) {

    static Column required(String name, String format, String description) {
        return new Column(name, true, format, description);
    }

    static Column optional(String name, String format, String description) {
        return new Column(name, false, format, description);
    }
}
