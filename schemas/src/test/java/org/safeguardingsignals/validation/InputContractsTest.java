package org.safeguardingsignals.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.ChildStatusChange;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.IdentifierSystem;
import org.safeguardingsignals.events.LocalIdentifier;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.ParentHealthCategory;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.RejectReason;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.SchoolConcernCategory;
import org.safeguardingsignals.events.SchoolRollEntry;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.events.UnscheduledCareAttendance;
import org.safeguardingsignals.testing.TestEvents;
import org.safeguardingsignals.topics.Topics;

/** Each input type's contract: where its parts are, the rules every type shares, and each type's own rules. */
class InputContractsTest {
    static final Instant NOW = Instant.parse("2026-11-21T00:00:00Z");
    static final Instant AT = NOW.minus(Duration.ofHours(2));
    static final Duration TOLERANCE = InputContracts.DEFAULT_FUTURE_TOLERANCE;
    static final String LAMBETH = "E09000022";

    static EventHeader header(Instant at) {
        return TestEvents.header(Agency.CHILDRENS_SERVICES, "LAM", LAMBETH, at);
    }

    static PersonRef child(String nhs) {
        return PersonRef.newBuilder().setNhsNumber(nhs).build();
    }

    static PersonRef childWith(LocalIdentifier id) {
        return PersonRef.newBuilder().setLocalIdentifiers(List.of(id)).build();
    }

    static <E extends SpecificRecord> RejectedInputException rejected(InputContract<E> contract, E event) {
        RejectedInputException e =
                catchThrowableOfType(RejectedInputException.class, () -> contract.validate(event, NOW, TOLERANCE));
        assertThat(e).as("rejected").isNotNull();
        return e;
    }

    static ParentHealthEvent.Builder parentHealth() {
        return ParentHealthEvent.newBuilder()
                .setHeader(header(AT))
                .setEventReference("RJ1-77")
                .setCategory(ParentHealthCategory.MENTAL_HEALTH)
                .setChildrenInHousehold(List.of(child("9434765919"), child(null)));
    }

    static SchoolConcern.Builder concern(String urn) {
        return SchoolConcern.newBuilder()
                .setHeader(header(AT))
                .setConcernReference("DSL-3")
                .setChild(child("9434765919"))
                .setSchoolUrn(urn)
                .setCategory(SchoolConcernCategory.EXCLUSION);
    }

    static ChildStatusChange.Builder statusChange(String placing, String host) {
        return ChildStatusChange.newBuilder()
                .setHeader(header(AT))
                .setChild(child("9434765919"))
                .setChange(StatusChangeType.LOOKED_AFTER_START)
                .setPlacingAuthority(placing)
                .setHostAuthority(host);
    }

    static MissingEpisode.Builder episode(String id, Instant reported, Instant returned) {
        return MissingEpisode.newBuilder()
                .setHeader(header(AT))
                .setEpisodeId(id)
                .setChild(child("9434765919"))
                .setReportedMissingAt(reported)
                .setReturnedAt(returned)
                .setLookedAfter(true);
    }

    static ReturnInterviewEvent interview(String episode) {
        return ReturnInterviewEvent.newBuilder()
                .setHeader(header(AT))
                .setEpisodeId(episode)
                .setChild(child("9434765919"))
                .setStatus(ReturnInterviewStatus.COMPLETED)
                .build();
    }

