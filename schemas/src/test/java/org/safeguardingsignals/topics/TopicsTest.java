package org.safeguardingsignals.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.RiskAlert;

class TopicsTest {

    @Test
    void namesAreUniqueAndVersioned() {
        assertThat(Topics.ALL)
                .extracting(Topic::name)
                .doesNotHaveDuplicates()
                .allMatch(n -> n.startsWith("safeguarding.") && n.matches(".*\\.v[0-9]+"));
        assertThat(Topics.inputs()).hasSize(15);
        assertThat(Topics.events()).hasSize(10);
        assertThat(Topics.retractions()).hasSize(5).allMatch(Topics.inputs()::contains);
    }

    @Test
    void aWithdrawnTopicsNameIsNeverReused() {
        // the school roll was withdrawn once and came back, same name and contract, for Operation Encompass
        assertThat(Topics.WITHDRAWN).isEmpty();
        for (WithdrawnTopic withdrawn : Topics.WITHDRAWN) {
            assertThat(Topics.ALL).extracting(Topic::name).doesNotContain(withdrawn.name());
        }
    }

    @Test
    void registryIsImmutable() {
        assertThatThrownBy(() -> Topics.ALL.add(Topics.ALERTS)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesUnversionedOrUpperCaseNames() {
        assertThatThrownBy(() -> new Topic<>(
                        "safeguarding.alerts",
                        "k",
                        RiskAlert.class,
                        Topic.Direction.OUTPUT,
                        "d",
                        Topics.ALERTS.settings()))
                .hasMessageContaining("versioned");
        assertThatThrownBy(() -> new Topic<>(
                        "Safeguarding.Alerts.v1",
                        "k",
                        RiskAlert.class,
                        Topic.Direction.OUTPUT,
                        "d",
                        Topics.ALERTS.settings()))
                .hasMessageContaining("lower-case");
    }

    @Test
    void everyTopicDeclaresHowLongItIsKeptAndWhy() {
        assertThat(Topics.ALL).allSatisfy(t -> {
            assertThat(t.settings().why()).isNotBlank();
            assertThat(t.settings().replicationFactor()).isEqualTo((short) 3);
            assertThat(t.settings().minInsyncReplicas()).isEqualTo(2);
        });
        // the record of who looked and what was decided never falls to a broker default
        assertThat(Topics.CHRONOLOGY_VIEWS.settings().forever()).isTrue();
        assertThat(Topics.DECISIONS.settings().forever()).isTrue();
        assertThat(Topics.ALERTS.settings().forever()).isTrue();
        assertThat(Topics.DEAD_LETTERS.settings().retention()).isEqualTo(Duration.ofDays(14));
        assertThat(Topics.PARTNERSHIP_METRICS.settings().compacted()).isTrue();
        assertThat(Topics.inputs())
                .allSatisfy(t -> assertThat(t.settings().retention()).isEqualTo(Duration.ofDays(400)));
    }

    @Test
    void brokerConfigsFollowTheClusterSize() {
        assertThat(Topics.DECISIONS.settings().brokerConfigs(3))
                .containsEntry("retention.ms", "-1")
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("min.insync.replicas", "2");
        assertThat(Topics.DECISIONS.settings().brokerConfigs(1)).containsEntry("min.insync.replicas", "1");
        assertThat(Topics.DEAD_LETTERS.settings().brokerConfigs(3))
                .containsEntry("retention.ms", Long.toString(Duration.ofDays(14).toMillis()));
        assertThat(Topics.ALERTS.settings().replicationFor(1)).isEqualTo((short) 1);
        assertThat(Topics.ALERTS.settings().replicationFor(5)).isEqualTo((short) 3);
    }

    @Test
    void refusesARetentionOfZeroOrAMinIsrAboveReplication() {
        assertThatThrownBy(() -> TopicSettings.kept(Duration.ZERO, "x")).hasMessageContaining("positive");
        assertThatThrownBy(() -> new TopicSettings(Duration.ofDays(1), false, (short) 1, 2, "x"))
                .hasMessageContaining("min.insync.replicas");
    }

    @Test
    void subjectsFollowTopicNameStrategy() {
        assertThat(Topics.ALERTS.valueSubject()).isEqualTo("safeguarding.alerts.v1-value");
        assertThat(Topics.byName("safeguarding.alerts.v1")).contains(Topics.ALERTS);
    }
}
