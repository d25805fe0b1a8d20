package org.safeguardingsignals.agency.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.safeguardingsignals.agency.AgencyPublisher;
import org.safeguardingsignals.agency.PublishException;
import org.safeguardingsignals.agency.rows.EventType;
import org.safeguardingsignals.agency.rows.RowLimits;
import org.safeguardingsignals.agency.rows.RowReader;
import org.safeguardingsignals.agency.rows.UnreadableFileException;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.RejectedInputException;

/**
 * Publishes one file of one event type: every row is mapped and validated; good rows are sent, bad rows are written
 * to the rejects file with their line and reason. Stops at the first failure to publish (registry or broker), since
 * every later row would fail the same way, and at a row the file cannot be read past (a CSV row over the
 * {@link RowLimits}, or text that is not CSV): that row is listed too, and nothing after it is read.
 */
public final class FilePublication {

    /** Where events go: the SDK's publisher, or nowhere in a dry run. */
    public interface Sink {
        CompletableFuture<?> send(SpecificRecord event);

        void flush();
    }

    /**
     * What happened, for the summary and the exit code.
     *
     * @param failure    why publishing failed, or null
     * @param unreadable the row the file could not be read past ("line N: why"), or null
     */
    public record Outcome(
            long rows,
            long published,
            long rejected,
            Map<RejectReason, Long> rejectedByReason,
            String failure,
            String unreadable,
            Duration took) {
        public boolean failed() {
            return failure != null;
        }

        /** Whether reading stopped before the end of the file. */
        public boolean stoppedEarly() {
            return unreadable != null;
        }
    }

    /** A file that cannot be read as the declared type at all (missing or unknown columns). */
    public static final class LayoutException extends Exception {
        public LayoutException(String message) {
            super(message);
        }
    }

    private FilePublication() {}

    /** The SDK's publisher, sending to the type's own topic (a retraction to its publisher's, whatever its header). */
    public static Sink to(AgencyPublisher publisher, EventType<?> type) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        InputContract<SpecificRecord> contract = (InputContract) type.contract();
        return new Sink() {
            @Override
            public CompletableFuture<?> send(SpecificRecord event) {
                return publisher.send(contract, event);
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
        public void flush() {}
    };

    public static Outcome publish(
            Path file, RowReader.Format format, EventType<?> type, Sink sink, Path rejectsFile, Progress progress)
            throws IOException, LayoutException {
        return publish(file, format, RowLimits.DEFAULTS, type, sink, rejectsFile, progress);
    }

    public static Outcome publish(
            Path file,
            RowReader.Format format,
            RowLimits limits,
            EventType<?> type,
            Sink sink,
            Path rejectsFile,
            Progress progress)
            throws IOException, LayoutException {
        return publish(file, format, limits, type, sink, rejectsFile, null, progress);
    }

    /**
     * As above, and where {@code idsFile} is not null, lists there the line and event id of every row that passed
     * its checks: the id a later retraction names.
     */
    public static Outcome publish(
            Path file,
            RowReader.Format format,
            RowLimits limits,
            EventType<?> type,
            Sink sink,
            Path rejectsFile,
            Path idsFile,
            Progress progress)
            throws IOException, LayoutException {
        long started = System.nanoTime();
        long size = Files.size(file);
        Files.deleteIfExists(rejectsFile); // a stale list from an earlier run would mislead
        AtomicLong published = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        Map<RejectReason, Long> byReason = new TreeMap<>();
        long rows = 0;
        long rejected = 0;
        long bytesRead;
        String unreadable = null;
        try (RowReader reader = open(file, format, limits);
                Rejects rejects = new Rejects(rejectsFile);
                EventIdList ids = new EventIdList(idsFile)) {
            checkLayout(file, reader, type);
            RowReader.RawRow raw;
            while (failure.get() == null) {
                try {
                    raw = reader.next();
                } catch (UnreadableFileException e) {
                    rows++;
                    rejected++;
                    byReason.merge(RejectReason.UNDECODABLE, 1L, Long::sum);
                    rejects.add(e.line(), RejectReason.UNDECODABLE, e.reason() + "; the file was not read further");
                    unreadable = e.getMessage();
                    break;
                }
                if (raw == null) {
                    break;
                }
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
                ids.add(raw.line(), eventId(type, event));
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
            bytesRead = reader.bytesRead();
        }
        // the last progress line and the summary report the same rows and rate
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        progress.done(rows, rejected, bytesRead, size, took);
        return new Outcome(rows, published.get(), rejected, byReason, failure.get(), unreadable, took);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static UUID eventId(EventType<?> type, SpecificRecord event) {
        Function<SpecificRecord, EventHeader> header =
                (Function) type.contract().header();
        return header.apply(event).getEventId();
    }

    /** The ids file: line and event id of each row that passed its checks, for the agency's own records. */
    private static final class EventIdList implements AutoCloseable {
        private final CSVPrinter printer;

        EventIdList(Path file) throws IOException {
            this.printer = file == null
                    ? null
                    : CSVFormat.RFC4180
                            .builder()
                            .setHeader("line", "event_id")
                            .get()
                            .print(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        }

        void add(long line, UUID id) throws IOException {
            if (printer != null) {
                printer.printRecord(line, id);
            }
        }

        @Override
        public void close() throws IOException {
            if (printer != null) {
                printer.close(true);
            }
        }
    }

    private static RowReader open(Path file, RowReader.Format format, RowLimits limits)
            throws IOException, LayoutException {
        try {
            return RowReader.open(file, format, limits);
        } catch (UnreadableFileException e) {
            throw new LayoutException(file.getFileName() + " cannot be read: " + e.getMessage());
        }
    }

    /** Fails when the file's header does not fit the type; a JSON Lines file's keys are checked row by row. */
    public static void checkLayout(Path file, RowReader.Format format, EventType<?> type)
            throws IOException, LayoutException {
        checkLayout(file, format, RowLimits.DEFAULTS, type);
    }

    public static void checkLayout(Path file, RowReader.Format format, RowLimits limits, EventType<?> type)
            throws IOException, LayoutException {
        try (RowReader reader = open(file, format, limits)) {
            checkLayout(file, reader, type);
        }
    }

    private static void checkLayout(Path file, RowReader reader, EventType<?> type) throws LayoutException {
        List<String> problems = reader.header().isEmpty() ? List.of() : type.headerProblems(reader.header());
        if (!problems.isEmpty()) {
            throw new LayoutException(
                    file.getFileName() + " is not a " + type.name() + " file: " + String.join("; ", problems));
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
