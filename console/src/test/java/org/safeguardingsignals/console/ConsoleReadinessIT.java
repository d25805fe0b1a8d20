package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.access.AccessCommand;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.runtime.settings.InternalSettings;
import org.safeguardingsignals.serde.SpecificAvroSerializer;
import org.safeguardingsignals.topics.Topics;

/**
 * The console's readiness on a real broker and registry: alive but not ready while the alert and decision topics do
 * not exist (it never creates them), and ready only once its board holds everything the topics held when it could
 * first read them.
 */
class ConsoleReadinessIT {
    private static final int BACKLOG = 400;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theConsoleIsReadyOnlyOnceItsBoardHoldsWhatTheTopicsHeldWhenItCouldFirstReadThem(@TempDir Path dir)
            throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (Admin admin = kafka.admin()) { // the access file and the audit topic; the board's come later here
                AccessCommand.apply(
                        admin, AccessControlFile.inRepository(), new PrintStream(new ByteArrayOutputStream()), false);
            }
            kafka.createTopics(List.of(Topics.CONSOLE_ACCESS.name()), 1);
            Files.writeString(dir.resolve("instance.secret"), "readiness-secret-" + UUID.randomUUID());
            Files.writeString(
                    dir.resolve("users.properties"),
                    "user.sam.token-sha256=" + ConsoleUsers.sha256(ConsoleWorld.SAM_TOKEN) + "\nuser.sam.authorities="
                            + ConsoleWorld.BIRMINGHAM);
            Properties settings = new Properties();
            settings.putAll(kafka.clientProperties("console"));
            settings.put("schema.registry.url", registry.confluentApiUrl());
            settings.put(ConsoleSettings.PORT, "0");
            settings.put(
                    ConsoleSettings.USERS_FILE, dir.resolve("users.properties").toString());
            settings.put(ConsoleSettings.DETECTION_URL, "http://localhost:9"); // no chronology is asked for here
            settings.put(InternalSettings.PORT, "0");
            settings.put(
                    InternalSettings.SECRET_FILE, dir.resolve("instance.secret").toString());

            try (ConsoleApp console = new ConsoleApp(
                    settings, Map.of(), new PipelineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))) {
                console.start();
                int internal = console.internalPort();
                assertThat(status(internal, "/ready"))
                        .as("no alert or decision topic yet")
                        .isEqualTo(503);
                assertThat(status(internal, "/health"))
                        .as("waiting for topics is no failure")
                        .isEqualTo(200);
                assertThat(alerts(console).get("total").asInt())
                        .as("an empty board")
                        .isZero();
                assertThat(status(internal, "/ready")).isEqualTo(503);

                // the alerts are on their topic before the decision topic exists, so before the board can begin
                kafka.createTopics(List.of(Topics.ALERTS.name()), 4);
                String prefix = "backlog-" + UUID.randomUUID() + "-";
                publish(kafka, registry, prefix);
                kafka.createTopics(List.of(Topics.DECISIONS.name()), 4);
                assertThat(status(internal, "/ready"))
                        .as("the work-item topic (the child worklist's) does not exist yet")
                        .isEqualTo(503);
                kafka.createTopics(List.of(Topics.WORK_ITEMS.name()), 4);
                assertThat(status(internal, "/ready"))
                        .as("the Encompass notice topic (the schools' notices) does not exist yet")
                        .isEqualTo(503);
                kafka.createTopics(List.of(Topics.ENCOMPASS_NOTICES.name()), 4);
                assertThat(status(internal, "/ready"))
                        .as("the exploitation group topic (the MACE view's) does not exist yet")
                        .isEqualTo(503);
                kafka.createTopics(List.of(Topics.EXPLOITATION_GROUPS.name()), 4);

                awaitReady(internal);
                JsonNode list = alerts(console);
                assertThat(list.get("total").asInt())
                        .as("alerts on the board when it first said ready")
                        .isEqualTo(BACKLOG);
                assertThat(list.get("items").findValuesAsText("alertId")).allMatch(id -> id.startsWith(prefix));
            }
        }
    }

    private static void publish(EmbeddedKafka kafka, ApicurioRegistry registry, String prefix) {
        Properties p = new Properties();
        p.putAll(kafka.adminProperties());
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(p, new StringSerializer(), serializer)) {
            for (int i = 0; i < BACKLOG; i++) {
                RiskAlert alert =
                        ConsoleWorld.alert(prefix + i, Severity.LOW, ConsoleWorld.BIRMINGHAM, "MISS-" + i, 20);
                producer.send(new ProducerRecord<>(Topics.ALERTS.name(), alert.getChildPseudonym(), alert));
            }
            producer.flush();
        }
    }

    private JsonNode alerts(ConsoleApp console) throws Exception {
        return new ObjectMapper()
                .readTree(http.send(
                                HttpRequest.newBuilder(URI.create(console.url() + "api/alerts?status=all&size=200"))
                                        .header("Authorization", "Bearer " + ConsoleWorld.SAM_TOKEN)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    private int status(int port, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(ConsoleWorld.internal(port, path))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (status(port, "/ready") != 200) {
            assertThat(System.nanoTime()).as("ready within 60 s").isLessThan(deadline);
            Thread.sleep(10); // asked often, so that an early "ready" is seen before the board has caught up
        }
    }
}
