package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.UnmatchedEvent;
import org.safeguardingsignals.events.UnmatchedReason;
import org.safeguardingsignals.runtime.signals.Signals;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.testing.BrokerReads;
import org.safeguardingsignals.topics.Topics;

/**
 * Each application's Prometheus endpoint on its own internal listener (detection, partnership metrics, console), the
 * Grafana dashboard's queries checked against what they expose, the public listener serving no meters, and the
 * partnership metrics topic filling up, on a real broker and registry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringIT {
    static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "safeguarding-signals.json");
    static final Path PROMETHEUS = Path.of("..", "deploy", "prometheus", "prometheus.yml");
    private static final Duration SETTLED_WITHIN = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULES_TIMER_RAN = Pattern.compile("(?m)^safeguarding_rules_timer_seconds_count [1-9]");
    ConsoleWorld world;
    ConsoleApp console;
    /** The internal listeners' ports, by application. */
    Map<String, Integer> internalPorts;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        world = new ConsoleWorld(dir, 1, Map.of(), true);
        console = world.consoles.get(0);
        internalPorts = new TreeMap<>(Map.of(
                "detection",
                world.detections.get(0).internalPort(),
                "partnership-metrics",
                world.partnershipMetrics.internalPort(),
                "console",
                console.internalPort()));
        String child = world.emergingTrio(ConsoleWorld.LAMBETH);
        for (int i = 0; i < 5; i++) { // five in Kent: counts the partnership figures publish (Lambeth's stay small)
            world.emergingTrio(ConsoleWorld.KENT);
        }
        String alertId = awaitAlert(child);
        assertThat(world.get(console, "/api/children/" + child + "/chronology", ConsoleWorld.LAMBETH_TOKEN)
                        .statusCode())
                .as("the chronology is shown")
                .isEqualTo(200);
        assertThat(world.post(
                                console,
                                "/api/alerts/" + alertId + "/decisions",
                                ConsoleWorld.LAMBETH_TOKEN,
                                "{\"outcome\":\"ACKNOWLEDGED\"}")
                        .statusCode())
                .as("the decision is recorded")
                .isEqualTo(201);
        world.poisonAndUnmatched();
        // each application has consumed every input to its end offsets: what it counts is final
        try (Admin admin = world.kafka.admin()) {
            BrokerReads.awaitConsumed(
                    admin,
                    world.detectionGroup(),
                    List.of(Topics.DOMESTIC_ABUSE_INCIDENTS.name(), Topics.PARENT_HEALTH_EVENTS.name()),
                    SETTLED_WITHIN);
            List<String> metricsInputs = new ArrayList<>();
            Signals.ALL.forEach(s -> metricsInputs.add(s.topic().name()));
            metricsInputs.addAll(List.of(
                    Topics.UNMATCHED.name(),
                    Topics.DEAD_LETTERS.name(),
                    Topics.ALERTS.name(),
                    Topics.DECISIONS.name()));
            BrokerReads.awaitConsumed(admin, world.metricsGroup(), metricsInputs, SETTLED_WITHIN);
        }
        // the published figures have reached the dashboard's gauges: a published count and a withheld one
        long figuresBy = System.nanoTime() + SETTLED_WITHIN.toNanos();
        while (series(scrape("partnership-metrics"), "safeguarding_partnership_figure")
                        .isEmpty()
                || series(scrape("partnership-metrics"), "safeguarding_partnership_figure_withheld")
                        .isEmpty()) {
            if (System.nanoTime() > figuresBy) {
                throw new AssertionError("no partnership figures on the metrics gauges within " + SETTLED_WITHIN);
            }
            Thread.sleep(200);
        }
        // the rules' timer (every second in this world) has run at least once, so its meter is there
        long deadline = System.nanoTime() + SETTLED_WITHIN.toNanos();
        while (!RULES_TIMER_RAN.matcher(scrape("detection")).find()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("detection's rules timer did not run within " + SETTLED_WITHIN);
            }
            Thread.sleep(200);
        }
    }

    /** The id of the child's alert, once the console lists it; fails if it does not within the time allowed. */
    private String awaitAlert(String child) throws Exception {
        long deadline = System.nanoTime() + SETTLED_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode alert : JSON.readTree(world.get(console, "/api/alerts", ConsoleWorld.LAMBETH_TOKEN)
                            .body())
                    .get("items")) {
                if (alert.get("childPseudonym").asText().equals(child)) {
                    return alert.get("alertId").asText();
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no alert for the emerging trio within " + SETTLED_WITHIN);
    }

    @AfterAll
    void stop() {
        world.close();
    }

    private String scrape(String application) {
        return world.scrape(internalPorts.get(application));
    }

    static Set<String> names(String scrape) {
        return scrape.lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theScrapeEndpointsShowLiveFiguresWithBoundedTags() throws Exception {
        Files.createDirectories(Path.of("target"));
        for (String application : internalPorts.keySet()) {
            String scrape = scrape(application);
            Files.writeString(Path.of("target", "scrape-" + application + ".txt"), scrape);
            // no label value looks like a pseudonym (32 hex) or an NHS number (10 digits)
            assertThat(scrape)
                    .as(application)
                    .doesNotContainPattern("=\"[0-9a-f]{32}\"")
                    .doesNotContainPattern("=\"[0-9]{10}\"");
        }
        String detection = scrape("detection");
        assertThat(detection)
                .contains("safeguarding_events_in_total{topic=\"safeguarding.police.domestic-abuse-incidents.v1\"}")
                .contains("safeguarding_alerts_total{rule=\"toxic-trio-emerging\",severity=\"MEDIUM\"}")
                .contains("safeguarding_intake_lag_seconds_count");
        assertThat(scrape("console")).contains("safeguarding_chronology_views_total{outcome=\"SHOWN\"}");
        assertThat(names(detection)).anyMatch(n -> n.startsWith("kafka_stream_"));
        assertThat(names(scrape("partnership-metrics"))).anyMatch(n -> n.startsWith("kafka_stream_"));
    }

    @Test
    void eachRecordIsCountedOnceByTheApplicationThatTookItIn() {
        String detection = scrape("detection");
        String metrics = scrape("partnership-metrics");
        String consoleScrape = scrape("console");
        // the set-up sent: six incidents and six parents' crises (emerging trios: one in Lambeth, five in Kent), bytes
        // that are not Avro, and an incident about a child with no NHS number
        assertThat(value(
                        detection,
                        "safeguarding_events_in_total{topic=\"" + Topics.DOMESTIC_ABUSE_INCIDENTS.name() + "\"}"))
                .as("decoded incidents taken in (the poison never decodes)")
                .isEqualTo(7.0);
        assertThat(value(
                        detection,
                        "safeguarding_events_in_total{topic=\"" + Topics.PARENT_HEALTH_EVENTS.name() + "\"}"))
                .isEqualTo(6.0);
        assertThat(value(detection, "safeguarding_rejects_total{reason=\"UNDECODABLE\"}"))
                .as("one reject for one bad record")
                .isEqualTo(1.0);
        assertThat(series(detection, "safeguarding_rejects_total"))
                .as("no other reject")
                .hasSize(1);
        assertThat(value(detection, "safeguarding_unmatched_total{agency=\"POLICE\"}"))
                .isEqualTo(1.0);
        assertThat(value(detection, "safeguarding_alerts_total{rule=\"toxic-trio-emerging\",severity=\"MEDIUM\"}"))
                .isEqualTo(6.0);
        assertThat(series(detection, "safeguarding_alerts_total"))
                .as("no other alert")
                .hasSize(1);
        // partnership metrics reads the same input: it skips the poison under its own name, and counts no reject
        assertThat(value(metrics, "safeguarding_metrics_skipped_total{reason=\"UNDECODABLE\"}"))
                .isEqualTo(1.0);
        assertThat(series(metrics, "safeguarding_rejects_total")).isEmpty();
        assertThat(series(consoleScrape, "safeguarding_rejects_total")).isEmpty();
        assertThat(value(consoleScrape, "safeguarding_chronology_views_total{outcome=\"SHOWN\"}"))
                .isEqualTo(1.0);
        assertThat(value(consoleScrape, "safeguarding_decisions_total{outcome=\"ACKNOWLEDGED\"}"))
                .isEqualTo(1.0);
        // and the topics hold one dead letter and one unmatched event, read up to their end offsets
        SpecificAvroDeserializer<DeadLetter> letters = new SpecificAvroDeserializer<>(DeadLetter.class);
        letters.configure(Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        assertThat(BrokerReads.valuesToEnd(world.kafka.adminProperties(), Topics.DEAD_LETTERS.name(), letters))
                .extracting(DeadLetter::getReason, DeadLetter::getSourceTopic)
                .containsExactly(tuple(RejectReason.UNDECODABLE, Topics.DOMESTIC_ABUSE_INCIDENTS.name()));
        SpecificAvroDeserializer<UnmatchedEvent> unmatched = new SpecificAvroDeserializer<>(UnmatchedEvent.class);
        unmatched.configure(Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        assertThat(BrokerReads.valuesToEnd(world.kafka.adminProperties(), Topics.UNMATCHED.name(), unmatched))
                .extracting(UnmatchedEvent::getSourceReference, UnmatchedEvent::getReason)
                .containsExactly(tuple("INC-UNKNOWN", UnmatchedReason.NHS_NUMBER_MISSING));
    }

    @Test
    void theDashboardsPartnershipFiguresAreThePublishedOnesAndNeverAWithheldValue() {
        String metrics = scrape("partnership-metrics");
        List<String> published = series(metrics, "safeguarding_partnership_figure");
        assertThat(published)
                .filteredOn(l -> l.contains("authority=\"" + ConsoleWorld.KENT + "\"")
                        && l.contains("metric=\"events_received\"")
                        && l.contains("breakdown=\"agency=POLICE,category=DOMESTIC_ABUSE\""))
                .singleElement()
                .satisfies(l -> assertThat(l).endsWith(" 5.0"));
        assertThat(published)
                .filteredOn(l -> !l.contains("_pct\"") && !l.contains("stat="))
                .as("no published count is from 1 to 4")
                .allSatisfy(l -> assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .satisfiesAnyOf(
                                v -> assertThat(v).isZero(), v -> assertThat(v).isGreaterThanOrEqualTo(5.0)));
        assertThat(series(metrics, "safeguarding_partnership_figure_withheld"))
                .filteredOn(l -> l.contains("authority=\"" + ConsoleWorld.LAMBETH + "\"")
                        && l.contains("metric=\"mash_decisions\""))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .contains("breakdown=\"outcome=ACKNOWLEDGED\"")
                        .endsWith(" 1.0"));
    }

    /** The value of one series (name and labels exactly as exposed); fails when it is not exposed. */
    static double value(String scrape, String series) {
        return scrape.lines()
                .filter(l -> l.startsWith(series + " "))
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(series + " is not exposed"));
    }

    /** Every series of one metric, with its labels. */
    static List<String> series(String scrape, String metric) {
        return scrape.lines()
                .filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
                .toList();
    }

    @Test
    void everyDashboardQueryUsesAMetricOneOfTheApplicationsExposes() throws Exception {
        Set<String> exposed = new TreeSet<>();
        internalPorts.keySet().forEach(application -> exposed.addAll(names(scrape(application))));
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> exprs = dashboard.findValuesAsText("expr");
        assertThat(exprs).hasSizeGreaterThan(5);
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(safeguarding_[a-z0-9_]+|kafka_stream_[a-z0-9_]+)")
                .matcher(String.join("\n", exprs));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).isNotEmpty();
        assertThat(exposed).containsAll(used);
        assertThat(dashboard.findValuesAsText("title")).contains("Pipeline health", "Partnership view");
        String prometheus = Files.readString(PROMETHEUS);
        assertThat(prometheus).contains("metrics_path: /metrics");
        // each application is scraped on its internal listener's default port
        assertThat(prometheus).contains(":9091", ":9092", ":9093").doesNotContain(":8080");
    }

    @Test
    void eachApplicationAnswersHealthReadinessAndMetricsOnItsInternalListenerAndThePublicOneServesNoMeters() {
        for (Map.Entry<String, Integer> application : internalPorts.entrySet()) {
            world.awaitReady(application.getValue());
            HttpResponse<String> health =
                    world.send(HttpRequest.newBuilder(ConsoleWorld.internal(application.getValue(), "/health"))
                            .build());
            assertThat(health.statusCode())
                    .as(application.getKey() + " /health")
                    .isEqualTo(200);
            HttpResponse<String> metrics =
                    world.send(HttpRequest.newBuilder(ConsoleWorld.internal(application.getValue(), "/metrics"))
                            .build());
            assertThat(metrics.statusCode())
                    .as(application.getKey() + " /metrics")
                    .isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .get()
                    .asString()
                    .startsWith("text/plain");
        }
        HttpResponse<String> onPublic = world.send(
                HttpRequest.newBuilder(URI.create(console.url() + "metrics")).build());
        assertThat(onPublic.statusCode())
                .as("the public listener serves no meters")
                .isEqualTo(404);
        assertThat(onPublic.body()).doesNotContain("safeguarding_");
    }

    @Test
    void thePartnershipMetricsTopicFillsWithDisclosureControlledFigures() {
        Properties p = new Properties();
        p.putAll(world.kafka.adminProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "m-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        SpecificAvroDeserializer<PartnershipMetric> values = new SpecificAvroDeserializer<>(PartnershipMetric.class);
        values.configure(Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        // the figures are published on the application's timer (every second here), after it has consumed its inputs
        Map<String, PartnershipMetric> latest = new TreeMap<>();
        try (KafkaConsumer<String, PartnershipMetric> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            c.subscribe(List.of(Topics.PARTNERSHIP_METRICS.name()));
            long deadline = System.nanoTime() + SETTLED_WITHIN.toNanos();
            while (!latest.keySet().containsAll(EXPECTED_FIGURES)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("figures published within " + SETTLED_WITHIN + ": " + latest.keySet());
                }
                c.poll(Duration.ofMillis(300)).forEach(r -> {
                    PartnershipMetric m = r.value();
                    if (m.getPeriodType() == PeriodType.CALENDAR_MONTH) {
                        latest.put(
                                m.getLocalAuthority() + " " + m.getMetric() + " " + new TreeMap<>(m.getDimensions()),
                                m);
                    }
                });
            }
        }
        // each is a count of 1, from 1 to 4: marked suppressed, its value withheld
        for (String figure : EXPECTED_FIGURES) {
            assertThat(latest.get(figure).getSuppressed()).as(figure).isTrue();
            assertThat(latest.get(figure).getValue()).as(figure).isNull();
        }
    }

    /** Calendar-month figures the set-up's records make, by authority, metric and dimensions. */
    static final List<String> EXPECTED_FIGURES = List.of(
            ConsoleWorld.LAMBETH + " alerts_raised {rule=toxic-trio-emerging, severity=MEDIUM}",
            ConsoleWorld.LAMBETH + " unmatched_events {agency=POLICE, reason=NHS_NUMBER_MISSING}",
            "UNATTRIBUTED rejected_inputs {reason=UNDECODABLE, source_topic=" + Topics.DOMESTIC_ABUSE_INCIDENTS.name()
                    + "}",
            ConsoleWorld.LAMBETH + " mash_decisions {outcome=ACKNOWLEDGED}");
}
