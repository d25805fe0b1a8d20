package org.safeguardingsignals.metrics;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.safeguardingsignals.identifiers.LocalAuthorityCode;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.settings.AppSettings;
import org.safeguardingsignals.runtime.settings.InternalSettings;

/**
 * The partnership-metrics application's settings (docs/CONFIGURATION.md): its own keys below, any Kafka Streams or
 * client key, the registry serde's keys, and per authority (from the file or flags, not the environment):
 * <pre>
 * authority.E09000022.child-population=56300   the authority's children aged 0 to 17 (a whole number above 0; the
 *                                              ONS mid-year estimate the partnership uses): the denominator of
 *                                              exploitation_alerts_per_100k and children_flagged_per_100k. Without
 *                                              it that authority's rates are not published, and the partnership
 *                                              report says so.
 * </pre>
 * Any other key under {@code authority.} is refused, as is a key whose GSS code is not one.
 */
public final class MetricsSettings extends AppSettings {
    public static final String PUBLISH_INTERVAL = "metrics.publish.interval";
    /** Keys per authority: {@code authority.<GSS code>.<key>}. */
    public static final String AUTHORITY_PREFIX = "authority.";
    /** The authority's children aged 0 to 17, for rates per 100,000: {@code authority.<GSS code>.child-population}. */
    public static final String CHILD_POPULATION = "child-population";

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

    private final Map<String, Long> childPopulations;

    public MetricsSettings(Map<String, String> given) {
        super(DEFINITION, List.of(AUTHORITY_PREFIX), FORCED, given);
        this.childPopulations = childPopulations(dynamic());
    }

    /** Each configured authority's children aged 0 to 17, by GSS code; an authority not set has no entry. */
    public Map<String, Long> childPopulations() {
        return childPopulations;
    }

    /** The keys {@code authority.<GSS code>.child-population}, checked: any other key under the prefix is refused. */
    static Map<String, Long> childPopulations(Map<String, String> perAuthority) {
        Map<String, Long> populations = new TreeMap<>();
        String suffix = "." + CHILD_POPULATION;
        perAuthority.forEach((key, value) -> {
            if (!key.startsWith(AUTHORITY_PREFIX) || !key.endsWith(suffix)) {
                throw new ConfigException(
                        key,
                        value,
                        "not a setting of this application: its only key per authority is " + AUTHORITY_PREFIX
                                + "<GSS code>" + suffix + " (docs/CONFIGURATION.md)");
            }
            String gss = key.substring(AUTHORITY_PREFIX.length(), key.length() - suffix.length());
            if (!LocalAuthorityCode.isValid(gss)) {
                throw new ConfigException(
                        key, value, LocalAuthorityCode.check(gss).reason());
            }
            long population;
            try {
                population = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                population = 0;
            }
            if (population <= 0) {
                throw new ConfigException(key, value, "a number of children, a whole number above 0");
            }
            populations.put(gss, population);
        });
        return Collections.unmodifiableMap(populations);
    }

    public static Set<String> knownKeys() {
        return AppSettings.knownKeys(DEFINITION);
    }
}
