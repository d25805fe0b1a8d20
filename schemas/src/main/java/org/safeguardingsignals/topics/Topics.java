package org.safeguardingsignals.topics;

import static org.safeguardingsignals.topics.Topic.Direction.INPUT;
import static org.safeguardingsignals.topics.Topic.Direction.OUTPUT;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.CareFlag;
import org.safeguardingsignals.events.ChildPoliceContact;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.ChronologyView;
import org.safeguardingsignals.events.ConsoleAccess;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EncompassAcknowledgement;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.IdentityVaultEntry;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.RejectedRow;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.UnmatchedEvent;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.events.WorkItem;

/**
 * Every topic the pipeline reads or writes, in one immutable registry. Keys are Strings: input topics are keyed by
 * the agency's own reference (so that updates to one record stay in order); outputs about a child are keyed by the
 * child's pseudonym, never by an NHS number.
 */
public final class Topics {
    private Topics() {}

    /**
     * Inputs: the longest rule lookback (365 days) plus the late-data grace (30 days) and a margin, so that detection
     * state can be rebuilt by replaying them.
     */
    public static final TopicSettings INPUT_SETTINGS = TopicSettings.kept(
            Duration.ofDays(400),
            "The longest rule lookback (365 days) plus the late-data grace (30 days) and a margin, so that detection "
                    + "can be rebuilt by replay");

    public static final Topic<DomesticAbuseIncident> DOMESTIC_ABUSE_INCIDENTS = new Topic<>(
            "safeguarding.police.domestic-abuse-incidents.v1",
            "incidentReference",
            DomesticAbuseIncident.class,
            INPUT,
            "Police domestic-abuse crimes and non-crime incidents that involve children",
            INPUT_SETTINGS);
    public static final Topic<ChildPoliceContact> CHILD_POLICE_CONTACTS = new Topic<>(
            "safeguarding.police.child-contacts.v1",
            "contactReference",
            ChildPoliceContact.class,
            INPUT,
            "A child's contacts with police that may signal exploitation: arrest, stop and search, found in a location "
                    + "of concern, NRM referral, victim of violence (coded)",
            INPUT_SETTINGS);
    public static final Topic<ParentHealthEvent> PARENT_HEALTH_EVENTS = new Topic<>(
            "safeguarding.health.parent-events.v1",
            "eventReference",
            ParentHealthEvent.class,
            INPUT,
            "Health events about a parent or carer: mental health, alcohol or drug misuse",
            INPUT_SETTINGS);
    public static final Topic<UnscheduledCareAttendance> UNSCHEDULED_CARE = new Topic<>(
            "safeguarding.health.unscheduled-care.v1",
            "attendanceReference",
            UnscheduledCareAttendance.class,
            INPUT,
            "A child's attendance at unscheduled care",
            INPUT_SETTINGS);
    public static final Topic<SchoolConcern> SCHOOL_CONCERNS = new Topic<>(
            "safeguarding.school.concerns.v1",
            "concernReference",
            SchoolConcern.class,
            INPUT,
            "School concerns: attendance drop, child missing education, DSL safeguarding concern, exclusion",
            INPUT_SETTINGS);
    public static final Topic<Referral> REFERRALS = new Topic<>(
            "safeguarding.childrens-services.referrals.v1",
            "referralId",
            Referral.class,
            INPUT,
            "Referrals to children's social care, with Children in Need census factors",
            INPUT_SETTINGS);
    public static final Topic<ChildStatusChange> STATUS_CHANGES = new Topic<>(
            "safeguarding.childrens-services.status-changes.v1",
            "header.eventId",
            ChildStatusChange.class,
            INPUT,
            "Child in need, child protection plan and looked-after starts and ends",
            INPUT_SETTINGS);
    public static final Topic<MissingEpisode> MISSING_EPISODES = new Topic<>(
            "safeguarding.missing.episodes.v1",
            "episodeId",
            MissingEpisode.class,
            INPUT,
            "Missing episodes: reported, then returned (same episodeId)",
            INPUT_SETTINGS);
    public static final Topic<SchoolRollEntry> SCHOOL_ROLL = new Topic<>(
            "safeguarding.school.roll.v1",
            "header.eventId",
            SchoolRollEntry.class,
            INPUT,
            "Which child attends which school (starts and ends), for Operation Encompass notices",
            TopicSettings.kept(
                    Duration.ofDays(400),
                    "A school sends its whole roll each school year, then each change: 400 days keeps the latest "
                            + "roll and its changes, so that detection can be rebuilt by replay"));
    public static final Topic<ReturnInterviewEvent> RETURN_INTERVIEWS = new Topic<>(
            "safeguarding.missing.return-interviews.v1",
            "episodeId",
            ReturnInterviewEvent.class,
            INPUT,
            "Return home interviews offered, completed or declined",
            INPUT_SETTINGS);

