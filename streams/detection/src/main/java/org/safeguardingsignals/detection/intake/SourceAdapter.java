package org.safeguardingsignals.detection.intake;

import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.PoliceContactType;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.internal.DomesticAbuseDetail;
import org.safeguardingsignals.internal.MissingDetail;
import org.safeguardingsignals.internal.Placement;
import org.safeguardingsignals.internal.SchoolRoll;
import org.safeguardingsignals.runtime.signals.EventSignals;

/**
 * How one input event type becomes detection's indicators: what it signals (shared with the partnership figures),
 * plus the missing-episode and placement details the rules keep in a child's state.
 */
public interface SourceAdapter<E extends SpecificRecord> extends EventSignals<E> {

    /** Missing-episode details, for missing and return-interview events. */
    default MissingDetail missing(E event) {
        return null;
    }

    /** Where a looked-after child is placed, for looked-after starts and ends. */
    default Placement placement(E event) {
        return null;
    }

    /** DASH level and whether this child was present, for police domestic-abuse incidents. */
    default DomesticAbuseDetail domesticAbuse(E event, PersonRef child) {
        return null;
    }

    /** What kind of contact, for a child's police contact. */
    default PoliceContactType policeContact(E event) {
        return null;
    }

    /** The school and dates, for school roll entries. */
    default SchoolRoll roll(E event) {
        return null;
    }

    /** The other children the child was found with, for a return from missing (only their NHS numbers are used). */
    default java.util.List<PersonRef> foundWith(E event) {
        return java.util.List.of();
    }

    /** The event taken back, for a retraction. */
    default org.safeguardingsignals.internal.RetractionDetail retraction(E event) {
        return null;
    }

    /** Why the child was brought, for unscheduled care. */
    default PresentingReason presentingReason(E event) {
        return null;
    }
}
