package org.safeguardingsignals.governance;

import java.util.List;
import org.apache.avro.Schema;

/**
 * One field of an input contract, where it sits in the event and what it is for.
 *
 * @param path      where the field sits in the event, e.g. {@code header.eventId} or {@code children[].child.nhsNumber}
 * @param owner     the record that declares the field (a shared record, such as PersonRef, declares it once)
 * @param field     the field as Avro declares it
 * @param type      its type in words, e.g. "optional date", "array of LinkedChild"
 * @param purpose   why the pipeline asks for it ({@code @purpose}); null when undeclared
 * @param uses      what the pipeline uses it for ({@code @uses})
 * @param container whether it holds other fields (a record, or an array of records), which are listed after it
 */
public record ContractField(
        String path,
        Schema owner,
        Schema.Field field,
        String type,
        String purpose,
        List<UseKind> uses,
        boolean container) {

    /** The field's own name. */
    public String name() {
        return field.name();
    }

    /** The field's documentation in the contract. */
    public String doc() {
        return field.doc();
    }

    /** The record type a container holds (its element type for an array), or null for a plain field. */
    public Schema heldRecord() {
        return Schemas.heldRecord(field.schema());
    }
}
