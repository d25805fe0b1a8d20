package org.safeguardingsignals.runtime.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Every key given lands in exactly one kind (the application's, Kafka's, the registry's) or is refused with why. */
class AppSettingsTest {
    static final ConfigDef DEFINITION = new ConfigDef()
            .define("example.size", Type.INT, 3, Importance.LOW, "a size")
            .define("example.name", Type.STRING, "none", Importance.LOW, "a name");

    /** An application with two keys, keys under rules. and authority., and one Kafka key it sets itself. */
    static final class ExampleSettings extends AppSettings {
        ExampleSettings(Map<String, String> given) {
            super(
                    DEFINITION,
                    List.of("rules.", "authority."),
                    Map.of("processing.guarantee", "exactly_once_v2 keeps every output once"),
                    given);
        }
    }

    static ExampleSettings with(String... pairs) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            given.put(pairs[i], pairs[i + 1]);
        }
        return new ExampleSettings(given);
    }

    @Test
    void eachKeyIsSortedIntoItsKindAndTheApplicationsOwnAreTyped() {
        ExampleSettings s = with(
                "example.size", "7",
                "rules.repeat-missing.count", "2",
                "authority.E09000022.rules.repeat-missing.count", "4",
                "schema.registry.url", "http://registry:8081",
                "basic.auth.user.info", "user:secret",
                "auto.register.schemas", "false",
                "use.latest.version", "true",
                "bootstrap.servers", "broker:9092",
                "num.stream.threads", "2",
                "producer.linger.ms", "5",
                "consumer.max.poll.records", "100",
                "main.consumer.fetch.min.bytes", "1",
                "restore.consumer.fetch.min.bytes", "1",
                "global.consumer.fetch.min.bytes", "1",
                "admin.retries", "3",
                "topic.min.insync.replicas", "2",
                "security.protocol", "SSL",
                "sasl.mechanism", "PLAIN",
                "ssl.truststore.location", "/etc/kafka/truststore.p12");

        assertThat(s.getInt("example.size")).isEqualTo(7);
        assertThat(s.getString("example.name")).as("the documented default").isEqualTo("none");
        assertThat(s.dynamic())
                .containsExactly(
                        entry("rules.repeat-missing.count", "2"),
                        entry("authority.E09000022.rules.repeat-missing.count", "4"));
        assertThat(s.registry())
                .containsExactly(
                        entry("schema.registry.url", "http://registry:8081"),
                        entry("basic.auth.user.info", "user:secret"),
                        entry("auto.register.schemas", "false"),
                        entry("use.latest.version", "true"));
        assertThat(s.kafka())
                .containsOnlyKeys(
                        "bootstrap.servers",
                        "num.stream.threads",
                        "producer.linger.ms",
                        "consumer.max.poll.records",
                        "main.consumer.fetch.min.bytes",
                        "restore.consumer.fetch.min.bytes",
                        "global.consumer.fetch.min.bytes",
                        "admin.retries",
                        "topic.min.insync.replicas",
                        "security.protocol",
                        "sasl.mechanism",
                        "ssl.truststore.location")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12");
        assertThat(s.kafka()).as("the application's own keys never reach Kafka").doesNotContainKey("example.size");
    }

    @Test
    void theSortedKeysCannotBeChangedAfterwards() {
        ExampleSettings s = with("rules.x", "1", "bootstrap.servers", "b:9092", "schema.registry.url", "http://r");
        assertThatThrownBy(() -> s.kafka().put("acks", "0")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.registry().put("use.latest.version", "true"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> s.dynamic().put("rules.y", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aTypoIsRefusedWithTheNearestKnownKeyAndWhereTheSettingsAreDocumented() {
        assertThatThrownBy(() -> with("bootstrap.server", "broker:9092"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.server")
                .hasMessageContaining("not a setting of this application (did you mean bootstrap.servers?)")
                .hasMessageEndingWith("; its settings are documented in docs/CONFIGURATION.md");
        assertThatThrownBy(() -> with("exampel.size", "4"))
                .as("the application's own keys are suggested too")
                .hasMessageContaining("(did you mean example.size?)");
        assertThatThrownBy(() -> with("something.else.entirely.unrelated", "1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a setting of this application; its settings")
                .hasMessageNotContaining("did you mean");
    }

    @Test
    void aKafkaKeyTheApplicationSetsItselfIsRefusedWithTheReason() {
        assertThatThrownBy(() -> with("processing.guarantee", "at_least_once"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("processing.guarantee")
                .hasMessageContaining("set by the application itself: exactly_once_v2 keeps every output once");
    }

    @Test
    void aBadValueOfTheApplicationsOwnKeyIsRefusedByItsType() {
        assertThatThrownBy(() -> with("example.size", "many"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("example.size");
    }

    @Test
    void knownKeysAreTheApplicationsKafkasAndTheRegistrys() {
        assertThat(AppSettings.knownKeys(DEFINITION))
                .contains(
                        "example.size",
                        "example.name",
                        "bootstrap.servers",
                        "processing.guarantee",
                        "acks",
                        "max.poll.records",
                        "auto.register.schemas",
                        "use.latest.version",
                        "schema.registry.url",
                        "basic.auth.credentials.source",
                        "basic.auth.user.info")
                .doesNotContain("rules.repeat-missing.count");
        assertThat(AppSettings.isKafkaKey("acks")).isTrue();
        assertThat(AppSettings.isKafkaKey("ssl.keystore.type")).isTrue();
        assertThat(AppSettings.isKafkaKey("example.size")).isFalse();
        assertThat(AppSettings.isRegistryKey("schema.registry.ssl.truststore.location"))
                .isTrue();
        assertThat(AppSettings.isRegistryKey("basic.auth.user.info")).isTrue();
        assertThat(AppSettings.isRegistryKey("use.latest.version")).isTrue();
        assertThat(AppSettings.isRegistryKey("acks")).isFalse();
    }
}
