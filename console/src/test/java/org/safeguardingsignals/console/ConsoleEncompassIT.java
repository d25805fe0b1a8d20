package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.decisions.SchoolDays;
import org.safeguardingsignals.decisions.WorkingDays;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.events.EncompassAcknowledgement;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.NoticeStatus;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.testing.BrokerReads;
import org.safeguardingsignals.topics.Topics;

/**
 * Operation Encompass end to end on a real broker: a school's roll and a police-attended incident reach detection,
 * which sends the school a notice; the school's designated safeguarding lead sees it (and no other school's), reveals
 * the child's identity with a reason, and acknowledges it; detection records the acknowledgement on the notice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleEncompassIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    ConsoleWorld world;
    ConsoleApp console;

    @BeforeAll
    void start(@TempDir Path dir) {
        world = new ConsoleWorld(dir, 1);
        console = world.consoles.get(0);
    }

    @AfterAll
    void stop() {
        world.close();
    }

    @Test
    void theSchoolsDslSeesRevealsAndAcknowledgesTheNoticeAndDetectionRecordsIt() throws Exception {
        String child = world.encompassIncident(ConsoleWorld.LAMBETH, ConsoleWorld.SCHOOL);
        JsonNode notice = awaitNotice(
                ConsoleWorld.DSL_TOKEN, child, n -> n.get("status").asText().equals("SENT"));
        assertThat(notice.get("schoolUrn").asText()).isEqualTo(ConsoleWorld.SCHOOL);
        assertThat(notice.get("incidentReference").asText()).startsWith("INC-ENC-");
        assertThat(notice.get("forceCode").asText()).isEqualTo("01");
        // due at the start of the next school day after the incident (the world's school day starts half a day
        // after it was made, so the notice never falls due while this test runs, whatever the time of day)
        Instant incidentAt = Instant.parse(notice.get("incidentAt").asText());
        Instant dueBy = Instant.parse(notice.get("dueBy").asText());
        assertThat(dueBy)
                .isEqualTo(new SchoolDays(world.schoolDayStart, DetectionConfig.DEFAULTS.bankHolidays(), List.of())
                        .noticeDue(incidentAt)
                        .orElseThrow());
        assertThat(dueBy.atZone(WorkingDays.ENGLAND).toLocalTime()).isEqualTo(world.schoolDayStart);
        assertThat(dueBy).isAfter(Instant.now().plus(Duration.ofHours(10)));
        String noticeId = notice.get("noticeId").asText();

        // another school's DSL neither sees it, nor acknowledges it, nor learns who the child is
        assertThat(json(world.get(console, EncompassRoutes.LIST, ConsoleWorld.OTHER_DSL_TOKEN))
                        .get("notices")
                        .findValuesAsText("noticeId"))
                .doesNotContain(noticeId);
        assertThat(world.post(console, ack(noticeId), ConsoleWorld.OTHER_DSL_TOKEN, "{}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(world.post(console, identity(child), ConsoleWorld.OTHER_DSL_TOKEN, "{\"reason\":\"MASH_SCREENING\"}")
                        .statusCode())
                .isEqualTo(404);
        // a MASH worker has the board, not the schools' notices
        assertThat(world.get(console, EncompassRoutes.LIST, ConsoleWorld.LAMBETH_TOKEN)
                        .statusCode())
                .isEqualTo(403);

        // the school's DSL reveals the child only with a reason
        assertThat(world.post(console, identity(child), ConsoleWorld.DSL_TOKEN, "{}")
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> revealed =
                world.post(console, identity(child), ConsoleWorld.DSL_TOKEN, "{\"reason\":\"MASH_SCREENING\"}");
        assertThat(revealed.statusCode()).isEqualTo(200);
        assertThat(json(revealed).get("nhsNumber").asText()).isEqualTo(world.nhsNumbers.get(child));

        HttpResponse<String> acknowledged = world.post(console, ack(noticeId), ConsoleWorld.DSL_TOKEN, "{}");
        assertThat(acknowledged.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(acknowledged.body()).get("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(world.post(console, ack(noticeId), ConsoleWorld.DSL_TOKEN, "{}")
                        .statusCode())
                .as("acknowledged already: answered, not recorded again")
                .isEqualTo(200);

        SpecificAvroDeserializer<EncompassAcknowledgement> acks =
                new SpecificAvroDeserializer<>(EncompassAcknowledgement.class);
        acks.configure(java.util.Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        assertThat(
                        BrokerReads.valuesToEnd(
                                        world.kafka.adminProperties(), Topics.ENCOMPASS_ACKNOWLEDGEMENTS.name(), acks)
                                .stream()
                                .filter(a -> a.getNoticeId().equals(noticeId))
                                .toList())
                .singleElement()
                .satisfies(a -> assertThat(a.getAcknowledgedBy()).isEqualTo("dina"));

        // detection applies it: the notice's record on its topic says acknowledged, by whom
        SpecificAvroDeserializer<EncompassNotice> notices = new SpecificAvroDeserializer<>(EncompassNotice.class);
        notices.configure(java.util.Map.of("schema.registry.url", world.registry.confluentApiUrl()), false);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<EncompassNotice> records = List.of();
        while (System.nanoTime() < deadline) {
            records =
                    BrokerReads.valuesToEnd(world.kafka.adminProperties(), Topics.ENCOMPASS_NOTICES.name(), notices)
                            .stream()
                            .filter(n -> n.getNoticeId().equals(noticeId))
                            .toList();
            if (records.size() >= 2) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(records)
                .extracting(EncompassNotice::getStatus)
                .containsExactly(NoticeStatus.SENT, NoticeStatus.ACKNOWLEDGED);
        assertThat(records.get(1).getAcknowledgedBy()).isEqualTo("dina");
    }

    private static String ack(String noticeId) {
        return "/api/encompass/notices/" + noticeId + "/acknowledgement";
    }

    private static String identity(String pseudonym) {
        return "/api/children/" + pseudonym + "/identity";
    }

    private JsonNode awaitNotice(String token, String child, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode list = null;
        while (System.nanoTime() < deadline) {
            list = json(world.get(console, EncompassRoutes.LIST, token));
            for (JsonNode n : list.get("notices")) {
                if (n.get("childPseudonym").asText().equals(child) && done.test(n)) {
                    return n;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no notice as wanted for " + child + " within 90 s; the list: " + list);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
