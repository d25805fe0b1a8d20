package org.safeguardingsignals.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reader of the console's live stream, as the page's EventSource reads it: signed in with its own user's token
 * (in the Authorization header; the page's session cookie is the same check), every line read as it comes. It notes
 * when each alert first arrived and counts any that came again.
 */
final class SseClient implements AutoCloseable {
    private static final Pattern ALERT_ID = Pattern.compile("\"alertId\":\"([^\"]+)\"");

    final String user;
    private final Map<String, Long> firstAt = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger workItems = new AtomicInteger();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile int status;
    private volatile String ended;
    private volatile boolean closing;

    private SseClient(String user) {
        this.user = user;
    }

    /** Opens the stream; {@link #ready()} completes on its ready event. */
    static SseClient open(HttpClient http, String consoleUrl, String user, String token) {
        SseClient client = new SseClient(user);
        HttpRequest request = HttpRequest.newBuilder(URI.create(consoleUrl + "api/alerts/stream"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        http.sendAsync(request, info -> {
                    client.status = info.statusCode();
                    return HttpResponse.BodySubscribers.fromLineSubscriber(client.new Lines());
                })
                .whenComplete((response, error) -> client.end(error == null ? "stream ended" : error.toString()));
        return client;
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    /** When each alert first arrived (System.nanoTime), by alert id. */
    Map<String, Long> alerts() {
        return firstAt;
    }

    int duplicates() {
        return duplicates.get();
    }

    int workItems() {
        return workItems.get();
    }

    /** Why the stream ended while the run still wanted it, or null while it is open. */
    String ended() {
        return ended;
    }

    private void end(String why) {
        if (!closing && ended == null) {
            ended = status != 0 && status != 200 ? "HTTP " + status : why;
        }
        ready.completeExceptionally(new IllegalStateException(user + "'s stream ended: " + ended));
    }

    @Override
    public void close() {
        closing = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /** The stream's lines: "event: NAME", then "data: JSON", then an empty line. */
    private final class Lines implements Flow.Subscriber<String> {
        private String event = "message";

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            long now = System.nanoTime();
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                switch (event) {
                    case "ready" -> ready.complete(null);
                    case "alert" -> alert(line, now);
                    case "work-item" -> workItems.incrementAndGet();
                    default -> {}
                }
            } else if (line.isEmpty()) {
                event = "message";
            }
        }

        private void alert(String line, long now) {
            Matcher m = ALERT_ID.matcher(line);
            if (m.find() && firstAt.putIfAbsent(m.group(1), now) != null) {
                duplicates.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable e) {
            end(e.toString());
        }

        @Override
        public void onComplete() {
            end("stream ended by the server");
        }
    }
}
