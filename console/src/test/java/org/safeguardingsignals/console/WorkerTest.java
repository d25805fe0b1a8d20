package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each console role may do: the one table the API, the page and the audit search all ask. */
class WorkerTest {

    @Test
    void eachRoleMaySeeDecideRevealSignOffOrSearchTheAuditAsTheReadmeSays() {
        // role -> see alerts, decide, reveal an identity, search the audit, sign off another's no further action,
        // receive Encompass notices (with a school: a DSL's reveal is for a child named in a notice to their school)
        Map<Worker.Role, List<Boolean>> may = Map.of(
                Worker.Role.WORKER, List.of(true, true, true, false, false, false),
                Worker.Role.TEAM_MANAGER, List.of(true, true, true, false, true, false),
                Worker.Role.READ_ONLY, List.of(true, false, false, false, false, false),
                Worker.Role.IG_OFFICER, List.of(false, false, false, true, false, false),
                Worker.Role.SCHOOL_DSL, List.of(false, false, true, false, false, true));
        assertThat(may).hasSize(Worker.Role.values().length);
        may.forEach((role, expected) -> {
            Worker w = new Worker("someone", Set.of("E09000022"), Set.of("100001"), role);
            assertThat(List.of(
                            w.canSeeAlerts(),
                            w.canDecide(),
                            w.canRevealIdentity(),
                            w.canSearchAudit(),
                            w.canSignOff(),
                            w.receivesNotices()))
                    .as("%s", role)
                    .isEqualTo(expected);
        });
    }

    @Test
    void aUserWorksForTheAuthoritiesTheyAreBoundToAndNoOther() {
        Worker w = new Worker("amara", Set.of("E09000022", "E10000016"), Set.of("100000"), Worker.Role.WORKER);
        assertThat(w.worksFor("E09000022")).isTrue();
        assertThat(w.worksFor("E10000016")).isTrue();
        assertThat(w.worksFor("E06000035")).isFalse();
        assertThat(w.schools()).containsExactly("100000");
        assertThat(new Worker("kofi", Set.of("E10000016"), Worker.Role.WORKER).schools())
                .isEmpty();
        assertThat(new Worker("dina", Set.of("E09000022"), Worker.Role.SCHOOL_DSL).receivesNotices())
                .as("a DSL of no school has no notices")
                .isFalse();
    }
}
