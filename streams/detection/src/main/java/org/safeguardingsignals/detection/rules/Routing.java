package org.safeguardingsignals.detection.rules;

import java.util.LinkedHashSet;
import java.util.Set;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.MissingDetail;
import org.safeguardingsignals.internal.Placement;

/**
 * Who is told about a child: one rule for every alert. The authority on the latest evidence; and, for a looked-after
 * child, the placing authority (the child's corporate parent, with the duty to safeguard the child wherever they
 * live: Children Act 1989 s22) and the host authority where the child is placed, if it differs (it must be told of
 * the placement and is where the child's MASH, police and schools are). Whether a child is looked after is judged
 * from the child's latest looked-after evidence: a looked-after start or end from children's services, or a missing
 * episode reported as of a looked-after child.
 */
public final class Routing {
    private Routing() {}

    /** The placing and host authorities of a child looked after now (placing first), or none. */
    public static Set<String> careAuthorities(ChildState state) {
        Indicator latest = null;
        for (Indicator i : state.getIndicators()) { // oldest first
            if (isLookedAfterEvidence(i)) {
                latest = i;
            }
        }
        Set<String> out = new LinkedHashSet<>();
        if (latest == null || latest.getCategory() == IndicatorCategory.LOOKED_AFTER_ENDED) {
            return out;
        }
        if (latest.getCategory() == IndicatorCategory.LOOKED_AFTER) {
            Placement p = latest.getPlacement();
            out.add(
                    p != null && p.getPlacingAuthority() != null
                            ? p.getPlacingAuthority()
                            : latest.getLocalAuthority());
            if (p != null && p.getHostAuthority() != null) {
                out.add(p.getHostAuthority());
            }
            return out;
        }
        MissingDetail m = latest.getMissing();
        if (m.getPlacingAuthority() != null) {
            out.add(m.getPlacingAuthority());
        }
        if (m.getHostAuthority() != null) {
            out.add(m.getHostAuthority());
        }
        return out;
    }

    private static boolean isLookedAfterEvidence(Indicator i) {
        return switch (i.getCategory()) {
            case LOOKED_AFTER, LOOKED_AFTER_ENDED -> true;
            case MISSING_EPISODE -> i.getMissing() != null && i.getMissing().getLookedAfter();
            default -> false;
        };
    }
}
