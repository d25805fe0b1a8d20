package org.safeguardingsignals.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.safeguardingsignals.events.WorkItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients of the live stream of alerts and work items. The board's feed thread only offers each change to every client's own
 * bounded queue and never waits; each client has its own sender, which alone writes to its connection. A client whose
 * queue overflows (it stopped reading) is dropped: its stream is closed, and the browser's EventSource reconnects and
 * reloads the list. Each user may hold a limited number of streams at once on one instance.
 */
final class LiveStreams implements AutoCloseable {
    /**
     * Settings: streams one user may hold, changes a client may fall behind by before it is dropped, and how often a
     * quiet stream gets a comment (below Jetty's 30 s idle timeout; a failed write is how a gone client is found).
     */
    record Limits(int perUser, int queueSize, Duration heartbeat) {
        static final Limits DEFAULTS = new Limits(5, 500, Duration.ofSeconds(15));

        Limits {
            if (perUser < 1 || queueSize < 1 || heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("Stream limits must be positive: " + perUser + " per user, "
                        + queueSize + " queued, heartbeat " + heartbeat);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LiveStreams.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Limits limits;
    private final Map<String, Integer> heldBy = new HashMap<>();
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "console-stream-" + threads.incrementAndGet());
        t.setDaemon(true);
        t.setUncaughtExceptionHandler(LiveStreams::uncaught);
        return t;
    });
    private final Counter dropped;

    LiveStreams(AlertBoard board, Limits limits, MeterRegistry registry) {
        this.limits = limits;
        this.dropped = Counter.builder("safeguarding.console.streams.dropped")
                .tag("reason", "overflow")
                .description("Live-stream clients dropped because they fell too far behind")
                .register(registry);
        Gauge.builder("safeguarding.console.streams.open", clients, Set::size)
                .description("Live-stream clients connected")
                .register(registry);
        board.subscribe(this::publish);
    }

    /** Takes one of the user's streams; false when they already hold as many as they may. */
    synchronized boolean reserve(Worker worker) {
        int held = heldBy.getOrDefault(worker.id(), 0);
        if (held >= limits.perUser()) {
            return false;
        }
        heldBy.put(worker.id(), held + 1);
        return true;
    }

    synchronized void release(Worker worker) {
        heldBy.computeIfPresent(worker.id(), (id, held) -> held > 1 ? held - 1 : null);
    }

    /** Also streams every change of a work item ("work-item" events) to the clients that want it. */
    void follow(WorkItemBoard items) {
        items.subscribe(item -> publish(item, items));
    }

    /**
     * Serves a reserved stream: the ready event first, then every change of an alert ("alert" events) or of a work
     * item ("work-item" events) the client wants, until it ends.
     */
    void serve(
            SseClient sse,
            Worker worker,
            Predicate<AlertBoard.Entry> wanted,
            Predicate<WorkItem> wantedItem,
            Object ready) {
        Client client = new Client(sse, worker, wanted, wantedItem);
        sse.keepAlive(); // the request stays open after this returns, until the client is closed
        sse.onClose(client::end);
        sse.ctx().req().getAsyncContext().addListener(client);
        client.offer(new Event("ready", json(ready)));
        clients.add(client);
        senders.execute(client);
    }

    private void publish(AlertBoard.Entry entry) {
        String json = null; // written once, whichever clients want it
        for (Client client : clients) {
            if (client.wanted.test(entry)) {
                json = json != null ? json : json(AlertView.of(entry));
                client.offer(new Event("alert", json));
            }
        }
    }

    private void publish(WorkItem item, WorkItemBoard items) {
        String json = null;
        for (Client client : clients) {
            if (client.wantedItem.test(item)) {
                json = json != null
                        ? json
                        : json(WorkItemView.of(item, items.decisionsOn(item.getWorkItemId()), Instant.now()));
                client.offer(new Event("work-item", json));
            }
        }
    }

    /** Jetty reports the abort of a stalled client's blocked write here: expected, since that client is dropped. */
    private static void uncaught(Thread thread, Throwable e) {
        if (e instanceof CancellationException) {
            LOG.debug("{}: {}", thread.getName(), e.toString());
        } else {
            LOG.warn("{} failed", thread.getName(), e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends every stream (so that the server can stop without waiting on them) and the senders. */
    @Override
    public void close() {
        for (Client client : clients) {
            client.end();
            client.close();
        }
        senders.shutdownNow();
    }

    private record Event(String name, String data) {}

    /** One connected stream, its queue and its sender; told by the server when its request is over. */
    private final class Client implements Runnable, AsyncListener {
        private final SseClient sse;
        private final Worker worker;
        private final Predicate<AlertBoard.Entry> wanted;
        private final Predicate<WorkItem> wantedItem;
        private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(limits.queueSize());
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicBoolean requestOver = new AtomicBoolean();

        Client(SseClient sse, Worker worker, Predicate<AlertBoard.Entry> wanted, Predicate<WorkItem> wantedItem) {
            this.sse = sse;
            this.worker = worker;
            this.wanted = wanted;
            this.wantedItem = wantedItem;
        }

        /** On the feed thread: never waits. */
        void offer(Event event) {
            if (!ended.get() && !queue.offer(event) && end()) {
                dropped.increment();
                LOG.info("Dropped a live stream of {}: {} changes behind", worker.id(), limits.queueSize());
                // closing may wait on the stalled connection: never on the feed thread
                senders.execute(this::close);
            }
        }

        @Override
        public void run() {
            try {
                while (!ended.get() && !sse.terminated()) {
                    Event event = queue.poll(limits.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
                    if (ended.get()) {
                        break;
                    }
                    if (event == null) {
                        sse.sendComment("keep-alive");
                    } else {
                        sse.sendEvent(event.name(), event.data());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                end();
                close();
            }
        }

        /** Ends the request, unless the server has already ended it (a failed write or a timeout). */
        private void close() {
            if (requestOver.get()) {
                return;
            }
            try {
                sse.close();
            } catch (RuntimeException e) {
                // a write is blocked on a client that stopped reading: Jetty aborts the connection, as wanted
                LOG.debug("Closed a stalled live stream of {}: {}", worker.id(), e.toString());
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            requestOver.set(true);
            end();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            onComplete(event);
        }

        @Override
        public void onError(AsyncEvent event) {
            onComplete(event);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // nothing: the stream is already open
        }

        /** Ends this client once: it leaves the fan-out and gives back the user's stream. */
        boolean end() {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            clients.remove(this);
            queue.clear();
            release(worker);
            return true;
        }
    }
}
