package org.safeguardingsignals.detection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.runtime.ChronologyLine;
import org.safeguardingsignals.runtime.InstanceSecret;
import org.safeguardingsignals.runtime.InternalListener.Answer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "what is held for this child?" on the internal listener, for the console: from this instance's
 * child-state store, or else from the other instances that hold the store (found by Kafka Streams' metadata and asked
 * on their internal listeners with the instance secret; a forwarded request is answered locally only). It does not decide who may see the answer: the console
 * does, and audits it, for the user it serves. 200 with {@code {"entries": [...]}}, 404 when the child is not held,
 * 503 while the store restores or moves.
 */
public final class ChildQueries {
    /** The internal route: GET {@value}{pseudonym}. */
    public static final String PATH = "/internal/children/";
    /** Set on a request forwarded from another detection instance, so it is never forwarded twice. */
    static final String FORWARDED_HEADER = "X-Safeguarding-Forwarded";
    /** A pseudonym is hex (HMAC-SHA256, truncated); anything else names no child and is never forwarded. */
    static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{16,64}");

    private static final Logger LOG = LoggerFactory.getLogger(ChildQueries.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The answer's body. */
    public record Entries(List<ChronologyLine> entries) {}

    private final KafkaStreams streams;
    private final HostInfo self;
    private final InstanceSecret secret;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    ChildQueries(KafkaStreams streams, HostInfo self, InstanceSecret secret) {
        this.streams = streams;
        this.self = self;
        this.secret = secret;
    }

    /** The internal route's answer for {@code pseudonym}; {@code forwarded} when another instance asks. */
    Answer answer(String pseudonym, boolean forwarded) throws JsonProcessingException {
        if (!PSEUDONYM.matcher(pseudonym).matches()) {
            return Answer.json(404, "{\"error\":\"Not found\"}");
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return unavailable("detection is " + streams.state());
        }
        Answer local = here(pseudonym);
        if (local.status() != 404 || forwarded) {
            return local;
        }
        // A child's partition follows the hash of the NHS number (the published child partitioner), which the
        // pseudonym cannot give: ask every other instance that holds part of the store. A few instances; one request.
        boolean unavailable = false;
        for (StreamsMetadata other : streams.streamsMetadataForStore(ChildRulesProcessor.CHILD_STATE_STORE)) {
            if (other.hostInfo().equals(self)) {
                continue;
            }
            Answer there = forward(other.hostInfo(), pseudonym);
            if (there.status() == 200) {
                return there;
            }
            unavailable |= there.status() != 404;
        }
        return unavailable ? unavailable("an instance could not answer") : local;
    }

    private Answer here(String pseudonym) throws JsonProcessingException {
        try {
            ReadOnlyKeyValueStore<String, ChildState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    ChildRulesProcessor.CHILD_STATE_STORE, QueryableStoreTypes.<String, ChildState>keyValueStore()));
            ChildState state = store.get(pseudonym);
            if (state == null) {
                return Answer.json(404, "{\"error\":\"Not found\"}");
            }
            return Answer.json(
                    200,
                    JSON.writeValueAsString(new Entries(state.getIndicators().stream()
                            .map(ChildQueries::line)
                            .toList())));
        } catch (InvalidStateStoreException e) {
            return unavailable("the child-state store is restoring or migrating");
        }
    }

    private Answer forward(HostInfo owner, String pseudonym) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + owner.host() + ":" + owner.port() + PATH + pseudonym))
                .timeout(Duration.ofSeconds(5))
                .header(InstanceSecret.HEADER, secret.value())
                .header(FORWARDED_HEADER, "1")
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return Answer.json(r.statusCode(), r.body());
        } catch (IOException e) {
            return unavailable(
                    "instance " + owner + " unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted");
        }
    }

    private static Answer unavailable(String why) {
        LOG.info("Chronology unavailable: {}", why); // the detail for the log; callers get a generic answer
        return Answer.json(503, "{\"error\":\"Unavailable\"}");
    }

    static ChronologyLine line(Indicator i) {
        return new ChronologyLine(
                i.getOccurredAt().toString(),
                i.getAgency().name(),
                i.getCategory().name(),
                i.getSourceReference(),
                i.getLocalAuthority(),
                i.getEventId(),
                i.getMissing() == null ? null : i.getMissing().getEpisodeId(),
                i.getOrganisationCode(),
                new TreeMap<>(i.getQualifiers()));
    }
}
