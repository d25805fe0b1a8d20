package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
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
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!world.get(console, "/api/alerts", ConsoleWorld.LAMBETH_TOKEN)
                        .body()
                        .contains(child)
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        world.get(console, "/api/children/" + child + "/chronology", ConsoleWorld.LAMBETH_TOKEN);
        String alertId = new ObjectMapper()
                .readTree(world.get(console, "/api/alerts", ConsoleWorld.LAMBETH_TOKEN)
                        .body())
                .get("items")
                .get(0)
                .get("alertId")
                .asText();
        world.post(
                console,
                "/api/alerts/" + alertId + "/decisions",
                ConsoleWorld.LAMBETH_TOKEN,
                "{\"outcome\":\"ACKNOWLEDGED\"}");
        world.poisonAndUnmatched();
        Thread.sleep(3_000); // the rules' timer runs every second in this world
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
        List<PartnershipMetric> figures = new ArrayList<>();
        try (KafkaConsumer<String, PartnershipMetric> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            c.subscribe(List.of(Topics.PARTNERSHIP_METRICS.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline
                    && figures.stream().noneMatch(f -> f.getMetric().equals("alerts_raised"))) {
                c.poll(Duration.ofMillis(300)).forEach(r -> figures.add(r.value()));
            }
        }
        PartnershipMetric alerts = figures.stream()
                .filter(f -> f.getMetric().equals("alerts_raised")
                        && f.getLocalAuthority().equals(ConsoleWorld.LAMBETH))
                .findFirst()
                .orElseThrow();
        assertThat(alerts.getSuppressed())
                .as("one alert is a count from 1 to 4")
                .isTrue();
        assertThat(alerts.getValue()).isNull();
    }
}
