package org.safeguardingsignals.connect;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.safeguardingsignals.agency.rows.EventType;
import org.safeguardingsignals.agency.rows.EventTypes;
import org.safeguardingsignals.agency.rows.Publisher;
import org.safeguardingsignals.agency.rows.RowLimits;
import org.safeguardingsignals.topics.Topics;

/** Settings of the file-drop source connector. */
public final class FileDropConfig extends AbstractConfig {
    public static final String DIRECTORY = "drop.directory";
    public static final String EVENT_TYPE = "event.type";
    public static final String AGENCY = "agency";
    public static final String PROCESSED_DIRECTORY = "processed.directory";
    public static final String FAILED_DIRECTORY = "failed.directory";
    public static final String FILE_PATTERN = "file.pattern";
    public static final String MIN_FILE_AGE_MS = "file.min.age.ms";
    public static final String REJECTED_TOPIC = "rejected.topic";
    public static final String BATCH_SIZE = "batch.size";
    public static final String BATCH_PAUSE_MS = "batch.pause.ms";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String ROW_MAX_CHARS = "row.max.chars";
    public static final String CELL_MAX_CHARS = "cell.max.chars";
    public static final String CHILD_PARTITIONS = "child.partitions";

    public static final ConfigDef DEF = new ConfigDef()
            .define(
                    DIRECTORY,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Directory the agency drops its files into.")
            .define(
                    EVENT_TYPE,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.ValidString.in(EventTypes.names().toArray(String[]::new)),
                    Importance.HIGH,
                    "Event type of every file in the directory (its column layout): "
                            + String.join(", ", EventTypes.names()) + ".")
            .define(
                    AGENCY,
                    Type.STRING,
                    "",
                    ConfigDef.LambdaValidator.with(
                            (name, value) -> {
                                String v = value == null ? "" : value.toString();
                                if (!v.isBlank() && Publisher.byLabel(v).isEmpty()) {
                                    throw new ConfigException(
                                            name, v, "not one of " + String.join(", ", Publisher.labels()));
                                }
                            },
                            () -> String.join(", ", Publisher.labels())),
                    Importance.HIGH,
                    "Whose files these are: " + String.join(", ", Publisher.labels())
                            + " (the principal's name after agency-). Required for event.type=retraction: each "
                            + "agency's retractions go to its own topic, the only one its principal may write.")
            .define(
                    PROCESSED_DIRECTORY,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Where a file goes once all its rows are published; default: the drop directory's processed/.")
            .define(
                    FAILED_DIRECTORY,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Where a file goes whose header does not fit the event type, or that cannot be read past a "
                            + "row, with a .reason.txt beside it; default: the drop directory's failed/.")
            .define(
                    FILE_PATTERN,
                    Type.STRING,
                    "[^.].*\\.csv",
                    Importance.MEDIUM,
                    "Regular expression a file's name must match; others (a .part being uploaded) are left alone.")
            .define(
                    MIN_FILE_AGE_MS,
                    Type.LONG,
                    2000L,
                    ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM,
                    "A file is read only once it has not changed for this long, so a file still being written is "
                            + "not read half-way. Uploading under another name and renaming is better still.")
            .define(
                    REJECTED_TOPIC,
                    Type.STRING,
                    Topics.REJECTED_ROWS.name(),
                    Importance.MEDIUM,
                    "Topic for rows that cannot be published, with file, line and reason.")
            .define(
                    BATCH_SIZE,
                    Type.INT,
                    500,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Rows handed to the worker per poll.")
            .define(
                    BATCH_PAUSE_MS,
                    Type.LONG,
                    0L,
                    ConfigDef.Range.atLeast(0),
                    Importance.LOW,
                    "Pause after each batch, to spread a very large file's load on the broker.")
            .define(
                    POLL_INTERVAL_MS,
                    Type.LONG,
                    1000L,
                    ConfigDef.Range.atLeast(10),
                    Importance.LOW,
                    "How often an empty drop directory is looked at again.")
            .define(
                    ROW_MAX_CHARS,
                    Type.INT,
                    RowLimits.DEFAULTS.maxRowChars(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Longest row read. A longer one is rejected; as its end cannot be known in CSV "
                            + "(a quoted field may never close), the file then goes to the failed directory.")
            .define(
                    CELL_MAX_CHARS,
                    Type.INT,
                    RowLimits.DEFAULTS.maxFieldChars(),
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Longest cell read; a longer one rejects its row.")
            .define(
                    CHILD_PARTITIONS,
                    Type.INT,
                    0,
                    ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM,
                    "The input topic's partition count. When set, each row goes to its first child's partition (the "
                            + "published child partitioner), so detection judges it in the task that reads it, with "
                            + "no repartition hop. 0: the worker's producer decides by the event id, and detection "
                            + "moves each row to its child's partition (correct, slower). A count above the topic's "
                            + "own makes sends fail: set it to the topic's count.");

    public FileDropConfig(Map<?, ?> originals) {
        super(DEF, originals);
        eventType(); // a retraction connector without its agency fails at start, naming the setting
    }

    public Path directory() {
        return Path.of(getString(DIRECTORY));
    }

    public Path processedDirectory() {
        String p = getString(PROCESSED_DIRECTORY);
        return p.isBlank() ? directory().resolve("processed") : Path.of(p);
    }

    public Path failedDirectory() {
        String p = getString(FAILED_DIRECTORY);
        return p.isBlank() ? directory().resolve("failed") : Path.of(p);
    }

    public RowLimits rowLimits() {
        try {
            return new RowLimits(getInt(ROW_MAX_CHARS), getInt(CELL_MAX_CHARS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CELL_MAX_CHARS, getInt(CELL_MAX_CHARS), e.getMessage());
        }
    }

    /** The layout of the files, and so their topic: a retraction's is its agency's own. */
    public EventType<?> eventType() {
        EventType<?> type = EventTypes.byName(getString(EVENT_TYPE))
                .orElseThrow(() -> new ConfigException(EVENT_TYPE, getString(EVENT_TYPE), "unknown event type"));
        try {
            return EventTypes.forPublisher(type, getString(AGENCY));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(AGENCY + ": " + e.getMessage().replace("name it", "set " + AGENCY));
        }
    }
}
