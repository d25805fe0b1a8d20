package org.safeguardingsignals.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.safeguardingsignals.logging.RedactedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each application's internal listener, apart from anything public: {@code /health} (the process is alive),
 * {@code /ready} (it can serve: for a Streams application, its Streams instance is RUNNING), {@code /metrics}
 * (Prometheus), and the application's own internal routes, which answer only requests carrying the shared
 * {@link InstanceSecret}. Bind it to a private network; it speaks plain HTTP.
 */
public final class InternalListener implements AutoCloseable {
    /** Liveness: the process is up and has not stopped on an error. */
    public static final String HEALTH = "/health";
    /** Readiness: the application does its work (for Kafka Streams: RUNNING). */
    public static final String READY = "/ready";
    /** Prometheus' scrape. */
    public static final String METRICS = "/metrics";

    private static final Logger LOG = LoggerFactory.getLogger(InternalListener.class);

    /** One internal route: the answer to the path after its prefix, given the request's headers. */
    @FunctionalInterface
    public interface Route {
        Answer answer(String rest, Function<String, String> header) throws IOException;
    }

    /** An answer to an internal request. */
    public record Answer(int status, String contentType, String body) {
        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private InternalListener(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param live   whether the process should be left running (a failed one should be restarted)
     * @param ready  whether it can serve now
     * @param scrape the Prometheus exposition of its meters, or null
     */
    public static InternalListener start(
            String host, int port, BooleanSupplier live, BooleanSupplier ready, Supplier<String> scrape) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "internal-listener");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            InternalListener listener = new InternalListener(server, executor);
            server.createContext(HEALTH, x -> listener.probe(x, live));
            server.createContext(READY, x -> listener.probe(x, ready));
            server.createContext(METRICS, x -> {
                if (scrape == null) {
                    send(x, new Answer(404, "text/plain", "no meter registry\n"));
                } else {
                    send(x, new Answer(200, "text/plain; version=0.0.4; charset=utf-8", scrape.get()));
                }
            });
            server.createContext("/", x -> send(x, Answer.json(404, "{\"error\":\"Not found\"}")));
            server.start();
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the internal listener on " + host + ":" + port, e);
        }
    }

    /** Adds a route under {@code prefix} that answers only requests carrying {@code secret}. */
    public InternalListener route(String prefix, InstanceSecret secret, Route route) {
        server.createContext(prefix, x -> {
            if (!secret.matches(x.getRequestHeaders().getFirst(InstanceSecret.HEADER))) {
                LOG.warn(
                        "Internal request to {} without the instance secret from {}",
                        prefix,
                        x.getRemoteAddress().getAddress());
                send(x, Answer.json(403, "{\"error\":\"Forbidden\"}"));
                return;
            }
            try {
                send(
                        x,
                        route.answer(
                                x.getRequestURI().getPath().substring(prefix.length()),
                                x.getRequestHeaders()::getFirst));
            } catch (RuntimeException | IOException e) {
                LOG.error("Internal route {} failed", prefix, RedactedException.of(e));
                send(x, Answer.json(500, "{\"error\":\"Internal error\"}"));
            }
        });
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void probe(HttpExchange x, BooleanSupplier check) throws IOException {
        boolean ok = check.getAsBoolean();
        send(x, new Answer(ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not yet\n"));
    }

    private static void send(HttpExchange x, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", answer.contentType());
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        x.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
