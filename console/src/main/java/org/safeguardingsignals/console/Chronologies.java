package org.safeguardingsignals.console;

import org.safeguardingsignals.runtime.InstanceSecret;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.safeguardingsignals.console.AccessAudit.Subject;
import org.safeguardingsignals.detection.ChildRulesProcessor;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.internal.ChildState;

/**
 * A child's chronology from the child-state store through interactive queries. The instance holding the child's
 * partition decides: it checks the user's authorities against the child and audits the request, whether the user
 * asked it directly or through another instance, which forwards the user's identity to its internal listener.
 */
final class Chronologies {
    static final String INTERNAL_PATH = "/internal/children/";
    static final String SECRET_HEADER = "X-Console-Internal";
    /** A pseudonym is hex (HMAC-SHA256, truncated); anything else names no child and is never forwarded. */
    static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{16,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a lookup came to. */
    sealed interface Result {
        /** The child is known in at least one of the user's authorities. */
        record Shown(Set<String> knownIn, List<ChronologyEntry> entries) implements Result {
        }

        /** Unknown, or not known in the user's authorities: the same answer, so nobody learns who exists. */
        record Refused() implements Result {
        }

        /** The store is restoring or moving, or the instance holding it did not answer: ask again later. */
        record Unavailable(String why) implements Result {
        }
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final InstanceSecret secret;
    private final AccessAudit audit;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /**
     * @param self this instance's internal listener, as other instances reach it (its application.server)
     */
    Chronologies(KafkaStreams streams, HostInfo self, InstanceSecret secret, AccessAudit audit) {
        this.streams = streams;
        this.self = self;
        this.secret = secret;
        this.audit = audit;
    }

    /** The chronology as this user may see it, from this instance's store or from the instance holding it. */
    Result find(Worker worker, String pseudonym) {
        if (!PSEUDONYM.matcher(pseudonym).matches()) {
            return new Result.Refused();
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new Result.Unavailable("the detection application is " + streams.state());
        }
        KeyQueryMetadata meta = streams.queryMetadataForKey(ChildRulesProcessor.CHILD_STATE_STORE, pseudonym,
                Serdes.String().serializer());
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Result.Unavailable("no instance holds this child's partition yet");
        }
        return meta.activeHost().equals(self) ? findHere(worker, pseudonym)
                : forward(meta.activeHost(), worker, pseudonym);
    }

    /** Reads this instance's own store, decides and audits; for local keys and for requests forwarded here. */
    Result findHere(Worker worker, String pseudonym) {
        if (!PSEUDONYM.matcher(pseudonym).matches()) {
            return new Result.Refused();
        }
        List<ChronologyEntry> entries;
        try {
            ReadOnlyKeyValueStore<String, ChildState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    ChildRulesProcessor.CHILD_STATE_STORE, QueryableStoreTypes.<String, ChildState>keyValueStore()));
            ChildState state = store.get(pseudonym);
            entries = state == null ? List.of()
                    : state.getIndicators().stream().map(ChronologyEntry::of).toList();
        } catch (InvalidStateStoreException e) {
            return new Result.Unavailable("the child-state store is restoring or migrating");
        }
        Set<String> knownIn = new LinkedHashSet<>();
        entries.forEach(e -> knownIn.add(e.localAuthority()));
        boolean allowed = knownIn.stream().anyMatch(worker::worksFor);
        audit.record(worker, AccessAction.CHRONOLOGY_VIEWED, allowed ? ViewOutcome.SHOWN : ViewOutcome.REFUSED,
                Subject.child(pseudonym));
        return allowed ? new Result.Shown(knownIn, entries) : new Result.Refused();
    }

    private Result forward(HostInfo owner, Worker worker, String pseudonym) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":"
                + owner.port() + INTERNAL_PATH + pseudonym)).timeout(Duration.ofSeconds(5))
                .header(SECRET_HEADER, secret.value());
        ForwardedUser.headersOf(worker).forEach(request::header);
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return switch (r.statusCode()) {
                case 200 -> {
                    Reply reply = JSON.readValue(r.body(), Reply.class);
                    yield new Result.Shown(reply.knownIn(), reply.entries());
                }
                case 404 -> new Result.Refused();
                default -> new Result.Unavailable("instance " + owner + " answered " + r.statusCode());
            };
        } catch (IOException e) {
            return new Result.Unavailable("instance " + owner + " unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Unavailable("interrupted");
        }
    }

    /** The internal listener's answer for a shown chronology. */
    record Reply(Set<String> knownIn, List<ChronologyEntry> entries) {
    }
}
