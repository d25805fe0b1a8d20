package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.BadRequestResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.ChildLink;
import org.safeguardingsignals.events.GroupMember;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.runtime.ChronologyLine;

/** What an export holds of one child and withholds of others, and how its page encodes what people typed. */
class SubjectAccessTest {
    private static final String CHILD = "a".repeat(32);
    private static final String SIBLING = "0".repeat(32); // smaller: the group is named by the sibling
    private static final String LAMBETH = "E09000022";
    private static final Worker OFFICER = new Worker("imogen", Set.of(LAMBETH), Worker.Role.IG_OFFICER);

    @Test
    void anNhsNumberIsTakenAsPeopleWriteItAndCheckedByItsCheckDigit() {
        String valid = NhsNumber.firstValidFrom(943_476_591L);
        String spaced = valid.substring(0, 3) + " " + valid.substring(3, 6) + "-" + valid.substring(6);
        assertThat(SubjectAccess.nhsNumber(spaced)).isEqualTo(valid);
        String wrongCheck = valid.substring(0, 9) + ((valid.charAt(9) - '0' + 1) % 10);
        assertThatThrownBy(() -> SubjectAccess.nhsNumber(wrongCheck))
                .isInstanceOf(BadRequestResponse.class)
                .hasMessage("Not a valid NHS number: NHS number check digit does not match the first nine digits");
        assertThatThrownBy(() -> SubjectAccess.nhsNumber(" "))
                .isInstanceOf(BadRequestResponse.class)
                .hasMessageContaining("An NHS number is needed");
    }

    @Test
    void anotherChildsAlertsAndGroupIdAreCountedOrWithheldNeverShown() {
        RiskAlert alert = RiskAlert.newBuilder(ConsoleWorld.alert("alert-1", Severity.HIGH, LAMBETH, "INC-1", 1))
                .setChildPseudonym(CHILD)
                .setRelatedAlerts(List.of("alert-of-the-sibling"))
                .setLinkedGroup(SIBLING)
                .build();
        LinkedGroup group = LinkedGroup.newBuilder()
                .setGroupId(SIBLING)
                .setMembers(List.of(member(SIBLING, "LSIB"), member(CHILD, LAMBETH)))
                .setLinks(List.of(ChildLink.newBuilder()
                        .setChildA(SIBLING)
                        .setChildB(CHILD)
                        .setEvidence(List.of())
                        .setExpiresAt(Instant.now())
                        .build()))
                .setAuthorities(List.of(LAMBETH))
                .setUpdatedAt(Instant.now())
                .build();
        SubjectAccess.Holdings held = holdings(List.of(alert), List.of(group));

        String json = SubjectAccess.json(
                SubjectAccess.document(held, "9434765919", "SAR-1", OFFICER, Instant.parse("2026-12-03T10:00:00Z")));

        assertThat(json).doesNotContain(SIBLING, "alert-of-the-sibling", "LSIB");
        Map<String, Object> doc = SubjectAccess.parse(json);
        Map<?, ?> shownAlert = (Map<?, ?>) ((List<?>) doc.get("alerts")).get(0);
        assertThat(shownAlert.get("relatedAlertsOfOtherChildren")).isEqualTo(1);
        assertThat(shownAlert.get("linkedGroup")).isEqualTo(SubjectAccess.WITHHELD);
        Map<?, ?> shownGroup = (Map<?, ?>) ((List<?>) doc.get("linkedGroups")).get(0);
        assertThat(shownGroup.get("otherChildren")).isEqualTo(1);
        assertThat(shownGroup.get("linksOfThisChild")).isEqualTo(1);
        assertThat(((Map<?, ?>) doc.get("counts")).get("retractions")).isEqualTo(1);
        assertThat(held.knownIn()).containsExactly(LAMBETH);
    }

    @Test
    void thePageEncodesWhatPeopleTypedAndAllowsOnlyItsOwnStyle() throws Exception {
        SubjectAccess.Holdings held = holdings(List.of(), List.of());
        Map<String, Object> doc = SubjectAccess.parse(SubjectAccess.json(
                SubjectAccess.document(held, "9434765919", "SAR-1", OFFICER, Instant.parse("2026-12-03T10:00:00Z"))));

        String page = SubjectAccessPage.render(doc);

        assertThat(page)
                .contains("INC-&lt;script&gt;alert(1)&lt;/script&gt;", "reason=WRONG_CHILD")
                .doesNotContain("<script");
        String style = page.substring(page.indexOf("<style>") + 7, page.indexOf("</style>"));
        String hash = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(style.getBytes(StandardCharsets.UTF_8)));
        assertThat(SubjectAccessPage.CONTENT_SECURITY_POLICY)
                .startsWith("default-src 'none'; style-src 'sha256-" + hash + "'");
    }

    private static SubjectAccess.Holdings holdings(List<RiskAlert> alerts, List<LinkedGroup> groups) {
        Instant at = Instant.parse("2026-11-01T09:00:00Z");
        return new SubjectAccess.Holdings(
                CHILD,
                List.of(
                        new ChronologyLine(
                                at.toString(),
                                "POLICE",
                                "DOMESTIC_ABUSE",
                                "INC-<script>alert(1)</script>",
                                LAMBETH,
                                "e1",
                                null,
                                "01",
                                Map.of()),
                        new ChronologyLine(
                                at.plus(Duration.ofDays(1)).toString(),
                                "POLICE",
                                "RETRACTION",
                                "CORR-1",
                                LAMBETH,
                                "e2",
                                null,
                                "01",
                                Map.of("reason", "WRONG_CHILD"))),
                alerts,
                List.of(),
                List.of(),
                List.of(),
                groups,
                Optional.empty(),
                List.of());
    }

    private static GroupMember member(String child, String authority) {
        return GroupMember.newBuilder()
                .setChildPseudonym(child)
                .setAuthorities(List.of(authority))
                .build();
    }
}
