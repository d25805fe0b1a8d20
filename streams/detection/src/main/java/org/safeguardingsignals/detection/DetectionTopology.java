package org.safeguardingsignals.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.safeguardingsignals.detection.duties.StatutoryDuties;
import org.safeguardingsignals.detection.duties.StatutoryDutiesProcessor;
import org.safeguardingsignals.detection.intake.ChildPlacement;
import org.safeguardingsignals.detection.intake.IntakeProcessor;
import org.safeguardingsignals.detection.intake.Routed;
import org.safeguardingsignals.detection.intake.SourceAdapter;
import org.safeguardingsignals.detection.intake.Sources;
import org.safeguardingsignals.detection.links.Links;
import org.safeguardingsignals.detection.workitems.WorkItemsProcessor;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.internal.ChildSignals;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.ChildWorkItems;
import org.safeguardingsignals.internal.WorkItemInput;
import org.safeguardingsignals.runtime.OccurredAtExtractor;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.identity.IdentityVault;
import org.safeguardingsignals.serde.SpecificAvroSerde;
import org.safeguardingsignals.topics.Topics;

/**
 * The detection topology, built from configuration alone (tests call this same factory):
 * <pre>
 * 8 input topics --decode--> intake-&lt;source&gt; (validate, pseudonymise, fan out per child and category)
 *     --merge--> route --unmatched--> safeguarding.identity.unmatched.v1
 *                      --identity--> safeguarding.identity.vault.v1 (NHS number sealed for the console; key: pseudonym)
 *                      --indicators--> on the child's partition (published child partitioner): straight on;
 *                                      otherwise repartition "indicators-by-child" (key: pseudonym; same sub-topology)
 *                          --> child-rules (stores: child-state, return-interviews-due, retractions-pending;
 *                              the five retraction topics come in the same way: {@link Retractions})
 *                          --> safeguarding.alerts.v1 (raised, withdrawn and re-issued alerts)
 *                          --> safeguarding.dead-letters.v1 (retractions whose event never came)
 *                          --> statutory-duties: Operation Encompass notices and CP-IS flags ({@link StatutoryDuties})
 *                          --> linking: children who go missing together, their groups ({@link Links})
 *                          --> repartition "work-item-alerts-by-child" --\
 * safeguarding.mash.decisions.v1 --> repartition "work-item-decisions-by-child" --> merge
 *                              --> work-items (store: work-items) --> safeguarding.mash.work-items.v1
 * decode failures and rejects --DeadLetterHandler--> safeguarding.dead-letters.v1
 * </pre>
 * Every processor, store and internal topic is named, so that upgrades keep state.
 */
public final class DetectionTopology {
    public static final String INDICATORS_REPARTITION = "indicators-by-child";
    public static final String WORK_ITEM_ALERTS_REPARTITION = "work-item-alerts-by-child";
    public static final String WORK_ITEM_DECISIONS_REPARTITION = "work-item-decisions-by-child";
    public static final String WORK_ITEM_ESCALATIONS_REPARTITION = "work-item-escalations-by-child";
    public static final String WORK_ITEM_LINKED_ALERTS_REPARTITION = "work-item-linked-alerts-by-child";

    private DetectionTopology() {}

    /**
     * @param config        rule settings and tolerances
     * @param pseudonymiser keyed hash of NHS numbers
     * @param serdeConfig   schema registry settings (schema.registry.url and Confluent's serde keys)
     * @param metrics       the application's meters
     */
    public static Topology build(
            DetectionConfig config, Pseudonymiser pseudonymiser, Map<String, ?> serdeConfig, PipelineMetrics metrics) {
        return build(config, pseudonymiser, Optional.empty(), serdeConfig, metrics);
    }

    /**
     * As {@link #build(DetectionConfig, Pseudonymiser, Map, PipelineMetrics)}, and with a vault certificate each
     * child's NHS number is sealed to safeguarding.identity.vault.v1 for the console's audited reveal.
     * Every child's signals take the repartition hop (the input topics' partition count unknown).
     */
    public static Topology build(
            DetectionConfig config,
            Pseudonymiser pseudonymiser,
            Optional<IdentityVault.Sealer> vault,
            Map<String, ?> serdeConfig,
            PipelineMetrics metrics) {
        return build(config, ChildPlacement.unknown(), pseudonymiser, vault, serdeConfig, metrics);
    }

