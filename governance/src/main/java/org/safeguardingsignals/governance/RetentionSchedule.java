package org.safeguardingsignals.governance;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.detection.ChildRulesProcessor;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.detection.duties.EncompassDeadlinesProcessor;
import org.safeguardingsignals.detection.duties.EncompassSettings;
import org.safeguardingsignals.detection.duties.StatutoryDutiesProcessor;
import org.safeguardingsignals.detection.links.LinkSettings;
import org.safeguardingsignals.detection.links.LinkingProcessor;
import org.safeguardingsignals.detection.workitems.WorkItemsProcessor;
import org.safeguardingsignals.runtime.TopicProvisioner;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.TopicSettings;
import org.safeguardingsignals.topics.Topics;

/**
 * The retention schedule of docs/ARCHITECTURE.md: how long each kind of record is kept and why, for a partnership's
 * records manager to sign off. Topics are grouped by kind of record ({@link #KINDS}) and their periods and reasons read
 * from the topic registry; state outside the topics takes its periods from detection's settings and constants. A
 * partnership's own settings give its own schedule ({@link #table(DetectionConfig, Map)}).
 */
public final class RetentionSchedule {
    public static final Path ARCHITECTURE = Path.of("docs", "ARCHITECTURE.md");
    public static final String REGION = "retention-schedule";

    private RetentionSchedule() {}

    /** A kind of record as a records manager files it, and which topics hold it. */
    record Kind(String record, Predicate<Topic<?>> holds) {}

    private static Predicate<Topic<?>> is(Topic<?>... topics) {
        return t -> List.of(topics).contains(t);
    }

    /** Every topic must be of exactly one kind: a new topic without one stops the generator and fails the test. */
    static final List<Kind> KINDS = List.of(
            new Kind(
                    "**Agencies' events**: what police, health, schools, children's services and missing-person "
                            + "services publish about a child and their family",
                    t -> Topics.events().contains(t)),
            new Kind(
                    "**Retractions**: an agency taking back an event it published in error",
                    t -> Topics.retractions().contains(t)),
            new Kind("**Risk alerts** raised for MASH review, and their withdrawals", is(Topics.ALERTS)),
            new Kind("**MASH decisions** on alerts and work items (append-only)", is(Topics.DECISIONS)),
            new Kind("**Work items**: the front door's worklist, one per child per authority", is(Topics.WORK_ITEMS)),
            new Kind(
                    "**Audit**: who looked at or revealed which child or alert in the console, and chronology views"
                            + " (every `safeguarding.audit.*` topic)",
                    t -> t.name().startsWith("safeguarding.audit.")),
            new Kind("**Dead letters**: inputs that could not be processed", is(Topics.DEAD_LETTERS)),
            new Kind("**Rejected rows** of files dropped by an agency", is(Topics.REJECTED_ROWS)),
            new Kind("**Unmatched events**: a child with no usable NHS number", is(Topics.UNMATCHED)),
            new Kind("**Identity vault**: each child's NHS number, sealed", is(Topics.IDENTITY_VAULT)),
            new Kind("**Partnership metrics**: disclosure-controlled figures", is(Topics.PARTNERSHIP_METRICS)),
            new Kind(
                    "**Operation Encompass** notices to schools and their acknowledgements",
                    is(Topics.ENCOMPASS_NOTICES, Topics.ENCOMPASS_ACKNOWLEDGEMENTS)),
            new Kind("**CP-IS flags** to unscheduled care", is(Topics.CARE_FLAGS)),
            new Kind("**Exploitation groups** for MACE panels", is(Topics.EXPLOITATION_GROUPS)));

    /** The kinds a topic is of (exactly one when the schedule is complete). */
    static List<Kind> kindsOf(Topic<?> topic) {
        return KINDS.stream().filter(k -> k.holds().test(topic)).toList();
    }

