package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.console.Chronologies.Result;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.ConsoleAccess;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.runtime.ChronologyLine;
import org.safeguardingsignals.runtime.InstanceSecret;
import org.safeguardingsignals.runtime.PipelineMetrics;

/**
 * The console's own decision on a chronology: shown only when the child is known in one of the user's authorities,
 * the same refusal for "unknown" and "not yours", every decision audited once, and nothing decided (or audited) when
 * detection cannot answer. Detection is played by a small HTTP server in this JVM; the real one is in ConsoleApiIT.
 */
class ChronologiesTest {
    static final String LAMBETH = "E09000022";
    static final String KENT = "E10000016";
    static final String CHILD = "0123456789abcdef0123456789abcdef";
    static final String SECRET = "the-shared-instance-secret";
    static final Worker LAMBETH_WORKER = new Worker("amara", Set.of(LAMBETH), Worker.Role.WORKER);
    static final Worker MEDWAY_WORKER = new Worker("mo", Set.of("E06000035"), Worker.Role.READ_ONLY);
    static final String TWO_AUTHORITIES = "{\"entries\":["
            + "{\"occurredAt\":\"2026-11-01T10:00:00Z\",\"agency\":\"POLICE\",\"category\":\"DOMESTIC_ABUSE\","
            + "\"sourceReference\":\"INC-1\",\"localAuthority\":\"" + KENT + "\",\"eventId\":\"e1\"},"
            + "{\"occurredAt\":\"2026-11-02T10:00:00Z\",\"agency\":\"HEALTH\",\"category\":\"PARENTAL_MENTAL_HEALTH\","
            + "\"sourceReference\":\"RJ1-2\",\"localAuthority\":\"" + LAMBETH + "\",\"eventId\":\"e2\","
            + "\"addedByANewerDetection\":true},"
            + "{\"occurredAt\":\"2026-11-03T10:00:00Z\",\"agency\":\"POLICE\",\"category\":\"DOMESTIC_ABUSE\","
            + "\"sourceReference\":\"INC-3\",\"localAuthority\":\"" + KENT + "\",\"eventId\":\"e3\"}]}";

    private final MockProducer<String, SpecificRecord> producer =
            new MockProducer<>(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
    private final PipelineMetrics metrics = PipelineMetrics.inMemory();
    private final AccessAudit audit = new AccessAudit(new Recorder(producer, metrics), "console-1:9093", metrics);
    /** What detection was asked: path and the instance secret presented. */
    private final List<String> asked = new CopyOnWriteArrayList<>();

    private HttpServer detection;

    /** Detection answering every request with this status and body. */
    private Chronologies detectionAnswering(int status, String body) throws IOException {
        detection = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        detection.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst(InstanceSecret.HEADER));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        detection.start();
        return new Chronologies(
                URI.create("http://localhost:" + detection.getAddress().getPort()), new InstanceSecret(SECRET), audit);
    }

    @AfterEach
    void stop() {
        if (detection != null) {
            detection.stop(0);
        }
    }

    private List<ConsoleAccess> audited() {
        return producer.history().stream().map(r -> (ConsoleAccess) r.value()).toList();
    }

    @Test
    void aChildKnownInOneOfTheUsersAuthoritiesIsShownWithWhereItIsKnownAndAudited() throws IOException {
        Chronologies chronologies = detectionAnswering(200, TWO_AUTHORITIES);

        Result result = chronologies.find(LAMBETH_WORKER, CHILD);

        assertThat(result).isInstanceOf(Result.Shown.class);
        Result.Shown shown = (Result.Shown) result;
        assertThat(shown.knownIn())
                .as("each authority once, in the order first seen")
                .containsExactly(KENT, LAMBETH);
        assertThat(shown.entries())
                .extracting(ChronologyLine::sourceReference)
                .containsExactly("INC-1", "RJ1-2", "INC-3");
        assertThat(asked).containsExactly(Chronologies.DETECTION_PATH + CHILD + " " + SECRET);
        assertThat(audited())
                .extracting(
                        ConsoleAccess::getAction,
                        ConsoleAccess::getWorkerId,
                        ConsoleAccess::getOutcome,
                        ConsoleAccess::getChildPseudonym,
                        ConsoleAccess::getServedBy)
                .containsExactly(
                        tuple(AccessAction.CHRONOLOGY_VIEWED, "amara", ViewOutcome.SHOWN, CHILD, "console-1:9093"));
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("amara");
        assertThat(metrics.count("safeguarding.chronology.views", "outcome", "SHOWN"))
                .isEqualTo(1.0);
        assertThat(metrics.count("safeguarding.console.access", "action", "CHRONOLOGY_VIEWED", "outcome", "SHOWN"))
                .isEqualTo(1.0);
    }

