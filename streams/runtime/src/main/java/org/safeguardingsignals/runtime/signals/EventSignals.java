package org.safeguardingsignals.runtime.signals;

import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.validation.InputContract;

/**
 * What one input event type signals: its contract (shared with the partner-agency tools, which validate the same way
 * before sending), its header, reference and children, and the coded categories it signals. Detection and the
 * partnership figures read the inputs through the same signals, so they count the same things.
 */
public interface EventSignals<E extends SpecificRecord> {

    InputContract<E> contract();

    default Topic<E> topic() {
        return contract().topic();
    }

    default EventHeader header(E event) {
        return contract().header().apply(event);
    }

    /** The agency's own reference, shown as evidence. */
    default String reference(E event) {
        return contract().reference().apply(event);
    }

    /** The children the event concerns: one indicator per child and category. */
    default List<PersonRef> children(E event) {
        return contract().children().apply(event);
    }

    /** The coded categories the event signals (for example a referral's assessment factors). */
    List<IndicatorCategory> categories(E event);

    /**
     * The coded details the chronology shows beside the event for one of its children (field name to code): whether
     * the child was present, the DASH risk level, the service or school. None by default.
     */
    default Map<String, String> qualifiers(E event, PersonRef child) {
        return Map.of();
    }
}
