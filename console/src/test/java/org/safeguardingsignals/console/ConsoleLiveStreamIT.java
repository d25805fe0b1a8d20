package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.events.Severity;

/**
 * The live stream under clients that stop reading, and the per-user limit, on a real broker and registry. Alerts are
 * written straight to the alert topic (Birmingham only, which no other test's user sees), so that a test can send
 * many, and large ones, quickly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleLiveStreamIT {
    private static final int QUEUE = 64;
    private static final Pattern DROPPED =
            Pattern.compile("safeguarding_console_streams_dropped_total\\{reason=\"overflow\"\\} ([0-9.]+)");
    ConsoleWorld world;
    ConsoleApp console;
    final HttpClient http = HttpClient.newHttpClient();
    final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) {
        world = new ConsoleWorld(
                dir,
                1,
                Map.of("console.stream.queue", Integer.toString(QUEUE), "console.stream.heartbeat", "PT1S"),
                false);
        console = world.consoles.get(0);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        world.close();
    }

    @Test
    void aStalledClientNeitherHoldsUpTheOthersNorStaysConnected() throws Exception {
        double droppedBefore = dropped();
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stalled.add(stalledStream(ConsoleWorld.SAM_TOKEN, "HIGH"));
        }
        BlockingQueue<String> healthy = stream(ConsoleWorld.TESS_TOKEN, "LOW");
        assertThat(healthy.poll(30, TimeUnit.SECONDS)).contains("tess"); // ready

        // far more than the stalled clients' sockets and queues hold: each of them falls behind and overflows
        String bulky = "REF-" + "x".repeat(150);
        for (int i = 0; i < 300; i++) {
            world.publishAlert(ConsoleWorld.alert(
                    "bulk-" + UUID.randomUUID(), Severity.HIGH, ConsoleWorld.BIRMINGHAM, bulky, 200));
        }
        String prefix = "healthy-" + UUID.randomUUID() + "-";
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            sent.add(prefix + i);
            world.publishAlert(ConsoleWorld.alert(prefix + i, Severity.LOW, ConsoleWorld.BIRMINGHAM, "MISS-" + i, 1));
        }

        List<String> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.size() < sent.size() && System.nanoTime() < deadline) {
            String event = healthy.poll(1, TimeUnit.SECONDS);
            if (event != null && event.contains(prefix)) {
                received.add(event.replaceAll(".*\"alertId\":\"(" + Pattern.quote(prefix) + "[0-9]+)\".*", "$1"));
            }
        }
        assertThat(received)
                .as("alerts the healthy client got while three others stalled")
                .hasSize(50)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(sent);

        long dropDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (dropped() < droppedBefore + 3 && System.nanoTime() < dropDeadline) {
            Thread.sleep(250);
        }
        assertThat(dropped() - droppedBefore).as("stalled clients dropped").isEqualTo(3.0);
        for (Socket socket : stalled) {
            assertThat(alertsUntilClosed(socket))
                    .as("a dropped client's stream ends before the 300 alerts")
                    .isLessThan(300);
        }
    }

    @Test
    void aUserMayHoldFiveStreamsAndTheSixthIsRefusedUntilOneCloses() throws Exception {
        // MEDIUM: no alert of this class is, so these unread streams never fall behind
        List<HttpResponse<InputStream>> streams = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<InputStream> r = open(ConsoleWorld.UNA_TOKEN, "MEDIUM");
            assertThat(r.statusCode()).isEqualTo(200);
            streams.add(r);
        }
        HttpResponse<InputStream> sixth = open(ConsoleWorld.UNA_TOKEN, "MEDIUM");
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.headers().firstValue("Retry-After")).isPresent();
        try (InputStream body = sixth.body()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains("\"error\"", "streams");
        }
        assertThat(open(ConsoleWorld.SAM_TOKEN, "MEDIUM").statusCode())
                .as("another user is not limited by una's")
                .isEqualTo(200);

        streams.remove(0).body().close(); // the server finds it gone at its next heartbeat
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline) {
            HttpResponse<InputStream> again = open(ConsoleWorld.UNA_TOKEN, "MEDIUM");
            status = again.statusCode();
            if (status != 200) {
                again.body().close();
                Thread.sleep(500);
            }
        }
        assertThat(status).as("a stream is given back when its client goes").isEqualTo(200);
    }

    /** Opens a stream and returns its status and body; the stream stays open (closed at the end of the class). */
    private HttpResponse<InputStream> open(String token, String severity) throws Exception {
        HttpResponse<InputStream> r = http.send(
                HttpRequest.newBuilder(URI.create(console.url() + "api/alerts/stream?severity=" + severity))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        opened.add(r.body());
        return r;
    }

    /** A stream read by its own thread into a queue of data lines. */
    private BlockingQueue<String> stream(String token, String severity) throws Exception {
        HttpResponse<InputStream> r = open(token, severity);
        assertThat(r.statusCode()).isEqualTo(200);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            if (line.startsWith("data: ")) {
                                events.add(line.substring(6));
                            }
                        }
                    } catch (IOException e) {
                        // closed at the end of the class
                    }
                },
                "healthy-client");
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    /** A raw connection that opens the stream, reads up to the ready event, and then reads nothing more. */
    private Socket stalledStream(String token, String severity) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096); // before connecting, so the window stays small
        socket.setSoTimeout(60_000);
        URI uri = URI.create(console.url());
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        opened.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/alerts/stream?severity=" + severity + " HTTP/1.1\r\n" + "Host: " + uri.getHost()
                        + "\r\nAuthorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains("event: ready")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("stream closed before it was ready: " + seen);
            }
            seen.append((char) b);
        }
        return socket;
    }

    /** Reads what a dropped client's connection still holds until the server has closed it; counts alert events. */
    private static int alertsUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        StringBuilder tail = new StringBuilder();
        int alerts = 0;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                tail.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                for (int at; (at = tail.indexOf("event: alert")) >= 0; ) {
                    alerts++;
                    tail.delete(0, at + "event: alert".length());
                }
                if (tail.length() > 32) {
                    tail.delete(0, tail.length() - 32);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a dropped client's connection open", e);
        } catch (IOException e) {
            // reset by the server: closed all the same
        }
        return alerts;
    }

    private double dropped() {
        String scrape = world.scrape(console.internalPort()); // the console's meters, on its internal listener
        Matcher m = DROPPED.matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
