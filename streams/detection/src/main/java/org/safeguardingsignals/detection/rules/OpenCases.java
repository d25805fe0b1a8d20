package org.safeguardingsignals.detection.rules;

import java.util.Optional;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.OpenStatus;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;

/**
 * Whether a child is already open to children's social care, from the council's status changes: a child in need, on
 * a child protection plan, or looked after, whose latest start of that status has no later end. Such a child has an
 * allocated worker, so an alert goes to the allocated team "for information", not to the front door as new work.
 * Where several are open, a plan comes first, then looked after, then child in need (the most intensive involvement
 * names the team). The allocated authority is the one that recorded the status (the placing authority for a
 * looked-after child).
 */
public final class OpenCases {
    private OpenCases() {}

    /** The status the child is open under, and the authority holding it. */
    public record OpenCase(OpenStatus status, String authority) {}

    public static Optional<OpenCase> of(ChildState state) {
        Optional<OpenCase> plan = open(
                        state, IndicatorCategory.CHILD_PROTECTION_PLAN, IndicatorCategory.CHILD_PROTECTION_PLAN_ENDED)
                .map(i -> new OpenCase(OpenStatus.CHILD_PROTECTION_PLAN, i.getLocalAuthority()));
        if (plan.isPresent()) {
            return plan;
        }
        Optional<OpenCase> lookedAfter = open(
                        state, IndicatorCategory.LOOKED_AFTER, IndicatorCategory.LOOKED_AFTER_ENDED)
                .map(i -> new OpenCase(
                        OpenStatus.LOOKED_AFTER,
                        i.getPlacement() != null && i.getPlacement().getPlacingAuthority() != null
                                ? i.getPlacement().getPlacingAuthority()
                                : i.getLocalAuthority()));
        if (lookedAfter.isPresent()) {
            return lookedAfter;
        }
        return open(state, IndicatorCategory.CHILD_IN_NEED, IndicatorCategory.CHILD_IN_NEED_ENDED)
                .map(i -> new OpenCase(OpenStatus.CHILD_IN_NEED, i.getLocalAuthority()));
    }

    /** The latest start, when no end follows it (indicators are oldest first). */
    private static Optional<Indicator> open(ChildState state, IndicatorCategory start, IndicatorCategory end) {
        Indicator latest = null;
        for (Indicator i : state.getIndicators()) {
            if (i.getCategory() == start) {
                latest = i;
            } else if (i.getCategory() == end) {
                latest = null;
            }
        }
        return Optional.ofNullable(latest);
    }
}
