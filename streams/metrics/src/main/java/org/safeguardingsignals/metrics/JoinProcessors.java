package org.safeguardingsignals.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.decisions.FrontDoorDecisions;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.identifiers.ChildAge;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.internal.AlertFacts;
import org.safeguardingsignals.internal.MetricDelta;
import org.safeguardingsignals.internal.ReturnFacts;
import org.safeguardingsignals.runtime.Pseudonymiser;

/** The figures that need two records brought together, each keyed so that they meet in one task. */
final class JoinProcessors {
    static final String RETURNS_STORE = "metrics-returns";
    static final String ALERT_FACTS_STORE = "metrics-alert-facts";
    static final String REFERRALS_STORE = "metrics-last-referral";
    static final Duration RHI_DUE = Duration.ofHours(72);
    static final Duration RE_REFERRAL_WINDOW = Duration.ofDays(365);

    private JoinProcessors() {}

    /** Base: holds the join's one store and forwards every delta it makes, keyed by the authority. */
    abstract static class Join<V, S> implements Processor<String, V, String, MetricDelta> {
        private final String storeName;
        ProcessorContext<String, MetricDelta> context;
        KeyValueStore<String, S> store;

        Join(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<String, MetricDelta> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
        }

        void emit(List<MetricDelta> deltas, long timestamp) {
            deltas.forEach(d -> context.forward(new Record<>(d.getLocalAuthority(), d, timestamp)));
        }
    }

    /** Missing returns and return interviews, keyed by episode: returns, and interviews completed within 72 h. */
    static final class ReturnInterviews extends Join<SpecificRecord, ReturnFacts> {
        private final Pseudonymiser pseudonymiser;

        ReturnInterviews(Pseudonymiser pseudonymiser) {
            super(RETURNS_STORE);
            this.pseudonymiser = pseudonymiser;
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            ReturnFacts facts = store.get(record.key());
            if (facts == null) {
                facts = ReturnFacts.newBuilder().build();
            }
            List<MetricDelta> out = new ArrayList<>();
            if (record.value() instanceof MissingEpisode m && !facts.getChildCounted()) {
                // the episode's first record counts its child, once, in the period it was reported; a child without
                // a usable NHS number cannot be told apart from another and is left out (counted as unmatched)
                facts.setChildCounted(true);
                String nhs = m.getChild().getNhsNumber();
                if (NhsNumber.isValid(nhs)) {
                    String child = pseudonymiser.pseudonymOf(nhs);
                    String la = m.getHeader().getLocalAuthority();
                    Instant at = m.getReportedMissingAt();
                    out.add(Deltas.distinct(la, at, Metric.CHILDREN_MISSING, child, 1));
                    out.add(Deltas.repeat(la, at, Metric.CHILDREN_MISSING_MORE_THAN_ONCE, child));
                    // and by the child's age at the episode (the total above is withheld with any band)
                    Map<String, String> band = Map.of(
                            Metric.AGE_BAND,
                            ChildAge.bandAt(m.getChild().getDateOfBirth(), at).name());
                    out.add(Deltas.distinct(la, at, Metric.CHILDREN_MISSING, band, child, 1));
                    out.add(Deltas.repeat(la, at, Metric.CHILDREN_MISSING_MORE_THAN_ONCE, band, child));
                }
            }
            if (record.value() instanceof MissingEpisode m
                    && m.getReturnedAt() != null
                    && facts.getReturnedAt() == null) {
                facts.setReturnedAt(m.getReturnedAt());
                facts.setLocalAuthority(m.getHeader().getLocalAuthority());
                out.add(Deltas.count(facts.getLocalAuthority(), m.getReturnedAt(), Metric.RETURNS, Map.of(), 1));
            } else if (record.value() instanceof ReturnInterviewEvent i
                    && i.getStatus() == ReturnInterviewStatus.COMPLETED
                    && (facts.getCompletedAt() == null
                            || i.getHeader().getOccurredAt().isBefore(facts.getCompletedAt()))) {
                facts.setCompletedAt(i.getHeader().getOccurredAt());
            }
            if (!facts.getCounted()
                    && facts.getReturnedAt() != null
                    && facts.getCompletedAt() != null
                    && !facts.getCompletedAt().isAfter(facts.getReturnedAt().plus(RHI_DUE))) {
                facts.setCounted(true);
                out.add(Deltas.count(
                        facts.getLocalAuthority(), facts.getReturnedAt(), Metric.RHI_WITHIN_72H, Map.of(), 1));
            }
            store.put(record.key(), facts);
            emit(out, record.timestamp());
        }
    }

