package org.safeguardingsignals.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.safeguardingsignals.runtime.settings.AppSettings;
import org.safeguardingsignals.runtime.settings.InternalSettings;

/**
 * The MASH console's settings (docs/CONFIGURATION.md): its own keys below, the internal listener's, the Kafka
 * consumer's and producer's keys (passed to the alert board's consumer and to the recorder's producer; every
 * {@code security.*}, {@code sasl.*} and {@code ssl.*} key to both, unchanged), and the registry serde's keys. The
 * console runs no Kafka Streams application, so a Streams-only key is refused rather than ignored.
 */
public final class ConsoleSettings extends AppSettings {
    public static final String HOST = "console.host";
    public static final String PORT = "console.port";
    public static final String USERS_FILE = "console.users.file";
    public static final String DETECTION_URL = "console.detection.url";
    public static final String STREAM_MAX_PER_USER = "console.stream.max-per-user";
    public static final String STREAM_QUEUE = "console.stream.queue";
    public static final String STREAM_HEARTBEAT = "console.stream.heartbeat";
    public static final String TLS_KEYSTORE = "console.tls.keystore.location";
    public static final String TLS_KEYSTORE_PASSWORD = "console.tls.keystore.password";
    public static final String TLS_KEYSTORE_TYPE = "console.tls.keystore.type";
    public static final int DEFAULT_INTERNAL_PORT = 9093;

    private static final String CONSUMER = "consumer.";
    private static final String PRODUCER = "producer.";
    /** Prefixes whose keys reach both clients unchanged. */
    private static final List<String> SHARED_PREFIXES = List.of("security.", "sasl.", "ssl.");

    static final ConfigDef DEFINITION = InternalSettings.define(new ConfigDef(), DEFAULT_INTERNAL_PORT)
            .define(
                    HOST,
                    Type.STRING,
                    "localhost",
                    Importance.HIGH,
                    "Address the public listener (the page and /api) binds to")
            .define(
                    PORT,
                    Type.INT,
                    8080,
                    ConfigDef.Range.between(0, 65535),
                    Importance.HIGH,
                    "Port of the public listener; 0 picks a free one")
            .define(
                    TLS_KEYSTORE,
                    Type.STRING,
                    null,
                    Importance.HIGH,
                    "Key store with the console's certificate and key: the public listener then speaks HTTPS only "
                            + "(TLS 1.3 or 1.2). Without it, plain HTTP, for use behind a proxy that terminates TLS")
            .define(
                    TLS_KEYSTORE_PASSWORD,
                    Type.PASSWORD,
                    null,
                    Importance.HIGH,
                    "Password of the console's key store (and of its key)")
            .define(
                    TLS_KEYSTORE_TYPE,
                    Type.STRING,
                    "PKCS12",
                    ConfigDef.ValidString.in("PKCS12", "JKS"),
                    Importance.LOW,
                    "Type of the console's key store")
            .define(
                    USERS_FILE,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Properties file of the console's users: token hashes, authorities and roles "
                            + "(README, the console)")
            .define(
                    DETECTION_URL,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new HttpUrl(),
                    Importance.HIGH,
                    "Base URL of the detection application's internal listener (e.g. http://detection:9091), "
                            + "asked for children's chronologies with the instance secret; any detection instance "
                            + "will do, it asks the one holding the child")
            .define(
                    STREAM_MAX_PER_USER,
                    Type.INT,
                    LiveStreams.Limits.DEFAULTS.perUser(),
                    ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM,
                    "Live streams one user may hold at once on one instance; the next is " + "refused with 429")
            .define(
                    STREAM_QUEUE,
                    Type.INT,
                    LiveStreams.Limits.DEFAULTS.queueSize(),
                    ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM,
                    "Changes a live-stream client may fall behind by before it is dropped (its "
                            + "browser reconnects and reloads the list)")
            .define(
                    STREAM_HEARTBEAT,
                    Type.STRING,
                    LiveStreams.Limits.DEFAULTS.heartbeat().toString(),
                    new PositiveDuration(),
                    Importance.LOW,
                    "How often a quiet live stream gets a comment (keeps it "
                            + "open, finds clients that went away), ISO-8601; below Jetty's 30 s idle timeout");

    /** Kafka keys the console sets itself, with the reason; also refused with a client prefix. */
    static final Map<String, String> FORCED = forced(Map.of(
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "the board shows only committed alerts and decisions",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    "the board reads every partition from the beginning, " + "with no consumer group",
            ConsumerConfig.GROUP_ID_CONFIG,
                    "the board reads every partition from the beginning, with no " + "consumer group",
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                    "topics are created by the detection application, " + "with the settings of the topic registry",
            ProducerConfig.ACKS_CONFIG, "a decision or an access is on the record before the console answers",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "a decision or an access is recorded once",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "records are read in the registry's wire format",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "records are read in the registry's wire format",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "records are written in the registry's wire format",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "records are written in the registry's wire format"));

