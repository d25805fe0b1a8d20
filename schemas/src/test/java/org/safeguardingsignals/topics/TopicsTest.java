package org.safeguardingsignals.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.RiskAlert;

class TopicsTest {

    @Test
    void namesAreUniqueAndVersioned() {
        assertThat(Topics.ALL).extracting(Topic::name).doesNotHaveDuplicates()
                .allMatch(n -> n.startsWith("safeguarding.") && n.matches(".*\\.v[0-9]+"));
        assertThat(Topics.inputs()).hasSize(9);
    }

    @Test
    void registryIsImmutable() {
        assertThatThrownBy(() -> Topics.ALL.add(Topics.ALERTS)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesUnversionedOrUpperCaseNames() {
        assertThatThrownBy(() -> new Topic<>("safeguarding.alerts", "k", RiskAlert.class, Topic.Direction.OUTPUT,
                "d")).hasMessageContaining("versioned");
        assertThatThrownBy(() -> new Topic<>("Safeguarding.Alerts.v1", "k", RiskAlert.class,
                Topic.Direction.OUTPUT, "d")).hasMessageContaining("lower-case");
    }

    @Test
    void subjectsFollowTopicNameStrategy() {
        assertThat(Topics.ALERTS.valueSubject()).isEqualTo("safeguarding.alerts.v1-value");
        assertThat(Topics.byName("safeguarding.alerts.v1")).contains(Topics.ALERTS);
    }
}