    /**
     * Alerts and decisions, keyed by alert id: decisions by outcome, time to first decision (in total and by rule),
     * alert outcomes by rule, children flagged by rule and severity, children with an open toxic-trio alert and,
     * apart, with an open emerging one, and alerts withdrawn (an alert's WITHDRAWN record follows its raising here).
     */
    static final class Decisions extends Join<SpecificRecord, AlertFacts> {
        Decisions() {
            super(ALERT_FACTS_STORE);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            List<MetricDelta> out = new ArrayList<>();
            if (record.value() instanceof RiskAlert a && a.getStatus() == AlertStatus.WITHDRAWN) {
                withdrawn(a, out);
            } else if (record.value() instanceof RiskAlert a) {
                if (store.get(a.getAlertId()) == null) {
                    Instant triggeredAt = Deltas.triggeredAt(a);
                    store.put(
                            a.getAlertId(),
                            new AlertFacts(
                                    a.getRaisedAt(),
                                    a.getRuleId(),
                                    a.getChildPseudonym(),
                                    List.copyOf(a.getRoutedTo()),
                                    false,
                                    false,
                                    triggeredAt,
                                    false,
                                    false));
                    // each alert once (a replay adds nothing): the child's count in the cell is its alerts there
                    out.addAll(Deltas.flagged(
                            a.getRuleId(), a.getSeverity(), a.getChildPseudonym(), a.getRoutedTo(), triggeredAt, 1));
                    String open = openChildrenMetric(a.getRuleId());
                    if (open != null) {
                        a.getRoutedTo()
                                .forEach(la ->
                                        out.add(Deltas.distinct(la, triggeredAt, open, a.getChildPseudonym(), 1)));
                    }
                }
            } else if (record.value() instanceof MashDecision d) {
                out.add(Deltas.count(
                        d.getLocalAuthority(),
                        d.getDecidedAt(),
                        Metric.DECISIONS,
                        Map.of("outcome", d.getOutcome().name()),
                        1));
                AlertFacts facts = store.get(d.getAlertId());
                if (facts != null) {
                    if (!facts.getDecided()) {
                        facts.setDecided(true);
                        String la = d.getLocalAuthority();
                        out.add(Deltas.count(la, d.getDecidedAt(), Metric.FIRST_DECISIONS, Map.of(), 1));
                        if (WorkingDays.withinOne(triggeredAt(facts), d.getDecidedAt())) {
                            out.add(Deltas.count(la, d.getDecidedAt(), Metric.DECIDED_IN_ONE_WORKING_DAY, Map.of(), 1));
                        }
                        long minutes = Math.max(
                                0,
                                Duration.between(triggeredAt(facts), d.getDecidedAt())
                                        .toMinutes());
                        out.add(Deltas.sample(la, d.getDecidedAt(), Metric.MINUTES_TO_FIRST_DECISION, minutes));
                        out.add(Deltas.sample(
                                la,
                                d.getDecidedAt(),
                                Metric.MINUTES_TO_FIRST_DECISION,
                                Map.of(Metric.RULE, facts.getRuleId()),
                                minutes));
                    }
                    OutcomeGroup group = OutcomeGroup.of(d.getOutcome());
                    if (!outcomeCounted(facts) && FrontDoorDecisions.closes(d) && group != null) {
                        // the alert's outcome, once: its first closing decision (a proposed no further action
                        // counts once signed off, possibly in a later record of the same decision)
                        facts.setOutcomeCounted(true);
                        String la = d.getLocalAuthority();
                        Map<String, String> rule = Map.of(Metric.RULE, facts.getRuleId());
                        out.add(Deltas.count(la, d.getDecidedAt(), Metric.ALERT_OUTCOMES, rule, 1));
                        out.add(Deltas.count(
                                la,
                                d.getDecidedAt(),
                                Metric.ALERT_OUTCOMES,
                                Map.of(Metric.RULE, facts.getRuleId(), Metric.OUTCOME_GROUP, group.name()),
                                1));
                    }
                    if (!facts.getClosed() && d.getOutcome() != DecisionOutcome.ACKNOWLEDGED) {
                        facts.setClosed(true);
                        String open = openChildrenMetric(facts.getRuleId());
                        if (open != null) {
                            facts.getRoutedTo()
                                    .forEach(la -> out.add(Deltas.distinct(
                                            la, triggeredAt(facts), open, facts.getChildPseudonym(), -1)));
                        }
                    }
                    store.put(d.getAlertId(), facts);
                }
            }
            emit(out, record.timestamp());
        }

