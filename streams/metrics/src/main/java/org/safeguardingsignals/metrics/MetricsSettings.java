package org.safeguardingsignals.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.streams.StreamsConfig;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.settings.AppSettings;
import org.safeguardingsignals.runtime.settings.InternalSettings;

/** The partnership-metrics application's settings (docs/CONFIGURATION.md). */
public final class MetricsSettings extends AppSettings {
    public static final String PUBLISH_INTERVAL = "metrics.publish.interval";
    public static final int DEFAULT_INTERNAL_PORT = 9092;

    static final ConfigDef DEFINITION = InternalSettings.define(new ConfigDef(), DEFAULT_INTERNAL_PORT)
            .define(
                    Pseudonymiser.KEY_FILE_CONFIG,
                    Type.STRING,
                    null,
                    Importance.HIGH,
                    "File holding the pseudonym key (the same as detection's, so that re-referrals are counted "
                            + "per child), or the " + Pseudonymiser.KEY_ENV + " environment variable")
            .define(
                    PUBLISH_INTERVAL,
                    Type.STRING,
                    "PT10S",
                    Importance.LOW,
                    "How often changed figures are published (wall clock), ISO-8601");

    static final Map<String, String> FORCED = Map.of(
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    "detection owns the dead letters; this " + "application skips and counts",
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, "detection owns the dead letters",
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "detection owns the dead letters",
            StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "named state survives upgrades");

    public MetricsSettings(Map<String, String> given) {
        super(DEFINITION, List.of(), FORCED, given);
    }

    public static Set<String> knownKeys() {
        return AppSettings.knownKeys(DEFINITION);
    }
}
