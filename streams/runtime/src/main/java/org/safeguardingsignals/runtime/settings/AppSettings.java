package org.safeguardingsignals.runtime.settings;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.safeguardingsignals.validation.Suggestions;

/**
 * One application's typed settings. Every key given is sorted into one of three kinds, and anything else is
 * refused (a typo must not silently fall back to a default):
 * <ul>
 *   <li>the application's own keys, declared with type, default and documentation in its {@link ConfigDef}, plus
 *       keys under its declared prefixes (a partnership's rules, per authority);</li>
 *   <li>Kafka's keys (any client or Streams setting, the client prefixes such as {@code producer.}, and every
 *       {@code security.*}, {@code sasl.*} and {@code ssl.*} key), passed to Kafka unchanged;</li>
 *   <li>the schema registry serde's keys (Confluent's names: {@code schema.registry.*}, {@code basic.auth.*},
 *       {@code auto.register.schemas}, {@code use.latest.version}).</li>
 * </ul>
 * A Kafka key the application forces (for example its dead-letter handlers) is refused with the reason, rather than
 * silently overwritten.
 */
public abstract class AppSettings extends AbstractConfig {
    static final Set<String> KAFKA_NAMES = kafkaNames();
    static final List<String> KAFKA_PREFIXES = List.of(
            "producer.",
            "consumer.",
            "main.consumer.",
            "restore.consumer.",
            "global.consumer.",
            "admin.",
            "topic.",
            "security.",
            "sasl.",
            "ssl.");
    static final List<String> REGISTRY_PREFIXES = List.of("schema.registry.", "basic.auth.");
    static final Set<String> REGISTRY_NAMES = Set.of("auto.register.schemas", "use.latest.version");

    private final Map<String, Object> kafka;
    private final Map<String, Object> registry;
    private final Map<String, String> dynamic;

    /**
     * @param definition the application's own keys
     * @param prefixes   prefixes of the application's own keys that are not declared one by one
     * @param forced     Kafka keys the application sets itself, with the reason a user may not
     * @param given      every key given, from {@link SettingsSources}
     */
    protected AppSettings(
            ConfigDef definition, List<String> prefixes, Map<String, String> forced, Map<String, String> given) {
        super(definition, own(definition, given), false);
        Map<String, Object> k = new LinkedHashMap<>();
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, String> d = new LinkedHashMap<>();
        Set<String> known = knownKeys(definition);
        given.forEach((key, value) -> {
            if (definition.names().contains(key)) {
                return;
            }
            if (prefixes.stream().anyMatch(key::startsWith)) {
                d.put(key, value);
            } else if (isRegistryKey(key)) {
                r.put(key, value);
            } else if (isKafkaKey(key)) {
                if (forced.containsKey(key)) {
                    throw new ConfigException(key, value, "set by the application itself: " + forced.get(key));
                }
                k.put(key, value);
            } else {
                throw new ConfigException(
                        key,
                        value,
                        "not a setting of this application"
                                + Suggestions.nearest(key, known)
                                        .map(s -> " (did you mean " + s + "?)")
                                        .orElse("")
                                + "; its settings are documented in docs/CONFIGURATION.md");
            }
        });
        this.kafka = Collections.unmodifiableMap(k);
        this.registry = Collections.unmodifiableMap(r);
        this.dynamic = Collections.unmodifiableMap(d);
    }

    /** The Kafka keys given (defaults and forced keys are the application's to add). */
    public Map<String, Object> kafka() {
        return kafka;
    }

    /** The schema registry serde's keys. */
    public Map<String, Object> registry() {
        return registry;
    }

    /** The application's keys under its declared prefixes. */
    public Map<String, String> dynamic() {
        return dynamic;
    }

    /** Every key the environment may set for an application with this definition. */
    public static Set<String> knownKeys(ConfigDef definition) {
        Set<String> known = new TreeSet<>(definition.names());
        known.addAll(KAFKA_NAMES);
        known.addAll(REGISTRY_NAMES);
        known.add("schema.registry.url");
        known.add("basic.auth.credentials.source");
        known.add("basic.auth.user.info");
        return known;
    }

    static boolean isKafkaKey(String key) {
        return KAFKA_NAMES.contains(key) || KAFKA_PREFIXES.stream().anyMatch(key::startsWith);
    }

    static boolean isRegistryKey(String key) {
        return REGISTRY_NAMES.contains(key) || REGISTRY_PREFIXES.stream().anyMatch(key::startsWith);
    }

    private static Map<String, String> own(ConfigDef definition, Map<String, String> given) {
        Map<String, String> own = new HashMap<>();
        given.forEach((k, v) -> {
            if (definition.names().contains(k)) {
                own.put(k, v);
            }
        });
        return own;
    }

    private static Set<String> kafkaNames() {
        Set<String> names = new TreeSet<>(StreamsConfig.configDef().names());
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Collections.unmodifiableSet(names);
    }
}
