package org.safeguardingsignals.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
import org.safeguardingsignals.console.AccessAudit.Subject;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.runtime.ChronologyLine;
import org.safeguardingsignals.runtime.InstanceSecret;

/**
 * A child's chronology as the user may see it. The console asks the detection application's internal listener what
 * it holds for the child (any detection instance answers, asking the one that holds the child's partition); it then
 * decides itself, for the user it serves, whether the child is known in one of the user's authorities, and audits
 * the request. Detection decides nothing about users.
 */
final class Chronologies {
    /** Detection's internal route for a child's chronology (its ChildQueries.PATH): GET {@value}{pseudonym}. */
    static final String DETECTION_PATH = "/internal/children/";
    /** A pseudonym is hex (HMAC-SHA256, truncated); anything else names no child and is never asked for. */
    static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{16,64}");
    /** Detection may ask another of its instances (up to 5 s) before it answers. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false); // a newer detection may add

    /** What a lookup came to. */
    sealed interface Result {
        /** The child is known in at least one of the user's authorities. */
        record Shown(Set<String> knownIn, List<ChronologyLine> entries) implements Result {}

        /** Unknown, or not known in the user's authorities: the same answer, so nobody learns who exists. */
        record Refused() implements Result {}

        /** Detection could not answer (restoring, moving, unreachable, refused): ask again later. */
        record Unavailable(String why) implements Result {}
    }

    /** Detection's answer body. */
    record Held(List<ChronologyLine> entries) {}

    private final URI detection;
    private final InstanceSecret secret;
    private final AccessAudit audit;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /**
     * @param detection the base URL of detection's internal listener (console.detection.url)
     */
    Chronologies(URI detection, InstanceSecret secret, AccessAudit audit) {
        this.detection = detection;
        this.secret = secret;
        this.audit = audit;
    }

    /** The chronology as this user may see it; audited unless detection could not answer. */
    Result find(Worker worker, String pseudonym) {
        if (!PSEUDONYM.matcher(pseudonym).matches()) {
            return new Result.Refused();
        }
        Fetched fetched = held(pseudonym);
        if (fetched.unavailable() != null) {
            return new Result.Unavailable(fetched.unavailable());
        }
        List<ChronologyLine> entries = fetched.entries();
        Set<String> knownIn = new LinkedHashSet<>();
        entries.forEach(e -> knownIn.add(e.localAuthority()));
        boolean allowed = knownIn.stream().anyMatch(worker::worksFor);
        audit.record(
                worker,
                AccessAction.CHRONOLOGY_VIEWED,
                allowed ? ViewOutcome.SHOWN : ViewOutcome.REFUSED,
                Subject.child(pseudonym));
        return allowed ? new Result.Shown(knownIn, entries) : new Result.Refused();
    }

    /** What detection holds for a child: its entries (none when it holds nothing), or why it could not answer. */
    record Fetched(List<ChronologyLine> entries, String unavailable) {}

    /** Asks detection for the child's whole chronology; decides and audits nothing (the caller does). */
    Fetched held(String pseudonym) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(detection + DETECTION_PATH + pseudonym))
                .timeout(REQUEST_TIMEOUT)
                .header(InstanceSecret.HEADER, secret.value())
                .GET()
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 && r.statusCode() != 404) {
                return new Fetched(List.of(), "detection at " + detection + " answered " + r.statusCode());
            }
            // 404: detection holds nothing for this child
            Held held = r.statusCode() == 200 ? JSON.readValue(r.body(), Held.class) : null;
            return new Fetched(held == null || held.entries() == null ? List.of() : held.entries(), null);
        } catch (JsonProcessingException e) {
            // never the message: it quotes the body, which holds the child's chronology
            return new Fetched(
                    List.of(),
                    "detection at " + detection + " answered what cannot be read ("
                            + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            return new Fetched(List.of(), "detection at " + detection + " unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched(List.of(), "interrupted");
        }
    }
}
