package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.detection.ChildQueries;
import org.safeguardingsignals.detection.ChildRulesProcessor;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.embedded.FreePorts;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.ConsentBasis;
import org.safeguardingsignals.events.ConsoleAccess;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.DecisionReason;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RevealReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.runtime.InstanceSecret;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.settings.InternalSettings;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.testing.BrokerReads;
import org.safeguardingsignals.topics.Topics;

/**
 * The console's API on a real broker and registry, with two detection instances (one application) and two consoles,
 * console i asking detection instance i: scoping, chronologies held by either detection instance and decided and
 * audited by the console asked, detection's internal route and its secret, the access audit, decisions, the live
 * stream, security headers and generic 503s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Manchester: an authority no user of this world works for. */
    private static final String MANCHESTER = "E08000003";

    private final List<AutoCloseable> opened = new ArrayList<>();
    ConsoleWorld world;
    ConsoleApp first;
    ConsoleApp second;
    AuditTrail audit;
    Path dir;

    @BeforeAll
    void start(@TempDir Path dir) {
        this.dir = dir;
        world = new ConsoleWorld(dir, 2);
        first = world.consoles.get(0);
        second = world.consoles.get(1);
        audit = new AuditTrail(world);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable stream : opened) {
            stream.close();
        }
        world.close();
    }

    @Test
    void everyRequestMustCarryAValidToken() {
        HttpResponse<String> none = world.send(
                HttpRequest.newBuilder(URI.create(first.url() + "api/alerts")).build());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(world.get(first, "/api/alerts", "not-a-token").statusCode()).isEqualTo(401);
        assertThat(world.get(first, "/api/me", ConsoleWorld.LAMBETH_TOKEN).body())
                .contains("amara", "E09000022");
    }

    @Test
    void workersSeeOnlyTheAlertsOfTheirAuthorities() throws Exception {
        String lambethChild = world.emergingTrio(ConsoleWorld.LAMBETH);
        String kentChild = world.emergingTrio(ConsoleWorld.KENT);
        JsonNode lambethAlert = awaitAlert(first, ConsoleWorld.LAMBETH_TOKEN, lambethChild);
        awaitAlert(second, ConsoleWorld.KENT_TOKEN, kentChild);

        JsonNode lambethList = json(world.get(first, "/api/alerts?status=all", ConsoleWorld.LAMBETH_TOKEN));
        assertThat(lambethList.get("items").findValuesAsText("childPseudonym"))
                .contains(lambethChild)
                .doesNotContain(kentChild);
        assertThat(world.get(first, "/api/alerts/" + lambethAlert.get("alertId").asText(), ConsoleWorld.KENT_TOKEN)
                        .statusCode())
                .isEqualTo(404);
        assertThat(world.get(first, "/api/alerts?authority=" + ConsoleWorld.KENT, ConsoleWorld.LAMBETH_TOKEN)
                        .statusCode())
                .isEqualTo(403);

        JsonNode detail = json(
                world.get(second, "/api/alerts/" + lambethAlert.get("alertId").asText(), ConsoleWorld.LAMBETH_TOKEN));
        assertThat(detail.get("ruleId").asText()).isEqualTo("toxic-trio-emerging");
        assertThat(detail.get("evidence")).hasSize(2);
        assertThat(detail.get("evidence").findValuesAsText("sourceReference").get(0))
                .startsWith("INC-");
        assertThat(detail.get("windowStart").asText()).isNotBlank();
    }

    @Test
    void aChronologyIsShownByEitherConsoleWhicheverDetectionInstanceHoldsTheChild() throws Exception {
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            children.add(world.emergingTrio(ConsoleWorld.LAMBETH));
        }
        for (String child : children) {
            awaitAlert(first, ConsoleWorld.LAMBETH_TOKEN, child);
        }
        int forwarded = 0;
        for (String child : children) {
            boolean onSecond = owner(child) == 1; // the first console asks the first detection instance
            forwarded += onSecond ? 1 : 0;
            JsonNode fromFirst =
                    json(world.get(first, "/api/children/" + child + "/chronology", ConsoleWorld.LAMBETH_TOKEN));
            JsonNode fromSecond =
                    json(world.get(second, "/api/children/" + child + "/chronology", ConsoleWorld.LAMBETH_TOKEN));
            assertThat(fromFirst.get("entries")).hasSize(2).isEqualTo(fromSecond.get("entries"));
            assertThat(fromFirst.get("entries").findValuesAsText("category"))
                    .containsExactly("DOMESTIC_ABUSE", "PARENTAL_MENTAL_HEALTH");
        }
        assertThat(forwarded)
                .as("children whose state lives on the second detection instance")
                .isBetween(1, 7);
    }

    @Test
    void aChildOfAnotherAuthorityIsRefusedAndEachLookAuditedOnceByTheConsoleAsked() throws Exception {
        String kentChild = world.emergingTrio(ConsoleWorld.KENT);
        awaitAlert(first, ConsoleWorld.KENT_TOKEN, kentChild);
        int owner = owner(kentChild);
        ConsoleApp asked = world.consoles.get(1 - owner); // its detection instance asks the one holding the child
        Map<TopicPartition, Long> mark = audit.mark();

        HttpResponse<String> refused =
                world.get(asked, "/api/children/" + kentChild + "/chronology", ConsoleWorld.LAMBETH_TOKEN);
        HttpResponse<String> shown =
                world.get(asked, "/api/children/" + kentChild + "/chronology", ConsoleWorld.KENT_TOKEN);

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("known in your authorities").doesNotContain("DOMESTIC_ABUSE");
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(json(shown).get("entries")).hasSize(2);
        assertThat(audit.since(mark))
                .extracting(
                        ConsoleAccess::getAction,
                        ConsoleAccess::getWorkerId,
                        ConsoleAccess::getOutcome,
                        ConsoleAccess::getChildPseudonym,
                        ConsoleAccess::getServedBy)
                .containsExactlyInAnyOrder(
                        tuple(
                                AccessAction.CHRONOLOGY_VIEWED,
                                "amara",
                                ViewOutcome.REFUSED,
                                kentChild,
                                world.servedBy(asked)),
                        tuple(
                                AccessAction.CHRONOLOGY_VIEWED,
                                "kofi",
                                ViewOutcome.SHOWN,
                                kentChild,
                                world.servedBy(asked)));
    }

    @Test
    void detectionsRouteIsOnlyOnItsInternalListenerNeedsTheSecretAndDecidesNothing() throws Exception {
        String kentChild = world.emergingTrio(ConsoleWorld.KENT);
        awaitAlert(first, ConsoleWorld.KENT_TOKEN, kentChild);
        String path = ChildQueries.PATH + kentChild;
        assertThat(Chronologies.DETECTION_PATH).as("the route the console asks").isEqualTo(ChildQueries.PATH);
        for (ConsoleApp console : world.consoles) {
            HttpResponse<String> onPublic =
                    world.send(HttpRequest.newBuilder(URI.create(console.url() + path.substring(1)))
                            .header(InstanceSecret.HEADER, world.internalSecret)
                            .build());
            assertThat(onPublic.statusCode())
                    .as("the public listener has no internal path")
                    .isEqualTo(404);
            assertThat(onPublic.body()).doesNotContain("DOMESTIC_ABUSE");
        }
        for (DetectionApp detection : world.detections) {
            URI internal = ConsoleWorld.internal(detection.internalPort(), path);
            HttpResponse<String> none =
                    world.send(HttpRequest.newBuilder(internal).build());
            assertThat(none.statusCode()).as("no instance secret").isEqualTo(403);
            assertThat(none.body()).doesNotContain("DOMESTIC_ABUSE");
            assertThat(world.send(HttpRequest.newBuilder(internal)
                                    .header(InstanceSecret.HEADER, "guess")
                                    .build())
                            .statusCode())
                    .isEqualTo(403);
        }
        Map<TopicPartition, Long> mark = audit.mark();

        List<JsonNode> answers = new ArrayList<>();
        for (DetectionApp detection : world.detections) { // the one holding the child, and the one asking it
            HttpResponse<String> r =
                    world.send(HttpRequest.newBuilder(ConsoleWorld.internal(detection.internalPort(), path))
                            .header(InstanceSecret.HEADER, world.internalSecret)
                            .build());
            assertThat(r.statusCode()).isEqualTo(200);
            answers.add(JSON.readTree(r.body()).get("entries"));
        }

        assertThat(answers.get(0)).hasSize(2).isEqualTo(answers.get(1));
        assertThat(answers.get(0).findValuesAsText("localAuthority")).containsOnly(ConsoleWorld.KENT);
        assertThat(audit.since(mark))
                .as("detection decides and audits nothing: the console does")
                .isEmpty();
    }

    @Test
    void everyLookAtAnAlertAListOrTheLiveStreamIsAuditedOnce() throws Exception {
        String child = world.emergingTrio(ConsoleWorld.LAMBETH);
        String alertId = awaitAlert(first, ConsoleWorld.LAMBETH_TOKEN, child)
                .get("alertId")
                .asText();
        Map<TopicPartition, Long> mark = audit.mark();

        JsonNode list = json(world.get(
                first,
                "/api/alerts?authority=" + ConsoleWorld.LAMBETH + "&severity=medium,high&status=all&size=3",
                ConsoleWorld.LAMBETH_TOKEN));
        assertThat(world.get(first, "/api/alerts?authority=" + ConsoleWorld.KENT, ConsoleWorld.LAMBETH_TOKEN)
                        .statusCode())
                .isEqualTo(403);
        json(world.get(second, "/api/alerts/" + alertId, ConsoleWorld.LAMBETH_TOKEN));
        assertThat(world.get(first, "/api/alerts/" + alertId, ConsoleWorld.KENT_TOKEN)
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<InputStream> stream = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(first.url() + "api/alerts/stream?severity=HIGH"))
                                .header("Authorization", "Bearer " + ConsoleWorld.LAMBETH_TOKEN)
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("event: ready");
        }

        List<ConsoleAccess> records = audit.since(mark);
        assertThat(records)
                .extracting(
                        ConsoleAccess::getWorkerId,
                        ConsoleAccess::getAction,
                        ConsoleAccess::getOutcome,
                        ConsoleAccess::getAlertId,
                        ConsoleAccess::getChildPseudonym,
                        ConsoleAccess::getFilters,
                        ConsoleAccess::getItemsShown,
                        ConsoleAccess::getServedBy)
                .containsExactlyInAnyOrder(
                        tuple(
                                "amara",
                                AccessAction.ALERTS_LISTED,
                                ViewOutcome.SHOWN,
                                null,
                                null,
                                Map.of(
                                        "authority",
                                        ConsoleWorld.LAMBETH,
                                        "severity",
                                        "HIGH,MEDIUM",
                                        "status",
                                        "all",
                                        "page",
                                        "0",
                                        "size",
                                        "3"),
                                list.get("items").size(),
                                world.servedBy(first)),
                        tuple(
                                "amara",
                                AccessAction.ALERTS_LISTED,
                                ViewOutcome.REFUSED,
                                null,
                                null,
                                Map.of("authority", ConsoleWorld.KENT, "status", "open", "page", "0", "size", "25"),
                                null,
                                world.servedBy(first)),
                        tuple(
                                "amara",
                                AccessAction.ALERT_VIEWED,
                                ViewOutcome.SHOWN,
                                alertId,
                                child,
                                Map.of(),
                                null,
                                world.servedBy(second)),
                        tuple(
                                "kofi",
                                AccessAction.ALERT_VIEWED,
                                ViewOutcome.REFUSED,
                                alertId,
                                null,
                                Map.of(),
                                null,
                                world.servedBy(first)),
                        tuple(
                                "amara",
                                AccessAction.STREAM_OPENED,
                                ViewOutcome.SHOWN,
                                null,
                                null,
                                Map.of("severity", "HIGH"),
                                null,
                                world.servedBy(first)));
        assertThat(list.get("items").size()).isBetween(1, 3);
        assertThat(records).allSatisfy(r -> assertThat(r.getAccessedAt()).isNotNull());
        assertThat(records)
                .filteredOn(r -> r.getWorkerId().equals("amara"))
                .extracting(ConsoleAccess::getAction)
                .as("one worker's records keep their order")
                .containsExactly(
                        AccessAction.ALERTS_LISTED,
                        AccessAction.ALERTS_LISTED,
                        AccessAction.ALERT_VIEWED,
                        AccessAction.STREAM_OPENED);
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        List<HttpResponse<String>> answers = List.of(
                world.send(HttpRequest.newBuilder(URI.create(first.url())).build()),
                world.send(HttpRequest.newBuilder(URI.create(first.url() + "console.js"))
                        .build()),
                world.send(HttpRequest.newBuilder(URI.create(first.url() + "no-such-page"))
                        .build()),
                world.get(first, "/api/me", ConsoleWorld.LAMBETH_TOKEN),
                world.get(first, "/api/alerts", "not-a-token"),
                world.get(first, "/api/children/x/chronology", ConsoleWorld.LAMBETH_TOKEN));
        for (HttpResponse<String> r : answers) {
            String where = r.request().uri().getPath() + " (" + r.statusCode() + ")";
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp)
                    .as(where)
                    .contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(r.headers().firstValue("X-Content-Type-Options"))
                    .as(where)
                    .contains("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(where).contains("no-referrer");
            assertThat(r.headers().firstValue("Strict-Transport-Security"))
                    .as(where + ": plain HTTP")
                    .isEmpty();
            boolean data = !r.request().uri().getPath().equals("/")
                    && !r.request().uri().getPath().endsWith(".js")
                    && !r.request().uri().getPath().equals("/no-such-page");
            if (data) {
                assertThat(r.headers().allValues("Cache-Control")).as(where).contains("no-store");
            }
        }
        assertThat(answers.get(2).body()).doesNotContain("no-such-page"); // an error never echoes the request
        // the policy allows no inline script, style or handler: the page must need none
        String page = answers.get(0).body();
        assertThat(page)
                .containsPattern("<script src=\"[^\"]+\"></script>")
                .doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|<style|\\sstyle=|\\son[a-z]+=");
        assertThat(answers.get(1).body())
                .as("markup from data")
                .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write");
    }

    @Test
    void aDecisionIsPublishedKeptAndTheAlertStatusFollows() throws Exception {
        String child = world.emergingTrio(ConsoleWorld.LAMBETH);
        String alertId = awaitAlert(first, ConsoleWorld.LAMBETH_TOKEN, child)
                .get("alertId")
                .asText();

        assertThat(world.post(
                                first,
                                "/api/alerts/" + alertId + "/decisions",
                                ConsoleWorld.READER_TOKEN,
                                "{\"outcome\":\"NO_FURTHER_ACTION\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(world.post(
                                first,
                                "/api/alerts/" + alertId + "/decisions",
                                ConsoleWorld.LAMBETH_TOKEN,
                                "{\"outcome\":\"MAYBE\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(world.post(
                                first,
                                "/api/alerts/" + alertId + "/decisions",
                                ConsoleWorld.LAMBETH_TOKEN,
                                "{\"outcome\":\"ACKNOWLEDGED\"}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> uncoded = world.post(
                first,
                "/api/alerts/" + alertId + "/decisions",
                ConsoleWorld.LAMBETH_TOKEN,
                "{\"outcome\":\"STRATEGY_DISCUSSION\"}");
        assertThat(uncoded.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(uncoded.body()).get("error").asText()).contains("reason:", "consentBasis:");
        String tooLong = "x".repeat(DecisionRequest.MAX_RATIONALE + 1);
        assertThat(world.post(
                                first,
                                "/api/alerts/" + alertId + "/decisions",
                                ConsoleWorld.LAMBETH_TOKEN,
                                "{\"outcome\":\"STRATEGY_DISCUSSION\",\"reason\":\"REASONABLE_CAUSE_TO_SUSPECT_"
                                        + "SIGNIFICANT_HARM\",\"consentBasis\":\"NOT_SOUGHT_RISK_OF_HARM\","
                                        + "\"rationale\":\"" + tooLong + "\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(world.post(
                                first,
                                "/api/alerts/" + alertId + "/decisions",
                                ConsoleWorld.LAMBETH_TOKEN,
                                "{\"outcome\":\"STRATEGY_DISCUSSION\",\"reason\":\"REASONABLE_CAUSE_TO_SUSPECT_"
                                        + "SIGNIFICANT_HARM\",\"consentBasis\":\"NOT_SOUGHT_RISK_OF_HARM\","
                                        + "\"rationale\":\"  Second incident in a month; baby in the home  \"}")
                        .statusCode())
                .isEqualTo(201);

        JsonNode onFirst = json(world.get(first, "/api/alerts/" + alertId, ConsoleWorld.LAMBETH_TOKEN));
        assertThat(onFirst.get("status").asText()).isEqualTo("CLOSED");
        assertThat(onFirst.get("decisions").findValuesAsText("outcome"))
                .containsExactly("ACKNOWLEDGED", "STRATEGY_DISCUSSION");
        assertThat(json(world.get(first, "/api/alerts", ConsoleWorld.LAMBETH_TOKEN))
                        .get("items")
                        .findValuesAsText("alertId"))
                .doesNotContain(alertId);
        // the other instance learns of it from the decisions topic
        awaitStatus(second, alertId, "CLOSED");
        // the console answered 201 once the broker had each decision: read the topic, shared by every test, to its
        // end offsets, then keep this alert's
        SpecificAvroDeserializer<MashDecision> values = new SpecificAvroDeserializer<>(MashDecision.class);
        values.configure(Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        List<MashDecision> published =
                BrokerReads.valuesToEnd(world.kafka.adminProperties(), Topics.DECISIONS.name(), values).stream()
                        .filter(d -> d.getAlertId().equals(alertId))
                        .toList();
        assertThat(published)
                .extracting(
                        MashDecision::getOutcome,
                        MashDecision::getWorkerId,
                        MashDecision::getReason,
                        MashDecision::getConsentBasis,
                        MashDecision::getRationale)
                .containsExactly(
                        tuple(
                                DecisionOutcome.ACKNOWLEDGED,
                                "amara",
                                DecisionReason.UNKNOWN,
                                ConsentBasis.UNKNOWN,
                                null),
                        tuple(
                                DecisionOutcome.STRATEGY_DISCUSSION,
                                "amara",
                                DecisionReason.REASONABLE_CAUSE_TO_SUSPECT_SIGNIFICANT_HARM,
                                ConsentBasis.NOT_SOUGHT_RISK_OF_HARM,
                                "Second incident in a month; baby in the home"));
    }

    @Test
    void aWorkerSeesAChildsNhsNumberOnlyWithAReasonAndOnlyOnceTheRevealIsAudited() throws Exception {
        String child = world.emergingTrio(ConsoleWorld.LAMBETH);
        awaitAlert(first, ConsoleWorld.LAMBETH_TOKEN, child);
        String path = "/api/children/" + child + "/identity";
        String why = "{\"reason\":\"MASH_SCREENING\"}";

        assertThat(world.post(first, path, ConsoleWorld.READER_TOKEN, why).statusCode())
                .isEqualTo(403);
        assertThat(world.post(first, path, ConsoleWorld.LAMBETH_TOKEN, "{}").statusCode())
                .isEqualTo(400);
        assertThat(world.post(first, path, ConsoleWorld.LAMBETH_TOKEN, "{\"reason\":\"CURIOSITY\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(world.post(first, path, ConsoleWorld.KENT_TOKEN, why).statusCode())
                .isEqualTo(404);
        assertThat(world.post(first, path, ConsoleWorld.IG_TOKEN, why).statusCode())
                .as("an IG officer sees no alerts")
                .isEqualTo(403);

        HttpResponse<String> revealed = awaitReveal(first, path, why);
        assertThat(json(revealed).get("nhsNumber").asText()).isEqualTo(world.nhsNumbers.get(child));
        assertThat(revealed.headers().allValues("Cache-Control")).contains("no-store");

        // the reveal was on the record before the answer; and nothing else about this child's identity was
        List<ConsoleAccess> reveals = auditOf(child, AccessAction.IDENTITY_REVEALED);
        assertThat(reveals)
                .extracting(ConsoleAccess::getWorkerId, ConsoleAccess::getOutcome, ConsoleAccess::getRevealReason)
                .containsExactly(tuple("amara", ViewOutcome.SHOWN, RevealReason.MASH_SCREENING));
        // (this world's agencies put the number in their references: only the reveal's own field is looked for)
        assertThat(world.get(first, "/api/alerts?status=all&size=200", ConsoleWorld.LAMBETH_TOKEN)
                        .body())
                .as("no list carries a revealed identity")
                .doesNotContain("nhsNumber");
    }

    @Test
    void theInformationGovernanceOfficerFindsEachRevealByWorkerAndChildAndExportsIt() throws Exception {
        String child = world.emergingTrio(ConsoleWorld.LAMBETH);
        awaitAlert(first, ConsoleWorld.LAMBETH_TOKEN, child);
        awaitReveal(second, "/api/children/" + child + "/identity", "{\"reason\":\"STRATEGY_DISCUSSION\"}");
        String query = "?worker=amara&child=" + child + "&from="
                + LocalDate.now(ZoneOffset.UTC).minusDays(1);

        assertThat(world.get(first, "/api/audit" + query, ConsoleWorld.LAMBETH_TOKEN)
                        .statusCode())
                .isEqualTo(403);
        assertThat(world.get(first, "/api/audit?authority=" + ConsoleWorld.KENT, ConsoleWorld.IG_TOKEN)
                        .statusCode())
                .isEqualTo(403);
        assertThat(world.get(first, "/api/audit?from=yesterday", ConsoleWorld.IG_TOKEN)
                        .statusCode())
                .isEqualTo(400);

        JsonNode found = json(world.get(first, "/api/audit" + query, ConsoleWorld.IG_TOKEN));
        assertThat(found.get("truncated").asBoolean()).isFalse();
        List<String> actions = new ArrayList<>();
        for (JsonNode row : found.get("rows")) {
            assertThat(row.get("workerId").asText()).isEqualTo("amara");
            assertThat(row.get("childPseudonym").asText()).isEqualTo(child);
            actions.add(row.get("action").asText() + "/" + row.get("outcome").asText() + "/"
                    + row.get("revealReason").asText());
        }
        assertThat(actions).containsOnlyOnce("IDENTITY_REVEALED/SHOWN/STRATEGY_DISCUSSION");
        assertThat(actions).allMatch(a -> !a.startsWith("IDENTITY_REVEALED/") || a.endsWith("/STRATEGY_DISCUSSION"));

        HttpResponse<String> csv = world.get(first, "/api/audit.csv" + query, ConsoleWorld.IG_TOKEN);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("accessedAt,workerId,role,workerAuthorities,action,outcome,childPseudonym");
        assertThat(lines).hasSize(found.get("rows").size() + 1);
        assertThat(lines.stream().filter(l -> l.contains(",IDENTITY_REVEALED,SHOWN," + child + ",")))
                .hasSize(1);

        // text a user put into the trail (an alert id asked for and refused) cannot become a spreadsheet formula
        String formula = "=SUM(1,2)";
        assertThat(world.get(
                                first,
                                "/api/alerts/" + URLEncoder.encode(formula, StandardCharsets.UTF_8),
                                ConsoleWorld.LAMBETH_TOKEN)
                        .statusCode())
                .isEqualTo(404);
        String export = world.get(first, "/api/audit.csv?worker=amara", ConsoleWorld.IG_TOKEN)
                .body();
        assertThat(export).contains(",\"'" + formula + "\",");
        assertThat(export.lines().filter(l -> l.contains(formula))).hasSize(1);

        // each search is itself on the record, with what was asked; the refused one too
        List<ConsoleAccess> searches =
                BrokerReads.valuesToEnd(world.kafka.adminProperties(), Topics.CONSOLE_ACCESS.name(), accessValues())
                        .stream()
                        .filter(a -> a.getAction() == AccessAction.AUDIT_SEARCHED
                                && child.equals(a.getFilters().get("child")))
                        .toList();
        assertThat(searches)
                .extracting(ConsoleAccess::getWorkerId, ConsoleAccess::getOutcome)
                .containsExactly(tuple("imogen", ViewOutcome.SHOWN), tuple("imogen", ViewOutcome.SHOWN));
    }

    /** Asks until the console has read the child's vault entry (it follows the vault topic as it does alerts). */
    private HttpResponse<String> awaitReveal(ConsoleApp console, String path, String body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> r = world.post(console, path, ConsoleWorld.LAMBETH_TOKEN, body);
            if (r.statusCode() != 404 || System.nanoTime() > deadline) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                return r;
            }
            Thread.sleep(250);
        }
    }

    private List<ConsoleAccess> auditOf(String child, AccessAction action) {
        return BrokerReads.valuesToEnd(world.kafka.adminProperties(), Topics.CONSOLE_ACCESS.name(), accessValues())
                .stream()
                .filter(a -> a.getAction() == action && child.equals(a.getChildPseudonym()))
                .toList();
    }

    private SpecificAvroDeserializer<ConsoleAccess> accessValues() {
        SpecificAvroDeserializer<ConsoleAccess> values = new SpecificAvroDeserializer<>(ConsoleAccess.class);
        values.configure(Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        return values;
    }

    @Test
    void theLiveStreamDeliversEveryNewAlertOfTheWorkersAuthoritiesAndChosenSeveritiesAndNoOther() throws Exception {
        // Birmingham's users: no other test of this class raises an alert they see
        BlockingQueue<String> filtered = openStream(second, ConsoleWorld.SAM_TOKEN, "medium,high");
        BlockingQueue<String> unfiltered = openStream(second, ConsoleWorld.TESS_TOKEN, null);
        assertThat(filtered.poll(30, TimeUnit.SECONDS)).as("sam's ready event").contains("sam");
        assertThat(unfiltered.poll(30, TimeUnit.SECONDS))
                .as("tess's ready event")
                .contains("tess");

        // through detection: an emerging trio in Birmingham (MEDIUM) and one in Kent; both on the board before the rest
        String birminghamChild = world.emergingTrio(ConsoleWorld.BIRMINGHAM);
        String kentChild = world.emergingTrio(ConsoleWorld.KENT);
        String trio = awaitAlert(second, ConsoleWorld.SAM_TOKEN, birminghamChild)
                .get("alertId")
                .asText();
        String kentTrio = awaitAlert(second, ConsoleWorld.KENT_TOKEN, kentChild)
                .get("alertId")
                .asText();

        // straight onto one partition, in this order: every severity for Birmingham and for an authority no user here
        // works for, one alert routed to both, and a last one that closes the test
        String prefix = "stream-" + UUID.randomUUID() + "-";
        List<RiskAlert> direct = new ArrayList<>();
        for (Severity severity : List.of(Severity.LOW, Severity.MEDIUM, Severity.HIGH)) {
            for (String authority : List.of(ConsoleWorld.BIRMINGHAM, MANCHESTER)) {
                direct.add(ConsoleWorld.alert(prefix + authority + "-" + severity, severity, authority, "REF-1", 1));
            }
        }
        direct.add(RiskAlert.newBuilder(ConsoleWorld.alert(prefix + "both", Severity.HIGH, MANCHESTER, "REF-2", 1))
                .setRoutedTo(List.of(MANCHESTER, ConsoleWorld.BIRMINGHAM))
                .build());
        String last = prefix + "last";
        direct.add(ConsoleWorld.alert(last, Severity.MEDIUM, ConsoleWorld.BIRMINGHAM, "REF-3", 1));
        world.publishAlerts(0, direct);

        List<String> forSam = alertsUntil(filtered, last);
        List<String> forTess = alertsUntil(unfiltered, last);

        String b = prefix + ConsoleWorld.BIRMINGHAM + "-";
        assertThat(forSam)
                .as("every alert the stream delivered before the last, and the last")
                .containsExactlyInAnyOrder(trio, b + "MEDIUM", b + "HIGH", prefix + "both", last);
        assertThat(forTess)
                .as("without a severity filter the LOW alert comes too")
                .containsExactlyInAnyOrder(trio, b + "LOW", b + "MEDIUM", b + "HIGH", prefix + "both", last);
        assertThat(forSam).doesNotContain(kentTrio);
    }

    /**
     * Opens a live stream on the console (severities as the query gives them, or none) and reads the data of its events
     * other than work items into a queue on a thread of its own; the stream is closed when the class ends.
     */
    private BlockingQueue<String> openStream(ConsoleApp console, String token, String severities) throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        // the token goes in the Authorization header: the stream takes none in its URL
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        console.url() + "api/alerts/stream" + (severities == null ? "" : "?severity=" + severities)))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<InputStream> stream =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        opened.add(stream.body());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String event = "message";
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ") && !event.equals("work-item")) {
                        events.add(line.substring(6)); // work items share the stream; these tests count alerts
                    } else if (line.isEmpty()) {
                        event = "message";
                    }
                }
            } catch (IOException e) {
                // stream closed at the end of the class
            }
        });
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    /** The ids of every alert event on the stream up to and including the one with id {@code last}. */
    private static List<String> alertsUntil(BlockingQueue<String> events, String last) throws Exception {
        List<String> ids = new ArrayList<>();
        while (!ids.contains(last)) {
            String data = events.poll(60, TimeUnit.SECONDS);
            if (data == null) {
                throw new AssertionError("the stream stopped before " + last + "; it delivered " + ids);
            }
            ids.add(JSON.readTree(data).get("alertId").asText());
        }
        return ids;
    }

    @Test
    void alertListsArePagedNewestFirstAndEachPageSaysTheTotal() throws Exception {
        // una (Birmingham) lists LOW alerts; raised a minute apart and published out of order
        String prefix = "page-" + UUID.randomUUID() + "-";
        Instant oldest = Instant.now().minus(Duration.ofDays(2));
        List<RiskAlert> mine = new ArrayList<>();
        for (int i : new int[] {3, 0, 6, 1, 5, 2, 4}) {
            mine.add(RiskAlert.newBuilder(
                            ConsoleWorld.alert(prefix + i, Severity.LOW, ConsoleWorld.BIRMINGHAM, "PAGE-" + i, 1))
                    .setRaisedAt(oldest.plus(Duration.ofMinutes(i)))
                    .build());
        }
        world.publishAlerts(1, mine);
        String query = "/api/alerts?status=all&severity=low";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<JsonNode> all = items(json(world.get(first, query + "&size=200", ConsoleWorld.UNA_TOKEN)));
        while (all.stream()
                        .filter(a -> a.get("alertId").asText().startsWith(prefix))
                        .count()
                < 7) {
            assertThat(System.nanoTime()).as("the seven alerts reach the board").isLessThan(deadline);
            Thread.sleep(200);
            all = items(json(world.get(first, query + "&size=200", ConsoleWorld.UNA_TOKEN)));
        }
        List<String> ids = all.stream().map(a -> a.get("alertId").asText()).toList();
        assertThat(all.stream()
                        .map(a -> Instant.parse(a.get("raisedAt").asText()))
                        .toList())
                .as("newest first")
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ids.stream().filter(id -> id.startsWith(prefix)))
                .containsExactly(prefix + 6, prefix + 5, prefix + 4, prefix + 3, prefix + 2, prefix + 1, prefix + 0);

        int size = 3;
        int pages = (ids.size() + size - 1) / size;
        List<String> paged = new ArrayList<>();
        for (int page = 0; page <= pages; page++) { // one past the last page: empty
            JsonNode answer = json(world.get(first, query + "&size=" + size + "&page=" + page, ConsoleWorld.UNA_TOKEN));
            assertThat(answer.get("total").asInt()).as("page %d's total", page).isEqualTo(ids.size());
            assertThat(answer.get("page").asInt()).isEqualTo(page);
            assertThat(answer.get("size").asInt()).isEqualTo(size);
            assertThat(answer.get("items"))
                    .as("page %d", page)
                    .hasSize(Math.max(0, Math.min(size, ids.size() - page * size)));
            items(answer).forEach(a -> paged.add(a.get("alertId").asText()));
        }
        assertThat(paged).as("the pages in order are the whole list").isEqualTo(ids);

        JsonNode smallest = json(world.get(first, query + "&size=0&page=-2", ConsoleWorld.UNA_TOKEN));
        assertThat(smallest.get("page").asInt())
                .as("a page below 0 is the first")
                .isZero();
        assertThat(smallest.get("size").asInt()).as("a size below 1 is 1").isEqualTo(1);
        assertThat(items(smallest)).extracting(a -> a.get("alertId").asText()).containsExactly(ids.get(0));
        assertThat(json(world.get(first, query + "&size=5000", ConsoleWorld.UNA_TOKEN))
                        .get("size")
                        .asInt())
                .as("a page holds at most 200")
                .isEqualTo(200);
    }

    private static List<JsonNode> items(JsonNode page) {
        List<JsonNode> out = new ArrayList<>();
        page.get("items").forEach(out::add);
        return out;
    }

    @Test
    void whileDetectionCannotAnswerAChronologyRequestGetsAGeneric503WithRetryAfter() throws Exception {
        Properties settings = new Properties();
        settings.put("application.id", "not-started");
        settings.putAll(world.kafka.clientProperties("detection"));
        settings.put("schema.registry.url", world.registry.confluentApiUrl());
        settings.put("state.dir", dir.resolve("not-started").toString());
        settings.put(Pseudonymiser.KEY_FILE_CONFIG, dir.resolve("pseudonym.key").toString());
        settings.put(InternalSettings.PORT, "0");
        settings.put(
                InternalSettings.SECRET_FILE, dir.resolve("internal.secret").toString());
        // its internal listener answers, its store is not there yet: detection answers 503
        try (DetectionApp notStarted = new DetectionApp(settings, Map.of(), PipelineMetrics.inMemory());
                Standalone console = new Standalone(
                        URI.create("http://localhost:" + notStarted.internalPort()), world.internalSecret)) {
            Map<TopicPartition, Long> mark = audit.mark();
            HttpResponse<String> r = console.chronology("0123456789abcdef0123456789abcdef");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("5");
            assertThat(r.body())
                    .contains("try again")
                    .doesNotContain("localhost", "127.0.0.1", "detection", Integer.toString(notStarted.internalPort()));
            assertThat(audit.since(mark))
                    .as("nothing was decided, so nothing is audited")
                    .isEmpty();
        }
    }

    @Test
    void whenDetectionRefusesTheConsolesSecretOrCannotBeReachedThe503NamesNoHost() throws Exception {
        String child = world.emergingTrio(ConsoleWorld.LAMBETH);
        awaitAlert(first, ConsoleWorld.LAMBETH_TOKEN, child);
        int closed = FreePorts.next();
        // a console whose secret detection does not share, and one asking where no detection listens
        try (Standalone wrongSecret = new Standalone(URI.create(world.detectionUrl(0)), "not-the-shared-secret");
                Standalone nobody = new Standalone(URI.create("http://localhost:" + closed), world.internalSecret)) {
            for (HttpResponse<String> r : List.of(wrongSecret.chronology(child), nobody.chronology(child))) {
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).contains("5");
                assertThat(r.body())
                        .contains("try again")
                        .doesNotContain(
                                "localhost",
                                "127.0.0.1",
                                "instance",
                                "detection",
                                Integer.toString(world.detections.get(0).internalPort()),
                                Integer.toString(world.detections.get(1).internalPort()),
                                Integer.toString(closed));
            }
        }
    }

    /** A console server of its own, asking detection at the given address with the given secret. */
    private final class Standalone implements AutoCloseable {
        private final Recorder recorder = new Recorder(
                world.kafka.clientProperties("console"),
                Map.of("schema.registry.url", world.registry.confluentApiUrl()),
                PipelineMetrics.inMemory());
        private final LiveStreams streams;
        private final ConsoleServer server;

        Standalone(URI detection, String secret) {
            Properties users = new Properties();
            users.put("user.amara.token-sha256", ConsoleUsers.sha256(ConsoleWorld.LAMBETH_TOKEN));
            users.put("user.amara.authorities", ConsoleWorld.LAMBETH);
            AccessAudit audit = new AccessAudit(recorder, "localhost:1", PipelineMetrics.inMemory());
            AlertBoard board = new AlertBoard();
            streams = new LiveStreams(
                    board,
                    LiveStreams.Limits.DEFAULTS,
                    PipelineMetrics.inMemory().registry());
            server = new ConsoleServer(
                            board,
                            ConsoleUsers.from(users),
                            new Chronologies(detection, new InstanceSecret(secret), audit),
                            recorder,
                            audit,
                            streams)
                    .start("localhost", 0);
        }

        HttpResponse<String> chronology(String pseudonym) {
            return world.send(HttpRequest.newBuilder(URI.create(
                            "http://localhost:" + server.port() + "/api/children/" + pseudonym + "/chronology"))
                    .header("Authorization", "Bearer " + ConsoleWorld.LAMBETH_TOKEN)
                    .build());
        }

        @Override
        public void close() {
            server.close();
            streams.close();
            recorder.close();
        }
    }

    /** Which detection instance (0 or 1) holds the child's state, found by its internal listener's port. */
    /**
     * The detection instance whose stores hold the child. A child lives on its NHS number's partition (the published
     * child partitioner), which the pseudonym cannot give, so each instance's own stores are asked.
     */
    private int owner(String pseudonym) {
        List<Integer> holders = new ArrayList<>();
        for (int i = 0; i < world.detections.size(); i++) {
            ReadOnlyKeyValueStore<String, ChildState> local = world.detections
                    .get(i)
                    .streams()
                    .store(StoreQueryParameters.fromNameAndType(
                            ChildRulesProcessor.CHILD_STATE_STORE, QueryableStoreTypes.keyValueStore()));
            if (local.get(pseudonym) != null) {
                holders.add(i);
            }
        }
        assertThat(holders).as("the instances holding the child").hasSize(1);
        return holders.get(0);
    }

    private JsonNode awaitAlert(ConsoleApp console, String token, String pseudonym) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode a : json(world.get(console, "/api/alerts?status=all&size=200", token))
                    .get("items")) {
                if (a.get("childPseudonym").asText().equals(pseudonym)) {
                    return a;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no alert for " + pseudonym + " within 90 s");
    }

    private void awaitStatus(ConsoleApp console, String alertId, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            seen = json(world.get(console, "/api/alerts/" + alertId, ConsoleWorld.LAMBETH_TOKEN))
                    .get("status")
                    .asText();
            if (status.equals(seen)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status " + seen + ", expected " + status);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