    /** What stops the schedule being generated: a topic of no kind, or of more than one. */
    public static List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Topic<? extends SpecificRecord> t : Topics.ALL) {
            int kinds = kindsOf(t).size();
            if (kinds != 1) {
                problems.add(t.name() + " is of " + kinds + " kinds of record in the retention schedule, not one:"
                        + " give it one in RetentionSchedule.KINDS");
            }
        }
        return problems;
    }

    /** The schedule with the registry's periods and detection's defaults, as docs/ARCHITECTURE.md holds it. */
    public static String table() {
        return table(DetectionConfig.DEFAULTS, Map.of());
    }

    /** The schedule of a partnership: its detection settings and its own topic periods, by topic name. */
    public static String table(DetectionConfig config, Map<String, Duration> topicRetention) {
        boolean defaults = config.equals(DetectionConfig.DEFAULTS) && topicRetention.isEmpty();
        StringBuilder md =
                new StringBuilder("Generated from the topic registry (`Topics`: each topic's `TopicSettings`)"
                        + " and detection's settings and constants; regenerate with `" + GovernanceDocs.REGENERATE + "`"
                        + " (RetentionScheduleTest fails while this table and the registry disagree). The periods are "
                        + (defaults ? "the defaults" : "this partnership's settings, the defaults elsewhere")
                        + ": a partnership sets its own per topic with `" + TopicProvisioner.RETENTION_PREFIX
                        + "<topic>=P2555D` (or `FOREVER`) in detection's settings, which creates a topic with it; an existing"
                        + " topic is never altered at start (a shorter period deletes records): the start-up log names each"
                        + " difference and the `kafka-configs` command that applies it. State periods follow the detection"
                        + " settings named in the last column (`rules.*` also per authority, as `authority.<GSS>.rules.*`)."
                        + " A partnership's own schedule, from its detection settings: `" + GovernanceDocs.SCHEDULE_FOR
                        + "`.\n\n");
        md.append(Md.header("record", "where", "kept", "cleanup", "why", "a partnership changes it with"));
        for (Kind kind : KINDS) {
            Map<TopicSettings, List<String>> bySettings = new LinkedHashMap<>();
            for (Topic<? extends SpecificRecord> t : Topics.ALL) {
                if (kind.holds().test(t)) {
                    TopicSettings s = t.settings();
                    Duration own = topicRetention.get(t.name());
                    bySettings
                            .computeIfAbsent(own == null ? s : s.withRetention(own), x -> new ArrayList<>())
                            .add(Md.code(t.name()));
                }
            }
            bySettings.forEach((s, topics) -> md.append(topicRow(kind, s, topics)));
        }
        state(config).forEach(row -> md.append(Md.row(row)));
        return md.toString();
    }

    private static String topicRow(Kind kind, TopicSettings s, List<String> topics) {
        String kept;
        String changedBy;
        if (s.compacted()) {
            kept = "the latest record per key, with no end date";
            changedBy = "no period: Kafka deletes by age only under the delete policy, so a compacted topic keeps a"
                    + " key's latest record until a tombstone deletes it";
        } else {
            kept = s.forever() ? "until the partnership sets a period" : span(s.retention());
            changedBy = Md.code(TopicProvisioner.RETENTION_PREFIX + "<topic>");
        }
        String cleanup = s.compacted() ? "compact" : s.forever() ? "delete (no period yet)" : "delete";
        return Md.row(kind.record(), String.join(", ", topics), kept, cleanup, s.why(), changedBy);
    }

    /** What is kept outside the topics: detection's and the metrics' state, memory, files. */
    private static List<String[]> state(DetectionConfig config) {
        Duration grace = config.grace();
        Duration lookback = config.retention().minus(grace);
        EncompassSettings encompass = config.encompass();
        LinkSettings links = config.links();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {
            "**A child's chronology and rule state** (detection, pseudonymised)",
            stores(
                    ChildRulesProcessor.CHILD_STATE_STORE,
                    ChildRulesProcessor.INTERVIEWS_DUE_STORE,
                    ChildRulesProcessor.RETRACTIONS_PENDING_STORE),
            span(config.retention()) + " after the child's latest indicator (the longest rule lookback, "
                    + span(lookback) + ", plus the late-data grace, " + span(grace) + "); a return interview's entry"
                    + " until it is due (" + span(config.defaults().returnInterviewDue()) + " after the return); a"
                    + " retraction that came before its event until the event comes or "
                    + span(config.retractionWindow()) + " pass (then it is dead-lettered unmatched and forgotten)",
            "delete: the expiry sweep removes the whole child when nothing new has come for that long (at most "
                    + String.format("%,d", config.expiryPerRun()) + " children per timer run and task)",
            "Every rule looks back over the chronology; a child with nothing newer than any lookback has nothing a"
                    + " rule could use",
            "the rules' periods (`rules.*`, per authority too), `" + DetectionConfig.GRACE + "` and `"
                    + DetectionConfig.RETRACTION_WINDOW + "`"
        });
        rows.add(new String[] {
            "**A child's schools, plan and care status** (Encompass and CP-IS duties)",
            stores(StatutoryDutiesProcessor.STORE, StatutoryDutiesProcessor.EXPIRY_STORE),
            "while a school, protection plan or looked-after status is current; then "
                    + span(encompass.noticeLookback()) + " if an incident was acted on",
            "delete: the child leaves once nothing is current and that time has passed",
            "A plan or a school place lasts until it ends, not for a window of evidence; the last incidents are"
                    + " kept only to recognise a repeat",
            "`" + EncompassSettings.NOTICE_LOOKBACK + "`"
        });
        rows.add(new String[] {
            "**Encompass notices' progress** (detection)",
            stores(EncompassDeadlinesProcessor.STORE, EncompassDeadlinesProcessor.DEADLINES_STORE),
            span(constant(EncompassDeadlinesProcessor.class, "KEPT")) + " after the notice was sent",
            "delete, by the deadline timer",
            "Until then a repeat of the notice or of its acknowledgement changes nothing; the topic keeps the record",
            "not a setting (`EncompassDeadlinesProcessor.KEPT`)"
        });
        rows.add(new String[] {
            "**Links between children** who went missing together (detection)",
            stores(LinkingProcessor.LINKS_STORE, LinkingProcessor.SIGHTINGS_STORE),
            span(links.lifetime()) + " after a link's latest evidence; a found episode as long after the return",
            "delete, as links lapse",
            "A MACE panel follows a cohort over months: twice the exploitation period",
            "`" + LinkSettings.LIFETIME + "`"
        });
        rows.add(new String[] {
            "**A linked or flagged child's groups and open exploitation alert** (detection)",
            stores(LinkingProcessor.CHILDREN_STORE),
            "while the child has a live link or an open exploitation alert (open for "
                    + span(config.defaults().exploitationPeriod()) + " after its window)",
            "delete, once neither remains",
            "Needed only to link a child to another's open alert",
            "`" + LinkSettings.LIFETIME + "`, `rules.exploitation.period`"
        });
        rows.add(new String[] {
            "**A child's open work items** (detection)",
            stores(WorkItemsProcessor.STORE),
            "while the item is open: a closed or withdrawn item leaves at once",
            "delete",
            "The work-items topic keeps every item's record; the store holds only what decisions still apply to",
            "MASH decisions (not a period)"
        });
        rows.add(new String[] {
            "**Changelog and repartition topics** of detection and the partnership metrics",
            "`<application id>-<store>-changelog`, `<application id>-...-repartition`",
            "a changelog as long as its store's entry; a repartition record until the application has read it",
            "changelog compact (a deleted entry leaves by tombstone; a window store's is also deleted by age);"
                    + " repartition delete (Kafka Streams purges what it has committed)",
            "A store is restored from its changelog after a failure",
            "the store's own period"
        });
        rows.add(new String[] {
            "**Partnership metrics' state** (pseudonyms and ids, never published)",
            stores("metrics-seen-events") + "; "
                    + stores(
                            "metrics-returns",
                            "metrics-alert-facts",
                            "metrics-last-referral",
                            "metrics-contacts",
                            "metrics-linked-groups",
                            "metrics-figures",
                            "metrics-members",
                            "metrics-samples",
                            "metrics-changed"),
            "event ids " + span(constant("org.safeguardingsignals.metrics.DistinctEvents", "KEPT"))
                    + " by event time; the others with no end date (a group leaves at its tombstone)",
            "delete by age (seen events); the others are not deleted by age",
            "Ids recognise a repeated event; the joins and counts make each period's figures, corrected late",
            "not a setting: a partnership that wants an end date resets the application (its figures are then"
                    + " recounted from what the input topics still hold)"
        });
        rows.add(new String[] {
            "**The console's views**: alert board, worklist, notices, groups, sealed identities",
            "the console's memory",
            "while the console runs; read again from the topics at each start",
            "gone when it stops",
            "Nothing is written to disk: the topics are the record",
            "the topics' periods"
        });
        rows.add(new String[] {
            "**A backtest's files**: report.txt, report.csv, children-changed.csv (pseudonyms), chart.html",
            "the directory `--out` names (default `backtest-FROM-TO`)",
            "until the person who ran it deletes them; its replays' state is in memory and a temporary directory,"
                    + " gone when it ends",
            "by hand",
            "A rule change's evidence for the partnership; pseudonyms only, no NHS number",
            "the person who runs it"
        });
        rows.add(new String[] {
            "**The local run's data directory**: broker, registry, state, keys, logs (synthetic data)",
            "`data/` (or `--data DIR`)",
            "until `--wipe` or deleted by hand; its topics follow this table",
            "by hand",
            "A restart continues on it; it is a trial, never a partnership's records",
            "the person who runs it"
        });
        return rows;
    }

    /** The state stores a row names, for the check that every store of the applications has a row. */
    private static String stores(String... names) {
        return Stream.of(names).map(Md::code).collect(Collectors.joining(", "));
    }

    /** Whole days from a week up, hours below (a return interview is due in 72 hours, not 3 days). */
    static String span(Duration d) {
        return d.toHours() % 24 == 0 && d.toDays() >= 7 ? Kept.days(d) : d.toHours() + " hours";
    }

    /** A period the code holds as a constant and not as a setting, so that the schedule cannot drift from it. */
    static Duration constant(Class<?> owner, String field) {
        try {
            Field f = owner.getDeclaredField(field);
            f.setAccessible(true);
            return (Duration) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(owner.getName() + "." + field + " is gone: update RetentionSchedule", e);
        }
    }

    static Duration constant(String owner, String field) {
        try {
            return constant(Class.forName(owner), field);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(owner + " is gone: update RetentionSchedule", e);
        }
    }
}
