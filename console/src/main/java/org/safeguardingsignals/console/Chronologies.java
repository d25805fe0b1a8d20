package org.safeguardingsignals.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.safeguardingsignals.detection.ChildRulesProcessor;
import org.safeguardingsignals.internal.ChildState;

/**
 * A child's chronology from the child-state store through interactive queries: read here when this instance holds
 * the child's partition, otherwise forwarded to the instance that does (found through the streams metadata).
 */
final class Chronologies {
    static final String INTERNAL_PATH = "/internal/children/";
    static final String INTERNAL_SECRET_HEADER = "X-Console-Internal";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a lookup came to. */
    sealed interface Result {
        record Found(List<ChronologyEntry> entries) implements Result {
        }

        record NotFound() implements Result {
        }

        /** The store is restoring or moving: ask again later. */
        record Unavailable(String why) implements Result {
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String internalSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    Chronologies(KafkaStreams streams, HostInfo self, String internalSecret) {
        this.streams = streams;
        this.self = self;
        this.internalSecret = internalSecret;
    }

    Result find(String pseudonym) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new Result.Unavailable("the detection application is " + streams.state());
        }
        KeyQueryMetadata meta = streams.queryMetadataForKey(ChildRulesProcessor.CHILD_STATE_STORE, pseudonym,
                Serdes.String().serializer());
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Result.Unavailable("no instance holds this child's partition yet");
        }
        return meta.activeHost().equals(self) ? findHere(pseudonym) : forward(meta.activeHost(), pseudonym);
    }

    /** Reads this instance's own store; used for local keys and for requests forwarded here. */
    Result findHere(String pseudonym) {
        try {
            ReadOnlyKeyValueStore<String, ChildState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    ChildRulesProcessor.CHILD_STATE_STORE, QueryableStoreTypes.<String, ChildState>keyValueStore()));
            ChildState state = store.get(pseudonym);
            return state == null ? new Result.NotFound()
                    : new Result.Found(state.getIndicators().stream().map(ChronologyEntry::of).toList());
        } catch (InvalidStateStoreException e) {
            return new Result.Unavailable("the child-state store is restoring or migrating");
        }
    }

    private Result forward(HostInfo owner, String pseudonym) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":"
                            + owner.port() + INTERNAL_PATH + pseudonym)).timeout(Duration.ofSeconds(5))
                    .header(INTERNAL_SECRET_HEADER, internalSecret).build(), HttpResponse.BodyHandlers.ofString());
            return switch (r.statusCode()) {
                case 200 -> new Result.Found(JSON.readValue(r.body(), new TypeReference<List<ChronologyEntry>>() {
                }));
                case 404 -> new Result.NotFound();
                default -> new Result.Unavailable("instance " + owner + " answered " + r.statusCode());
            };
        } catch (IOException e) {
            return new Result.Unavailable("instance " + owner + " unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Unavailable("interrupted");
        }
    }
}
