package org.safeguardingsignals.detection.duties;

import org.safeguardingsignals.events.CareFlag;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.RiskAlert;

/** What the statutory duties send: a notice to a school, an alert to a MASH, or a flag to unscheduled care. */
public sealed interface Duty {
    /** An Operation Encompass notice (due, or a change of its status). */
    record Notice(EncompassNotice notice) implements Duty {}

    /** An alert for the MASH, as the rules' alerts. */
    record Alert(RiskAlert alert) implements Duty {}

    /** A CP-IS-style flag for the attending organisation. */
    record Flag(CareFlag flag) implements Duty {}
}
