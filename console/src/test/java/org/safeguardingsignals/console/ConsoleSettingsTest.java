package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.settings.InternalSettings;
import org.safeguardingsignals.runtime.settings.SettingsSources;

/**
 * The console's typed settings: documented defaults, required keys, precedence of file, environment and flags, Kafka
 * keys to the right client (security keys to both, unchanged), registry keys to the serdes, and refusals.
 */
class ConsoleSettingsTest {
    static final Map<String, String> REQUIRED = Map.of(
            ConsoleSettings.USERS_FILE,
            "users.properties",
            ConsoleSettings.DETECTION_URL,
            "http://detection:9091/",
            "bootstrap.servers",
            "broker:9092");

    static ConsoleSettings with(String... pairs) {
        Map<String, String> given = new HashMap<>(REQUIRED);
        for (int i = 0; i < pairs.length; i += 2) {
            given.put(pairs[i], pairs[i + 1]);
        }
        return new ConsoleSettings(given);
    }

    @Test
    void theDefaultsAreThoseDocumented() {
        ConsoleSettings settings = with();
        assertThat(settings.getString(ConsoleSettings.HOST)).isEqualTo("localhost");
        assertThat(settings.getInt(ConsoleSettings.PORT)).isEqualTo(8080);
        assertThat(settings.getInt(InternalSettings.PORT)).isEqualTo(9093);
        assertThat(settings.streamLimits()).isEqualTo(new LiveStreams.Limits(5, 500, Duration.ofSeconds(15)));
        assertThat(settings.detectionUrl()).hasToString("http://detection:9091");
        assertThat(settings.servedBy(9093)).isEqualTo("localhost:9093");
    }

