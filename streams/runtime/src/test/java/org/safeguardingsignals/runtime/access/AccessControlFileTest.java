package org.safeguardingsignals.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.topics.Topics;

/** The access file parses, names only the registry's topics, and is what docs/ARCHITECTURE.md shows. */
class AccessControlFileTest {
    private final AccessControlFile file = AccessControlFile.inRepository();

    @Test
    void everyLiteralTopicIsInTheRegistryAndEveryRegistryTopicHasAWriter() {
        Set<String> registry = Topics.ALL.stream().map(t -> t.name()).collect(Collectors.toSet());
        assertThat(file.rules().stream()
                        .filter(r -> r.resourceType() == ResourceType.TOPIC && r.patternType() == PatternType.LITERAL)
                        .map(AccessRule::name))
                .allMatch(registry::contains);
        // the history topic of chronology views is no longer written
        for (String topic : registry) {
            if (!topic.equals(Topics.CHRONOLOGY_VIEWS.name())) {
                assertThat(file.rules())
                        .as("someone writes " + topic)
                        .anyMatch(r -> r.covers(ResourceType.TOPIC, topic)
                                && r.operations().stream()
                                        .anyMatch(o -> o.name().equals("WRITE")));
            }
        }
    }

    @Test
    void noRuleGivesAnAgencyReadOrAnyoneAllOnARegistryTopic() {
        // agencies read nothing but what is meant for one of them: health reads the CP-IS flags (with its own group)
        assertThat(file.rules())
                .filteredOn(r -> r.principal().startsWith("agency-"))
                .filteredOn(r -> r.operations().stream().anyMatch(o -> o.name().equals("READ")))
                .extracting(AccessRule::principal, AccessRule::name)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("agency-health", Topics.CARE_FLAGS.name()),
                        org.assertj.core.groups.Tuple.tuple("agency-health", "agency-health-"));
        assertThat(file.rules())
                .filteredOn(r -> r.name().equals(Topics.CARE_FLAGS.name()))
                .filteredOn(r -> r.operations().stream().anyMatch(o -> o.name().equals("READ")))
                .extracting(AccessRule::principal)
                .as("CP-IS flags: health, and the partnership figures' count of them")
                .containsExactlyInAnyOrder("agency-health", "metrics");
        assertThat(file.rules())
                .filteredOn(
                        r -> r.resourceType() == ResourceType.TOPIC && r.name().startsWith("safeguarding."))
                .allMatch(r -> r.operations().stream().noneMatch(o -> o.name().equals("ALL")));
    }

    @Test
    void aBrokenLineIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> AccessControlFile.parse(
                        List.of("# comment", "", "police topic literal t.v1 WRITE,FLY"), "acls.txt"))
                .hasMessage("acls.txt line 3: not a Kafka ACL operation: FLY");
        assertThatThrownBy(() -> AccessControlFile.parse(List.of("police topic sideways t.v1 WRITE"), "a"))
                .hasMessageContaining("pattern must be literal or prefixed");
        assertThatThrownBy(() -> AccessControlFile.parse(List.of("police cluster literal other WRITE"), "a"))
                .hasMessageContaining("kafka-cluster");
        assertThatThrownBy(() -> AccessControlFile.parse(List.of("police topic literal t.v1"), "a"))
                .hasMessageContaining("found 4 fields");
    }

    @Test
    void theArchitectureDocumentShowsTheFileAsItIs() throws Exception {
        Path doc =
                AccessControlFile.locate().getParent().getParent().getParent().resolve("docs/ARCHITECTURE.md");
        String text = Files.readString(doc);
        int start = text.indexOf(AccessTable.START);
        int end = text.indexOf(AccessTable.END);
        assertThat(start).as("the access table's start marker in " + doc).isNotNegative();
        assertThat(text.substring(start + AccessTable.START.length(), end).strip())
                .as("regenerate with AccessCommand --table")
                .isEqualTo(AccessTable.markdown(file).strip());
    }
}
