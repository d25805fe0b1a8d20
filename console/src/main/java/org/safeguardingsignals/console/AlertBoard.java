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
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;

/**
 * Every alert with its decisions, as the console shows them. Fed from the alert and decision topics (read from the
 * beginning, read_committed), so each console instance holds the whole board; alerts are few enough for that.
 */
public final class AlertBoard {

    /** Where an alert stands. */
    public enum Status {
        NEW,
        ACKNOWLEDGED,
        CLOSED;

        static Status of(List<MashDecision> decisions) {
            if (decisions.isEmpty()) {
                return NEW;
            }
            DecisionOutcome latest = decisions.get(decisions.size() - 1).getOutcome();
            return latest == DecisionOutcome.ACKNOWLEDGED ? ACKNOWLEDGED : CLOSED;
        }

        boolean open() {
            return this != CLOSED;
        }
    }

    /** An alert and its decisions, oldest first, with the timescale its decision is due by. */
    public record Entry(RiskAlert alert, List<MashDecision> decisions, DecisionTimescale timescale) {
        /** When a decision is due. */
        public Instant dueBy() {
            return timescale.dueBy(alert.getRaisedAt());
        }

        /** Open, and past its decision time at this moment. */
        public boolean overdue(Instant now) {
            return status().open() && timescale.overdue(alert.getRaisedAt(), now);
        }

        public Status status() {
            return Status.of(decisions);
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
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    public void addAlert(RiskAlert alert) {
        Entry entry;
        synchronized (this) {
            alerts.put(alert.getAlertId(), alert);
            entry = entryOf(alert);
        }
        listeners.forEach(l -> l.accept(entry));
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
        return new Entry(alert, List.copyOf(decisions.getOrDefault(alert.getAlertId(), List.of())), timescale);
    }
}
