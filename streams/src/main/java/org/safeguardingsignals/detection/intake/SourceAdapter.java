package org.safeguardingsignals.detection.intake;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.internal.MissingDetail;
import org.safeguardingsignals.topics.Topic;

/** How one input event type becomes indicators: its header, reference, children, categories and extra checks. */
public interface SourceAdapter<E extends SpecificRecord> {

    Topic<E> topic();

    EventHeader header(E event);

    /** The agency's own reference, shown as evidence. */
    String reference(E event);

    /** The children the event concerns: one indicator per child and category. */
    List<PersonRef> children(E event);

    /** The coded categories the event signals (for example a referral's assessment factors). */
    List<IndicatorCategory> categories(E event);

    /** Other people whose identifiers are checked (a parent in a health event). */
    default List<PersonRef> otherPeople(E event) {
        return List.of();
    }

    /** Missing-episode details, for missing and return-interview events. */
    default MissingDetail missing(E event) {
        return null;
    }

    /** Checks beyond the common ones; throws {@link RejectedInputException}. */
    default void validate(E event) {
    }
}
