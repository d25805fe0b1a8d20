package org.safeguardingsignals.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.IdentifierSystem;
import org.safeguardingsignals.events.LocalIdentifier;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.identifiers.AgencyReference;
import org.safeguardingsignals.identifiers.IdentifierCheck;
import org.safeguardingsignals.identifiers.LocalAuthorityCode;
import org.safeguardingsignals.identifiers.UniquePupilNumber;
import org.safeguardingsignals.topics.Topic;

/**
 * What an input event of one type must satisfy to be accepted, and where its header, reference and people are. The
 * pipeline's intake and the partner-agency tools (SDK, publish CLI, file-drop connector) call the same
 * {@link #validate}, so an event the tools accept is never dead-lettered for a rule they did not check.
 *
 * <p>A child with a missing or invalid NHS number is accepted: it goes to manual matching, not to the dead letters.
 *
 * <p>References, organisation codes and ids in agencies' own systems must fit {@link AgencyReference}'s character
 * set (letters, digits and {@code - _ / . :}, at most 64 characters): they are shown to MASH staff, so markup or
 * free text in one is refused at intake as INVALID_REFERENCE.
 *
 * @param topic       the input topic of this event type
 * @param header      the common header
 * @param reference   the agency's own reference, shown as evidence
 * @param children    the children the event concerns
 * @param extraChecks checks of this type beyond the common ones
 */
public record InputContract<E extends SpecificRecord>(
        Topic<E> topic,
        Function<E, EventHeader> header,
        Function<E, String> reference,
        Function<E, List<PersonRef>> children,
        Consumer<E> extraChecks) {
    private static final UUID NIL = new UUID(0, 0);

    /**
     * Checks every rule; the first broken one is thrown. The detail names the field and the rule, never the value.
     *
     * @param now           the time of processing
     * @param futureTolerance how far after {@code now} an event may be dated (clock skew)
     * @throws RejectedInputException when a rule is broken
     */
    public void validate(E event, Instant now, Duration futureTolerance) {
        if (event == null) {
            throw new RejectedInputException(RejectReason.MISSING_REFERENCE, "record has no value (tombstone)");
        }
        validateHeader(header.apply(event), now, futureTolerance);
        requireReference("reference", reference.apply(event));
        List<PersonRef> kids = children.apply(event);
        if (kids.isEmpty()) {
            throw new RejectedInputException(RejectReason.MISSING_REFERENCE, "no child is referenced");
        }
        for (PersonRef child : kids) {
            validateLocalIdentifiers("child", child);
        }
        extraChecks.accept(event);
    }

    /** Checks against the wall clock with the pipeline's default tolerance of clock skew. */
    public void validate(E event) {
        validate(event, Instant.now(), InputContracts.DEFAULT_FUTURE_TOLERANCE);
    }

    private static void validateHeader(EventHeader header, Instant now, Duration futureTolerance) {
        if (NIL.equals(header.getEventId())) {
            // the SDK's "derive the id when sending" mark: sent any other way, every such event would share one id
            throw new RejectedInputException(
                    RejectReason.INVALID_EVENT_ID,
                    "header.eventId is the nil UUID: give the event its own id, or send it with the SDK's "
                            + "AgencyPublisher, which derives one from the event");
        }
        IdentifierCheck la = LocalAuthorityCode.check(header.getLocalAuthority());
        if (!la.valid()) {
            throw new RejectedInputException(
                    RejectReason.INVALID_AUTHORITY_CODE, "header.localAuthority: " + la.reason());
        }
        requireReference("header.organisationCode", header.getOrganisationCode());
        if (header.getOccurredAt().isAfter(now.plus(futureTolerance))) {
            throw new RejectedInputException(
                    RejectReason.TIMESTAMP_IN_FUTURE,
                    "header.occurredAt is more than " + futureTolerance + " after the time of processing");
        }
    }

    private static void validateLocalIdentifiers(String field, PersonRef person) {
        for (LocalIdentifier id : person.getLocalIdentifiers()) {
            String where = field + ".localIdentifiers[" + id.getSystem() + "]";
            if (id.getSystem() == IdentifierSystem.UPN) {
                IdentifierCheck upn = UniquePupilNumber.check(id.getValue());
                if (!upn.valid()) {
                    throw new RejectedInputException(RejectReason.INVALID_UPN, where + ": " + upn.reason());
                }
            } else {
                requireReference(where, id.getValue());
            }
        }
        if (person.getHouseholdReference() != null) {
            requireReference(field + ".householdReference", person.getHouseholdReference());
        }
    }

    /** Present (else MISSING_REFERENCE) and within the character set (else INVALID_REFERENCE). */
    static void requireReference(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new RejectedInputException(RejectReason.MISSING_REFERENCE, field + " is missing");
        }
        IdentifierCheck check = AgencyReference.check(value);
        if (!check.valid()) {
            throw new RejectedInputException(RejectReason.INVALID_REFERENCE, field + " " + check.reason());
        }
    }
}
