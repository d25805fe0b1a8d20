package org.safeguardingsignals.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.topics.WithdrawnTopic;

/**
 * docs/governance says what the registries say: the topic registry, the contracts' declared purposes and uses, and the
 * access-control file deploy/access/acls.txt.
 */
class GovernanceDocsTest {
    static AccessFile access() {
        return AccessFile.read(AccessFile.IN_REPOSITORY);
    }

    @Test
    void everyDocumentAgreesWithTheRegistries() throws Exception {
        AccessFile access = access();
        assertThat(GovernanceDocs.problems(access)).isEmpty();
        for (Map.Entry<Path, Map<String, String>> doc :
                GovernanceDocs.regions(access).entrySet()) {
            String text = Files.readString(Repository.resolve(doc.getKey()));
            assertThat(text)
                    .as(doc.getKey() + " disagrees with the registries; regenerate it with: "
                            + GovernanceDocs.REGENERATE)
                    .isEqualTo(GovernanceDocs.render(doc.getKey(), text, doc.getValue()));
        }
    }

    @Test
    void aDocumentThatSaysSomethingElseThanTheRegistriesFails() throws Exception {
        Map<String, String> regions = GovernanceDocs.regions(access()).get(GovernanceDocs.DPIA);
        String text = Files.readString(Repository.resolve(GovernanceDocs.DPIA));
        String edited = text.replace("| 400 days |", "| 7 days |");
        assertThat(edited).isNotEqualTo(text);
        assertThat(GovernanceDocs.render(GovernanceDocs.DPIA, edited, regions))
                .as("the check puts the registry's retention back, so a document that differs fails")
                .isNotEqualTo(edited);
    }

    @Test
    void withoutTheAccessFileNothingIsGeneratedAndTheErrorSaysWhatItNeeds() {
        Path missing = Path.of("target", "no-such-dir", "acls.txt");
        assertThatThrownBy(() -> AccessFile.read(missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No access-control file at")
                .hasMessageContaining("principal resource-type pattern name operations")
                .hasMessageContaining("deploy/access/acls.txt")
                .hasMessageContaining("--access FILE");
    }

    @Test
    void anAccessFileThatGrantsAWithdrawnOrUnknownTopicIsRefused() {
        AccessFile access = AccessFile.parse(
                Path.of("acls.txt"),
                List.of(
                        "# agencies",
                        "agency-school  topic  literal  safeguarding.school.census.v1    WRITE,DESCRIBE",
                        "detection      topic  literal  safeguarding.alertz.v1           READ",
                        "detection      topic  literal  safeguarding.alerts.v1           WRITE"));
        // the registry has withdrawn no topic today (the school roll came back): one withdrawn for the test
        List<WithdrawnTopic> withdrawn = List.of(new WithdrawnTopic(
                "safeguarding.school.census.v1",
                SchoolRollEntry.class,
                "a school census",
                "no rule, figure or screen used it"));
        assertThat(GovernanceDocs.problems(access, withdrawn))
                .anyMatch(p -> p.contains("line 2") && p.contains("withdrawn") && p.contains("remove the line"))
                .anyMatch(p -> p.contains("line 3") && p.contains("not in the topic registry"))
                .hasSize(2);
        assertThatThrownBy(() -> AccessFile.parse(
                        Path.of("acls.txt"),
                        List.of("# the access command's parser", "detection topic safeguarding.x READ")))
                .hasMessageContaining("acls.txt line 2");
    }

    @Test
    void theScheduleListsEveryFieldOfEveryEventTypeUnderEachAgencyThatSendsIt() {
        AccessFile access = access();
        String schedule =
                GovernanceDocs.regions(access).get(GovernanceDocs.SCHEDULE).get("schedule");
        for (EventType type : Contracts.inputs()) {
            for (String agency : DpiaTables.agencies(access.writers(type.topic().name()))) {
                int from = schedule.indexOf("### " + agency + ": " + type.name() + "\n");
                assertThat(from).as(agency + " sends " + type.name()).isNotNegative();
                int to = schedule.indexOf("\n### ", from + 1);
                String section = schedule.substring(from, to < 0 ? schedule.length() : to);
                type.fields().forEach(f -> assertThat(section).contains("| `" + f.path() + "` |"));
            }
        }
        Topics.WITHDRAWN.forEach(w -> assertThat(schedule).doesNotContain(w.name()));
    }
}
