package org.safeguardingsignals.metrics;

/** Every published metric name, documented in docs/ARCHITECTURE.md (partnership metrics). */
public final class Metric {
    /** Input events by agency and the category they signal; a retraction is not one ({@link #RETRACTIONS}). */
    public static final String EVENTS_RECEIVED = "events_received";
    /**
     * Retractions received (an agency taking back an event it sent), each retraction's event id once, by {@code agency}
     * and {@code reason}, dated by the retraction's occurredAt, for its header's authority. A retraction detection
     * refuses (another agency's event, or no event within the window) is counted here and also as a rejected input.
     */
    public static final String RETRACTIONS = "retractions";

    public static final String UNMATCHED = "unmatched_events";
    public static final String REJECTED = "rejected_inputs";
    /**
     * Alerts raised, by rule and severity, dated by their triggering evidence: a withdrawn alert stays raised (its
     * WITHDRAWN record is not counted again), and the alert re-issued in its place is a new one. Withheld, besides the
     * usual rules, whenever its {@link #ALERTS_WITHDRAWN} cell is not 0 and that cell or its {@link #CHILDREN_FLAGGED}
     * cell is withheld ({@link SecondarySuppression}).
     */
    public static final String ALERTS = "alerts_raised";
    /**
     * Alerts withdrawn after a retraction took away evidence they rested on, each alert id once, by {@link #RULE} and
     * {@link #SEVERITY}, for every authority the alert was routed to, dated as the alert is in {@link #ALERTS} (its
     * triggering evidence), so each cell is at most its alerts_raised cell. By rule and severity, never by rule alone,
     * for the reason {@link #CHILDREN_FLAGGED} is.
     */
    public static final String ALERTS_WITHDRAWN = "alerts_withdrawn";
    /** Children with an open toxic-trio alert (HIGH: all three groups); emerging alerts are counted apart. */
    public static final String CHILDREN_OPEN_TRIO = "children_with_open_toxic_trio_alert";
    /** Children with an open emerging toxic-trio alert (MEDIUM: two of the three groups). */
    public static final String CHILDREN_OPEN_EMERGING = "children_with_open_emerging_toxic_trio_alert";

    public static final String MISSING_EPISODES = "missing_episodes";
    /**
     * Distinct children with a repeat-missing alert: the union of {@link #CHILDREN_FLAGGED} for that rule by severity,
     * so withheld whenever one of those is (it would bound a withheld one from below).
     */
    public static final String CHILDREN_REPEAT_MISSING = "children_with_repeat_missing_alert";

    public static final String RETURNS = "returns_from_missing";
    public static final String RHI_WITHIN_72H = "return_interviews_within_72h";
    public static final String RHI_WITHIN_72H_PCT = "return_interviews_within_72h_pct";
    /**
     * Decision records by {@code outcome}, dated by the decision. An outcome is withheld whenever an {@link
     * #ALERT_OUTCOMES} cell of its {@link OutcomeGroup} is, for any rule: the rules' cells add up to it.
     */
    public static final String DECISIONS = "mash_decisions";
    /**
     * Minutes from the alert's triggering evidence to its first decision, by {@code stat} (median, p90), in total and
     * by {@link #RULE} and stat; withheld when fewer than 5 decisions are summarised.
     */
    public static final String MINUTES_TO_FIRST_DECISION = "minutes_to_first_decision";

    public static final String REFERRALS = "referrals";
    public static final String RE_REFERRALS = "re_referrals_within_12_months";
    public static final String RE_REFERRALS_PCT = "re_referrals_within_12_months_pct";
    /** Contacts with the front door: distinct referral ids, dated by the first record of each. */
    public static final String CONTACTS = "contacts";
    /** Contacts whose outcome became an assessment or a strategy discussion (DfE: a referral). */
    public static final String CONTACTS_REFERRED = "contacts_becoming_referrals";

    public static final String CONTACTS_REFERRED_PCT = "contacts_becoming_referrals_pct";
    /**
     * Alerts decided for the first time, dated by the decision. Where every first decision closes its alert it is
     * the sum of the {@link #ALERT_OUTCOMES} totals by rule, so it is withheld, with {@link
     * #DECIDED_IN_ONE_WORKING_DAY}, whenever exactly one rule's total is withheld (that total would be the
     * difference).
     */
    public static final String FIRST_DECISIONS = "first_decisions";
    /** First decisions made within one working day of the alert's triggering evidence. */
    public static final String DECIDED_IN_ONE_WORKING_DAY = "first_decisions_within_one_working_day";

    public static final String DECIDED_IN_ONE_WORKING_DAY_PCT = "first_decisions_within_one_working_day_pct";
    /** Distinct children with a missing episode reported in the period. */
    public static final String CHILDREN_MISSING = "children_missing";
    /** Distinct children with two or more missing episodes reported in the period. */
    public static final String CHILDREN_MISSING_MORE_THAN_ONCE = "children_missing_more_than_once";
    /**
     * The breakdown by the child's age at the event ({@code ChildAge.Band}): children missing and missing more than once.
     * The figure without it is withheld whenever a band is ({@link Disclosure}).
     */
    public static final String AGE_BAND = "age_band";
    /** Operation Encompass notices sent to schools, dated by the incident. */
    public static final String NOTICES_SENT = "encompass_notices_sent";
    /** Notices a school acknowledged before the start of the next school day (never escalated). */
    public static final String NOTICES_IN_TIME = "encompass_notices_acknowledged_in_time";