    /**
     * Retractions: one topic per publishing principal, so that the access rules say who may take an event back (Kafka
     * cannot tell a reader which principal wrote a record on a shared topic). Kept as long as the events they retract,
     * so that a replay applies them again.
     */
    private static Topic<Retraction> retractions(String name, String who) {
        return new Topic<>(
                name,
                "retractedEventId",
                Retraction.class,
                INPUT,
                who + " retract events they published in error (wrong child, recorded in error, duplicate): "
                        + "detection withdraws the alerts that no longer hold",
                TopicSettings.kept(
                        Duration.ofDays(400),
                        "As long as the events retracted, so that a replay applies each retraction again"));
    }

    public static final Topic<Retraction> POLICE_RETRACTIONS =
            retractions("safeguarding.police.retractions.v1", "Police forces");
    public static final Topic<Retraction> HEALTH_RETRACTIONS =
            retractions("safeguarding.health.retractions.v1", "NHS organisations");
    public static final Topic<Retraction> SCHOOL_RETRACTIONS =
            retractions("safeguarding.school.retractions.v1", "Schools");
    public static final Topic<Retraction> CHILDRENS_SERVICES_RETRACTIONS =
            retractions("safeguarding.childrens-services.retractions.v1", "Children's services");
    public static final Topic<Retraction> RETURN_INTERVIEW_RETRACTIONS =
            retractions("safeguarding.missing.return-interview-retractions.v1", "Return interview providers");

    /** Statutory notices: a few a day per school at most, kept while a notice can still be asked about. */
    private static final TopicSettings NOTICE_SETTINGS = TopicSettings.kept(
            Duration.ofDays(400),
            "A school, the MASH or an inspector may ask within the year whether a notice was sent and acknowledged in "
                    + "time; the partnership figures count a year");

    public static final Topic<EncompassNotice> ENCOMPASS_NOTICES = new Topic<>(
            "safeguarding.encompass.notices.v1",
            "schoolUrn",
            EncompassNotice.class,
            OUTPUT,
            "Operation Encompass notices to a school's Designated Safeguarding Lead: a police-attended domestic-abuse "
                    + "incident involving a child on roll, due before the next school day (the latest record of a "
                    + "noticeId is its state: sent, acknowledged or escalated)",
            NOTICE_SETTINGS);
    public static final Topic<EncompassAcknowledgement> ENCOMPASS_ACKNOWLEDGEMENTS = new Topic<>(
            "safeguarding.encompass.acknowledgements.v1",
            "noticeId",
            EncompassAcknowledgement.class,
            OUTPUT,
            "Designated Safeguarding Leads' acknowledgements of Encompass notices, from the console or its API",
            NOTICE_SETTINGS);
    public static final Topic<CareFlag> CARE_FLAGS = new Topic<>(
            "safeguarding.cpis.care-flags.v1",
            "attendanceReference",
            CareFlag.class,
            OUTPUT,
            "CP-IS-style flags for unscheduled care: the attending child is on a protection plan or looked after, "
                    + "and which authority to contact (health principals read it)",
            TopicSettings.kept(
                    Duration.ofDays(30),
                    "The attending organisation reads it within minutes; a month covers an outage of its reader"));

