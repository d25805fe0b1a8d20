package org.safeguardingsignals.deployment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Requests to a container's published or host-network ports, and polling for what a deployment does in time. */
final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    record Response(int status, String body) {}

    private Http() {}

    /** The response, or status -1 while nothing answers. */
    static Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    /** Sends a request (bounded to 10 s); status -1 while nothing answers. */
    static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r =
                    CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Polls until the URL answers 200, or the limit passes (a bound on a hung start, not a timing assertion); returns
     * the last response for the test to assert on.
     */
    static Response awaitOk(String url, Duration limit) {
        return poll(() -> get(url), r -> r.status() == 200, limit);
    }

    /**
     * Tries once a second until an attempt is what {@code done} wants or the limit passes (a bound on a hung
     * deployment, not a timing assertion); returns the last attempt for the test to assert on.
     */
    static <T> T poll(Supplier<T> attempt, Predicate<T> done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = attempt.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            sleep(POLL_INTERVAL);
            last = attempt.get();
        }
        return last;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
