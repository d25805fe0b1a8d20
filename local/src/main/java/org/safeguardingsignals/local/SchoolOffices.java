package org.safeguardingsignals.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.safeguardingsignals.embedded.TrustStores;

/**
 * The schools' offices, played for the local run: a school system with its designated safeguarding leads' token reads
 * the Operation Encompass notices of its schools through the console's API and acknowledges four in five of them;
 * the fifth is left to pass its deadline, so that the MASH sees escalations. School 100001 is left alone: it is the
 * demo DSL's ({@link DemoRealm}), to acknowledge in the console by hand.
 */
final class SchoolOffices implements Runnable {
    static final String USER = "school-office";
    static final String DEMO_SCHOOL = "100001";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EVERY = Duration.ofSeconds(20);

    private final URI console;
    private final String token;
    private final HttpClient http;
    private final PrintStream out;
    private final AtomicBoolean running = new AtomicBoolean(true);

    SchoolOffices(URI console, String token, Path trustStore, String password, PrintStream out) {
        this.console = console;
        this.token = token;
        this.out = out;
        this.http = HttpClient.newBuilder()
                .sslContext(TrustStores.clientContext(trustStore, password))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The URNs of the feed's schools (ten per authority, from 100001), but the demo DSL's. */
    static List<String> schools(int authorities) {
        return java.util.stream.IntStream.range(0, authorities * 10)
                .mapToObj(i -> Integer.toString(100_001 + i))
                .filter(urn -> !urn.equals(DEMO_SCHOOL))
                .toList();
    }

    /** Four in five notices are acknowledged, the same ones on every pass. */
    static boolean acknowledges(String noticeId) {
        return Math.floorMod(
                        UUID.nameUUIDFromBytes(noticeId.getBytes(StandardCharsets.UTF_8))
                                .hashCode(),
                        5)
                != 0;
    }

    @Override
    public void run() {
        while (running.get()) {
            try {
                JsonNode list =
                        JSON.readTree(send("GET", "/api/encompass/notices").body());
                int acknowledged = 0;
                for (JsonNode n : list.path("notices")) {
                    String id = n.get("noticeId").asText();
                    if (n.get("status").asText().equals("SENT") && acknowledges(id)) {
                        if (send("POST", "/api/encompass/notices/" + id + "/acknowledgement")
                                        .statusCode()
                                == 201) {
                            acknowledged++;
                        }
                    }
                }
                if (acknowledged > 0) {
                    out.printf(
                            "  [schools] %d Operation Encompass notice(s) acknowledged by their schools%n",
                            acknowledged);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // the console may be starting or stopping: try again on the next pass
            }
            try {
                Thread.sleep(EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void stop() {
        running.set(false);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(console.resolve(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json")
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
