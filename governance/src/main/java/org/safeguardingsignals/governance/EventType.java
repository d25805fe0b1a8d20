package org.safeguardingsignals.governance;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.topics.Topic;

/**
 * An input event type as the governance documents describe it: its topic, the special categories of personal data it
 * may carry ({@code @dataCategories} on the record: "health", "criminal-offence") and its fields in order.
 */
public record EventType(
        Topic<? extends SpecificRecord> topic, List<String> dataCategories, List<ContractField> fields) {

    /** The record's simple name, e.g. "ParentHealthEvent". */
    public String name() {
        return topic.valueSchema().getName();
    }

    public boolean specialCategory() {
        return dataCategories.contains(DataCategory.HEALTH);
    }

    public boolean criminalOffenceData() {
        return dataCategories.contains(DataCategory.CRIMINAL_OFFENCE);
    }
}
