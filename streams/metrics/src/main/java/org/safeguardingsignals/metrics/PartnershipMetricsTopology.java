package org.safeguardingsignals.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.internal.AlertFacts;
import org.safeguardingsignals.internal.ContactFacts;
import org.safeguardingsignals.internal.GroupFacts;
import org.safeguardingsignals.internal.MetricDelta;
import org.safeguardingsignals.internal.ReturnFacts;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.signals.EventSignals;
import org.safeguardingsignals.runtime.signals.Signals;
import org.safeguardingsignals.serde.SpecificAvroSerde;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/**
 * The partnership metrics topology, built from configuration alone:
 * <pre>
 * inputs (each event id once), unmatched, dead letters, alerts ─────────► deltas
 * missing episodes + return interviews ─repartition by episode─► join ──► deltas
 * alerts + decisions ─repartition by alert id─► join ───────────────────► deltas
 * referrals ─repartition by referral id─► contacts and conversions ────► deltas
 * referrals ─repartition by child pseudonym─► re-referrals ─────────────► deltas
 * exploitation groups (by group id) ─► groups in force, carried by the wall clock ─► deltas of one period each
 * deltas ─(one per ISO week and calendar month)─ repartition by authority|period ─► aggregate
 *        ─(timer, disclosure control)─► safeguarding.partnership.metrics.v1
 * </pre>
 */
public final class PartnershipMetricsTopology {
    public static final String DELTAS_REPARTITION = "metric-deltas-by-period";

    private PartnershipMetricsTopology() {}

    public static Topology build(Pseudonymiser pseudonymiser, Map<String, ?> serdeConfig, Duration publishInterval) {
        return build(pseudonymiser, serdeConfig, publishInterval, Map.of());
    }

