package org.safeguardingsignals.agency.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.agency.AgencyPublisher;
import org.safeguardingsignals.agency.PublishException;
import org.safeguardingsignals.agency.rows.EventType;
import org.safeguardingsignals.agency.rows.RowReader;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.validation.RejectedInputException;

/**
 * Publishes one file of one event type: every row is mapped and validated; good rows are sent, bad rows are written
 * to the rejects file with their line and reason. Stops at the first failure to publish (registry or broker), since
 * every later row would fail the same way.
 */
public final class FilePublication {

    /** Where events go: the SDK's publisher, or nowhere in a dry run. */
    public interface Sink {
        CompletableFuture<?> send(SpecificRecord event);

        void flush();
    }

    /** What happened, for the summary and the exit code. */
    public record Outcome(long rows, long published, long rejected, Map<RejectReason, Long> rejectedByReason,
                          String failure, Duration took) {
        public boolean failed() {
            return failure != null;
        }
    }

    /** A file that cannot be read as the declared type at all (missing or unknown columns). */
    public static final class LayoutException extends Exception {
        public LayoutException(String message) {
            super(message);
        }
    }

    private FilePublication() {
    }

    public static Sink to(AgencyPublisher publisher) {
        return new Sink() {
            @Override
            public CompletableFuture<?> send(SpecificRecord event) {
                return publisher.send(event);
            }

            @Override
            public void flush() {
                publisher.flush();
            }
        };
    }

    public static final Sink DRY_RUN = new Sink() {
        @Override
        public CompletableFuture<?> send(SpecificRecord event) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void flush() {
        }
    };

    public static Outcome publish(Path file, RowReader.Format format, EventType<?> type, Sink sink,
                                  Path rejectsFile, Progress progress) throws IOException, LayoutException {
        long started = System.nanoTime();
        long size = Files.size(file);
        Files.deleteIfExists(rejectsFile); // a stale list from an earlier run would mislead
        AtomicLong published = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        Map<RejectReason, Long> byReason = new TreeMap<>();
        long rows = 0;
        long rejected = 0;
        try (RowReader reader = RowReader.open(file, format); Rejects rejects = new Rejects(rejectsFile)) {
            checkLayout(file, reader, type);
            RowReader.RawRow raw;
            while (failure.get() == null && (raw = reader.next()) != null) {
                rows++;
                SpecificRecord event;
                try {
                    event = type.toEvent(raw);
                } catch (RejectedInputException e) {
                    rejected++;
                    byReason.merge(e.reason(), 1L, Long::sum);
                    rejects.add(raw.line(), e.reason(), e.getMessage());
                    progress.update(rows, rejected, reader.bytesRead(), size);
                    continue;
                }
                try {
                    sink.send(event).whenComplete((ok, error) -> {
                        if (error == null) {
                            published.incrementAndGet();
                        } else {
                            failure.compareAndSet(null, rootMessage(error));
                        }
                    });
                } catch (PublishException e) {
                    failure.compareAndSet(null, e.getMessage());
                }
                progress.update(rows, rejected, reader.bytesRead(), size);
            }
            try {
                sink.flush();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e.getMessage());
            }
        }
        progress.done();
        return new Outcome(rows, published.get(), rejected, byReason, failure.get(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Fails when the file's header does not fit the type; a JSON Lines file's keys are checked row by row. */
    public static void checkLayout(Path file, RowReader.Format format, EventType<?> type)
            throws IOException, LayoutException {
        try (RowReader reader = RowReader.open(file, format)) {
            checkLayout(file, reader, type);
        }
    }

    private static void checkLayout(Path file, RowReader reader, EventType<?> type) throws LayoutException {
        List<String> problems = reader.header().isEmpty() ? List.of() : type.headerProblems(reader.header());
        if (!problems.isEmpty()) {
            throw new LayoutException(file.getFileName() + " is not a " + type.name() + " file: "
                    + String.join("; ", problems));
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
