package org.safeguardingsignals.detection.rules;

/**
 * Every rule that raises alerts, with its id and the version of its logic (raised when its meaning changes). Version 2
 * of the toxic trio weighs police incidents by DASH level and the child's presence; version 2 of repeat missing takes
 * its severity from police risk grades and exploitation factors, not from being looked after.
 */
public enum Rule {
    TOXIC_TRIO("toxic-trio", 2),
    TOXIC_TRIO_EMERGING("toxic-trio-emerging", 2),
    REPEAT_MISSING("repeat-missing", 2),
    RETURN_INTERVIEW_OVERDUE("return-interview-overdue", 1),
    OUT_OF_AREA_MISSING("out-of-area-missing", 1),
    RE_REFERRAL("re-referral", 1),
    REPEAT_DOMESTIC_ABUSE("repeat-domestic-abuse", 1),
    INFANT_INJURY("infant-injury", 1),
    NEGLECT_SIGNALS("neglect-signals", 1),
    /** Signs of exploitation in several groups (missing, education, police contact, health, assessed). */
    EXPLOITATION_RISK("exploitation-risk", 1),
    /** A child linked (by going missing together) to a group in which another child has an open exploitation alert. */
    EXPLOITATION_LINKED("exploitation-linked", 1),
    /** Operation Encompass: a notice to a school not acknowledged by the start of the next school day. */
    ENCOMPASS_UNACKNOWLEDGED("encompass-unacknowledged", 1),
    /** A child of compulsory school age in a police-attended domestic-abuse incident, on no school's roll. */
    NO_CURRENT_SCHOOL("no-current-school", 1),
    /** CP-IS: a child on a protection plan or looked after attended unscheduled care. */
    CP_IS_ATTENDANCE("cp-is-attendance", 1);

    private final String id;
    private final int version;

    Rule(String id, int version) {
        this.id = id;
        this.version = version;
    }

    public String id() {
        return id;
    }

    public int version() {
        return version;
    }
}