    public static final Topic<LinkedGroup> EXPLOITATION_GROUPS = new Topic<>(
            "safeguarding.exploitation.groups.v1",
            "groupId",
            LinkedGroup.class,
            OUTPUT,
            "Groups of children linked by going missing together (found with one another, or missing together from "
                    + "one area and found in one area), for exploitation (MACE) panels: the latest record of a groupId "
                    + "is the group, a tombstone when it merged or fell apart",
            TopicSettings.compactedForever("A group is its latest record; links lapse by themselves (detection "
                    + "deletes a group whose links have lapsed), so the topic holds only the groups in force"));

    public static final Topic<RiskAlert> ALERTS = new Topic<>(
            "safeguarding.alerts.v1",
            "childPseudonym",
            RiskAlert.class,
            OUTPUT,
            "Risk alerts for MASH review, each with its rule, window and evidence",
            TopicSettings.kept(
                    TopicSettings.FOREVER,
                    "The MASH board is rebuilt from it, and it is the record of what the "
                            + "partnership was prompted to consider; kept until the partnership sets its records period"));
    public static final Topic<MashDecision> DECISIONS = new Topic<>(
            "safeguarding.mash.decisions.v1",
            "alertId",
            MashDecision.class,
            OUTPUT,
            "MASH decisions on alerts (append-only)",
            TopicSettings.kept(
                    TopicSettings.FOREVER,
                    "Each decision to share or not must stay on record (DPA 2018, "
                            + "Working Together 2023); kept until the partnership sets its records period"));
    public static final Topic<WorkItem> WORK_ITEMS = new Topic<>(
            "safeguarding.mash.work-items.v1",
            "childPseudonym",
            WorkItem.class,
            OUTPUT,
            "The front door's work items: one per child per authority, alerts joined as evidence, with status and "
                    + "decision due time (the latest record of a workItemId is its state)",
            TopicSettings.kept(
                    TopicSettings.FOREVER,
                    "The child worklist is rebuilt from it, and it records what the MASH was asked to decide and "
                            + "by when; kept until the partnership sets its records period"));
    public static final Topic<PartnershipMetric> PARTNERSHIP_METRICS = new Topic<>(
            "safeguarding.partnership.metrics.v1",
            "localAuthority|periodType|period|metric|dimensions",
            PartnershipMetric.class,
            OUTPUT,
            "Disclosure-controlled aggregates for safeguarding partnerships",
            TopicSettings.compactedForever("A later figure for the same authority, period and metric "
                    + "corrects an earlier one, so only the latest is kept"));
    public static final Topic<UnmatchedEvent> UNMATCHED = new Topic<>(
            "safeguarding.identity.unmatched.v1",
            "sourceEventId",
            UnmatchedEvent.class,
            OUTPUT,
            "Events about a child with no usable NHS number, for MASH staff to match by hand",
            TopicSettings.kept(
                    Duration.ofDays(30),
                    "Holds local identifiers and a date of birth while MASH staff "
                            + "match the child by hand; kept no longer than matching takes"));
    public static final Topic<IdentityVaultEntry> IDENTITY_VAULT = new Topic<>(
            "safeguarding.identity.vault.v1",
            "childPseudonym",
            IdentityVaultEntry.class,
            OUTPUT,
            "Each child's NHS number sealed for the MASH console's reveal path (detection writes, only the console's "
                    + "vault key opens)",
            TopicSettings.compactedForever("One sealed identity per child is all the reveal path needs; the "
                    + "latest replaces the earlier ones, and a child's entry stays while their alerts do"));
    public static final Topic<DeadLetter> DEAD_LETTERS = new Topic<>(
            "safeguarding.dead-letters.v1",
            "sourceTopic",
            DeadLetter.class,
            OUTPUT,
            "Inputs that could not be processed, with reason, coordinates and original bytes",
            TopicSettings.kept(
                    Duration.ofDays(14),
                    "For the engineer on call to diagnose and replay; the "
                            + "original bytes are encrypted for the replay tool's key alone"));

