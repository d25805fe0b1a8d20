package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.detection.ChildRulesProcessor;
import org.safeguardingsignals.events.ChronologyView;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.Topics;

/** The console's API on a real broker and registry, with two instances of the application. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    ConsoleWorld world;
    MashConsole first;
    MashConsole second;

    @BeforeAll
    void start(@TempDir Path dir) {
        world = new ConsoleWorld(dir, 2);
        first = world.consoles.get(0);
        second = world.consoles.get(1);
    }

    @AfterAll
    void stop() {
        world.close();
    }

    @Test
    void everyRequestMustCarryAValidToken() {
        HttpResponse<String> none = world.send(HttpRequest.newBuilder(URI.create(first.url() + "api/alerts")).build());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(world.get(first, "/api/alerts", "not-a-token").statusCode()).isEqualTo(401);
        assertThat(world.get(first, "/api/me", ConsoleWorld.LAMBETH_TOKEN).body()).contains("amara", "E09000022");
    }

    @Test
    void workersSeeOnlyTheAlertsOfTheirAuthorities() throws Exception {
        String lambethChild = world.emergingTrio(ConsoleWorld.LAMBETH);
        String kentChild = world.emergingTrio(ConsoleWorld.KENT);
        JsonNode lambethAlert = awaitAlert(first, ConsoleWorld.LAMBETH_TOKEN, lambethChild);
        awaitAlert(second, ConsoleWorld.KENT_TOKEN, kentChild);

        JsonNode lambethList = json(world.get(first, "/api/alerts?status=all", ConsoleWorld.LAMBETH_TOKEN));
        assertThat(lambethList.get("items").findValuesAsText("childPseudonym")).contains(lambethChild)
                .doesNotContain(kentChild);
        assertThat(world.get(first, "/api/alerts/" + lambethAlert.get("alertId").asText(), ConsoleWorld.KENT_TOKEN)
                .statusCode()).isEqualTo(404);
        assertThat(world.get(first, "/api/alerts?authority=" + ConsoleWorld.KENT, ConsoleWorld.LAMBETH_TOKEN)
                .statusCode()).isEqualTo(403);

        JsonNode detail = json(world.get(second, "/api/alerts/" + lambethAlert.get("alertId").asText(),
                ConsoleWorld.LAMBETH_TOKEN));
        assertThat(detail.get("ruleId").asText()).isEqualTo("toxic-trio-emerging");
        assertThat(detail.get("evidence")).hasSize(2);
        assertThat(detail.get("evidence").findValuesAsText("sourceReference").get(0)).startsWith("INC-");
        assertThat(detail.get("windowStart").asText()).isNotBlank();
    }

    @Test
    void aChronologyIsServedByWhicheverInstanceIsAskedForwardingWhenTheChildLivesOnTheOther() throws Exception {
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            children.add(world.emergingTrio(ConsoleWorld.LAMBETH));
        }
        for (String child : children) {
            awaitAlert(first, ConsoleWorld.LAMBETH_TOKEN, child);
        }
        int forwarded = 0;
        for (String child : children) {
            KeyQueryMetadata meta = first.app().streams().queryMetadataForKey(ChildRulesProcessor.CHILD_STATE_STORE,
                    child, Serdes.String().serializer());
            boolean onSecond = meta.activeHost().port() != URI.create(first.url()).getPort();
            forwarded += onSecond ? 1 : 0;
            JsonNode fromFirst = json(world.get(first, "/api/children/" + child + "/chronology",
                    ConsoleWorld.LAMBETH_TOKEN));
            JsonNode fromSecond = json(world.get(second, "/api/children/" + child + "/chronology",
                    ConsoleWorld.LAMBETH_TOKEN));
            assertThat(fromFirst.get("entries")).hasSize(2).isEqualTo(fromSecond.get("entries"));
            assertThat(fromFirst.get("entries").findValuesAsText("category"))
                    .containsExactly("DOMESTIC_ABUSE", "PARENTAL_MENTAL_HEALTH");
        }
        assertThat(forwarded).as("children whose state lives on the second instance").isBetween(1, 7);
    }

    @Test
    void aWorkerIsRefusedAChildKnownOnlyInAnotherAuthorityAndEveryLookIsAudited() throws Exception {
        String kentChild = world.emergingTrio(ConsoleWorld.KENT);
        awaitAlert(first, ConsoleWorld.KENT_TOKEN, kentChild);

        HttpResponse<String> refused = world.get(first, "/api/children/" + kentChild + "/chronology",
                ConsoleWorld.LAMBETH_TOKEN);
        HttpResponse<String> shown = world.get(first, "/api/children/" + kentChild + "/chronology",
                ConsoleWorld.KENT_TOKEN);

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("known in your authorities").doesNotContain("DOMESTIC_ABUSE");
        assertThat(shown.statusCode()).isEqualTo(200);
        List<ChronologyView> audit = readAll(Topics.CHRONOLOGY_VIEWS.name(), ChronologyView.class, 2).stream()
                .filter(v -> v.getChildPseudonym().equals(kentChild)).toList();
        assertThat(audit).extracting(ChronologyView::getWorkerId, ChronologyView::getOutcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("amara", ViewOutcome.REFUSED),
                org.assertj.core.groups.Tuple.tuple("kofi", ViewOutcome.SHOWN));
    }

    @Test
    void aDecisionIsPublishedKeptAndTheAlertStatusFollows() throws Exception {
        String child = world.emergingTrio(ConsoleWorld.LAMBETH);
        String alertId = awaitAlert(first, ConsoleWorld.LAMBETH_TOKEN, child).get("alertId").asText();

        assertThat(world.post(first, "/api/alerts/" + alertId + "/decisions", ConsoleWorld.READER_TOKEN,
                "{\"outcome\":\"NO_FURTHER_ACTION\"}").statusCode()).isEqualTo(403);
        assertThat(world.post(first, "/api/alerts/" + alertId + "/decisions", ConsoleWorld.LAMBETH_TOKEN,
                "{\"outcome\":\"MAYBE\"}").statusCode()).isEqualTo(400);
        assertThat(world.post(first, "/api/alerts/" + alertId + "/decisions", ConsoleWorld.LAMBETH_TOKEN,
                "{\"outcome\":\"ACKNOWLEDGED\"}").statusCode()).isEqualTo(201);
        assertThat(world.post(first, "/api/alerts/" + alertId + "/decisions", ConsoleWorld.LAMBETH_TOKEN,
                "{\"outcome\":\"STRATEGY_DISCUSSION\"}").statusCode()).isEqualTo(201);

        JsonNode onFirst = json(world.get(first, "/api/alerts/" + alertId, ConsoleWorld.LAMBETH_TOKEN));
        assertThat(onFirst.get("status").asText()).isEqualTo("CLOSED");
        assertThat(onFirst.get("decisions").findValuesAsText("outcome"))
                .containsExactly("ACKNOWLEDGED", "STRATEGY_DISCUSSION");
        assertThat(json(world.get(first, "/api/alerts", ConsoleWorld.LAMBETH_TOKEN)).get("items")
                .findValuesAsText("alertId")).doesNotContain(alertId);
        // the other instance learns of it from the decisions topic
        awaitStatus(second, alertId, "CLOSED");
        List<MashDecision> published = readAll(Topics.DECISIONS.name(), MashDecision.class, 2).stream()
                .filter(d -> d.getAlertId().equals(alertId)).toList();
        assertThat(published).extracting(MashDecision::getOutcome, MashDecision::getWorkerId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DecisionOutcome.ACKNOWLEDGED, "amara"),
                org.assertj.core.groups.Tuple.tuple(DecisionOutcome.STRATEGY_DISCUSSION, "amara"));
    }

    @Test
    void theLiveStreamDeliversNewAlertsOfTheWorkersAuthoritiesOnly() throws Exception {
        BlockingQueue<String> events = new ArrayBlockingQueue<>(100);
        HttpRequest request = HttpRequest.newBuilder(URI.create(second.url() + "api/alerts/stream?access_token="
                + ConsoleWorld.LAMBETH_TOKEN + "&severity=MEDIUM")).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("data: ")) {
                        events.offer(line.substring(6));
                    }
                }
            } catch (java.io.IOException e) {
                // stream closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        assertThat(events.poll(10, TimeUnit.SECONDS)).contains("amara"); // the ready event

        String kentChild = world.emergingTrio(ConsoleWorld.KENT);
        String lambethChild = world.emergingTrio(ConsoleWorld.LAMBETH);

        String event = events.poll(60, TimeUnit.SECONDS);
        assertThat(event).isNotNull().contains(lambethChild).doesNotContain(kentChild);
        stream.body().close();
    }

    @Test
    void whileTheStoreIsNotReadyAChronologyRequestGetsA503WithRetryAfter() throws Exception {
        Properties settings = new Properties();
        settings.put("application.id", "not-started");
        settings.put("bootstrap.servers", world.kafka.bootstrapServers());
        settings.put("schema.registry.url", world.registry.confluentApiUrl());
        var streams = new org.apache.kafka.streams.KafkaStreams(org.safeguardingsignals.detection.DetectionTopology
                .build(org.safeguardingsignals.detection.DetectionConfig.DEFAULTS, world.pseudonymiser,
                        Map.of("schema.registry.url", world.registry.confluentApiUrl()),
                        org.safeguardingsignals.detection.PipelineMetrics.inMemory()),
                org.safeguardingsignals.detection.DetectionApp.streamsProperties(settings,
                        org.safeguardingsignals.detection.PipelineMetrics.inMemory()));
        Properties users = new Properties();
        users.put("user.amara.token-sha256", ConsoleUsers.sha256(ConsoleWorld.LAMBETH_TOKEN));
        users.put("user.amara.authorities", ConsoleWorld.LAMBETH);
        try (Recorder recorder = new Recorder(world.kafka.bootstrapServers(), Map.of("schema.registry.url",
                world.registry.confluentApiUrl()), org.safeguardingsignals.detection.PipelineMetrics.inMemory());
             ConsoleServer server = new ConsoleServer(new AlertBoard(), ConsoleUsers.from(users),
                     new Chronologies(streams, new HostInfo("localhost", 1), "s"), recorder, "s", null)
                     .start("localhost", 0)) {
            HttpResponse<String> r = world.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                    + "/api/children/abc/chronology")).header("Authorization", "Bearer "
                    + ConsoleWorld.LAMBETH_TOKEN).build());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("5");
            assertThat(r.body()).contains("try again");
        } finally {
            streams.close();
        }
    }

    private JsonNode awaitAlert(MashConsole console, String token, String pseudonym) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode a : json(world.get(console, "/api/alerts?status=all&size=200", token)).get("items")) {
                if (a.get("childPseudonym").asText().equals(pseudonym)) {
                    return a;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no alert for " + pseudonym + " within 90 s");
    }

    private void awaitStatus(MashConsole console, String alertId, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            seen = json(world.get(console, "/api/alerts/" + alertId, ConsoleWorld.LAMBETH_TOKEN)).get("status")
                    .asText();
            if (status.equals(seen)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status " + seen + ", expected " + status);
    }

    private <T extends org.apache.avro.specific.SpecificRecord> List<T> readAll(String topic, Class<T> type,
                                                                                 int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, world.kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>(type);
        values.configure(Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, T> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(300)).forEach(r -> out.add(r.value()));
                if (out.size() >= atLeast) {
                    c.poll(Duration.ofSeconds(1)).forEach(r -> out.add(r.value()));
                    break;
                }
            }
        }
        return out;
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