    public ConsoleSettings(Map<String, String> given) {
        super(DEFINITION, List.of(), FORCED, given);
        kafka().forEach((key, value) -> {
            if (!forConsumer(key) && !forProducer(key)) {
                throw new ConfigException(
                        key,
                        value,
                        "not a setting of the console's Kafka consumer or producer "
                                + "(the console runs no Kafka Streams application); its settings are documented in "
                                + "docs/CONFIGURATION.md");
            }
        });
        String host = getString(InternalSettings.HOST);
        if (getString(InternalSettings.ADVERTISED_HOST) == null && (host.equals("0.0.0.0") || host.equals("::"))) {
            throw new ConfigException(InternalSettings.ADVERTISED_HOST + " must name this instance when "
                    + InternalSettings.HOST + " listens on every interface: each audit record says which instance "
                    + "served it");
        }
    }

    /** Every key the environment may set. */
    public static Set<String> knownKeys() {
        return AppSettings.knownKeys(DEFINITION);
    }

    /** The alert board's consumer: consumer keys, {@code consumer.}-prefixed keys unprefixed, security keys. */
    Map<String, Object> consumer() {
        return client(CONSUMER, ConsoleSettings::forConsumer);
    }

    /** The recorder's producer: producer keys, {@code producer.}-prefixed keys unprefixed, security keys. */
    Map<String, Object> producer() {
        return client(PRODUCER, ConsoleSettings::forProducer);
    }

    /** The console's certificate, when one is configured. */
    Optional<ConsoleTls> tls() {
        String location = getString(TLS_KEYSTORE);
        if (location == null) {
            return Optional.empty();
        }
        Password password = getPassword(TLS_KEYSTORE_PASSWORD);
        if (password == null) {
            throw new ConfigException(TLS_KEYSTORE_PASSWORD, "(hidden)", "is needed with " + TLS_KEYSTORE);
        }
        return Optional.of(new ConsoleTls(Path.of(location), password.value(), getString(TLS_KEYSTORE_TYPE)));
    }

    /** The serdes' keys: the registry's, after the plain ssl.* keys they fall back to (as Confluent's do). */
    Map<String, Object> serdes() {
        Map<String, Object> serdes = new LinkedHashMap<>();
        kafka().forEach((key, value) -> {
            if (key.startsWith("ssl.")) {
                serdes.put(key, value);
            }
        });
        serdes.putAll(registry());
        return serdes;
    }

    LiveStreams.Limits streamLimits() {
        return new LiveStreams.Limits(
                getInt(STREAM_MAX_PER_USER),
                getInt(STREAM_QUEUE),
                Duration.parse(getString(STREAM_HEARTBEAT).trim()));
    }

    /** The detection internal listener's base URL, without a trailing slash. */
    URI detectionUrl() {
        return URI.create(getString(DETECTION_URL).trim().replaceAll("/+$", ""));
    }

    /** The address audit records name this instance by: its internal listener's advertised host and port. */
    String servedBy(int internalPort) {
        String advertised = getString(InternalSettings.ADVERTISED_HOST);
        return (advertised != null ? advertised : getString(InternalSettings.HOST)) + ":" + internalPort;
    }

    private Map<String, Object> client(String prefix, Predicate<String> belongs) {
        Map<String, Object> client = new LinkedHashMap<>();
        kafka().forEach((key, value) -> {
            if (!key.startsWith(CONSUMER) && !key.startsWith(PRODUCER) && belongs.test(key)) {
                client.put(key, value);
            }
        });
        kafka().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                client.put(key.substring(prefix.length()), value); // the prefixed key wins, as in Kafka Streams
            }
        });
        return client;
    }

    private static boolean forConsumer(String key) {
        return key.startsWith(CONSUMER) || ConsumerConfig.configNames().contains(key) || shared(key);
    }

    private static boolean forProducer(String key) {
        return key.startsWith(PRODUCER) || ProducerConfig.configNames().contains(key) || shared(key);
    }

    private static boolean shared(String key) {
        return SHARED_PREFIXES.stream().anyMatch(key::startsWith);
    }

    private static Map<String, String> forced(Map<String, String> keys) {
        Map<String, String> all = new LinkedHashMap<>(keys);
        keys.forEach((key, why) -> {
            all.put(CONSUMER + key, why);
            all.put(PRODUCER + key, why);
        });
        return Map.copyOf(all);
    }

    /** An http:// or https:// URL with a host. */
    static final class HttpUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "is required");
            }
            try {
                URI uri = new URI(value.toString().trim());
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        || uri.getHost() == null
                        || uri.getRawQuery() != null
                        || uri.getRawFragment() != null) {
                    throw new ConfigException(
                            name,
                            value,
                            "must be an http:// or https:// URL with a host, e.g. " + "http://detection:9091");
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(name, value, "is not a URL: " + e.getReason());
            }
        }

        @Override
        public String toString() {
            return "http:// or https:// URL";
        }
    }

    /** A positive ISO-8601 duration. */
    static final class PositiveDuration implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                Duration d = Duration.parse(String.valueOf(value).trim());
                if (d.isNegative() || d.isZero()) {
                    throw new ConfigException(name, value, "must be a positive duration");
                }
            } catch (DateTimeParseException e) {
                throw new ConfigException(name, value, "is not an ISO-8601 duration, e.g. PT15S");
            }
        }

        @Override
        public String toString() {
            return "positive ISO-8601 duration";
        }
    }
}
