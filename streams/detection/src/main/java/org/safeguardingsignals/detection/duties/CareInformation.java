package org.safeguardingsignals.detection.duties;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.detection.rules.Alerts;
import org.safeguardingsignals.detection.rules.OpenCases;
import org.safeguardingsignals.detection.rules.Rule;
import org.safeguardingsignals.events.CareFlag;
import org.safeguardingsignals.events.OpenStatus;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildDuties;
import org.safeguardingsignals.internal.Indicator;

/**
 * CP-IS (NHS England's Child Protection Information Sharing): what an unscheduled-care attendance of a child on a
 * protection plan or looked after sends: a flag for the attending organisation, saying whom to contact, and an alert
 * to the responsible authority. Nothing for a child on neither.
 */
final class CareInformation {
    private CareInformation() {}

    /** The flag and the alert, or none. */
    static List<Duty> of(String child, ChildDuties state, Indicator attendance, Instant now, DetectionConfig config) {
        boolean plan = state.getProtectionPlanAuthority() != null;
        boolean lookedAfter = state.getLookedAfterBy() != null;
        if (!plan && !lookedAfter) {
            return List.of();
        }
        String contact = lookedAfter ? state.getLookedAfterBy() : state.getProtectionPlanAuthority();
        CareFlag flag = CareFlag.newBuilder()
                .setAttendanceReference(attendance.getSourceReference())
                .setOrganisationCode(attendance.getOrganisationCode() == null ? "" : attendance.getOrganisationCode())
                .setAttendedAt(attendance.getOccurredAt())
                .setOnProtectionPlan(plan)
                .setLookedAfter(lookedAfter)
                .setContactAuthority(contact)
                .setFlaggedAt(now)
                .build();
        List<String> routing = new ArrayList<>(List.of(contact));
        if (plan && lookedAfter && !state.getProtectionPlanAuthority().equals(contact)) {
            routing.add(state.getProtectionPlanAuthority());
        }
        // the child is open to children's social care: the alert goes to the allocated team for information (unless
        // the authority's settings send such alerts to the front door), a plan's before a placement's, as OpenCases
        OpenCases.OpenCase open = plan
                ? new OpenCases.OpenCase(OpenStatus.CHILD_PROTECTION_PLAN, state.getProtectionPlanAuthority())
                : new OpenCases.OpenCase(OpenStatus.LOOKED_AFTER, state.getLookedAfterBy());
        boolean forInformation =
                config.forAuthority(attendance.getLocalAuthority()).alreadyKnownForInformation();
        Duty.Alert alert = new Duty.Alert(new Alerts(
                        child,
                        now,
                        careAuthorities(state),
                        false,
                        forInformation ? Optional.of(open) : Optional.empty(),
                        attendance.getHouseholdReference())
                .raise(
                        Rule.CP_IS_ATTENDANCE,
                        Severity.MEDIUM,
                        List.of(attendance),
                        attendance.getOccurredAt(),
                        attendance.getOccurredAt(),
                        routing));
        return List.of(new Duty.Flag(flag), alert);
    }

    /** The placing authority of a looked-after child, told of every alert about the child (Routing). */
    static Set<String> careAuthorities(ChildDuties state) {
        return state.getLookedAfterBy() == null ? Set.of() : Set.of(state.getLookedAfterBy());
    }
}