    @Test
    void eachContractKnowsItsTopicHeaderReferenceAndChildren() {
        ParentHealthEvent health = parentHealth().build();
        assertThat(InputContracts.PARENT_HEALTH.topic()).isEqualTo(Topics.PARENT_HEALTH_EVENTS);
        assertThat(InputContracts.PARENT_HEALTH.header().apply(health)).isSameAs(health.getHeader());
        assertThat(InputContracts.PARENT_HEALTH.reference().apply(health)).isEqualTo("RJ1-77");
        assertThat(InputContracts.PARENT_HEALTH.children().apply(health)).isEqualTo(health.getChildrenInHousehold());

        UnscheduledCareAttendance attendance = UnscheduledCareAttendance.newBuilder()
                .setHeader(header(AT))
                .setAttendanceReference("ED-9")
                .setChild(child("9434765919"))
                .build();
        assertThat(InputContracts.UNSCHEDULED_CARE.reference().apply(attendance))
                .isEqualTo("ED-9");
        assertThat(InputContracts.UNSCHEDULED_CARE.children().apply(attendance)).containsExactly(attendance.getChild());
        InputContracts.UNSCHEDULED_CARE.validate(attendance, NOW, TOLERANCE);

        Referral referral = Referral.newBuilder()
                .setHeader(header(AT))
                .setReferralId("REF-1")
                .setChild(child("9434765919"))
                .build();
        assertThat(InputContracts.REFERRAL.reference().apply(referral)).isEqualTo("REF-1");
        assertThat(InputContracts.REFERRAL.children().apply(referral)).containsExactly(referral.getChild());

        ChildStatusChange change = statusChange(null, null).build();
        assertThat(InputContracts.STATUS_CHANGE.reference().apply(change))
                .as("a status change's event id serves as its reference")
                .isEqualTo(change.getHeader().getEventId().toString());
        assertThat(InputContracts.SCHOOL_CONCERN
                        .children()
                        .apply(concern("100000").build()))
                .hasSize(1);
        MissingEpisode missing = episode("EP-1", AT, null).build();
        assertThat(InputContracts.MISSING_EPISODE.reference().apply(missing)).isEqualTo("EP-1");
        assertThat(InputContracts.MISSING_EPISODE.children().apply(missing)).containsExactly(missing.getChild());
        assertThat(InputContracts.RETURN_INTERVIEW.reference().apply(interview("EP-1")))
                .isEqualTo("EP-1");
        assertThat(InputContracts.RETURN_INTERVIEW.children().apply(interview("EP-1")))
                .hasSize(1);
    }

    @Test
    void aTombstoneAnEventWithNoChildAndAnEventFromTheFutureAreRejected() {
        assertThat(rejected(InputContracts.REFERRAL, null))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(RejectReason.MISSING_REFERENCE, "record has no value (tombstone)");
        assertThat(rejected(
                        InputContracts.PARENT_HEALTH,
                        parentHealth().setChildrenInHousehold(List.of()).build()))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(RejectReason.MISSING_REFERENCE, "no child is referenced");

        Instant edge = NOW.plus(TOLERANCE);
        InputContracts.PARENT_HEALTH.validate(
                parentHealth().setHeader(header(edge)).build(), NOW, TOLERANCE);
        assertThat(rejected(
                        InputContracts.PARENT_HEALTH,
                        parentHealth().setHeader(header(edge.plusMillis(1))).build()))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(
                        RejectReason.TIMESTAMP_IN_FUTURE,
                        "header.occurredAt is more than PT5M after the time of processing");
    }

    @Test
    void theNilEventIdIsRefusedAndAnyOtherIdIsTaken() {
        EventHeader nil = header(NOW);
        nil.setEventId(new UUID(0, 0)); // the SDK's "derive it" mark, sent some other way
        assertThat(rejected(
                        InputContracts.PARENT_HEALTH,
                        parentHealth().setHeader(nil).build()))
                .extracting(RejectedInputException::reason)
                .isEqualTo(RejectReason.INVALID_EVENT_ID);

        EventHeader one = header(NOW);
        one.setEventId(new UUID(0, 1));
        InputContracts.PARENT_HEALTH.validate(parentHealth().setHeader(one).build(), NOW, TOLERANCE);
    }

    @Test
    void theHeadersAuthorityAndOrganisationAreChecked() {
        EventHeader wrongAuthority = header(AT);
        wrongAuthority.setLocalAuthority("E07000008");
        assertThat(rejected(
                        InputContracts.PARENT_HEALTH,
                        parentHealth().setHeader(wrongAuthority).build()))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(
                        RejectReason.INVALID_AUTHORITY_CODE,
                        "header.localAuthority: E07 is a shire district, which has no children's services: use the "
                                + "county's E10 code");
        EventHeader noOrganisation = header(AT);
        noOrganisation.setOrganisationCode("");
        assertThat(rejected(
                        InputContracts.PARENT_HEALTH,
                        parentHealth().setHeader(noOrganisation).build()))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(RejectReason.MISSING_REFERENCE, "header.organisationCode is missing");
        ParentHealthEvent noReference = parentHealth().build();
        noReference.setEventReference(null);
        assertThat(rejected(InputContracts.PARENT_HEALTH, noReference))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(RejectReason.MISSING_REFERENCE, "reference is missing");
    }

