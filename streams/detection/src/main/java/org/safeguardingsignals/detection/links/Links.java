package org.safeguardingsignals.detection.links;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.detection.DetectionTopology;
import org.safeguardingsignals.detection.rules.Alerts;
import org.safeguardingsignals.detection.rules.Rule;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.internal.ChildLinkState;
import org.safeguardingsignals.internal.ChildSignals;
import org.safeguardingsignals.internal.ExploitationFlag;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.LinkInput;
import org.safeguardingsignals.internal.MissingDetail;
import org.safeguardingsignals.internal.MissingSighting;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.topics.Topics;

/**
 * The linked-children part of the detection topology (docs/ARCHITECTURE.md, "Linked children"):
 * <pre>
 * indicators-by-child --(missing episodes)--> missing-sighting ----------------------------------\
 * child-rules --(exploitation-risk alerts, at their window's end)--> exploitation-flag ------> merge
 *     --> repartition "link-inputs-by-partnership" (one partition, key: the partnership)
 *     --> linking (stores: child-links, missing-sightings, linked-children)
 *         --> safeguarding.exploitation.groups.v1 (key: group id)
 *         --exploitation-linked alerts--> with the rules' alerts
 * </pre>
 * One partition on purpose: a group can join children of any authority, so the whole graph must be in one place;
 * at a few hundred links a day in a large partnership one task keeps up easily (docs/ARCHITECTURE.md has the cost).
 *
 * @param alerts the linking processor's alerts, in its own sub-topology
 */
public record Links(KStream<String, RiskAlert> alerts) {
    public static final String REPARTITION = "link-inputs-by-partnership";
    /** The one key of the link inputs: the whole partnership's graph is one task's. */
    public static final String PARTNERSHIP_KEY = "partnership";

    public static Links build(
            StreamsBuilder builder,
            KStream<String, ChildSignals> byChild,
            KStream<String, RiskAlert> ruleAlerts,
            DetectionConfig config,
            Map<String, ?> serdeConfig,
            PipelineMetrics metrics) {
        builder.addStateStore(config.keyValueStore(
                LinkingProcessor.LINKS_STORE,
                Serdes.String(),
                DetectionTopology.serde(org.safeguardingsignals.events.ChildLink.class, serdeConfig)));
        builder.addStateStore(config.keyValueStore(
                LinkingProcessor.SIGHTINGS_STORE,
                Serdes.String(),
                DetectionTopology.serde(MissingSighting.class, serdeConfig)));
        builder.addStateStore(config.keyValueStore(
                LinkingProcessor.CHILDREN_STORE,
                Serdes.String(),
                DetectionTopology.serde(ChildLinkState.class, serdeConfig)));

        KStream<String, LinkInput> sightings =
                byChild.flatMap((child, signals) -> sightingsOf(child, signals), Named.as("missing-sighting"));
        KStream<String, LinkInput> flags = ruleAlerts
                .filter(
                        (child, alert) -> Rule.EXPLOITATION_RISK.id().equals(alert.getRuleId()),
                        Named.as("exploitation-alerts"))
                .selectKey((child, alert) -> PARTNERSHIP_KEY, Named.as("exploitation-alert-by-partnership"))
                .processValues(FlagAtWindowEnd::new, Named.as("exploitation-flag"));
        var linked = sightings
                .merge(flags, Named.as("link-inputs"))
                .repartition(Repartitioned.<String, LinkInput>as(REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(DetectionTopology.serde(LinkInput.class, serdeConfig))
                        .withNumberOfPartitions(1))
                .process(
                        () -> new LinkingProcessor(config, metrics),
                        Named.as("linking"),
                        LinkingProcessor.LINKS_STORE,
                        LinkingProcessor.SIGHTINGS_STORE,
                        LinkingProcessor.CHILDREN_STORE)
                .split(Named.as("linked-"))
                .branch((k, v) -> v instanceof Linked.Alert, Branched.as("alerts"))
                .defaultBranch(Branched.as("groups"));
        linked.get("linked-groups")
                .mapValues(v -> ((Linked.Group) v).group(), Named.as("linked-group"))
                .to(
                        Topics.EXPLOITATION_GROUPS.name(),
                        Produced.with(
                                        Topics.EXPLOITATION_GROUPS.keySerde(),
                                        Topics.EXPLOITATION_GROUPS.valueSerde(serdeConfig))
                                .withName("exploitation-groups-sink"));
        return new Links(
                linked.get("linked-alerts").mapValues(v -> ((Linked.Alert) v).alert(), Named.as("linked-alert")));
    }

    /** Each missing episode: one sighting. */
    static List<KeyValue<String, LinkInput>> sightingsOf(String child, ChildSignals signals) {
        List<KeyValue<String, LinkInput>> out = new ArrayList<>();
        for (Indicator i : signals.getIndicators()) {
            MissingDetail m = i.getMissing();
            // every episode, even one that says nothing of areas or companions: its time moves the linking
            // processor's stream time, so that links lapse while episodes keep coming
            if (i.getCategory() != IndicatorCategory.MISSING_EPISODE || m == null || m.getReportedMissingAt() == null) {
                continue;
            }
            List<String> authorities = new ArrayList<>(List.of(i.getLocalAuthority()));
            if (m.getLookedAfter()
                    && m.getPlacingAuthority() != null
                    && !authorities.contains(m.getPlacingAuthority())) {
                authorities.add(m.getPlacingAuthority());
            }
            MissingSighting sighting = MissingSighting.newBuilder()
                    .setChildPseudonym(child)
                    .setEpisode(Alerts.evidence(i))
                    .setEpisodeId(m.getEpisodeId())
                    .setAuthorities(authorities)
                    .setReportedMissingAt(m.getReportedMissingAt())
                    .setReturnedAt(m.getReturnedAt())
                    .setMissingFromArea(m.getMissingFromArea())
                    .setHouseholdReference(i.getHouseholdReference())
                    .setFoundArea(m.getFoundArea())
                    .setFoundWith(m.getFoundWith())
                    .build();
            out.add(KeyValue.pair(PARTNERSHIP_KEY, new LinkInput(sighting, null)));
        }
        return out;
    }

    /** An exploitation alert as a flag, timestamped with its window's end (event time), not the wall clock. */
    static final class FlagAtWindowEnd implements FixedKeyProcessor<String, RiskAlert, LinkInput> {
        private FixedKeyProcessorContext<String, LinkInput> context;

        @Override
        public void init(FixedKeyProcessorContext<String, LinkInput> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, RiskAlert> record) {
            RiskAlert alert = record.value();
            ExploitationFlag flag = ExploitationFlag.newBuilder()
                    .setChildPseudonym(alert.getChildPseudonym())
                    .setAlertId(alert.getAlertId())
                    .setSeverity(alert.getSeverity())
                    .setRaisedAt(alert.getWindow().getEnd())
                    .setAuthorities(alert.getRoutedTo())
                    .setWithdrawn(alert.getStatus() == AlertStatus.WITHDRAWN)
                    .build();
            context.forward(record.withValue(new LinkInput(null, flag))
                    .withTimestamp(alert.getWindow().getEnd().toEpochMilli()));
        }
    }
}
