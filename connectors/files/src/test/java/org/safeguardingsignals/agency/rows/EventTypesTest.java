package org.safeguardingsignals.agency.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AssessmentFactor;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.IdentifierSystem;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.Retraction;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.RejectedInputException;

class EventTypesTest {
    static final Path SAMPLES = Path.of("../samples");

    @TempDir
    Path dir;

    static Map<String, String> referralRow() {
        Map<String, String> v = new HashMap<>();
        v.put("organisation_code", "E09000022");
        v.put("local_authority", "E09000022");
        v.put("occurred_at", "2025-03-08T14:00:00Z");
        v.put("referral_id", "R-1");
        v.put("child_nhs_number", "9990000018");
        return v;
    }

    static List<RowReader.RawRow> rows(Path file) throws IOException {
        List<RowReader.RawRow> out = new ArrayList<>();
        try (RowReader r = RowReader.open(file, RowReader.formatOf(file))) {
            for (RowReader.RawRow row = r.next(); row != null; row = r.next()) {
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void docsListEveryColumnOfEveryTypeInItsOwnSection() throws IOException {
        String docs = Files.readString(Path.of("../../docs/PUBLISHING.md"));
        for (EventType<?> type : EventTypes.ALL) {
            int start = docs.indexOf("### " + type.name() + "\n");
            assertThat(start).as("section for " + type.name()).isPositive();
            int end = docs.indexOf("\n### ", start + 1);
            String section = docs.substring(start, end < 0 ? docs.length() : end);
            for (Column c : type.columns()) {
                assertThat(section)
                        .as(type.name())
                        .contains("| `" + c.name() + "` | " + (c.required() ? "required" : "optional"));
            }
            assertThat(SAMPLES.resolve(type.name() + ".csv")).exists();
        }
    }

    @Test
    void theReferralSampleMapsEveryColumn() throws IOException {
        RowReader.RawRow first = rows(SAMPLES.resolve("referral.csv")).get(0);
        Referral r = EventTypes.REFERRAL.toEvent(first);
        assertThat(first.line()).isEqualTo(2);
        assertThat(r.getReferralId()).isEqualTo("LAM-REF-0001");
        assertThat(r.getChild().getNhsNumber()).isEqualTo("9990000018");
        assertThat(r.getChild().getDateOfBirth()).isEqualTo(LocalDate.of(2014, 5, 2));
        assertThat(r.getChild().getLocalIdentifiers()).singleElement().satisfies(id -> {
            assertThat(id.getSystem()).isEqualTo(IdentifierSystem.SOCIAL_CARE_ID);
            assertThat(id.getValue()).isEqualTo("LAM-12345");
        });
        assertThat(r.getAssessmentFactors())
                .containsExactly(AssessmentFactor.DOMESTIC_ABUSE_PARENT, AssessmentFactor.ALCOHOL_MISUSE_PARENT);
        assertThat(r.getHeader().getRecordedAt()).isEqualTo(r.getHeader().getOccurredAt());
    }

    @Test
    void childrenListsRunSideBySide() throws IOException {
        DomesticAbuseIncident e = EventTypes.DOMESTIC_ABUSE_INCIDENT.toEvent(
                rows(SAMPLES.resolve("domestic-abuse-incident.csv")).get(0));
        assertThat(e.getChildren()).hasSize(2);
        assertThat(e.getChildren().get(0).getPresent()).isTrue();
        assertThat(e.getChildren().get(1).getPresent()).isFalse();
        assertThat(e.getChildren().get(1).getChild().getDateOfBirth()).isEqualTo(LocalDate.of(2017, 9, 30));

        Map<String, String> v = new HashMap<>();
        v.put("organisation_code", "01");
        v.put("local_authority", "E09000022");
        v.put("occurred_at", "2025-03-01T22:15:00Z");
        v.put("incident_reference", "DA-1");
        v.put("children_nhs_numbers", "9990000018;9990000026");
        v.put("children_present", "true");
        v.put("police_attended", "yes");
        assertThatThrownBy(() -> EventTypes.DOMESTIC_ABUSE_INCIDENT.toEvent(2, v))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("children_present has 1 entries but children_nhs_numbers has 2");
    }

    static Map<String, String> returnRow() {
        Map<String, String> v = new HashMap<>();
        v.put("organisation_code", "01");
        v.put("local_authority", "E09000022");
        v.put("occurred_at", "2025-03-13T06:30:00Z");
        v.put("episode_id", "MPS-MISS-0001");
        v.put("child_nhs_number", "9990000085");
        v.put("reported_missing_at", "2025-03-12T21:00:00Z");
        v.put("returned_at", "2025-03-13T06:30:00Z");
        v.put("looked_after", "false");
        return v;
    }

    @Test
    void whereAChildWentMissingFromWasFoundAndWithWhomAreReadFromTheirColumns() {
        Map<String, String> v = returnRow();
        v.put("missing_from_area", "E01003030");
        v.put("found_force_code", "46");
        v.put("found_area", " W01001500 ");
        v.put("found_with_nhs_numbers", "9990000093; 9990000018");
        MissingEpisode e = EventTypes.MISSING_EPISODE.toEvent(2, v);
        assertThat(e.getMissingFromArea()).isEqualTo("E01003030");
        assertThat(e.getFoundArea()).isEqualTo("W01001500");
        assertThat(e.getFoundForceCode()).isEqualTo("46");
        assertThat(e.getFoundWith())
                .containsExactly(
                        PersonRef.newBuilder().setNhsNumber("9990000093").build(),
                        PersonRef.newBuilder().setNhsNumber("9990000018").build());

        Map<String, String> without = returnRow();
        MissingEpisode none = EventTypes.MISSING_EPISODE.toEvent(2, without);
        assertThat(none.getMissingFromArea()).isNull();
        assertThat(none.getFoundArea()).isNull();
        assertThat(none.getFoundWith()).isEmpty();
        without.put("found_with_nhs_numbers", " ");
        assertThat(EventTypes.MISSING_EPISODE.toEvent(2, without).getFoundWith())
                .isEmpty();
        without.put("found_with_nhs_numbers", "9990000093;");
        assertThat(EventTypes.MISSING_EPISODE.toEvent(2, without).getFoundWith())
                .extracting(PersonRef::getNhsNumber)
                .containsExactly("9990000093");
    }

    @Test
    void theMissingEpisodeSampleLinksTwoChildrenFoundTogether() throws IOException {
        List<MissingEpisode> episodes = rows(SAMPLES.resolve("missing-episode.csv")).stream()
                .map(EventTypes.MISSING_EPISODE::toEvent)
                .toList();
        assertThat(episodes)
                .hasSize(4)
                .allSatisfy(e -> assertThat(e.getMissingFromArea()).isEqualTo("E01003030"));
        assertThat(episodes.get(2).getFoundArea()).isEqualTo("E01024131");
        assertThat(episodes.get(2).getFoundWith())
                .extracting(PersonRef::getNhsNumber)
                .containsExactly(episodes.get(3).getChild().getNhsNumber());
        assertThat(episodes.get(3).getFoundWith()).isEmpty();
    }

    @Test
    void anAreaThatIsNotAnLsoaCodeRejectsTheRowWithoutRepeatingIt() {
        Map<String, String> v = returnRow();
        v.put("found_area", "SE1 7PB");
        assertThatThrownBy(() -> EventTypes.MISSING_EPISODE.toEvent(2, v))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_REFERENCE))
                .hasMessage(
                        "foundArea: not a 2021 LSOA code (E01 or W01 and six digits, e.g. E01000001); never an address");
        Map<String, String> from = returnRow();
        from.put("missing_from_area", "E0100303");
        assertThatThrownBy(() -> EventTypes.MISSING_EPISODE.toEvent(2, from))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_REFERENCE))
                .hasMessage("missingFromArea: not a 2021 LSOA code (E01 or W01 and six digits, e.g. E01000001); "
                        + "never an address");
    }

    @Test
    void aFoundWithEntryThatIsNotAValidNhsNumberRejectsTheRowNamingItsPosition() {
        Map<String, String> v = returnRow();
        v.put("found_with_nhs_numbers", "9990000093;9990000094");
        assertThatThrownBy(() -> EventTypes.MISSING_EPISODE.toEvent(2, v))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_NHS_NUMBER))
                .hasMessage("found_with_nhs_numbers entry 2: NHS number check digit does not match the first nine "
                        + "digits");
        v.put("found_with_nhs_numbers", "Jane Smith");
        assertThatThrownBy(() -> EventTypes.MISSING_EPISODE.toEvent(2, v))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_NHS_NUMBER))
                .hasMessage("found_with_nhs_numbers entry 1: NHS number must be digits only, found another character "
                        + "at position 1")
                .hasMessageNotContaining("Jane");
    }

    @Test
    void localTimesAreUkTimeAcrossSummerTime() {
        Map<String, String> v = referralRow();
        v.put("occurred_at", "2025-07-01 10:15");
        assertThat(EventTypes.REFERRAL.toEvent(2, v).getHeader().getOccurredAt())
                .isEqualTo(Instant.parse("2025-07-01T09:15:00Z"));
        v.put("occurred_at", "2025-01-15 10:15:30");
        assertThat(EventTypes.REFERRAL.toEvent(2, v).getHeader().getOccurredAt())
                .isEqualTo(Instant.parse("2025-01-15T10:15:30Z"));
    }

    @Test
    void theSameRowAlwaysGetsTheSameEventIdAndAnotherRowAnother() {
        Map<String, String> v = referralRow();
        var first = EventTypes.REFERRAL.toEvent(2, v).getHeader().getEventId();
        var again = EventTypes.REFERRAL.toEvent(9, new HashMap<>(v)).getHeader().getEventId();
        v.put("referral_id", "R-2");
        var other = EventTypes.REFERRAL.toEvent(2, v).getHeader().getEventId();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        v.put("event_id", "not-a-uuid");
        assertThatThrownBy(() -> EventTypes.REFERRAL.toEvent(2, v))
                .isInstanceOf(RejectedInputException.class)
                .satisfies(e ->
                        assertThat(((RejectedInputException) e).reason()).isEqualTo(RejectReason.INVALID_EVENT_ID));
    }

    @Test
    void aDateOrTimeInNoAcceptedFormatIsRejectedNamingTheColumnAndTheFormats() {
        Map<String, String> time = referralRow();
        time.put("occurred_at", "08/03/2025 17:00");
        assertThatThrownBy(() -> EventTypes.REFERRAL.toEvent(2, time))
                .isInstanceOf(RejectedInputException.class)
                .satisfies(
                        e -> assertThat(((RejectedInputException) e).reason()).isEqualTo(RejectReason.INVALID_DATE))
                .hasMessage("occurred_at is not a date and time such as 2025-03-01T10:15:00Z or 2025-03-01 10:15 "
                        + "(UK time)");
        Map<String, String> date = referralRow();
        date.put("child_date_of_birth", "2 May 2014");
        assertThatThrownBy(() -> EventTypes.REFERRAL.toEvent(2, date))
                .satisfies(
                        e -> assertThat(((RejectedInputException) e).reason()).isEqualTo(RejectReason.INVALID_DATE))
                .hasMessage("child_date_of_birth is not a date such as 2025-03-01 or 01/03/2025");
    }

    @Test
    void aRuleOfThePipelinesContractRejectsTheRowWithThePipelinesReason() {
        Map<String, String> v = referralRow();
        v.put("occurred_at", Instant.now().plusSeconds(3600).toString());
        assertThatThrownBy(() -> EventTypes.REFERRAL.toEvent(2, v))
                .isInstanceOf(RejectedInputException.class)
                .satisfies(e ->
                        assertThat(((RejectedInputException) e).reason()).isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE));
        Map<String, String> upn = referralRow();
        upn.put("child_upn", "B123456789012");
        assertThatThrownBy(() -> EventTypes.REFERRAL.toEvent(2, upn))
                .satisfies(
                        e -> assertThat(((RejectedInputException) e).reason()).isEqualTo(RejectReason.INVALID_UPN))
                .hasMessageNotContaining("B123456789012");
    }

    @Test
    void readsSpreadsheetCsvWithAByteOrderMarkAndRejectsUnreadableJsonLines() throws IOException {
        Path csv = dir.resolve("excel.csv");
        Files.write(
                csv,
                ("\uFEFForganisation_code,local_authority,occurred_at,referral_id,child_nhs_number\r\n"
                                + "E09000022,E09000022,2025-03-08T14:00:00Z,R-9,9990000018\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        try (RowReader r = RowReader.open(csv, RowReader.Format.CSV)) {
            assertThat(EventTypes.REFERRAL.headerProblems(r.header())).isEmpty();
            assertThat(EventTypes.REFERRAL.toEvent(r.next()).getReferralId()).isEqualTo("R-9");
        }

        Path jsonl = dir.resolve("bad.jsonl");
        Files.writeString(
                jsonl,
                "{\"referral_id\": \"R-1\", \"child\": {\"nhs\": \"9990000018\"}}\nnot json\n"
                        + "{\"referal_id\": \"R-3\"}\n");
        List<RowReader.RawRow> rows = rows(jsonl);
        assertThat(rows).hasSize(3);
        assertThatThrownBy(() -> EventTypes.REFERRAL.toEvent(rows.get(0)))
                .hasMessage("key 2 of the object has an object as its value; the layout has flat columns");
        assertThatThrownBy(() -> EventTypes.REFERRAL.toEvent(rows.get(1)))
                .hasMessage("the line is not JSON (at " + "character 1)");
        assertThatThrownBy(() -> EventTypes.REFERRAL.toEvent(rows.get(2)))
                .hasMessage("key 1 is not a column of referral (did you mean 'referral_id'?)");
    }

    @Test
    void aCellOrRowOverTheLimitsIsRejectedAndTheNextRowRead() throws IOException {
        RowLimits limits = new RowLimits(200, 50);
        Path csv = dir.resolve("long.csv");
        Files.writeString(
                csv,
                "organisation_code,local_authority,occurred_at,referral_id,child_nhs_number\n"
                        + "E09000022,E09000022,2025-03-08T14:00:00Z,R-1," + "9".repeat(51) + "\n"
                        + "E09000022,E09000022,2025-03-08T14:00:00Z,R-2,9990000018\n");
        try (RowReader r = RowReader.open(csv, RowReader.Format.CSV, limits)) {
            assertThat(r.next().unreadable()).isEqualTo("child_nhs_number is longer than 50 characters");
            assertThat(EventTypes.REFERRAL.toEvent(r.next()).getReferralId()).isEqualTo("R-2");
        }

        Path jsonl = dir.resolve("long.jsonl");
        Files.writeString(
                jsonl,
                "{\"referral_id\": \"" + "x".repeat(300) + "\"}\n"
                        + "{\"referral_id\": \"" + "x".repeat(60) + "\"}\n"
                        + "{\"referral_id\": \"R-3\"}\r\n");
        try (RowReader r = RowReader.open(jsonl, RowReader.Format.JSONL, limits)) {
            assertThat(r.next()).satisfies(row -> {
                assertThat(row.line()).isEqualTo(1);
                assertThat(row.unreadable()).isEqualTo("the line is longer than 200 characters");
            });
            assertThat(r.next().unreadable())
                    .isEqualTo("the value of key 1 of the object is longer than 50 " + "characters");
            assertThat(r.next()).satisfies(row -> {
                assertThat(row.line()).isEqualTo(3);
                assertThat(row.values()).containsEntry("referral_id", "R-3");
            });
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void aCsvRowWhoseEndCannotBeFoundStopsTheReadingAtItsLine() throws IOException {
        Path csv = dir.resolve("unclosed.csv");
        Files.writeString(
                csv,
                "organisation_code,local_authority,occurred_at,referral_id,child_nhs_number\n"
                        + "E09000022,E09000022,2025-03-08T14:00:00Z,R-1,9990000018\n"
                        + "E09000022,E09000022,2025-03-08T14:00:00Z,\"R-2," + "9434765919 ".repeat(20_000) + "\n"
                        + "E09000022,E09000022,2025-03-08T14:00:00Z,R-3,9990000018\n");
        try (RowReader r = RowReader.open(csv, RowReader.Format.CSV, new RowLimits(1000, 100))) {
            assertThat(r.next().values()).containsEntry("referral_id", "R-1");
            assertThatThrownBy(r::next).isInstanceOfSatisfying(UnreadableFileException.class, e -> {
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.reason())
                        .isEqualTo("the row is longer than 1,000 characters (is a quoted field not " + "closed?)");
            });
        }
        Path broken = dir.resolve("broken.csv");
        Files.writeString(
                broken,
                "organisation_code,local_authority,occurred_at,referral_id,child_nhs_number\n"
                        + "E09000022,E09000022,2025-03-08T14:00:00Z,\"R-1\"9434765919,9990000018\n");
        try (RowReader r = RowReader.open(broken, RowReader.Format.CSV)) {
            assertThatThrownBy(r::next)
                    .isInstanceOfSatisfying(
                            UnreadableFileException.class,
                            e -> assertThat(e.getMessage())
                                    .startsWith("line 2: the row is not valid CSV")
                                    .doesNotContain("9434765919"));
        }
    }

    @Test
    void aCodeCellThatIsNotACodeIsNotRepeated() {
        Map<String, String> v = referralRow();
        v.put("referral_source", "JANE_SMITH_9434765919");
        assertThatThrownBy(() -> EventTypes.REFERRAL.toEvent(2, v))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("referral_source is not one of its codes; the codes are POLICE, ")
                .hasMessageNotContaining("JANE")
                .hasMessageNotContaining("9434765919");
        v.put("referral_source", "POLIC");
        assertThatThrownBy(() -> EventTypes.REFERRAL.toEvent(2, v))
                .hasMessage("referral_source is not one of its codes (did you mean POLICE?)");
    }

    @Test
    void aHeaderRowThatIsReallyARowOfDataIsNotRepeated() {
        assertThat(EventTypes.REFERRAL.headerProblems(List.of(
                        "E09000022", "E09000022", "2025-03-08T14:00:00Z", "JANE_SMITH_9434765919", "9434765919")))
                .anySatisfy(p -> assertThat(p).startsWith("header column 4 is not a column of referral"))
                .allSatisfy(p -> assertThat(p).doesNotContain("9434765919").doesNotContain("JANE"));
    }

    static Map<String, String> retractionRow() {
        Map<String, String> v = new HashMap<>();
        v.put("organisation_code", "01");
        v.put("local_authority", "E09000022");
        v.put("occurred_at", "2025-03-04T09:30:00Z");
        v.put("retracted_event_id", "5b1f3c2a-8d4e-3f6a-9b7c-0e1d2c3b4a59");
        v.put("reason", "wrong child");
        v.put("agency_reference", "MPS-CORR-0001");
        v.put("children_nhs_numbers", "9990000018;9990000026");
        return v;
    }

    @Test
    void aRetractionRowTakesBackAnEventOnItsPublishersOwnTopicKeyedByTheEventId() {
        EventType<?> police = EventTypes.forPublisher(EventTypes.RETRACTION, "police");
        Retraction r = (Retraction) police.toEvent(2, retractionRow());
        assertThat(police.contract().topic()).isEqualTo(Topics.POLICE_RETRACTIONS);
        assertThat(r.getHeader().getSourceAgency()).isEqualTo(Agency.POLICE);
        assertThat(r.getRetractedEventId()).hasToString("5b1f3c2a-8d4e-3f6a-9b7c-0e1d2c3b4a59");
        assertThat(r.getReason()).isEqualTo(RetractionReason.WRONG_CHILD);
        assertThat(r.getAgencyReference()).isEqualTo("MPS-CORR-0001");
        assertThat(r.getChildren()).extracting(PersonRef::getNhsNumber).containsExactly("9990000018", "9990000026");
        assertThat(Topics.POLICE_RETRACTIONS.keyOf(r)).isEqualTo("5b1f3c2a-8d4e-3f6a-9b7c-0e1d2c3b4a59");

        EventType<?> interviews = EventTypes.forPublisher(EventTypes.RETRACTION, "return-interviews");
        Map<String, String> v = retractionRow();
        v.put("organisation_code", "E09000022");
        Retraction byProvider = (Retraction) interviews.toEvent(2, v);
        assertThat(interviews.contract().topic()).isEqualTo(Topics.RETURN_INTERVIEW_RETRACTIONS);
        assertThat(byProvider.getHeader().getSourceAgency()).isEqualTo(Agency.CHILDRENS_SERVICES);

        assertThat(EventTypes.forPublisher(EventTypes.REFERRAL, null)).isSameAs(EventTypes.REFERRAL);
        assertThatThrownBy(() -> EventTypes.forPublisher(EventTypes.RETRACTION, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("police, health, school, childrens-services, return-interviews");
        assertThatThrownBy(() -> EventTypes.forPublisher(EventTypes.RETRACTION, "probation"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown agency 'probation'");
    }

    @Test
    void aBadRetractionRowIsRejectedWithItsReasonAndNoValue() {
        EventType<?> police = EventTypes.forPublisher(EventTypes.RETRACTION, "police");
        Map<String, String> health = retractionRow();
        health.put("source_agency", "HEALTH");
        assertThatThrownBy(() -> police.toEvent(2, health))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.RETRACTION_NOT_OWN_EVENT));
        Map<String, String> notAnId = retractionRow();
        notAnId.put("retracted_event_id", "MPS-DA-0002");
        assertThatThrownBy(() -> police.toEvent(2, notAnId))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_EVENT_ID))
                .hasMessage("retracted_event_id is not a UUID");
        Map<String, String> noReason = retractionRow();
        noReason.remove("reason");
        assertThatThrownBy(() -> police.toEvent(2, noReason))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.MISSING_REFERENCE))
                .hasMessage("reason is empty");
        Map<String, String> noChild = retractionRow();
        noChild.put("children_nhs_numbers", "");
        assertThatThrownBy(() -> police.toEvent(2, noChild))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.MISSING_REFERENCE));
    }
}