    @Test
    void aChildsUpnMustBeValidAndOtherLocalIdsMustBeReferences() {
        PersonRef goodUpn = childWith(new LocalIdentifier(IdentifierSystem.UPN, "B801200005001"));
        InputContracts.PARENT_HEALTH.validate(
                parentHealth().setChildrenInHousehold(List.of(goodUpn)).build(), NOW, TOLERANCE);

        PersonRef badUpn = childWith(new LocalIdentifier(IdentifierSystem.UPN, "A801200005001"));
        assertThat(rejected(
                        InputContracts.PARENT_HEALTH,
                        parentHealth()
                                .setChildrenInHousehold(List.of(goodUpn, badUpn))
                                .build()))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(
                        RejectReason.INVALID_UPN,
                        "child.localIdentifiers[UPN]: UPN check letter does not match its digits");
        PersonRef blankId = childWith(new LocalIdentifier(IdentifierSystem.SOCIAL_CARE_ID, " "));
        assertThat(rejected(
                        InputContracts.PARENT_HEALTH,
                        parentHealth().setChildrenInHousehold(List.of(blankId)).build()))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(RejectReason.MISSING_REFERENCE, "child.localIdentifiers[SOCIAL_CARE_ID] is missing");
    }

    @Test
    void aHouseholdReferenceMustBeAReference() {
        PersonRef sibling = child("9434765919");
        sibling.setHouseholdReference("E09000022:FAM-0042");
        InputContracts.PARENT_HEALTH.validate(
                parentHealth().setChildrenInHousehold(List.of(sibling)).build(), NOW, TOLERANCE);
        PersonRef address = child("9434765919");
        address.setHouseholdReference("12 High Street");
        assertThat(rejected(
                        InputContracts.PARENT_HEALTH,
                        parentHealth().setChildrenInHousehold(List.of(address)).build()))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(
                        RejectReason.INVALID_REFERENCE,
                        "child.householdReference may contain only letters A-Z and a-z, digits 0-9 "
                                + "and - _ / . : (character 3 is not one of them)");
    }

    @Test
    void aChildWithoutAValidNhsNumberIsAcceptedForMatching() {
        InputContracts.PARENT_HEALTH.validate(
                parentHealth()
                        .setChildrenInHousehold(List.of(child("9434765918"), child(null)))
                        .build(),
                NOW,
                TOLERANCE);
    }

    @Test
    void aSchoolConcernNeedsAValidSchoolUrn() {
        InputContracts.SCHOOL_CONCERN.validate(concern("100000").build(), NOW, TOLERANCE);
        assertThat(rejected(InputContracts.SCHOOL_CONCERN, concern("012345").build()))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(RejectReason.INVALID_SCHOOL_URN, "schoolUrn: school URN must be 100000 or more");
    }

    @Test
    void aStatusChangesPlacingAndHostAuthoritiesMustBeValidWhenGiven() {
        InputContracts.STATUS_CHANGE.validate(statusChange(null, null).build(), NOW, TOLERANCE);
        InputContracts.STATUS_CHANGE.validate(statusChange(LAMBETH, "E10000016").build(), NOW, TOLERANCE);
        assertThat(rejected(
                        InputContracts.STATUS_CHANGE,
                        statusChange("E07000008", null).build()))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(
                        RejectReason.INVALID_AUTHORITY_CODE,
                        "placingAuthority: E07 is a shire district, which has no children's services: use the "
                                + "county's E10 code");
        assertThat(rejected(
                                InputContracts.STATUS_CHANGE,
                                statusChange(LAMBETH, "W06000015").build())
                        .getMessage())
                .startsWith("hostAuthority: local authority GSS code must start E06");
    }

    @Test
    void whereAChildWentMissingFromAndWasFoundAreCodedSmallAreasNeverAddresses() {
        InputContracts.MISSING_EPISODE.validate(
                episode("EP-1", AT, AT)
                        .setMissingFromArea("E01003030")
                        .setFoundArea("W01001500")
                        .build(),
                NOW,
                TOLERANCE);
        assertThat(rejected(
                        InputContracts.MISSING_EPISODE,
                        episode("EP-1", AT, AT).setFoundArea("SE1 7PB").build()))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(
                        RejectReason.INVALID_REFERENCE,
                        "foundArea: not a 2021 LSOA code (E01 or W01 and six digits, e.g. E01000001); never an address");
        assertThat(rejected(
                                InputContracts.MISSING_EPISODE,
                                episode("EP-1", AT, null)
                                        .setMissingFromArea("E0100303")
                                        .build())
                        .getMessage())
                .startsWith("missingFromArea: not a 2021 LSOA code");
    }