    public static final String NOTICES_IN_TIME_PCT = "encompass_notices_acknowledged_in_time_pct";
    /** Notices not acknowledged by their deadline: the MASH was alerted. */
    public static final String NOTICES_ESCALATED = "encompass_notices_escalated";
    /** Unscheduled-care attendances of a child on a plan or looked after, flagged (CP-IS), by the authority to contact. */
    public static final String ATTENDANCES_FLAGGED = "attendances_flagged";
    /**
     * Alerts of the multi-agency exploitation-risk rule, each alert id once, for every authority it is routed to,
     * dated by its triggering evidence: the total and by {@link #SEVERITY} (the total is withheld whenever a severity
     * is, {@link Disclosure}).
     */
    public static final String EXPLOITATION_ALERTS = "exploitation_alerts";
    /**
     * Exploitation-risk alerts per 100,000 children aged 0 to 17, from the total above and the authority's
     * {@code authority.<GSS code>.child-population} ({@link MetricsSettings}); withheld whenever the total is, and not
     * published for an authority without a population.
     */
    public static final String EXPLOITATION_ALERTS_PER_100K = "exploitation_alerts_per_100k";
    /**
     * Alerts of the exploitation-linked rule (a child linked to a group where another child has an open
     * exploitation-risk alert), counted as {@link #EXPLOITATION_ALERTS} are: total and by severity.
     */
    public static final String EXPLOITATION_LINKED_ALERTS = "exploitation_linked_alerts";
    /**
     * Linked groups (safeguarding.exploitation.groups.v1) in force at the end of the period (for a period in progress:
     * now), each once for every authority in its {@code authorities}: the total and by {@link #GROUP_SIZE} (the total
     * is withheld whenever a size band is). {@link LinkedGroups} says how a group's records date it.
     */
    public static final String LINKED_GROUPS = "linked_groups";
    /** Of those, the groups with more than one authority responsible for their children. */
    public static final String LINKED_GROUPS_CROSS = "linked_groups_cross_authority";

    public static final String LINKED_GROUPS_CROSS_PCT = "linked_groups_cross_authority_pct";
    /** The breakdown of a linked group's figures by its number of children ({@link GroupSize}). */
    public static final String GROUP_SIZE = "group_size";
    /**
     * Distinct children (by pseudonym) with an alert of a {@link #RULE} at a {@link #SEVERITY}, for every authority the
     * alert is routed to, dated by its triggering evidence. By rule and severity, never by rule alone: a child's count
     * by rule would bound the rule's alerts_raised by severity from above and could pin a withheld one (children ≤
     * alerts); each cell here is at most its alerts_raised cell. A child with alerts of two severities is in both. A
     * child leaves a cell when its last alert there is withdrawn ({@link #ALERTS_WITHDRAWN}), so a cell can fall.
     * {@link #CHILDREN_REPEAT_MISSING} is the union of the repeat-missing cells and is withheld whenever one is.
     */
    public static final String CHILDREN_FLAGGED = "children_flagged";
    /**
     * {@link #CHILDREN_FLAGGED} per 100,000 children aged 0 to 17 ({@code authority.<GSS>.child-population}), by rule
     * and severity; withheld whenever its count is, and not published for an authority without a population.
     */
    public static final String CHILDREN_FLAGGED_PER_100K = "children_flagged_per_100k";
    /**
     * Alerts whose outcome was recorded in the period, for the deciding authority, dated by that decision: each alert
     * once, at its first decision that closes it ({@code FrontDoorDecisions.closes}: not an acknowledgement; no further
     * action once signed off). By {@link #RULE}, and by rule and {@link #OUTCOME_GROUP}; a rule's total is withheld
     * whenever one of its groups is, and so are the {@link #DECISIONS} outcomes of that group.
     */
    public static final String ALERT_OUTCOMES = "alert_outcomes";
    /** Of a rule's {@link #ALERT_OUTCOMES}, the share that was no further action; withheld when either count is. */
    public static final String ALERT_OUTCOMES_NFA_PCT = "alert_outcomes_no_further_action_pct";
    /** The breakdown by the alert's rule id (the rules of docs/ARCHITECTURE.md: a closed set). */
    public static final String RULE = "rule";
    /** The breakdown of {@link #ALERT_OUTCOMES} by {@link OutcomeGroup}. */
    public static final String OUTCOME_GROUP = "outcome_group";
    /** The breakdown by the alert's severity: exploitation alerts, and children flagged. */
    public static final String SEVERITY = "severity";
    /** Authority of input that names none (bytes that could not be decoded). */
    public static final String UNATTRIBUTED = "UNATTRIBUTED";

    private Metric() {}
}