    @Test
    void aChildKnownOnlyElsewhereIsRefusedAndTheRefusalAudited() throws IOException {
        Chronologies chronologies = detectionAnswering(200, TWO_AUTHORITIES);

        assertThat(chronologies.find(MEDWAY_WORKER, CHILD)).isInstanceOf(Result.Refused.class);

        assertThat(audited())
                .extracting(ConsoleAccess::getWorkerId, ConsoleAccess::getOutcome, ConsoleAccess::getChildPseudonym)
                .containsExactly(tuple("mo", ViewOutcome.REFUSED, CHILD));
        assertThat(metrics.count("safeguarding.chronology.views", "outcome", "REFUSED"))
                .isEqualTo(1.0);
        assertThat(metrics.count("safeguarding.chronology.views", "outcome", "SHOWN"))
                .isZero();
    }

    @Test
    void aChildDetectionDoesNotHoldIsRefusedLikeOneKnownElsewhere() throws IOException {
        for (String body : new String[] {"", "{}", "{\"entries\":null}", "{\"entries\":[]}"}) {
            producer.clear();
            int status = body.isEmpty() ? 404 : 200;
            Chronologies chronologies = detectionAnswering(status, body);
            assertThat(chronologies.find(LAMBETH_WORKER, CHILD))
                    .as("%d %s", status, body)
                    .isInstanceOf(Result.Refused.class);
            assertThat(audited()).extracting(ConsoleAccess::getOutcome).containsExactly(ViewOutcome.REFUSED);
            stop();
        }
    }

    @Test
    void somethingThatIsNotAPseudonymIsRefusedWithoutAskingOrAuditing() throws IOException {
        Chronologies chronologies = detectionAnswering(200, TWO_AUTHORITIES);
        for (String notAPseudonym : new String[] {
            "0123456789ABCDEF",
            "0123456789abcde",
            "../../internal/x",
            "0123456789abcdef0123456789abcdef" + "0".repeat(33)
        }) {
            assertThat(chronologies.find(LAMBETH_WORKER, notAPseudonym))
                    .as(notAPseudonym)
                    .isInstanceOf(Result.Refused.class);
        }
        assertThat(asked).isEmpty();
        assertThat(audited()).isEmpty();
        assertThat(chronologies.find(LAMBETH_WORKER, "0123456789abcdef"))
                .as("16 hex digits")
                .isInstanceOf(Result.Shown.class);
    }

    @Test
    void whenDetectionCannotAnswerNothingIsDecidedOrAuditedAndTheBodyIsNeverQuoted() throws IOException {
        Chronologies refusing = detectionAnswering(403, "{\"error\":\"forbidden\"}");
        assertThat(refusing.find(LAMBETH_WORKER, CHILD))
                .isInstanceOfSatisfying(
                        Result.Unavailable.class, u -> assertThat(u.why()).endsWith(" answered 403"));
        stop();
        Chronologies garbled = detectionAnswering(200, "{\"entries\":[{\"localAuthority\":\"" + LAMBETH + "\"");
        assertThat(garbled.find(LAMBETH_WORKER, CHILD))
                .isInstanceOfSatisfying(
                        Result.Unavailable.class,
                        u -> assertThat(u.why())
                                .contains("answered what cannot be read")
                                .doesNotContain(LAMBETH));
        stop();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Chronologies nobody =
                new Chronologies(URI.create("http://localhost:" + closed), new InstanceSecret(SECRET), audit);
        assertThat(nobody.find(LAMBETH_WORKER, CHILD))
                .isInstanceOfSatisfying(
                        Result.Unavailable.class, u -> assertThat(u.why()).contains("unreachable"));

        assertThat(audited()).isEmpty();
        assertThat(metrics.count("safeguarding.chronology.views", "outcome", "SHOWN"))
                .isZero();
    }

    @Test
    void anInterruptedLookupDecidesNothingAndKeepsTheInterrupt() throws IOException {
        Chronologies chronologies = detectionAnswering(200, TWO_AUTHORITIES);
        Thread.currentThread().interrupt();
        Result result;
        try {
            result = chronologies.find(LAMBETH_WORKER, CHILD);
        } finally {
            assertThat(Thread.interrupted())
                    .as("the interrupt is kept for the caller")
                    .isTrue();
        }
        assertThat(result)
                .isInstanceOfSatisfying(
                        Result.Unavailable.class, u -> assertThat(u.why()).isEqualTo("interrupted"));
        assertThat(audited()).isEmpty();
    }
}
