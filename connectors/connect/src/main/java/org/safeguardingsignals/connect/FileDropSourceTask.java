package org.safeguardingsignals.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.safeguardingsignals.agency.rows.EventType;
import org.safeguardingsignals.agency.rows.RowLimits;
import org.safeguardingsignals.agency.rows.RowReader;
import org.safeguardingsignals.agency.rows.UnreadableFileException;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.RejectedRow;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.validation.ChildPartitioner;
import org.safeguardingsignals.validation.RejectedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads dropped files one at a time, in name order. Every row becomes a record: the event on its input topic, or a
 * {@link RejectedRow} on the rejected-rows topic. Each record's offset is its line, so a restarted task skips the
 * lines already published. A file moves to the processed directory only once the broker has acknowledged all its
 * records, so a file still in the drop directory always has something left to send. A file that cannot be read to
 * its end (a row over the {@link RowLimits}, or text that is not CSV) has its rows up to there sent, that row
 * rejected, and then moves to the failed directory with its reason: it would fail the same way after every restart.
 */
public final class FileDropSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(FileDropSourceTask.class);

    private FileDropConfig config;
    private EventType<?> type;
    private RowLimits limits;
    private Pattern pattern;
    private String connector;
    private DroppedFile current;
    private RowReader reader;
    private long resumeAfterLine;
    private final Map<Object, DroppedFile> open = new ConcurrentHashMap<>();

    @Override
    public String version() {
        return Version.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new FileDropConfig(props);
        type = config.eventType();
        limits = config.rowLimits();
        pattern = Pattern.compile(config.getString(FileDropConfig.FILE_PATTERN));
        connector = props.getOrDefault("name", "file-drop");
        try {
            Files.createDirectories(config.processedDirectory());
            Files.createDirectories(config.failedDirectory());
            Files.createDirectories(progressDirectory());
        } catch (IOException e) {
            throw new ConnectException(
                    "cannot create the processed and failed directories under " + config.directory() + ": "
                            + e.getMessage(),
                    e);
        }
        log.info("Watching {} for {} files", config.directory(), type.name());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        moveFinishedFiles();
        try {
            if (current == null && !openNextFile()) {
                Thread.sleep(config.getLong(FileDropConfig.POLL_INTERVAL_MS));
                return null;
            }
            List<SourceRecord> batch = readBatch();
            long pause = config.getLong(FileDropConfig.BATCH_PAUSE_MS);
            if (pause > 0 && !batch.isEmpty()) {
                Thread.sleep(pause);
            }
            return batch.isEmpty() ? null : batch;
        } catch (IOException e) {
            throw new ConnectException(
                    "reading " + (current == null ? config.directory() : current.path) + ": " + e.getMessage(), e);
        }
    }

    private List<SourceRecord> readBatch() throws IOException {
        int max = config.getInt(FileDropConfig.BATCH_SIZE);
        List<SourceRecord> batch = new ArrayList<>(max);
        while (batch.size() < max) {
            RowReader.RawRow raw;
            try {
                raw = reader.next();
            } catch (UnreadableFileException e) {
                String why = e.reason() + "; the file was not read further";
                log.warn(
                        "{}: line {}: {}; it moves to {} once the rows before it are sent",
                        current.name(),
                        e.line(),
                        why,
                        config.failedDirectory());
                if (e.line() > resumeAfterLine) { // not already sent before a restart
                    current.handedOut(e.line());
                    batch.add(rejected(e.line(), RejectReason.UNDECODABLE, why));
                }
                current.unreadable("line " + e.line() + ": " + why);
                closeReader();
                current = null;
                break;
            }
            if (raw == null) {
                finishReading();
                break;
            }
            if (raw.line() <= resumeAfterLine) {
                continue; // published before a restart
            }
            current.handedOut(raw.line());
            batch.add(toRecord(raw));
        }
        return batch;
    }

    private SourceRecord toRecord(RowReader.RawRow raw) {
        try {
            SpecificRecord event = type.toEvent(raw);
            @SuppressWarnings({"unchecked", "rawtypes"})
            String key = ((Topic) type.contract().topic()).keyOf(event);
            String topic = type.contract().topic().name();
            return new SourceRecord(
                    current.partition,
                    current.offset(raw.line()),
                    topic,
                    childPartition(topic, event),
                    Schema.OPTIONAL_STRING_SCHEMA,
                    key,
                    null,
                    event);
        } catch (RejectedInputException e) {
            return rejected(raw.line(), e.reason(), e.getMessage());
        }
    }

    /** The row's child's partition when the connector knows the topic's count; else the worker's producer decides. */
    private Integer childPartition(String topic, SpecificRecord event) {
        int partitions = config.getInt(FileDropConfig.CHILD_PARTITIONS);
        if (partitions == 0) {
            return null;
        }
        OptionalInt p = ChildPartitioner.partitionOf(topic, event, partitions);
        return p.isPresent() ? p.getAsInt() : null;
    }

    private SourceRecord rejected(long line, RejectReason reason, String detail) {
        RejectedRow row = RejectedRow.newBuilder()
                .setFile(current.name())
                .setLine(line)
                .setEventType(type.name())
                .setReason(reason)
                .setDetail(detail)
                .setConnector(connector)
                .setRejectedAt(Instant.now())
                .build();
        return new SourceRecord(
                current.partition,
                current.offset(line),
                config.getString(FileDropConfig.REJECTED_TOPIC),
                null,
                Schema.OPTIONAL_STRING_SCHEMA,
                current.name(),
                null,
                row);
    }

    private boolean openNextFile() throws IOException {
        Path next = nextReadyFile();
        if (next == null) {
            return false;
        }
        current = new DroppedFile(next, progressDirectory());
        resumeAfterLine = current.resumeAfter(context.offsetStorageReader().offset(current.partition));
        List<String> problems;
        try {
            reader = RowReader.open(next, RowReader.Format.CSV, limits);
            problems = type.headerProblems(reader.header());
        } catch (UnreadableFileException e) {
            problems = List.of(e.getMessage());
        }
        if (!problems.isEmpty()) {
            String why = current.name() + " is not a " + type.name() + " file: " + String.join("; ", problems);
            log.warn("{}; moved to {}", why, config.failedDirectory());
            closeReader();
            moveToFailed(next, why);
            current.forgetProgress();
            current = null;
            return false;
        }
        open.put(current.partition, current);
        log.info("Reading {}{}", current.name(), resumeAfterLine > 0 ? " from after line " + resumeAfterLine : "");
        return true;
    }

    private Path nextReadyFile() throws IOException {
        long minAge = config.getLong(FileDropConfig.MIN_FILE_AGE_MS);
        long now = System.currentTimeMillis();
        try (Stream<Path> files = Files.list(config.directory())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> pattern.matcher(p.getFileName().toString()).matches())
                    .filter(p -> open.values().stream().noneMatch(f -> f.path.equals(p)))
                    .filter(p -> {
                        try {
                            return now - Files.getLastModifiedTime(p).toMillis() >= minAge;
                        } catch (IOException e) {
                            return false; // gone meanwhile
                        }
                    })
                    .min(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElse(null);
        }
    }

    private void finishReading() throws IOException {
        closeReader();
        current.fullyRead();
        current = null;
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    private void moveToFailed(Path file, String why) throws IOException {
        Path target = moveAside(file, config.failedDirectory());
        Files.writeString(target.resolveSibling(target.getFileName() + ".reason.txt"), why + "\n");
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        DroppedFile file = open.get(record.sourcePartition());
        if (file != null) {
            file.acknowledged(((Number) record.sourceOffset().get(DroppedFile.LINE)).longValue());
        }
    }

    private Path progressDirectory() {
        return config.directory().resolve(".progress");
    }

    private void moveFinishedFiles() {
        for (DroppedFile f : open.values()) {
            saveProgress(f);
            if (f.done()) {
                String unreadable = f.unreadableReason();
                Path to = unreadable == null ? config.processedDirectory() : config.failedDirectory();
                try {
                    if (unreadable == null) {
                        moveAside(f.path, to);
                        log.info("Published every row of {}; moved to {}", f.name(), to);
                    } else {
                        moveToFailed(f.path, f.name() + " cannot be read past " + unreadable);
                        log.warn(
                                "Published the rows of {} before the one it cannot be read past; moved to {}",
                                f.name(),
                                to);
                    }
                    f.forgetProgress();
                } catch (IOException e) {
                    log.error("Could not move {} to {}: {}", f.name(), to, e.getMessage());
                }
                open.remove(f.partition);
            }
        }
    }

    private static Path moveAside(Path file, Path directory) throws IOException {
        Path target = directory.resolve(file.getFileName());
        if (Files.exists(target)) { // keep both: an earlier file of the same name
            target = directory.resolve(file.getFileName() + "." + System.currentTimeMillis());
        }
        return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void saveProgress(DroppedFile f) {
        try {
            f.saveProgress();
        } catch (IOException e) {
            log.warn("Could not record the progress of {}: {}", f.name(), e.getMessage());
        }
    }

    @Override
    public void stop() {
        open.values().forEach(FileDropSourceTask::saveProgress);
        try {
            if (reader != null) {
                reader.close();
            }
        } catch (IOException e) {
            log.warn("closing {}: {}", current == null ? "" : current.name(), e.getMessage());
        }
    }
}
