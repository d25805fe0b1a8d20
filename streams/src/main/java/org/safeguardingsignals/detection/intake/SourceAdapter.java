package org.safeguardingsignals.detection.intake;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.internal.MissingDetail;
import org.safeguardingsignals.internal.Placement;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.validation.InputContract;

/**
 * How one input event type becomes indicators: its contract (shared with the partner-agency tools, which validate
 * the same way before sending), its categories and its missing-episode details.
 */
public interface SourceAdapter<E extends SpecificRecord> {

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

    /** Missing-episode details, for missing and return-interview events. */
    default MissingDetail missing(E event) {
        return null;
    }

    /** Where a looked-after child is placed, for looked-after starts and ends. */
    default Placement placement(E event) {
        return null;
    }
}
