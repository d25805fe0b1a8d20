package org.safeguardingsignals.agency.rows;

import static org.safeguardingsignals.agency.rows.Column.optional;
import static org.safeguardingsignals.agency.rows.Column.required;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.safeguardingsignals.agency.Events;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.IdentifierSystem;
import org.safeguardingsignals.events.LocalIdentifier;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.identifiers.IdentifierCheck;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.validation.RejectedInputException;

/** The columns every layout shares: the header, and the ways to name a person or a list of children. */
final class CommonColumns {
    private CommonColumns() {}

    static final String TIME = "date and time: 2025-03-01T10:15:00Z, or 2025-03-01 10:15 in UK time";
    static final String DATE = "date: 2025-03-01 or 01/03/2025";

    static List<Column> header(Agency agency) {
        return header("Kind of agency; default " + agency + ".");
    }

    static List<Column> header(String sourceAgency) {
        return List.of(
                optional(
                        "event_id",
                        "UUID",
                        "This event's id. Leave empty: an id is derived from the row's "
                                + "content, so publishing the same row again is counted once."),
                optional("source_agency", "code", sourceAgency),
                required("organisation_code", "text", "Force code, NHS ODS code, school URN or authority GSS code."),
                required("local_authority", "GSS code", "Local authority concerned, e.g. E09000022."),
                required("occurred_at", TIME, "When it happened (the rules use this time)."),
                optional("recorded_at", TIME, "When it was recorded; default occurred_at."));
    }

    static EventHeader header(Row row, String eventType, Agency agency) {
        String id = row.optional("event_id");
        UUID eventId;
        try {
            eventId = id == null ? row.contentId(eventType) : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new RejectedInputException(RejectReason.INVALID_EVENT_ID, "event_id is not a UUID");
        }
        Instant occurred = row.instant("occurred_at");
        Instant recorded = row.optionalInstant("recorded_at");
        return Events.header(
                eventId,
                row.optionalCode("source_agency", Agency.class, agency),
                row.required("organisation_code"),
                row.required("local_authority"),
                occurred,
                recorded == null ? occurred : recorded);
    }

    /** {prefix}_nhs_number, {prefix}_date_of_birth and {prefix}_upn (and other local ids). */
    static List<Column> person(String prefix, String who) {
        return List.of(
                optional(
                        prefix + "_nhs_number",
                        "10 digits",
                        who + "'s NHS number."
                                + (prefix.equals("child")
                                        ? " Without a valid one the event goes to manual matching, not to the rejects."
                                        : "")),
                optional(prefix + "_date_of_birth", DATE, who + "'s date of birth."),
                optional(prefix + "_upn", "13 characters", who + "'s unique pupil number."),
                optional(
                        prefix + "_local_id",
                        "SYSTEM:value",
                        who + "'s id in another system, e.g. " + "SOCIAL_CARE_ID:12345 or POLICE_PERSON_ID:AB/123."));
    }

    static PersonRef person(Row row, String prefix) {
        List<LocalIdentifier> ids = new ArrayList<>();
        String upn = row.optional(prefix + "_upn");
        if (upn != null) {
            ids.add(Events.localId(IdentifierSystem.UPN, upn));
        }
        String local = row.optional(prefix + "_local_id");
        if (local != null) {
            int colon = local.indexOf(':');
            if (colon <= 0 || colon == local.length() - 1) {
                throw Row.undecodable(prefix + "_local_id", "SYSTEM:value, e.g. SOCIAL_CARE_ID:12345");
            }
            IdentifierSystem system;
            try {
                system = IdentifierSystem.valueOf(
                        local.substring(0, colon).strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Row.undecodable(
                        prefix + "_local_id", "prefixed with one of " + Arrays.toString(IdentifierSystem.values()));
            }
            ids.add(Events.localId(system, local.substring(colon + 1).strip()));
        }
        return Events.child(
                row.optional(prefix + "_nhs_number"),
                row.optionalDate(prefix + "_date_of_birth"),
                ids.toArray(LocalIdentifier[]::new));
    }

    static List<Column> children() {
        return List.of(
                required(
                        "children_nhs_numbers",
                        "list of NHS numbers, separated by ;",
                        "Every child concerned, "
                                + "in one cell: 9434765919;9434765870. Leave an entry empty for a child without one."),
                optional(
                        "children_dates_of_birth",
                        "list of dates, separated by ;",
                        "Dates of birth, in the same " + "order."),
                optional(
                        "children_upns",
                        "list of UPNs, separated by ;",
                        "Unique pupil numbers, in the same " + "order."));
    }

    static List<PersonRef> children(Row row) {
        List<String> nhs = row.list("children_nhs_numbers");
        if (nhs.isEmpty()) {
            throw new RejectedInputException(RejectReason.MISSING_REFERENCE, "children_nhs_numbers is empty");
        }
        List<LocalDate> dobs =
                aligned(row, "children_dates_of_birth", row.dates("children_dates_of_birth"), nhs.size());
        List<String> upns = aligned(row, "children_upns", row.list("children_upns"), nhs.size());
        List<PersonRef> out = new ArrayList<>();
        for (int i = 0; i < nhs.size(); i++) {
            String upn = upns == null ? null : upns.get(i);
            out.add(Events.child(
                    nhs.get(i),
                    dobs == null ? null : dobs.get(i),
                    upn == null
                            ? new LocalIdentifier[0]
                            : new LocalIdentifier[] {Events.localId(IdentifierSystem.UPN, upn)}));
        }
        return out;
    }

    /**
     * Children known only by NHS number, from a {@value Row#LIST_SEPARATOR}-separated list; empty when the column is
     * empty, and an empty entry is skipped. A reference without a valid NHS number would link no one, and a name typed
     * in its place must go no further: such an entry rejects the row (INVALID_NHS_NUMBER), naming the entry by its
     * position, never its value.
     */
    static List<PersonRef> nhsNumbers(Row row, String column) {
        List<PersonRef> out = new ArrayList<>();
        List<String> entries = row.list(column);
        for (int i = 0; i < entries.size(); i++) {
            String nhs = entries.get(i);
            if (nhs == null) {
                continue;
            }
            IdentifierCheck check = NhsNumber.check(nhs);
            if (!check.valid()) {
                throw new RejectedInputException(
                        RejectReason.INVALID_NHS_NUMBER, column + " entry " + (i + 1) + ": " + check.reason());
            }
            out.add(Events.child(nhs));
        }
        return out;
    }

    /** A list that runs beside children_nhs_numbers: null when empty, else of the same length. */
    static <T> List<T> aligned(Row row, String column, List<T> values, int children) {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() != children) {
            throw new RejectedInputException(
                    RejectReason.UNDECODABLE,
                    column + " has " + values.size() + " entries but children_nhs_numbers has " + children);
        }
        return values;
    }
}
