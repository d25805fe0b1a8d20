package org.safeguardingsignals.detection;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.streams.StreamsConfig;
import org.safeguardingsignals.decisions.WorkingDays;
import org.safeguardingsignals.detection.duties.EncompassSettings;
import org.safeguardingsignals.detection.links.LinkSettings;
import org.safeguardingsignals.runtime.OriginalSealer;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.TopicProvisioner;
import org.safeguardingsignals.runtime.identity.IdentityVault;
import org.safeguardingsignals.runtime.settings.AppSettings;
import org.safeguardingsignals.runtime.settings.InternalSettings;

/**
 * The detection application's settings (docs/CONFIGURATION.md). Its own keys below; the partnership's rules under
 * {@code rules.*} and {@code authority.<GSS code>.rules.*} ({@link DetectionConfig}); retention overrides under
 * {@code topics.retention.*}; any Kafka Streams or client key; the registry serde's keys.
 */
public final class DetectionSettings extends AppSettings {
    public static final String TOPICS_CREATE = "topics.create";
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    /** Partitions of each topic it creates, unless set: the Kubernetes topics (deploy/kubernetes) have as many. */
    public static final int DEFAULT_TOPICS_PARTITIONS = 4;

    public static final int DEFAULT_INTERNAL_PORT = 9091;

    static final ConfigDef DEFINITION = InternalSettings.define(new ConfigDef(), DEFAULT_INTERNAL_PORT)
            .define(
                    Pseudonymiser.KEY_FILE_CONFIG,
                    Type.STRING,
                    null,
                    Importance.HIGH,
                    "File holding the pseudonym key (at least 32 bytes), or the " + Pseudonymiser.KEY_ENV
                            + " environment variable")
            .define(
                    OriginalSealer.CERTIFICATE_CONFIG,
                    Type.STRING,
                    null,
                    Importance.HIGH,
                    "PEM certificate of the dead-letter replay key; without it dead letters keep reason and "
                            + "coordinates only")
            .define(
                    IdentityVault.CERTIFICATE_CONFIG,
                    Type.STRING,
                    null,
                    Importance.HIGH,
                    "PEM certificate of the identity vault (the console holds its private key, identity.vault.key): "
                            + "each child's NHS number is sealed with it for the console's audited reveal; without it "
                            + "no identity is kept and the console cannot reveal one")
            .define(
                    TOPICS_CREATE,
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    "Create missing topics with the registry's settings at start, and report existing ones that "
                            + "differ")
            .define(
                    TOPICS_PARTITIONS,
                    Type.INT,
                    DEFAULT_TOPICS_PARTITIONS,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Partitions of each topic created")
            .define(
                    DetectionConfig.FUTURE_TOLERANCE,
                    Type.STRING,
                    "PT5M",
                    Importance.LOW,
                    "How far after the time of processing an event may be dated (clock skew), ISO-8601")
            .define(
                    DetectionConfig.GRACE,
                    Type.STRING,
                    "P30D",
                    Importance.MEDIUM,
                    "How far behind stream time an event may arrive and still be judged as if on time; an older one is "
                            + "judged against the present (late data)")
            .define(
                    DetectionConfig.TIMER_INTERVAL,
                    Type.STRING,
                    "PT30S",
                    Importance.LOW,
                    "How often overdue return interviews and expired state are checked (wall clock)")
            .define(
                    DetectionConfig.EXPIRY_PER_RUN,
                    Type.INT,
                    10_000,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Children whose state expiry one timer run reads, per task: the store is walked a slice a run")
            .define(
                    DetectionConfig.BANK_HOLIDAYS,
                    Type.STRING,
                    WorkingDays.ENGLAND_AND_WALES_2025_TO_2027_SETTING,
                    Importance.MEDIUM,
                    "Bank holidays (ISO dates, comma-separated): not working days for a work item's decision due "
                            + "time, one working day after it opened; the default is England and Wales 2025 to 2027")
            .define(
                    DetectionConfig.WORK_ITEM_PARTITIONS,
                    Type.INT,
                    4,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Partitions of the two internal topics that bring alerts and decisions to the work items (the "
                            + "same for both); fixed once the application has run")
            .define(
                    DetectionConfig.IDLE_BEFORE_WALL_CLOCK,
                    Type.STRING,
                    "PT5M",
                    Importance.LOW,
                    "After this long without records, timers judge by the wall clock instead of stream time")
            .define(
                    EncompassSettings.SCHOOL_DAY_START,
                    Type.STRING,
                    "08:45",
                    Importance.MEDIUM,
                    "Operation Encompass: when a school day starts (HH:MM, London time); a notice is due before it")
            .define(
                    EncompassSettings.TERMS,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Operation Encompass: term dates, first/last ISO dates separated by commas (one authority's "
                            + "under authority.<GSS code>.encompass.terms); empty: every working day is a school day")
            .define(
                    EncompassSettings.NOTICE_LOOKBACK,
                    Type.STRING,
                    "P7D",
                    Importance.LOW,
                    "Operation Encompass: an incident older than this when it arrives (a backfill) sends no notice")
            .define(
                    EncompassSettings.OFF_ROLL_GRACE,
                    Type.STRING,
                    "P20D",
                    Importance.LOW,
                    "A child of school age taken off a roll with no other school raises a no-current-school check "
                            + "when no roll starts within this time")
            .define(
                    LinkSettings.CO_MISSING_INTERVAL,
                    Type.STRING,
                    "PT12H",
                    Importance.MEDIUM,
                    "Linked children: two children reported missing this close together from the same area or "
                            + "placement, and found in the same area, are linked")
            .define(
                    LinkSettings.LIFETIME,
                    Type.STRING,
                    "P180D",
                    Importance.MEDIUM,
                    "Linked children: a link lapses this long after its latest evidence");

    /** Kafka keys the application sets itself. */
    static final Map<String, String> FORCED = Map.of(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, "bad input is dead-lettered once",
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, "bad input is dead-lettered once",
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "bad input is dead-lettered once",
            StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "named state survives upgrades",
            StreamsConfig.APPLICATION_SERVER_CONFIG,
                    "it is the internal listener's address (" + InternalSettings.ADVERTISED_HOST + ", "
                            + InternalSettings.PORT + ")");

    public DetectionSettings(Map<String, String> given) {
        super(DEFINITION, List.of("rules.", "authority.", TopicProvisioner.RETENTION_PREFIX), FORCED, given);
    }

    /** Every key the environment may set. */
    public static Set<String> knownKeys() {
        return AppSettings.knownKeys(DEFINITION);
    }
}