    @Test
    void aWayToSignInAndDetectionsAddressAreRequired() {
        for (String required : new String[] {ConsoleSettings.USERS_FILE, ConsoleSettings.DETECTION_URL}) {
            Map<String, String> given = new HashMap<>(REQUIRED);
            given.remove(required);
            assertThatThrownBy(() -> new ConsoleSettings(given))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(required);
        }
        Map<String, String> providerOnly = new HashMap<>(REQUIRED);
        providerOnly.remove(ConsoleSettings.USERS_FILE);
        providerOnly.put(ConsoleSettings.OIDC_ISSUER, "https://login.example/realms/council");
        assertThat(new ConsoleSettings(providerOnly).usersFile()).isEmpty();
        assertThat(new ConsoleSettings(providerOnly).oidc().orElseThrow().issuer())
                .hasToString("https://login.example/realms/council");
        assertThatThrownBy(() -> with(ConsoleSettings.OIDC_ISSUER, "http://login.example/realms/council"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("https://");
        assertThatThrownBy(() -> with(ConsoleSettings.DETECTION_URL, "detection:9091"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> with(ConsoleSettings.STREAM_HEARTBEAT, "PT0S"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> with(ConsoleSettings.STREAM_QUEUE, "0")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> with(ConsoleSettings.BANK_HOLIDAYS, "2026-12-25,Boxing Day"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ISO dates");
    }

    @Test
    void flagsOutrankTheEnvironmentWhichOutranksTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("console.properties"),
                String.join(
                        "\n",
                        "console.port=1001",
                        "console.stream.queue=7",
                        "console.users.file=users.properties",
                        "console.detection.url=http://detection:9091",
                        "bootstrap.servers=broker:9092"));
        Map<String, String> env = Map.of(
                SettingsSources.envName(ConsoleSettings.PORT),
                "1002",
                SettingsSources.envName(ConsoleSettings.STREAM_QUEUE),
                "8",
                "UNRELATED",
                "x");

        ConsoleSettings fromAll = new ConsoleSettings(SettingsSources.load(
                new String[] {"--config", file.toString(), "--set", "console.port=1003"},
                env,
                ConsoleSettings.knownKeys()));
        ConsoleSettings fromFile = new ConsoleSettings(SettingsSources.load(
                new String[] {"--config", file.toString()}, Map.of(), ConsoleSettings.knownKeys()));

        assertThat(fromAll.getInt(ConsoleSettings.PORT)).isEqualTo(1003);
        assertThat(fromAll.getInt(ConsoleSettings.STREAM_QUEUE)).isEqualTo(8);
        assertThat(fromFile.getInt(ConsoleSettings.PORT)).isEqualTo(1001);
        assertThat(SettingsSources.envName(ConsoleSettings.STREAM_MAX_PER_USER))
                .isEqualTo("SAFEGUARDING_CONSOLE_STREAM_MAX_PER_USER");
    }

    @Test
    void securityKeysReachBothClientsUnchangedAndEachClientGetsOnlyItsOwnKeys() {
        ConsoleSettings settings = with(
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location",
                "/etc/kafka/truststore.jks",
                "ssl.endpoint.identification.algorithm",
                "",
                "fetch.max.bytes",
                "1048576",
                "linger.ms",
                "5",
                "consumer.client.id",
                "board",
                "producer.client.id",
                "recorder",
                "client.id",
                "console",
                "schema.registry.url",
                "https://registry");

        Map<String, String> security = Map.of(
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location",
                "/etc/kafka/truststore.jks",
                "ssl.endpoint.identification.algorithm",
                "",
                "bootstrap.servers",
                "broker:9092");
        assertThat(settings.consumer())
                .containsAllEntriesOf(security)
                .containsEntry("fetch.max.bytes", "1048576")
                .containsEntry("client.id", "board")
                .doesNotContainKeys("linger.ms", "schema.registry.url")
                .allSatisfy((key, value) ->
                        assertThat(key).doesNotStartWith("consumer.").doesNotStartWith("producer."));
        assertThat(settings.producer())
                .containsAllEntriesOf(security)
                .containsEntry("linger.ms", "5")
                .containsEntry("client.id", "recorder")
                .doesNotContainKeys("fetch.max.bytes", "schema.registry.url")
                .allSatisfy((key, value) ->
                        assertThat(key).doesNotStartWith("consumer.").doesNotStartWith("producer."));
        assertThat(settings.serdes())
                .containsEntry("schema.registry.url", "https://registry")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
                .doesNotContainKeys("bootstrap.servers", "sasl.jaas.config");
    }

    @Test
    void aKeyTheConsoleSetsItselfIsRefusedWithTheReasonNotOverwritten() {
        for (String forced : new String[] {
            "isolation.level",
            "consumer.isolation.level",
            "acks",
            "producer.acks",
            "enable.idempotence",
            "group.id",
            "enable.auto.commit",
            "allow.auto.create.topics",
            "value.deserializer"
        }) {
            assertThatThrownBy(() -> with(forced, "x"))
                    .as(forced)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(forced)
                    .hasMessageContaining("set by the application itself");
        }
    }

    @Test
    void aKeyOfNoClientOfTheConsoleIsRefused() {
        assertThatThrownBy(() -> with("application.id", "safeguarding-console"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.id")
                .hasMessageContaining("no Kafka Streams");
        assertThatThrownBy(() -> with("state.dir", "/tmp")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> with("console.prot", "8081"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("did you mean console.port");
        assertThatThrownBy(() -> with("console.internal.port", "8081"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a setting");
    }

    @Test
    void anInstanceListeningEverywhereMustSayHowAuditRecordsNameIt() {
        assertThatThrownBy(() -> with(InternalSettings.HOST, "0.0.0.0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(InternalSettings.ADVERTISED_HOST);
        assertThat(with(InternalSettings.HOST, "0.0.0.0", InternalSettings.ADVERTISED_HOST, "console-1")
                        .servedBy(9093))
                .isEqualTo("console-1:9093");
    }

    @Test
    void withoutTheInstanceSecretTheConsoleRefusesToStart(@TempDir Path dir) throws Exception {
        Path users = Files.writeString(
                dir.resolve("users.properties"), "user.amara.token-sha256=00\n" + "user.amara.authorities=E09000022\n");
        ConsoleSettings settings = with(ConsoleSettings.USERS_FILE, users.toString());

        assertThatThrownBy(() -> new ConsoleApp(settings, Map.of(), PipelineMetrics.inMemory()))
                .hasMessageContaining(InternalSettings.SECRET_FILE)
                .hasMessageContaining(InternalSettings.SECRET_ENV);
    }

    @Test
    void bankHolidaysAreAPartnershipSettingWithEnglandAndWalesByDefault() {
        Instant christmasEve = Instant.parse("2026-12-24T10:00:00Z");
        assertThat(with().timescale().dueBy(christmasEve)).isEqualTo(Instant.parse("2026-12-29T10:00:00Z"));
        assertThat(with(ConsoleSettings.BANK_HOLIDAYS, "2026-12-25").timescale().dueBy(christmasEve))
                .as("Boxing Day's substitute is not a holiday here")
                .isEqualTo(Instant.parse("2026-12-28T10:00:00Z"));
        assertThat(with(ConsoleSettings.BANK_HOLIDAYS, "").timescale().dueBy(christmasEve))
                .isEqualTo(Instant.parse("2026-12-25T10:00:00Z"));
    }
}
