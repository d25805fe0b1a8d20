package org.safeguardingsignals.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The application's own meters. Tags take values from small closed sets (topic, agency, reason, rule, severity),
 * never a child or an event id, so cardinality stays bounded.
 */
public final class PipelineMetrics {
    private final MeterRegistry registry;
    /** Meters used for every record, looked up once rather than per record. */
    private final Map<String, Counter> eventsIn = new ConcurrentHashMap<>();

    private final Timer intakeLag;
    private final Counter signalsHere;
    private final Counter signalsHopped;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.intakeLag = Timer.builder("safeguarding.intake.lag")
                .description("Time from an agency recording an event to the pipeline taking it in")
                .register(registry);
        this.signalsHere = Counter.builder(SIGNALS)
                .tag("path", "here")
                .description("A child's signals judged in the task that read the event (it came on the child's"
                        + " partition)")
                .register(registry);
        this.signalsHopped = Counter.builder(SIGNALS)
                .tag("path", "repartition")
                .description("A child's signals sent through the repartition topic (another child's partition, or a"
                        + " producer without the child partitioner)")
                .register(registry);
    }

    /** A child's signals from one event, by the path to the child's rules. */
    public static final String SIGNALS = "safeguarding.signals";

    /** A child's signals from one event, judged where they were read ({@code here}) or after the repartition hop. */
    public void signals(boolean here) {
        (here ? signalsHere : signalsHopped).increment();
    }

    public static PipelineMetrics inMemory() {
        return new PipelineMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus exposition of these meters, when the registry is a Prometheus one; else null. */
    public Supplier<String> prometheusScrape() {
        return registry instanceof PrometheusMeterRegistry prometheus ? () -> prometheus.scrape() : null;
    }

    public void eventIn(String topic) {
        eventsIn.computeIfAbsent(topic, t -> counter("safeguarding.events.in", "topic", t))
                .increment();
    }

    public void rejected(String reason) {
        counter("safeguarding.rejects", "reason", reason).increment();
    }

    /** A record left on its topic because the schema registry could not be reached (read again, not rejected). */
    public void registryUnavailable(String application) {
        counter("safeguarding.registry.unavailable", "app", application).increment();
    }

    public void unmatched(String agency) {
        counter("safeguarding.unmatched", "agency", agency).increment();
    }

    public void duplicate() {
        registry.counter("safeguarding.indicators.duplicate").increment();
    }

    /**
     * A retraction, by what became of it: applied (the event's indicators removed), pending (its event not yet here),
     * suppressed (its event came after it and was dropped), repeat (the event was already retracted), unmatched (its
     * event never came within the window). Refused ones are counted as dead letters (RETRACTION_NOT_OWN_EVENT).
     */
    public void retraction(String agency, String outcome) {
        registry.counter("safeguarding.retractions", "agency", agency, "outcome", outcome)
                .increment();
    }

    /** An alert withdrawn because a retraction took away evidence it rested on. */
    public void alertWithdrawn(String rule) {
        registry.counter("safeguarding.alerts.withdrawn", "rule", rule).increment();
    }

    public void late() {
        registry.counter("safeguarding.indicators.late").increment();
    }

    public void alert(String rule, String severity) {
        registry.counter("safeguarding.alerts", "rule", rule, "severity", severity)
                .increment();
    }

    /** From the agency recording an event to the pipeline taking it in (feed latency plus pipeline lag). */
    public void intakeLag(Duration lag) {
        intakeLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    /** How long one run of the rules' timer (overdue interviews, expiry) took. */
    public Timer timerRun() {
        return Timer.builder("safeguarding.rules.timer")
                .description("Duration of one run of the return-interview and expiry timer")
                .register(registry);
    }

    public void decision(String outcome) {
        counter("safeguarding.decisions", "outcome", outcome).increment();
    }

    public void chronologyView(String outcome) {
        counter("safeguarding.chronology.views", "outcome", outcome).increment();
    }

    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private Counter counter(String name, String tag, String value) {
        return registry.counter(name, tag, value);
    }
}