    @Test
    void aMissingEpisodeNeedsAnIdAReturnAfterItsReportAndValidAuthorities() {
        InputContracts.MISSING_EPISODE.validate(episode("EP-1", AT, null).build(), NOW, TOLERANCE);
        InputContracts.MISSING_EPISODE.validate(episode("EP-1", AT, AT).build(), NOW, TOLERANCE);
        assertThat(rejected(
                        InputContracts.MISSING_EPISODE,
                        episode("EP-1", AT, AT.minusMillis(1)).build()))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(RejectReason.INCONSISTENT_TIMES, "returnedAt is before reportedMissingAt");
        assertThat(rejected(
                                InputContracts.MISSING_EPISODE,
                                episode("EP-1", AT, null)
                                        .setPlacingAuthority("E0900002")
                                        .build())
                        .getMessage())
                .startsWith("placingAuthority: ");
        assertThat(rejected(
                                InputContracts.MISSING_EPISODE,
                                episode("EP-1", AT, null)
                                        .setPlacingAuthority(LAMBETH)
                                        .setHostAuthority("E07000008")
                                        .build())
                        .getMessage())
                .startsWith("hostAuthority: ");
        InputContracts.MISSING_EPISODE.validate(
                episode("EP-1", AT, null)
                        .setPlacingAuthority(LAMBETH)
                        .setHostAuthority("E10000016")
                        .build(),
                NOW,
                TOLERANCE);
    }

    @Test
    void aReturnInterviewNeedsItsEpisodesId() {
        InputContracts.RETURN_INTERVIEW.validate(interview("EP-1"), NOW, TOLERANCE);
        assertThat(rejected(InputContracts.RETURN_INTERVIEW, interview("")))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(RejectReason.MISSING_REFERENCE, "reference is missing");
    }

    @Test
    void aRollEntryNeedsAValidSchoolAndAnEndNotBeforeItsStart() {
        SchoolRollEntry.Builder entry = SchoolRollEntry.newBuilder()
                .setHeader(header(AT))
                .setChild(child("9434765919"))
                .setSchoolUrn("100000")
                .setStartDate(LocalDate.parse("2026-09-03"));
        InputContracts.SCHOOL_ROLL.validate(entry.build(), NOW, TOLERANCE);
        InputContracts.SCHOOL_ROLL.validate(
                entry.setEndDate(LocalDate.parse("2026-09-03")).build(), NOW, TOLERANCE);
        assertThat(rejected(
                        InputContracts.SCHOOL_ROLL,
                        entry.setEndDate(LocalDate.parse("2026-09-02")).build()))
                .extracting(RejectedInputException::reason, Throwable::getMessage)
                .containsExactly(RejectReason.INCONSISTENT_TIMES, "endDate is before startDate");
        assertThat(rejected(
                                InputContracts.SCHOOL_ROLL,
                                entry.setEndDate(null).setSchoolUrn("12345").build())
                        .getMessage())
                .contains("schoolUrn");
    }

    @Test
    void theContractOfAnEventTypeOrATopic() {
        assertThat(InputContracts.of(DomesticAbuseIncident.class)).isSameAs(InputContracts.DOMESTIC_ABUSE);
        assertThat(InputContracts.of(SchoolRollEntry.class)).isSameAs(InputContracts.SCHOOL_ROLL);
        assertThatThrownBy(() -> InputContracts.of(EventHeader.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "EventHeader is not an input event type; input types: [DomesticAbuseIncident, ");
        assertThat(InputContracts.forTopic(Topics.MISSING_EPISODES.name()))
                .containsSame(InputContracts.MISSING_EPISODE);
        assertThat(InputContracts.forTopic("no.such.topic")).isEmpty();
        assertThat(InputContracts.ALL)
                .extracting(c -> c.topic().name())
                .containsExactlyElementsOf(
                        Topics.inputs().stream().map(t -> t.name()).toList());
    }

    @Test
    void validatingWithoutATimeUsesTheWallClockAndTheDefaultTolerance() {
        DomesticAbuseIncident incident = TestEvents.incident("MPS-1", DashRiskLevel.STANDARD, "9434765919");
        incident.getHeader().setOccurredAt(Instant.now().plus(Duration.ofMinutes(4)));
        InputContracts.DOMESTIC_ABUSE.validate(incident);
        incident.getHeader().setOccurredAt(Instant.now().plus(Duration.ofMinutes(6)));
        assertThatThrownBy(() -> InputContracts.DOMESTIC_ABUSE.validate(incident))
                .isInstanceOfSatisfying(
                        RejectedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE));
    }
}
