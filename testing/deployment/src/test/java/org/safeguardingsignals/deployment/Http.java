package org.safeguardingsignals.deployment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain GETs against a container's published or host-network ports. */
final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, String body) {}

    private Http() {}

    /** The response, or status -1 while nothing answers. */
    static Response get(String url) {
        try {
            HttpResponse<String> r = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
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
        long deadline = System.nanoTime() + limit.toNanos();
        Response last = get(url);
        while (last.status() != 200 && System.nanoTime() < deadline) {
            sleep(Duration.ofSeconds(1));
            last = get(url);
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
