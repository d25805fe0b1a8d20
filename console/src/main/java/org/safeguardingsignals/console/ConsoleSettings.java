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
import org.safeguardingsignals.decisions.WorkingDays;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.identity.IdentityVault;
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
    public static final String BANK_HOLIDAYS = "console.bank-holidays";
    public static final String DETECTION_URL = "console.detection.url";
    public static final String STREAM_MAX_PER_USER = "console.stream.max-per-user";
    public static final String STREAM_QUEUE = "console.stream.queue";
    public static final String STREAM_HEARTBEAT = "console.stream.heartbeat";
    public static final String TLS_KEYSTORE = "console.tls.keystore.location";
    public static final String TLS_KEYSTORE_PASSWORD = "console.tls.keystore.password";
    public static final String TLS_KEYSTORE_TYPE = "console.tls.keystore.type";
    public static final String PUBLIC_URL = "console.public-url";
    public static final String OIDC_ISSUER = "console.oidc.issuer";
    public static final String OIDC_AUDIENCE = "console.oidc.audience";
    public static final String OIDC_CLIENT_ID = "console.oidc.client-id";
    public static final String OIDC_CLIENT_SECRET = "console.oidc.client-secret";
    public static final String OIDC_CLAIM_USER = "console.oidc.claim.user";
    public static final String OIDC_CLAIM_ROLES = "console.oidc.claim.roles";
    public static final String OIDC_CLAIM_AUTHORITIES = "console.oidc.claim.authorities";
    public static final String OIDC_CLAIM_SCHOOLS = "console.oidc.claim.schools";
    public static final String OIDC_CLOCK_SKEW = "console.oidc.clock-skew";
    public static final String SESSION_IDLE = "console.session.idle";
    public static final String SESSION_MAX_AGE = "console.session.max-age";
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
                    OIDC_ISSUER,
                    Type.STRING,
                    null,
                    new Issuer(),
                    Importance.HIGH,
                    "Issuer of the identity provider staff sign in through (OpenID Connect), exactly as its tokens "
                            + "name it, e.g. https://login.microsoftonline.com/<tenant>/v2.0 or "
                            + "https://keycloak.example/realms/<realm>; its discovery document is read at start. "
                            + "https only, but for localhost")
            .define(
                    OIDC_AUDIENCE,
                    Type.STRING,
                    "mash-console",
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "Audience an access token must carry (aud) to open the API: the console's client id in "
                            + "Keycloak, its application id URI in Entra ID")
            .define(
                    OIDC_CLIENT_ID,
                    Type.STRING,
                    "mash-console",
                    new ConfigDef.NonEmptyString(),
                    Importance.HIGH,
                    "The console's client id at the identity provider (browser sign-in; the audience of ID tokens)")
            .define(
                    OIDC_CLIENT_SECRET,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "The console's client secret, if the provider registers it as a confidential client (sent "
                            + "with HTTP Basic to the token endpoint); without it the console is a public client "
                            + "and PKCE alone binds the code")
            .define(
                    OIDC_CLAIM_USER,
                    Type.STRING,
                    WorkerClaims.DEFAULTS.user(),
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Claim naming the user, as audit records and decisions name them")
            .define(
                    OIDC_CLAIM_ROLES,
                    Type.STRING,
                    WorkerClaims.DEFAULTS.roles(),
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Claim holding the user's console role (WORKER, TEAM_MANAGER, READ_ONLY, IG_OFFICER or "
                            + "SCHOOL_DSL; exactly one); dots walk into nested claims, e.g. realm_access.roles")
            .define(
                    OIDC_CLAIM_AUTHORITIES,
                    Type.STRING,
                    WorkerClaims.DEFAULTS.authorities(),
                    new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM,
                    "Claim holding the GSS codes of the authorities the user works for")
            .define(
                    OIDC_CLAIM_SCHOOLS,
                    Type.STRING,
                    WorkerClaims.DEFAULTS.schools(),
                    new ConfigDef.NonEmptyString(),
                    Importance.LOW,
                    "Claim holding the URNs of the schools a designated safeguarding lead acts for")
            .define(
                    OIDC_CLOCK_SKEW,
                    Type.STRING,
                    "PT30S",
                    new NonNegativeDuration(),
                    Importance.LOW,
                    "Clock difference allowed with the identity provider when judging a token's expiry, ISO-8601")
            .define(
                    PUBLIC_URL,
                    Type.STRING,
                    null,
                    new OptionalHttpUrl(),
                    Importance.MEDIUM,
                    "The console's address as browsers reach it (behind a proxy), for the provider's redirect "
                            + "back after sign-in; by default the listener's own scheme, host and port")
            .define(
                    SESSION_IDLE,
                    Type.STRING,
                    Sessions.Limits.DEFAULTS.idle().toString(),
                    new PositiveDuration(),
                    Importance.MEDIUM,
                    "A browser session ends after this long without a request, ISO-8601")
            .define(
                    SESSION_MAX_AGE,
                    Type.STRING,
                    Sessions.Limits.DEFAULTS.maxAge().toString(),
                    new PositiveDuration(),
                    Importance.MEDIUM,
                    "A browser session ends this long after sign-in however busy, ISO-8601")
            .define(
                    BANK_HOLIDAYS,
                    Type.STRING,
                    WorkingDays.ENGLAND_AND_WALES_2025_TO_2027_SETTING,
                    new Dates(),
                    Importance.MEDIUM,
                    "Bank holidays (ISO dates, comma-separated): not working days for an alert's decision due time, "
                            + "one working day after it was raised; set it as detection's work-items.bank-holidays. "
                            + "The default is England and Wales 2025 to 2027")
            .define(
                    USERS_FILE,
                    Type.STRING,
                    null,
                    Importance.HIGH,
                    "Properties file of users who sign in with a token (a fallback to the identity provider): "
                            + "token hashes, authorities and roles (README, the console). At least one of this "
                            + "and " + OIDC_ISSUER + " is needed")
            .define(
                    IdentityVault.KEY_CONFIG,
                    Type.STRING,
                    null,
                    Importance.HIGH,
                    "PEM private key of the identity vault (detection seals with its certificate, "
                            + IdentityVault.CERTIFICATE_CONFIG + "); kept apart from the pseudonym key. Without it "
                            + "no one can reveal a child's NHS number in this console")
            .define(
                    Pseudonymiser.KEY_FILE_CONFIG,
                    Type.STRING,
                    null,
                    Importance.MEDIUM,
                    "File holding the pseudonym key (detection's), or the " + Pseudonymiser.KEY_ENV + " environment "
                            + "variable: with it an information-governance officer can export what the pipeline "
                            + "holds on a child from their NHS number (subject access); without either, no export")
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
        if (getString(OIDC_ISSUER) == null && getString(USERS_FILE) == null) {
            throw new ConfigException("The console needs a way for staff to sign in: set " + OIDC_ISSUER
                    + " (an OpenID Connect provider) or " + USERS_FILE + " (tokens; a fallback)");
        }
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

    /** The identity provider to trust, when one is configured. */
    Optional<OidcProvider.OidcSettings> oidc() {
        String issuer = getString(OIDC_ISSUER);
        if (issuer == null) {
            return Optional.empty();
        }
        Password secret = getPassword(OIDC_CLIENT_SECRET);
        return Optional.of(new OidcProvider.OidcSettings(
                URI.create(issuer.trim()),
                getString(OIDC_AUDIENCE).trim(),
                getString(OIDC_CLIENT_ID).trim(),
                Optional.ofNullable(secret).map(Password::value),
                new WorkerClaims(
                        getString(OIDC_CLAIM_USER).trim(),
                        getString(OIDC_CLAIM_ROLES).trim(),
                        getString(OIDC_CLAIM_AUTHORITIES).trim(),
                        getString(OIDC_CLAIM_SCHOOLS).trim()),
                Duration.parse(getString(OIDC_CLOCK_SKEW).trim())));
    }

    /** The users file of the token fallback, when one is configured. */
    /** The identity vault's opening key, when configured. */
    Optional<IdentityVault.Opener> identityVault() {
        return Optional.ofNullable(getString(IdentityVault.KEY_CONFIG))
                .filter(s -> !s.isBlank())
                .map(s -> IdentityVault.Opener.fromPem(Path.of(s.trim())));
    }

    /** The pseudonym key, when configured (file, else environment), for subject access exports. */
    Optional<Pseudonymiser> pseudonymiser(Map<String, String> env) {
        String file = getString(Pseudonymiser.KEY_FILE_CONFIG);
        boolean inFile = file != null && !file.isBlank();
        String value = env.get(Pseudonymiser.KEY_ENV);
        if (!inFile && (value == null || value.isBlank())) {
            return Optional.empty();
        }
        return Optional.of(
                Pseudonymiser.fromConfig(inFile ? Map.of(Pseudonymiser.KEY_FILE_CONFIG, file.trim()) : Map.of(), env));
    }

    Optional<Path> usersFile() {
        return Optional.ofNullable(getString(USERS_FILE))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s.trim()));
    }

    /** The console's public address (ending in /), when configured. */
    Optional<URI> publicUrl() {
        return Optional.ofNullable(getString(PUBLIC_URL))
                .map(s -> URI.create(s.trim().replaceAll("/+$", "") + "/"));
    }

    Sessions.Limits sessionLimits() {
        return new Sessions.Limits(
                Duration.parse(getString(SESSION_IDLE).trim()),
                Duration.parse(getString(SESSION_MAX_AGE).trim()));
    }

    /** The decision timescale, with the partnership's bank holidays. */
    DecisionTimescale timescale() {
        return new DecisionTimescale(WorkingDays.dates(getString(BANK_HOLIDAYS)));
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

    /** Nothing, or an http:// or https:// URL with a host. */
    static final class OptionalHttpUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) {
                new HttpUrl().ensureValid(name, value);
            }
        }

        @Override
        public String toString() {
            return "http:// or https:// URL, or nothing";
        }
    }

    /** Nothing, or an https:// issuer (http:// only on this machine, for the local run and tests). */
    static final class Issuer implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            new HttpUrl().ensureValid(name, value);
            URI uri = URI.create(value.toString().trim());
            boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
            if (!"https".equals(uri.getScheme()) && !local) {
                throw new ConfigException(name, value, "must be an https:// URL (http:// only for localhost)");
            }
        }

        @Override
        public String toString() {
            return "https:// URL (http:// for localhost), or nothing";
        }
    }

    /** A zero or positive ISO-8601 duration. */
    static final class NonNegativeDuration implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                if (Duration.parse(String.valueOf(value).trim()).isNegative()) {
                    throw new ConfigException(name, value, "must not be negative");
                }
            } catch (DateTimeParseException e) {
                throw new ConfigException(name, value, "is not an ISO-8601 duration, e.g. PT30S");
            }
        }

        @Override
        public String toString() {
            return "ISO-8601 duration, zero or more";
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

    /** ISO dates, comma-separated (none is allowed: weekends alone then). */
    static final class Dates implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                WorkingDays.dates(String.valueOf(value));
            } catch (DateTimeParseException e) {
                throw new ConfigException(
                        name, value, "must be ISO dates, comma-separated, e.g. 2026-12-25,2026-12-28");
            }
        }

        @Override
        public String toString() {
            return "ISO dates, comma-separated";
        }
    }
}