    /**
     * As {@link #build(DetectionConfig, Pseudonymiser, Optional, Map, PipelineMetrics)}, with the input topics'
     * partition count known to {@code placement} by the time the stream threads start: an event that arrives on its
     * child's partition (the published child partitioner) reaches the child's rules in the same task and transaction.
     */
    public static Topology build(
            DetectionConfig config,
            ChildPlacement placement,
            Pseudonymiser pseudonymiser,
            Optional<IdentityVault.Sealer> vault,
            Map<String, ?> serdeConfig,
            PipelineMetrics metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        List<KStream<String, Routed>> routed = new ArrayList<>();
        for (SourceAdapter<?> source : Sources.ALL) {
            routed.add(intake(builder, source, config, pseudonymiser, vault, placement, serdeConfig, metrics));
        }
        KStream<String, Routed> all = routed.get(0);
        for (int i = 1; i < routed.size(); i++) {
            all = all.merge(
                    routed.get(i),
                    Named.as("merge-" + Sources.ALL.get(i).topic().name()));
        }

        var branches = all.split(Named.as("route-"))
                .branch((k, v) -> v instanceof Routed.Unmatched, Branched.as("unmatched"))
                .branch((k, v) -> v instanceof Routed.Identity, Branched.as("identity"))
                .defaultBranch(Branched.as("indicators"));
        branches.get("route-identity")
                .mapValues(v -> ((Routed.Identity) v).entry(), Named.as("identity-entry"))
                .to(
                        Topics.IDENTITY_VAULT.name(),
                        Produced.with(Topics.IDENTITY_VAULT.keySerde(), Topics.IDENTITY_VAULT.valueSerde(serdeConfig))
                                .withName("identity-vault-sink"));
        branches.get("route-unmatched")
                .mapValues(v -> ((Routed.Unmatched) v).event(), Named.as("unmatched-event"))
                .to(
                        Topics.UNMATCHED.name(),
                        Produced.with(Topics.UNMATCHED.keySerde(), Topics.UNMATCHED.valueSerde(serdeConfig))
                                .withName("unmatched-sink"));

        builder.addStateStore(config.keyValueStore(
                ChildRulesProcessor.CHILD_STATE_STORE, Serdes.String(), serde(ChildState.class, serdeConfig)));
        builder.addStateStore(
                config.keyValueStore(ChildRulesProcessor.INTERVIEWS_DUE_STORE, Serdes.String(), Serdes.String()));
        builder.addStateStore(
                config.keyValueStore(ChildRulesProcessor.RETRACTIONS_PENDING_STORE, Serdes.String(), Serdes.String()));

        // the intake and the child's rules share one sub-topology: signals that arrived on their child's partition go
        // straight on, the rest through the repartition topic, which this same sub-topology reads
        var paths = branches.get("route-indicators")
                .split(Named.as("signals-"))
                .branch((k, v) -> ((Routed.ForChild) v).here(), Branched.as("here"))
                .defaultBranch(Branched.as("elsewhere"));
        KStream<String, ChildSignals> here = paths.get("signals-here")
                .mapValues(v -> ((Routed.ForChild) v).signals(), Named.as("child-signals-here"));
        KStream<String, ChildSignals> moved = paths.get("signals-elsewhere")
                .mapValues(v -> ((Routed.ForChild) v).signals(), Named.as("child-signals"))
                .repartition(Repartitioned.<String, ChildSignals>as(INDICATORS_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serde(ChildSignals.class, serdeConfig))
                        .withStreamPartitioner(new HomePartitioner()));
        KStream<String, ChildSignals> bychild = here.merge(moved, Named.as("signals-by-child"));
        var ruleOutputs = bychild.filterNot(
                        (k, v) -> StatutoryDutiesProcessor.onlyForDuties(v), Named.as("rule-signals"))
                .process(
                        () -> new ChildRulesProcessor(config, metrics),
                        Named.as("child-rules"),
                        ChildRulesProcessor.CHILD_STATE_STORE,
                        ChildRulesProcessor.INTERVIEWS_DUE_STORE,
                        ChildRulesProcessor.RETRACTIONS_PENDING_STORE)
                .split(Named.as("rule-output-"))
                .branch((k, v) -> v instanceof DeadLetter, Branched.as("dead-letters"))
                .defaultBranch(Branched.as("alerts"));
        // a retraction whose event never came: the rules' timer dead-letters it, as intake does a bad event
        ruleOutputs
                .get("rule-output-dead-letters")
                .mapValues(v -> (DeadLetter) v, Named.as("rule-dead-letter"))
                .to(
                        Topics.DEAD_LETTERS.name(),
                        Produced.with(Topics.DEAD_LETTERS.keySerde(), Topics.DEAD_LETTERS.valueSerde(serdeConfig))
                                .withName("rule-dead-letters-sink"));
        KStream<String, RiskAlert> ruleAlerts =
                ruleOutputs.get("rule-output-alerts").mapValues(v -> (RiskAlert) v, Named.as("rule-alert"));
        StatutoryDuties duties = StatutoryDuties.build(builder, bychild, config, serdeConfig, metrics);
        KStream<String, RiskAlert> alerts = ruleAlerts.merge(duties.childAlerts(), Named.as("alerts-with-duties"));
        alerts.to(
                Topics.ALERTS.name(),
                Produced.with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde(serdeConfig))
                        .withName("alerts-sink"));
        duties.escalations()
                .to(
                        Topics.ALERTS.name(),
                        Produced.with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde(serdeConfig))
                                .withName("escalations-sink"));
        Links links = Links.build(builder, bychild, ruleAlerts, config, serdeConfig, metrics);
        links.alerts()
                .to(
                        Topics.ALERTS.name(),
                        Produced.with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde(serdeConfig))
                                .withName("linked-alerts-sink"));
        workItems(builder, alerts, duties.escalations(), links.alerts(), config, serdeConfig);
        return builder.build();
    }

    /**
     * Alerts and the MASH's decisions, each repartitioned by child into a topic of the same number of partitions (so
     * that one task holds each child's items whatever the sources' partition counts), folded into work items and
     * published. Decisions are read in a sub-topology of their own: their record times (the wall clock) must never
     * move the rules' stream time.
     */
    private static void workItems(
            StreamsBuilder builder,
            KStream<String, RiskAlert> alerts,
            KStream<String, RiskAlert> escalations,
            KStream<String, RiskAlert> linkedAlerts,
            DetectionConfig config,
            Map<String, ?> serdeConfig) {
        builder.addStateStore(config.keyValueStore(
                WorkItemsProcessor.STORE, Serdes.String(), serde(ChildWorkItems.class, serdeConfig)));
        KStream<String, WorkItemInput> decisions = builder.stream(
                        Topics.DECISIONS.name(),
                        Consumed.with(Topics.DECISIONS.keySerde(), Topics.DECISIONS.valueSerde(serdeConfig))
                                .withName("source-" + Topics.DECISIONS.name()))
                .selectKey((alertId, d) -> d.getChildPseudonym(), Named.as("decision-by-child"))
                // the worker's free-text rationale stays out of detection: its internal topics and stores never hold it
                .mapValues(
                        d -> new WorkItemInput(
                                null,
                                MashDecision.newBuilder(d).setRationale(null).build()),
                        Named.as("work-item-decision"))
                .repartition(byChild(WORK_ITEM_DECISIONS_REPARTITION, config, serdeConfig));
        // an alert goes to its work items at the event time it was judged at (its window's end), as the rules'
        // records do; its own record time is the wall clock, which would look like news from the future to any task
        // that shares stream time with the rules (a single-task test driver does)
        // escalations come from the Encompass deadlines' sub-topology (wall-clock records): a repartition of their own
        KStream<String, WorkItemInput> escalated = escalations
                .processValues(AlertToWorkItem::new, Named.as("work-item-escalation"))
                .repartition(byChild(WORK_ITEM_ESCALATIONS_REPARTITION, config, serdeConfig));
        // and the linked children's alerts, from the linking processor's one-partition sub-topology
        KStream<String, WorkItemInput> linked = linkedAlerts
                .processValues(AlertToWorkItem::new, Named.as("work-item-linked-alert"))
                .repartition(byChild(WORK_ITEM_LINKED_ALERTS_REPARTITION, config, serdeConfig));
        alerts.processValues(AlertToWorkItem::new, Named.as("work-item-alert"))
                .repartition(byChild(WORK_ITEM_ALERTS_REPARTITION, config, serdeConfig))
                .merge(decisions, Named.as("work-item-inputs"))
                .merge(escalated, Named.as("work-item-inputs-escalated"))
                .merge(linked, Named.as("work-item-inputs-linked"))
                .process(
                        () -> new WorkItemsProcessor(config.workingDays()),
                        Named.as("work-items"),
                        WorkItemsProcessor.STORE)
                .to(
                        Topics.WORK_ITEMS.name(),
                        Produced.with(Topics.WORK_ITEMS.keySerde(), Topics.WORK_ITEMS.valueSerde(serdeConfig))
                                .withName("work-items-sink"));
    }

    /** Wraps an alert for the work items, timestamped with the end of its window. */
    static final class AlertToWorkItem implements FixedKeyProcessor<String, RiskAlert, WorkItemInput> {
        private FixedKeyProcessorContext<String, WorkItemInput> context;

        @Override
        public void init(FixedKeyProcessorContext<String, WorkItemInput> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, RiskAlert> record) {
            RiskAlert alert = record.value();
            context.forward(record.withValue(new WorkItemInput(alert, null))
                    .withTimestamp(alert.getWindow().getEnd().toEpochMilli()));
        }
    }

    /**
     * Sends a child's signals to the partition of the child's rules: the one the intake computed, or by the pseudonym
     * when the intake did not know the partition count (then every child's signals come this way, so both agree).
     */
    static final class HomePartitioner implements StreamPartitioner<String, ChildSignals> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, ChildSignals value, int numPartitions) {
            int home = value.getHome();
            if (home < 0) {
                return Optional.empty();
            }
            if (home >= numPartitions) {
                // the repartition topic follows the input topics' count, so this means they changed under a running
                // application: its state is split by the old count, which a reset and replay must redo
                throw new IllegalStateException("the child's partition " + home + " is not below the " + numPartitions
                        + " partitions of " + topic + ": the input topics' partition count changed; reset and replay");
            }
            return Optional.of(Set.of(home));
        }
    }

    private static Repartitioned<String, WorkItemInput> byChild(
            String name, DetectionConfig config, Map<String, ?> serdeConfig) {
        return Repartitioned.<String, WorkItemInput>as(name)
                .withKeySerde(Serdes.String())
                .withValueSerde(serde(WorkItemInput.class, serdeConfig))
                .withNumberOfPartitions(config.workItemPartitions());
    }

    private static <E extends SpecificRecord> KStream<String, Routed> intake(
            StreamsBuilder builder,
            SourceAdapter<E> source,
            DetectionConfig config,
            Pseudonymiser pseudonymiser,
            Optional<IdentityVault.Sealer> vault,
            ChildPlacement placement,
            Map<String, ?> serdeConfig,
            PipelineMetrics metrics) {
        String name = source.topic().name();
        return builder.stream(
                        name,
                        Consumed.with(source.topic().keySerde(), source.topic().valueSerde(serdeConfig))
                                .withName("source-" + name)
                                .withTimestampExtractor(new OccurredAtExtractor()))
                .process(
                        () -> new IntakeProcessor<>(source, config, pseudonymiser, vault, placement, metrics),
                        Named.as("intake-" + name));
    }

    /** The serde of an internal record (repartition topic, store), under the registry settings. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type, Map<String, ?> serdeConfig) {
        return SpecificAvroSerde.forValues(type, serdeConfig);
    }
}