    public static final Topic<RejectedRow> REJECTED_ROWS = new Topic<>(
            "safeguarding.intake.rejected-rows.v1",
            "file",
            RejectedRow.class,
            OUTPUT,
            "Rows of dropped files that the file-drop connector could not publish, with line and reason",
            TopicSettings.kept(
                    Duration.ofDays(30),
                    "The agency keeps the file; line and reason are needed only "
                            + "until the row is corrected and sent again"));

    public static final Topic<ChronologyView> CHRONOLOGY_VIEWS = new Topic<>(
            "safeguarding.audit.chronology-views.v1",
            "workerId",
            ChronologyView.class,
            OUTPUT,
            "Audit, until console access was audited as a whole: each look at a child's chronology (read-only "
                    + "history; ConsoleAccess reads these records)",
            TopicSettings.kept(
                    TopicSettings.FOREVER,
                    "Who looked at which child, and when, must stay "
                            + "answerable for as long as the records are kept"));
    public static final Topic<ConsoleAccess> CONSOLE_ACCESS = new Topic<>(
            "safeguarding.audit.console-access.v1",
            "workerId",
            ConsoleAccess.class,
            OUTPUT,
            "Audit: every access in the MASH console to alerts, the live stream, chronologies and children's identities, "
                    + "and every search of this trail (who, what, when, why)",
            TopicSettings.kept(
                    TopicSettings.FOREVER,
                    "Who looked at which child or alert, and when, must stay "
                            + "answerable for as long as the records are kept"));

    /** Every topic, inputs first. */
    public static final List<Topic<? extends SpecificRecord>> ALL = List.of(
            DOMESTIC_ABUSE_INCIDENTS,
            CHILD_POLICE_CONTACTS,
            PARENT_HEALTH_EVENTS,
            UNSCHEDULED_CARE,
            SCHOOL_CONCERNS,
            SCHOOL_ROLL,
            REFERRALS,
            STATUS_CHANGES,
            MISSING_EPISODES,
            RETURN_INTERVIEWS,
            POLICE_RETRACTIONS,
            HEALTH_RETRACTIONS,
            SCHOOL_RETRACTIONS,
            CHILDRENS_SERVICES_RETRACTIONS,
            RETURN_INTERVIEW_RETRACTIONS,
            ALERTS,
            DECISIONS,
            WORK_ITEMS,
            PARTNERSHIP_METRICS,
            UNMATCHED,
            IDENTITY_VAULT,
            DEAD_LETTERS,
            REJECTED_ROWS,
            CHRONOLOGY_VIEWS,
            CONSOLE_ACCESS,
            ENCOMPASS_NOTICES,
            ENCOMPASS_ACKNOWLEDGEMENTS,
            CARE_FLAGS,
            EXPLOITATION_GROUPS);

    /**
     * Topics the pipeline no longer has: nothing creates them, no tool sends to them and no application reads them.
     * Listed so that the governance documents say what is not collected, and why.
     */
    public static final List<WithdrawnTopic> WITHDRAWN = List.of();

    /** What partner agencies publish: their events, then their retractions. */
    public static List<Topic<? extends SpecificRecord>> inputs() {
        return ALL.stream().filter(t -> t.direction() == INPUT).toList();
    }

    /** The agencies' events (every input but the retractions). */
    public static List<Topic<? extends SpecificRecord>> events() {
        return inputs().stream().filter(t -> t.valueType() != Retraction.class).toList();
    }

    /** The retraction topics, one per publishing principal. */
    public static List<Topic<Retraction>> retractions() {
        return List.of(
                POLICE_RETRACTIONS,
                HEALTH_RETRACTIONS,
                SCHOOL_RETRACTIONS,
                CHILDRENS_SERVICES_RETRACTIONS,
                RETURN_INTERVIEW_RETRACTIONS);
    }

    public static Optional<Topic<? extends SpecificRecord>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
