package org.safeguardingsignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.embedded.EmbeddedKafka;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/** Topic settings from the registry, applied on a real broker and read back from it. */
class TopicProvisionerIT {
    private static EmbeddedKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        admin = kafka.admin();
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }

    @Test
    void createsEveryTopicWithItsDeclaredSettingsThenFindsNothingToReport() throws Exception {
        TopicProvisioner provisioner =
                new TopicProvisioner(admin, 2, Map.of(Topics.CHRONOLOGY_VIEWS.name(), Duration.ofDays(2555)));

        TopicProvisioner.Report first = provisioner.ensure(Topics.ALL);

        assertThat(first.created())
                .containsExactlyInAnyOrderElementsOf(
                        Topics.ALL.stream().map(Topic::name).toList());
        assertThat(first.differences()).isEmpty();
        for (Topic<?> topic : Topics.ALL) {
            Config read = config(topic.name());
            String expectedRetention = topic == Topics.CHRONOLOGY_VIEWS
                    ? Long.toString(Duration.ofDays(2555).toMillis())
                    : Long.toString(topic.settings().retention().toMillis());
            assertThat(read.get("retention.ms").value()).as(topic.name()).isEqualTo(expectedRetention);
            assertThat(read.get("cleanup.policy").value())
                    .as(topic.name())
                    .isEqualTo(topic.settings().compacted() ? "compact" : "delete");
            assertThat(read.get("min.insync.replicas").value()).as(topic.name()).isEqualTo("1"); // one broker
        }
        assertThat(config(Topics.DECISIONS.name()).get("retention.ms").value()).isEqualTo("-1");
        assertThat(config(Topics.DEAD_LETTERS.name()).get("retention.ms").value())
                .isEqualTo("1209600000");

        TopicProvisioner.Report second = provisioner.ensure(Topics.ALL);
        assertThat(second.created()).isEmpty();
        assertThat(second.differences()).isEmpty();
    }

    @Test
    void reportsAnExistingTopicLeftOnTheBrokerDefaultsWithoutChangingIt() throws Exception {
        String name = "safeguarding.audit.stray-defaults.v1";
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        Topic<?> declared = new Topic<>(
                name,
                "workerId",
                Topics.CHRONOLOGY_VIEWS.valueType(),
                Topic.Direction.OUTPUT,
                "an audit topic someone created by hand",
                Topics.CHRONOLOGY_VIEWS.settings());

        TopicProvisioner.Report report = new TopicProvisioner(admin, 1, Map.of()).ensure(List.of(declared));

        assertThat(report.created()).isEmpty();
        assertThat(report.differences())
                .containsExactly(new TopicProvisioner.Difference(name, "retention.ms", "-1", "604800000"));
        assertThat(config(name).get("retention.ms").value()).isEqualTo("604800000"); // reported, never altered
    }

    @Test
    void retentionOverridesNameRegistryTopicsAndReadablePeriods() {
        assertThat(TopicProvisioner.retentionOverrides(Map.of(
                        "topics.retention.safeguarding.alerts.v1",
                        "P2555D",
                        "topics.retention.safeguarding.mash.decisions.v1",
                        "FOREVER",
                        "bootstrap.servers",
                        "x")))
                .containsExactly(
                        Map.entry("safeguarding.alerts.v1", Duration.ofDays(2555)),
                        Map.entry("safeguarding.mash.decisions.v1", Duration.ofMillis(-1)));
        assertThatThrownBy(() ->
                        TopicProvisioner.retentionOverrides(Map.of("topics.retention.safeguarding.nope.v1", "P1D")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no such topic");
        assertThatThrownBy(() -> TopicProvisioner.retentionOverrides(
                        Map.of("topics.retention.safeguarding.alerts.v1", "seven years")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ISO-8601");
    }

    private static Config config(String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(r)).all().get().get(r);
    }
}
