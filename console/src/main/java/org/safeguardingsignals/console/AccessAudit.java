package org.safeguardingsignals.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.ConsoleAccess;
import org.safeguardingsignals.events.RevealReason;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.runtime.PipelineMetrics;

/**
 * The console's access audit: who looked at which alert, list, live stream, chronology or child's identity (with
 * the reason), or searched the audit itself, when, and whether it was shown. One ConsoleAccess record per request, written by the console instance that decided it and acknowledged by
 * the broker before the user gets an answer. Children appear only as pseudonyms; refused requests name no child.
 */
final class AccessAudit {
    private final Recorder recorder;
    private final String servedBy;
    private final PipelineMetrics metrics;
    private final MeterRegistry registry;

    /** What was looked at: an alert, a child (with the reason for a reveal), or a list's filters and size. */
    record Subject(
            String alertId,
            String childPseudonym,
            Map<String, String> filters,
            Integer itemsShown,
            RevealReason revealReason) {
        static Subject alert(String alertId, String childPseudonym) {
            return new Subject(alertId, childPseudonym, Map.of(), null, null);
        }

        static Subject child(String childPseudonym) {
            return new Subject(null, childPseudonym, Map.of(), null, null);
        }

        /** A child's identity asked for, and why; the child is null when the request was refused unseen. */
        static Subject reveal(String childPseudonym, RevealReason reason) {
            return new Subject(null, childPseudonym, Map.of(), null, reason);
        }

        static Subject list(Map<String, String> filters, Integer itemsShown) {
            return new Subject(null, null, filters, itemsShown, null);
        }
    }

    /**
     * @param servedBy this console instance's internal listener (advertised host:port), so that a record says which
     *                 instance decided
     */
    AccessAudit(Recorder recorder, String servedBy, PipelineMetrics metrics) {
        this.recorder = recorder;
        this.servedBy = servedBy;
        this.metrics = metrics;
        this.registry = metrics.registry();
    }

    void record(Worker worker, AccessAction action, ViewOutcome outcome, Subject subject) {
        recorder.audit(ConsoleAccess.newBuilder()
                .setAccessId(UUID.randomUUID())
                .setAction(action)
                .setWorkerId(worker.id())
                .setRole(worker.role().name())
                .setWorkerAuthorities(List.copyOf(worker.authorities()))
                .setChildPseudonym(subject.childPseudonym())
                .setOutcome(outcome)
                .setAlertId(subject.alertId())
                .setFilters(Map.copyOf(subject.filters()))
                .setItemsShown(subject.itemsShown())
                .setServedBy(servedBy)
                .setRevealReason(subject.revealReason())
                .setAccessedAt(Instant.now())
                .build());
        if (action == AccessAction.CHRONOLOGY_VIEWED) {
            metrics.chronologyView(outcome.name());
        }
        Counter.builder("safeguarding.console.access")
                .description("Audited accesses in the MASH console")
                .tag("action", action.name())
                .tag("outcome", outcome.name())
                .register(registry)
                .increment();
    }
}
