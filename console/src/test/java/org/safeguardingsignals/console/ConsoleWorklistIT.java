package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.ConsoleAccess;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemStatus;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.testing.BrokerReads;
import org.safeguardingsignals.topics.Topics;

/**
 * The child-centred worklist through the console's API, on a real broker with detection folding alerts and decisions
 * into work items: siblings come as one household, a decision is for the item's authority, and "no further action"
 * closes an item only once a team manager other than the worker has signed it off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleWorklistIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NFA =
            "{\"outcome\":\"NO_FURTHER_ACTION\",\"reason\":\"NEEDS_MET_BY_UNIVERSAL_SERVICES\","
                    + "\"consentBasis\":\"CONSENT_GIVEN\",\"rationale\":\"School and GP already supporting\"}";

    ConsoleWorld world;
    ConsoleApp console;
    AuditTrail audit;

    @BeforeAll
    void start(@TempDir Path dir) {
        world = new ConsoleWorld(dir, 1);
        console = world.consoles.get(0);
        audit = new AuditTrail(world);
    }

    @AfterAll
    void stop() {
        world.close();
    }

    @Test
    void siblingsShareOneEntryAndNoFurtherActionClosesAnItemOnlyOnceAnotherManagerSignsItOff() throws Exception {
        String household = "HH-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> children = world.household(ConsoleWorld.SOUTHWARK, household, 2);

        JsonNode entry = awaitHousehold(household, e -> e.get("items").size() == 2);
        assertThat(entry.get("items").findValuesAsText("childPseudonym")).containsExactlyInAnyOrderElementsOf(children);
        for (JsonNode item : entry.get("items")) {
            assertThat(item.get("status").asText()).isEqualTo("OPEN");
            assertThat(item.get("localAuthority").asText()).isEqualTo(ConsoleWorld.SOUTHWARK);
            assertThat(item.get("alerts").findValuesAsText("ruleId")).containsExactly("toxic-trio-emerging");
            assertThat(item.get("timeline").findValuesAsText("category"))
                    .containsExactly("DOMESTIC_ABUSE", "PARENTAL_MENTAL_HEALTH");
            assertThat(item.get("timeline").get(0).get("rules").get(0).asText()).isEqualTo("toxic-trio-emerging");
        }
        String itemId = entry.get("items").get(0).get("workItemId").asText();
        String sibling = entry.get("items").get(1).get("workItemId").asText();

        // another authority's worker learns nothing of the item; each look is audited
        var mark = audit.mark();
        assertThat(world.get(console, "/api/work-items/" + itemId, ConsoleWorld.LAMBETH_TOKEN)
                        .statusCode())
                .isEqualTo(404);
        assertThat(json(world.get(console, "/api/work-items/" + itemId, ConsoleWorld.SOL_TOKEN))
                        .get("childPseudonym")
                        .asText())
                .isIn(children);
        assertThat(audit.since(mark))
                .extracting(ConsoleAccess::getWorkerId, ConsoleAccess::getAction, ConsoleAccess::getOutcome)
                .containsExactly(
                        tuple("amara", AccessAction.ALERT_VIEWED, ViewOutcome.REFUSED),
                        tuple("sol", AccessAction.ALERT_VIEWED, ViewOutcome.SHOWN));

        // the worker proposes no further action: coded reason and consent basis needed, and she cannot sign it off
        assertThat(post(itemId, "decisions", ConsoleWorld.SOL_TOKEN, "{\"outcome\":\"NO_FURTHER_ACTION\"}")
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> proposed = post(itemId, "decisions", ConsoleWorld.SOL_TOKEN, NFA);
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(201);
        String decisionId = JSON.readTree(proposed.body()).get("decisionId").asText();
        assertThat(post(itemId, "sign-off", ConsoleWorld.SOL_TOKEN, "{}").statusCode())
                .isEqualTo(403);
        awaitItem(itemId, "AWAITING_SIGN_OFF");
        assertThat(json(world.get(console, "/api/worklist", ConsoleWorld.SOL_TOKEN))
                        .get("households")
                        .findValuesAsText("workItemId"))
                .as("an item awaiting sign-off stays on the worklist")
                .contains(itemId, sibling);

        // the manager signs it off; the item closes; the sibling's stays open
        HttpResponse<String> signed = post(itemId, "sign-off", ConsoleWorld.MO_TOKEN, "{}");
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);
        assertThat(JSON.readTree(signed.body()).get("signedOffBy").asText()).isEqualTo("mo");
        JsonNode closed = awaitItem(itemId, "CLOSED");
        assertThat(closed.get("lastOutcome").asText()).isEqualTo("NO_FURTHER_ACTION");
        assertThat(closed.get("decisions").findValuesAsText("signedOffBy")).containsExactly("mo");
        assertThat(post(itemId, "sign-off", ConsoleWorld.MO_TOKEN, "{}").statusCode())
                .isEqualTo(409);
        assertThat(post(itemId, "decisions", ConsoleWorld.SOL_TOKEN, NFA).statusCode())
                .isEqualTo(409);
        JsonNode after = awaitHousehold(household, e -> e.get("items").size() == 1);
        assertThat(after.get("items").findValuesAsText("workItemId")).containsExactly(sibling);
        List<String> closedItems = new ArrayList<>();
        json(world.get(console, "/api/worklist", ConsoleWorld.SOL_TOKEN))
                .get("closed")
                .forEach(i -> closedItems.add(i.get("workItemId").asText()));
        assertThat(closedItems).containsExactly(itemId);

        // a manager's own "no further action" needs another manager: it stays waiting
        assertThat(post(sibling, "decisions", ConsoleWorld.MO_TOKEN, NFA).statusCode())
                .isEqualTo(201);
        awaitItem(sibling, "AWAITING_SIGN_OFF");
        HttpResponse<String> own = post(sibling, "sign-off", ConsoleWorld.MO_TOKEN, "{}");
        assertThat(own.statusCode()).isEqualTo(400);
        assertThat(own.body()).contains("cannot sign off their own decision");

        // on the topics: the decision twice (proposed, then signed off), and each item's every change once
        SpecificAvroDeserializer<MashDecision> decisions = new SpecificAvroDeserializer<>(MashDecision.class);
        decisions.configure(Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        assertThat(BrokerReads.valuesToEnd(world.kafka.adminProperties(), Topics.DECISIONS.name(), decisions).stream()
                        .filter(d -> d.getDecisionId().toString().equals(decisionId))
                        .toList())
                .extracting(
                        MashDecision::getOutcome,
                        MashDecision::getWorkerId,
                        MashDecision::getSignedOffBy,
                        MashDecision::getWorkItemId)
                .containsExactly(
                        tuple(DecisionOutcome.NO_FURTHER_ACTION, "sol", null, itemId),
                        tuple(DecisionOutcome.NO_FURTHER_ACTION, "sol", "mo", itemId));
        SpecificAvroDeserializer<WorkItem> items = new SpecificAvroDeserializer<>(WorkItem.class);
        items.configure(Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        List<WorkItem> published =
                BrokerReads.valuesToEnd(world.kafka.adminProperties(), Topics.WORK_ITEMS.name(), items);
        assertThat(published.stream()
                        .filter(i -> i.getWorkItemId().equals(itemId))
                        .map(WorkItem::getStatus))
                .containsExactly(WorkItemStatus.OPEN, WorkItemStatus.AWAITING_SIGN_OFF, WorkItemStatus.CLOSED);
        assertThat(published.stream()
                        .filter(i -> i.getWorkItemId().equals(sibling))
                        .map(WorkItem::getStatus))
                .containsExactly(WorkItemStatus.OPEN, WorkItemStatus.AWAITING_SIGN_OFF);
    }

    @Test
    void aWorkerOfAnotherAuthorityOrWithoutTheRightRoleCannotListDecideOrSignOff() throws Exception {
        String household = "HH-" + UUID.randomUUID().toString().substring(0, 8);
        world.household(ConsoleWorld.SOUTHWARK, household, 1);
        String itemId = awaitHousehold(household, e -> e.get("items").size() == 1)
                .get("items")
                .get(0)
                .get("workItemId")
                .asText();
        assertThat(json(world.get(console, "/api/worklist", ConsoleWorld.LAMBETH_TOKEN))
                        .findValuesAsText("workItemId"))
                .doesNotContain(itemId);
        assertThat(world.get(console, "/api/worklist?authority=" + ConsoleWorld.SOUTHWARK, ConsoleWorld.LAMBETH_TOKEN)
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(itemId, "decisions", ConsoleWorld.LAMBETH_TOKEN, NFA).statusCode())
                .isEqualTo(404);
        assertThat(post(itemId, "sign-off", ConsoleWorld.MO_TOKEN, "{}").statusCode())
                .as("nothing awaits sign-off")
                .isEqualTo(409);
        assertThat(world.get(console, "/api/worklist", ConsoleWorld.IG_TOKEN).statusCode())
                .as("the information-governance officer sees no children")
                .isEqualTo(403);
    }

    private HttpResponse<String> post(String itemId, String what, String token, String body) {
        return world.post(console, "/api/work-items/" + itemId + "/" + what, token, body);
    }

    /** The worklist entry of this household once it satisfies {@code done}. */
    private JsonNode awaitHousehold(String household, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<JsonNode> seen = new ArrayList<>();
        JsonNode worklist = null;
        while (System.nanoTime() < deadline) {
            seen.clear();
            worklist = json(world.get(console, "/api/worklist", ConsoleWorld.SOL_TOKEN));
            for (JsonNode e : worklist.get("households")) {
                // qualified by the organisation that gave it ("RJ1/HH-..."), so two agencies' references never clash
                if (e.get("householdReference").asText().endsWith("/" + household)) {
                    seen.add(e);
                }
            }
            if (seen.size() == 1 && done.test(seen.get(0))) {
                return seen.get(0);
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                "household " + household + " as wanted not on the worklist within 90 s; the worklist: " + worklist);
    }

    private JsonNode awaitItem(String itemId, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode item = null;
        while (System.nanoTime() < deadline) {
            item = json(world.get(console, "/api/work-items/" + itemId, ConsoleWorld.SOL_TOKEN));
            if (status.equals(item.get("status").asText())) {
                return item;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("item " + itemId + " is " + item + ", expected " + status);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
