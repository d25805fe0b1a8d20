package org.safeguardingsignals.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * The console's API at a fixed offered rate, as MASH workers' pages call it: the alert list as the page loads it (open
 * alerts, 200 a page), the worklist, an alert's detail, and a child's chronology (asked of detection by the console).
 * Open loop: each request is sent at its time whatever the earlier ones are doing, and its latency counts from that
 * time, so a slow console cannot hide its slowness by slowing the load down.
 */
final class ApiLoad {
    /** One request: what it asked for, the answer's status (0 for none), its latency and size. */
    record Call(String endpoint, int status, long latencyNanos, long bytes, String error) {
        boolean failed() {
            return status != 200;
        }
    }

    /** Where the requests go: alert ids and probe children a worker may ask about, empty while there are none. */
    interface Targets {
        Optional<String> alertId(Random random);

        Optional<String> child(Random random);
    }

    private final HttpClient http;
    private final String url;
    private final List<String> tokens;
    private final Targets targets;
    private final Random random;

    ApiLoad(HttpClient http, String consoleUrl, List<String> tokens, Targets targets, long seed) {
        this.http = http;
        this.url = consoleUrl;
        this.tokens = List.copyOf(tokens);
        this.targets = targets;
        this.random = new Random(seed);
    }

    /** Offers {@code rate} requests a second for {@code seconds}; returns every request once all have answered. */
    List<Call> run(double rate, int seconds) {
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime();
        long period = (long) (1e9 / rate);
        long total = (long) (rate * seconds);
        for (long i = 0; i < total; i++) {
            long due = start + i * period;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            pending.add(send(due, calls));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return List.copyOf(calls);
    }

    private CompletableFuture<?> send(long due, List<Call> calls) {
        String token = tokens.get(random.nextInt(tokens.size()));
        int pick = random.nextInt(100);
        String endpoint;
        String path;
        Optional<String> alert = targets.alertId(random);
        Optional<String> child = targets.child(random);
        // a page loads the list and the worklist when it opens (and after its stream is dropped); afterwards a worker
        // opens alerts and children's chronologies, while the stream keeps the lists current
        if (pick < 25 || alert.isEmpty()) {
            endpoint = "alert list";
            path = "api/alerts?size=200";
        } else if (pick < 35) {
            endpoint = "worklist";
            path = "api/worklist";
        } else if (pick < 80 || child.isEmpty()) {
            endpoint = "alert detail";
            path = "api/alerts/" + alert.get();
        } else {
            endpoint = "chronology";
            path = "api/children/" + child.get() + "/chronology";
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            long latency = System.nanoTime() - due;
            calls.add(
                    error != null
                            ? new Call(endpoint, 0, latency, 0, error.toString())
                            : new Call(
                                    endpoint,
                                    response.statusCode(),
                                    latency,
                                    response.body().length,
                                    response.statusCode() == 200 ? null : new String(response.body())));
            return null;
        });
    }
}