    /**
     * As above, with the child population (aged 0 to 17) of each authority that has one, by GSS code: the rates of
     * exploitation alerts and of children flagged by rule per 100,000 children are published for those ({@link
     * MetricsSettings#childPopulations()}).
     */
    public static Topology build(
            Pseudonymiser pseudonymiser,
            Map<String, ?> serdeConfig,
            Duration publishInterval,
            Map<String, Long> childPopulations) {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(DistinctEvents.store());
        Map<EventSignals<?>, KStream<String, ?>> inputs = new HashMap<>();
        List<KStream<String, MetricDelta>> deltas = new ArrayList<>();
        for (EventSignals<?> source : Signals.ALL) {
            deltas.add(received(b, source, serdeConfig, inputs));
        }
        deltas.add(stream(b, Topics.UNMATCHED, serdeConfig)
                .flatMapValues(Deltas::unmatched, Named.as("metrics-unmatched-deltas")));
        deltas.add(stream(b, Topics.DEAD_LETTERS, serdeConfig)
                .flatMapValues(Deltas::rejected, Named.as("metrics-rejected-deltas")));
        deltas.add(stream(b, Topics.ENCOMPASS_NOTICES, serdeConfig)
                .flatMapValues(Deltas::notice, Named.as("metrics-notice-deltas")));
        deltas.add(stream(b, Topics.CARE_FLAGS, serdeConfig)
                .flatMapValues(Deltas::careFlag, Named.as("metrics-care-flag-deltas")));
        KStream<String, RiskAlert> alerts = stream(b, Topics.ALERTS, serdeConfig);
        deltas.add(alerts.flatMapValues(Deltas::alert, Named.as("metrics-alert-deltas")));

        // episodes and interviews meet by episode id
        b.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(JoinProcessors.RETURNS_STORE),
                Serdes.String(),
                serde(ReturnFacts.class, serdeConfig)));
        KStream<String, SpecificRecord> episodes = byKey(
                input(inputs, Signals.MISSING_EPISODE)
                        .selectKey((k, v) -> v.getEpisodeId(), Named.as("metrics-episode-key")),
                "metrics-episodes-by-id",
                MissingEpisode.class,
                serdeConfig);
        KStream<String, SpecificRecord> interviews = byKey(
                input(inputs, Signals.RETURN_INTERVIEW)
                        .selectKey((k, v) -> v.getEpisodeId(), Named.as("metrics-interview-key")),
                "metrics-interviews-by-episode",
                ReturnInterviewEvent.class,
                serdeConfig);
        deltas.add(episodes.merge(interviews, Named.as("metrics-episodes-and-interviews"))
                .process(
                        () -> new JoinProcessors.ReturnInterviews(pseudonymiser),
                        Named.as("metrics-return-interviews"),
                        JoinProcessors.RETURNS_STORE));

        // alerts and decisions meet by alert id
        b.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(JoinProcessors.ALERT_FACTS_STORE),
                Serdes.String(),
                serde(AlertFacts.class, serdeConfig)));
        KStream<String, SpecificRecord> alertsById = byKey(
                alerts.selectKey((k, v) -> v.getAlertId(), Named.as("metrics-alert-key")),
                "metrics-alerts-by-id",
                RiskAlert.class,
                serdeConfig);
        KStream<String, SpecificRecord> decisions = byKey(
                stream(b, Topics.DECISIONS, serdeConfig)
                        .selectKey((k, v) -> v.getAlertId(), Named.as("metrics-decision-key")),
                "metrics-decisions-by-alert",
                MashDecision.class,
                serdeConfig);
        deltas.add(alertsById
                .merge(decisions, Named.as("metrics-alerts-and-decisions"))
                .process(
                        JoinProcessors.Decisions::new,
                        Named.as("metrics-decisions"),
                        JoinProcessors.ALERT_FACTS_STORE));

        // the records of one contact meet by referral id
        b.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(FrontDoor.STORE),
                Serdes.String(),
                serde(ContactFacts.class, serdeConfig)));
        deltas.add(input(inputs, Signals.REFERRAL)
                .selectKey((k, v) -> v.getReferralId(), Named.as("metrics-contact-key"))
                .repartition(Repartitioned.<String, Referral>as("metrics-referrals-by-id")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serde(Referral.class, serdeConfig)))
                .process(FrontDoor::new, Named.as("metrics-front-door"), FrontDoor.STORE));

        // referrals meet earlier referrals of the same child
        b.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(JoinProcessors.REFERRALS_STORE), Serdes.String(), Serdes.Long()));
        deltas.add(input(inputs, Signals.REFERRAL)
                .filter((k, v) -> NhsNumber.isValid(v.getChild().getNhsNumber()), Named.as("metrics-matched-referrals"))
                .selectKey(
                        (k, v) -> pseudonymiser.pseudonymOf(v.getChild().getNhsNumber()),
                        Named.as("metrics-referral-child-key"))
                .repartition(Repartitioned.<String, Referral>as("metrics-referrals-by-child")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serde(Referral.class, serdeConfig)))
                .process(
                        JoinProcessors.ReReferrals::new,
                        Named.as("metrics-re-referrals"),
                        JoinProcessors.REFERRALS_STORE));

        // linked groups, keyed by group id as their topic is: the groups in force at the end of each period
        b.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LinkedGroups.STORE),
                Serdes.String(),
                serde(GroupFacts.class, serdeConfig)));
        deltas.add(stream(b, Topics.EXPLOITATION_GROUPS, serdeConfig)
                .process(
                        () -> new LinkedGroups(publishInterval),
                        Named.as("metrics-linked-groups"),
                        LinkedGroups.STORE));

        KStream<String, MetricDelta> all = deltas.get(0);
        for (int i = 1; i < deltas.size(); i++) {
            all = all.merge(deltas.get(i), Named.as("metrics-merge-" + i));
        }
        for (String store : List.of(MetricAggregator.FIGURES_STORE, MetricAggregator.MEMBERS_STORE)) {
            b.addStateStore(
                    Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.Long()));
        }
        for (String store : List.of(MetricAggregator.SAMPLES_STORE, MetricAggregator.CHANGED_STORE)) {
            b.addStateStore(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.String()));
        }
        all.flatMap(
                        (k, d) -> Periods.of(d.getAt()).stream()
                                .filter(p -> d.getPeriodType() == null || p.type() == d.getPeriodType())
                                .map(p -> KeyValue.pair(d.getLocalAuthority() + "|" + p.type() + "|" + p.label(), d))
                                .toList(),
                        Named.as("metrics-periods"))
                .repartition(Repartitioned.<String, MetricDelta>as(DELTAS_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serde(MetricDelta.class, serdeConfig)))
                .process(
                        () -> new MetricAggregator(publishInterval, childPopulations),
                        Named.as("metrics-aggregate"),
                        MetricAggregator.FIGURES_STORE,
                        MetricAggregator.MEMBERS_STORE,
                        MetricAggregator.SAMPLES_STORE,
                        MetricAggregator.CHANGED_STORE)
                .to(
                        Topics.PARTNERSHIP_METRICS.name(),
                        Produced.with(
                                        Topics.PARTNERSHIP_METRICS.keySerde(),
                                        Topics.PARTNERSHIP_METRICS.valueSerde(serdeConfig))
                                .withName("metrics-sink"));
        return b.build();
    }

    /** An input, each event once ({@link DistinctEvents}); kept in {@code inputs} for the joins that read it too. */
    private static <E extends SpecificRecord> KStream<String, MetricDelta> received(
            StreamsBuilder b,
            EventSignals<E> source,
            Map<String, ?> serdeConfig,
            Map<EventSignals<?>, KStream<String, ?>> inputs) {
        KStream<String, E> events = stream(b, source.topic(), serdeConfig)
                .processValues(
                        () -> new DistinctEvents<>(source),
                        Named.as("metrics-distinct-" + source.topic().name()),
                        DistinctEvents.STORE);
        inputs.put(source, events);
        return events.flatMapValues(
                e -> Deltas.received(source, e),
                Named.as("metrics-received-" + source.topic().name()));
    }

    @SuppressWarnings("unchecked") // received() put the stream of this source's own type
    private static <E extends SpecificRecord> KStream<String, E> input(
            Map<EventSignals<?>, KStream<String, ?>> inputs, EventSignals<E> source) {
        return (KStream<String, E>) inputs.get(source);
    }

    private static <V extends SpecificRecord> KStream<String, V> stream(
            StreamsBuilder b, Topic<V> topic, Map<String, ?> serdeConfig) {
        return b.stream(
                topic.name(),
                Consumed.with(topic.keySerde(), topic.valueSerde(serdeConfig))
                        .withName("metrics-source-" + topic.name()));
    }

    private static <V extends SpecificRecord> KStream<String, SpecificRecord> byKey(
            KStream<String, V> stream, String name, Class<V> type, Map<String, ?> serdeConfig) {
        return stream.repartition(Repartitioned.<String, V>as(name)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serde(type, serdeConfig)))
                .mapValues(v -> (SpecificRecord) v, Named.as(name + "-widen"));
    }

    static <T extends SpecificRecord> Serde<T> serde(Class<T> type, Map<String, ?> serdeConfig) {
        return SpecificAvroSerde.forValues(type, serdeConfig);
    }
}