        /**
         * An alert's WITHDRAWN record, once: counted among the alerts withdrawn where it was counted as raised; its
         * child leaves the cell it flagged unless another alert of the cell still flags it; no longer open. A
         * withdrawal of an alert never seen here changes nothing (it was not counted, so nothing is taken away), and
         * the decisions recorded on it stay counted.
         */
        private void withdrawn(RiskAlert a, List<MetricDelta> out) {
            AlertFacts facts = store.get(a.getAlertId());
            if (facts == null || facts.getWithdrawn()) {
                return;
            }
            facts.setWithdrawn(true);
            Instant at = triggeredAt(facts);
            Map<String, String> cell = Map.of(
                    Metric.RULE,
                    facts.getRuleId(),
                    Metric.SEVERITY,
                    a.getSeverity().name());
            facts.getRoutedTo().forEach(la -> out.add(Deltas.count(la, at, Metric.ALERTS_WITHDRAWN, cell, 1)));
            out.addAll(Deltas.flagged(
                    facts.getRuleId(), a.getSeverity(), facts.getChildPseudonym(), facts.getRoutedTo(), at, -1));
            if (!facts.getClosed()) {
                facts.setClosed(true);
                String open = openChildrenMetric(facts.getRuleId());
                if (open != null) {
                    facts.getRoutedTo()
                            .forEach(la -> out.add(Deltas.distinct(la, at, open, facts.getChildPseudonym(), -1)));
                }
            }
            store.put(a.getAlertId(), facts);
        }

        /** Whether the outcome was counted; for facts stored before that was kept, whether the alert was closed. */
        private static boolean outcomeCounted(AlertFacts facts) {
            return facts.getOutcomeCounted() != null ? facts.getOutcomeCounted() : facts.getClosed();
        }

        /** When the alert's trigger happened; for facts stored before that was kept, when it was raised. */
        private static Instant triggeredAt(AlertFacts facts) {
            return facts.getTriggeredAt() != null ? facts.getTriggeredAt() : facts.getRaisedAt();
        }

        /** The open-children figure a rule's alerts count in, or null: full and emerging trios apart. */
        private static String openChildrenMetric(String rule) {
            return switch (rule) {
                case "toxic-trio" -> Metric.CHILDREN_OPEN_TRIO;
                case "toxic-trio-emerging" -> Metric.CHILDREN_OPEN_EMERGING;
                default -> null;
            };
        }
    }

    /**
     * Referrals keyed by the child's pseudonym: referrals, and re-referrals within 12 months (DfE indicator), each
     * referral id once. The store holds each child's latest referral time under its pseudonym and each referral id
     * seen under {@link #SEEN_REFERRAL} and the id (a pseudonym is hex, so the two never meet).
     */
    static final class ReReferrals extends Join<Referral, Long> {
        static final String SEEN_REFERRAL = "referral:";

        ReReferrals() {
            super(REFERRALS_STORE);
        }

        @Override
        public void process(Record<String, Referral> record) {
            Referral r = record.value();
            Instant at = r.getHeader().getOccurredAt();
            String la = r.getHeader().getLocalAuthority();
            // an update of a referral already counted (its outcome, say) is neither a referral nor a re-referral
            String seen = SEEN_REFERRAL + r.getReferralId();
            if (store.get(seen) != null) {
                return;
            }
            store.put(seen, at.toEpochMilli());
            List<MetricDelta> out = new ArrayList<>();
            out.add(Deltas.count(la, at, Metric.REFERRALS, Map.of(), 1));
            Long previous = store.get(record.key());
            if (previous != null
                    && previous < at.toEpochMilli()
                    && at.toEpochMilli() - previous <= RE_REFERRAL_WINDOW.toMillis()) {
                out.add(Deltas.count(la, at, Metric.RE_REFERRALS, Map.of(), 1));
            }
            if (previous == null || previous < at.toEpochMilli()) {
                store.put(record.key(), at.toEpochMilli());
            }
            emit(out, record.timestamp());
        }
    }
}
