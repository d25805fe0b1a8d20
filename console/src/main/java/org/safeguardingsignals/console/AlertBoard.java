package org.safeguardingsignals.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;

/**
 * Every alert with its decisions, as the console shows them. Fed from the alert and decision topics (read from the
 * beginning, read_committed), so each console instance holds the whole board; alerts are few enough for that. Keyed
 * by alertId: a withdrawn alert stays on the board, marked, with its decisions.
 */
public final class AlertBoard {

    /** Where an alert stands; WITHDRAWN when detection took it back after a retraction, whatever was decided on it. */
    public enum Status {
        NEW,
        ACKNOWLEDGED,
        CLOSED,
        WITHDRAWN;

        static Status of(RiskAlert alert, List<MashDecision> decisions) {
            return alert.getStatus() == AlertStatus.WITHDRAWN ? WITHDRAWN : of(decisions);
        }

        static Status of(List<MashDecision> decisions) {
            if (decisions.isEmpty()) {
                return NEW;
            }
            DecisionOutcome latest = decisions.get(decisions.size() - 1).getOutcome();
            return latest == DecisionOutcome.ACKNOWLEDGED ? ACKNOWLEDGED : CLOSED;
        }

        boolean open() {
            return this != CLOSED && this != WITHDRAWN;
        }
    }

    /**
     * An alert and its decisions, oldest first (kept when the alert is withdrawn), with the timescale its decision is
     * due by, and the alert re-issued in its place after a retraction ({@code reissuedAs}), or null.
     */
    public record Entry(RiskAlert alert, List<MashDecision> decisions, DecisionTimescale timescale, String reissuedAs) {
        /** When a decision is due. */
        public Instant dueBy() {
            return timescale.dueBy(alert.getRaisedAt());
        }

        /** Open, and past its decision time at this moment. */
        public boolean overdue(Instant now) {
            return status().open() && timescale.overdue(alert.getRaisedAt(), now);
        }

        public Status status() {
            return Status.of(alert, decisions);
        }

        /** Who took the alert: the worker whose acknowledgement is its latest decision, while it stands. */
        public Optional<String> assignedTo() {
            return status() == Status.ACKNOWLEDGED
                    ? Optional.of(decisions.get(decisions.size() - 1).getWorkerId())
                    : Optional.empty();
        }

        boolean visibleTo(Worker worker) {
            return alert.getRoutedTo().stream().anyMatch(worker::worksFor);
        }
    }

    private final DecisionTimescale timescale;

    /** A board whose alerts are due by England and Wales' working days. */
    public AlertBoard() {
        this(DecisionTimescale.ENGLAND_AND_WALES);
    }

    AlertBoard(DecisionTimescale timescale) {
        this.timescale = timescale;
    }

    private final Map<String, RiskAlert> alerts = new LinkedHashMap<>();
    private final Map<String, List<MashDecision>> decisions = new LinkedHashMap<>();
    /** The alert that re-issued each withdrawn one (by the re-issue's supersedes), whichever came first. */
    private final Map<String, String> reissued = new LinkedHashMap<>();

    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    /**
     * The alert's latest record: a later record of the same alertId replaces it, so a withdrawal marks the alert
     * rather than adding one. A withdrawal is final: an ACTIVE record of a withdrawn alert (a stale copy) is ignored.
     * A re-issue (supersedes set) changes the withdrawn alert's entry too, which then links to it.
     */
    public void addAlert(RiskAlert alert) {
        List<Entry> changed = new ArrayList<>();
        synchronized (this) {
            RiskAlert held = alerts.get(alert.getAlertId());
            if (held != null
                    && held.getStatus() == AlertStatus.WITHDRAWN
                    && alert.getStatus() != AlertStatus.WITHDRAWN) {
                return;
            }
            alerts.put(alert.getAlertId(), alert);
            changed.add(entryOf(alert));
            if (alert.getSupersedes() != null && !alert.getSupersedes().equals(alert.getAlertId())) {
                reissued.put(alert.getSupersedes(), alert.getAlertId());
                RiskAlert withdrawn = alerts.get(alert.getSupersedes());
                if (withdrawn != null) {
                    changed.add(entryOf(withdrawn));
                }
            }
        }
        changed.forEach(entry -> listeners.forEach(l -> l.accept(entry)));
    }

    public void addDecision(MashDecision decision) {
        Entry entry = null;
        synchronized (this) {
            List<MashDecision> list = decisions.computeIfAbsent(decision.getAlertId(), k -> new ArrayList<>());
            if (list.stream().noneMatch(d -> d.getDecisionId().equals(decision.getDecisionId()))) {
                list.add(decision);
            }
            RiskAlert alert = alerts.get(decision.getAlertId());
            if (alert != null) {
                entry = entryOf(alert);
            }
        }
        if (entry != null) {
            Entry changed = entry;
            listeners.forEach(l -> l.accept(changed));
        }
    }

    public synchronized Optional<Entry> get(String alertId) {
        return Optional.ofNullable(alerts.get(alertId)).map(this::entryOf);
    }

    /** Alerts the worker may see, newest first, filtered by authority, severities and open-ness. */
    public synchronized List<Entry> list(
            Worker worker, Optional<String> authority, Set<String> severities, boolean openOnly) {
        return alerts.values().stream()
                .map(this::entryOf)
                .filter(e -> e.visibleTo(worker))
                .filter(e -> authority
                        .map(la -> e.alert().getRoutedTo().contains(la))
                        .orElse(true))
                .filter(e -> severities.isEmpty()
                        || severities.contains(e.alert().getSeverity().name()))
                .filter(e -> !openOnly || e.status().open())
                .sorted(Comparator.comparing((Entry e) -> e.alert().getRaisedAt())
                        .reversed())
                .toList();
    }

    /** Whether an alert about the child is routed to one of the worker's authorities. */
    public synchronized boolean knows(Worker worker, String childPseudonym) {
        return alerts.values().stream()
                .filter(a -> a.getChildPseudonym().equals(childPseudonym))
                .map(this::entryOf)
                .anyMatch(e -> e.visibleTo(worker));
    }

    public void subscribe(Consumer<Entry> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<Entry> listener) {
        listeners.remove(listener);
    }

    private Entry entryOf(RiskAlert alert) {
        return new Entry(
                alert,
                List.copyOf(decisions.getOrDefault(alert.getAlertId(), List.of())),
                timescale,
                reissued.get(alert.getAlertId()));
    }
}
