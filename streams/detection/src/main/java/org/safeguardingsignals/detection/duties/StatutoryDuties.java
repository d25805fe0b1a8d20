package org.safeguardingsignals.detection.duties;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.detection.DetectionTopology;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.internal.ChildDuties;
import org.safeguardingsignals.internal.ChildSignals;
import org.safeguardingsignals.internal.NoticeInput;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.topics.Topics;

/**
 * The statutory flows' part of the detection topology:
 * <pre>
 * indicators-by-child --(roll, plan, looked-after, police domestic abuse, unscheduled care)-->
 *     statutory-duties (stores: child-duties, child-duties-expiry)
 *         --flags--> safeguarding.cpis.care-flags.v1 (key: attendance reference)
 *         --alerts (cp-is-attendance, no-current-school)--> with the rules' alerts
 *         --notices due--> repartition "encompass-notices-by-id" --\
 * safeguarding.encompass.acknowledgements.v1 --> repartition "encompass-acknowledgements-by-id" --> merge
 *     --> encompass-deadlines (stores: encompass-notices, encompass-notice-deadlines; wall-clock deadlines)
 *         --> safeguarding.encompass.notices.v1 (key: school URN)
 *         --escalations (encompass-unacknowledged)--> safeguarding.alerts.v1 and the work items
 * </pre>
 * The deadlines run in a sub-topology of their own: acknowledgements carry the wall clock as their time, which must
 * never move the rules' stream time.
 *
 * @param childAlerts the statutory-duties processor's alerts, in the rules' sub-topology
 * @param escalations unacknowledged notices' alerts, in the deadlines' sub-topology
 */
public record StatutoryDuties(KStream<String, RiskAlert> childAlerts, KStream<String, RiskAlert> escalations) {
    public static final String NOTICES_REPARTITION = "encompass-notices-by-id";
    public static final String ACKNOWLEDGEMENTS_REPARTITION = "encompass-acknowledgements-by-id";

    public static StatutoryDuties build(
            StreamsBuilder builder,
            KStream<String, ChildSignals> byChild,
            DetectionConfig config,
            Map<String, ?> serdeConfig,
            PipelineMetrics metrics) {
        builder.addStateStore(config.keyValueStore(
                StatutoryDutiesProcessor.STORE,
                Serdes.String(),
                DetectionTopology.serde(ChildDuties.class, serdeConfig)));
        builder.addStateStore(
                config.keyValueStore(StatutoryDutiesProcessor.EXPIRY_STORE, Serdes.String(), Serdes.String()));
        builder.addStateStore(config.keyValueStore(
                EncompassDeadlinesProcessor.STORE, Serdes.String(), Topics.ENCOMPASS_NOTICES.valueSerde(serdeConfig)));
        builder.addStateStore(
                config.keyValueStore(EncompassDeadlinesProcessor.DEADLINES_STORE, Serdes.String(), Serdes.String()));

        var duties = byChild.filter((k, v) -> StatutoryDutiesProcessor.concerns(v), Named.as("duty-signals"))
                .process(
                        () -> new StatutoryDutiesProcessor(config, metrics),
                        Named.as("statutory-duties"),
                        StatutoryDutiesProcessor.STORE,
                        StatutoryDutiesProcessor.EXPIRY_STORE)
                .split(Named.as("duty-"))
                .branch((k, v) -> v instanceof Duty.Alert, Branched.as("alerts"))
                .branch((k, v) -> v instanceof Duty.Flag, Branched.as("flags"))
                .defaultBranch(Branched.as("notices"));
        duties.get("duty-flags")
                .mapValues(v -> ((Duty.Flag) v).flag(), Named.as("care-flag"))
                .to(
                        Topics.CARE_FLAGS.name(),
                        Produced.with(Topics.CARE_FLAGS.keySerde(), Topics.CARE_FLAGS.valueSerde(serdeConfig))
                                .withName("care-flags-sink"));
        KStream<String, RiskAlert> childAlerts =
                duties.get("duty-alerts").mapValues(v -> ((Duty.Alert) v).alert(), Named.as("duty-alert"));

        KStream<String, NoticeInput> due = duties.get("duty-notices")
                .mapValues(v -> new NoticeInput(((Duty.Notice) v).notice(), null), Named.as("notice-due"))
                .repartition(byNotice(NOTICES_REPARTITION, config, serdeConfig));
        KStream<String, NoticeInput> acknowledged = builder.stream(
                        Topics.ENCOMPASS_ACKNOWLEDGEMENTS.name(),
                        Consumed.with(
                                        Topics.ENCOMPASS_ACKNOWLEDGEMENTS.keySerde(),
                                        Topics.ENCOMPASS_ACKNOWLEDGEMENTS.valueSerde(serdeConfig))
                                .withName("source-" + Topics.ENCOMPASS_ACKNOWLEDGEMENTS.name()))
                .selectKey((k, ack) -> ack.getNoticeId(), Named.as("acknowledgement-by-notice"))
                .mapValues(ack -> new NoticeInput(null, ack), Named.as("notice-acknowledgement"))
                .repartition(byNotice(ACKNOWLEDGEMENTS_REPARTITION, config, serdeConfig));
        var deadlines = due.merge(acknowledged, Named.as("notice-inputs"))
                .process(
                        () -> new EncompassDeadlinesProcessor(config.timerInterval(), metrics),
                        Named.as("encompass-deadlines"),
                        EncompassDeadlinesProcessor.STORE,
                        EncompassDeadlinesProcessor.DEADLINES_STORE)
                .split(Named.as("deadline-"))
                .branch((k, v) -> v instanceof Duty.Alert, Branched.as("alerts"))
                .defaultBranch(Branched.as("notices"));
        deadlines
                .get("deadline-notices")
                .mapValues(v -> ((Duty.Notice) v).notice(), Named.as("encompass-notice"))
                .to(
                        Topics.ENCOMPASS_NOTICES.name(),
                        Produced.with(
                                        Topics.ENCOMPASS_NOTICES.keySerde(),
                                        Topics.ENCOMPASS_NOTICES.valueSerde(serdeConfig))
                                .withName("encompass-notices-sink"));
        KStream<String, RiskAlert> escalations =
                deadlines.get("deadline-alerts").mapValues(v -> ((Duty.Alert) v).alert(), Named.as("escalation-alert"));
        return new StatutoryDuties(childAlerts, escalations);
    }

    private static Repartitioned<String, NoticeInput> byNotice(
            String name, DetectionConfig config, Map<String, ?> serdeConfig) {
        return Repartitioned.<String, NoticeInput>as(name)
                .withKeySerde(Serdes.String())
                .withValueSerde(DetectionTopology.serde(NoticeInput.class, serdeConfig))
                .withNumberOfPartitions(config.workItemPartitions());
    }
}
