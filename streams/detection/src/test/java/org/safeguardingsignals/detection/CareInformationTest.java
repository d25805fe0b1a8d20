package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.AlertRouting;
import org.safeguardingsignals.events.CareFlag;
import org.safeguardingsignals.events.OpenStatus;
import org.safeguardingsignals.events.PresentingReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.StatusChangeType;
import org.safeguardingsignals.events.UnscheduledCareAttendance;

/**
 * CP-IS: an unscheduled-care attendance of a child on a protection plan or looked after raises one alert to the
 * responsible authority and one flag for the attending organisation; none once the plan or care has ended.
 */
class CareInformationTest {
    private final Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    private static List<RiskAlert> cpIs(List<RiskAlert> alerts) {
        return alerts.stream()
                .filter(a -> a.getRuleId().equals("cp-is-attendance"))
                .toList();
    }

    @Test
    void aChildOnAPlanAttendingIsFlaggedToTheAttendingOrganisationAndAlertedToTheAuthority() {
        Instant at = world.wallClock().minus(Duration.ofHours(3));
        Child kai = world.child("Kai");
        world.statusChange(at, kai, StatusChangeType.CHILD_PROTECTION_PLAN_START, null, null);
        UnscheduledCareAttendance attendance =
                world.unscheduledCare(at.plusSeconds(3600), kai, null, PresentingReason.ILLNESS);
        world.publish(org.safeguardingsignals.topics.Topics.UNSCHEDULED_CARE, attendance); // sent twice

        List<KeyValue<String, CareFlag>> flags = world.careFlags();
        assertThat(flags).hasSize(1);
        assertThat(flags.get(0).key).isEqualTo(attendance.getAttendanceReference());
        CareFlag flag = flags.get(0).value;
        assertThat(flag.getOnProtectionPlan()).isTrue();
        assertThat(flag.getLookedAfter()).isFalse();
        assertThat(flag.getContactAuthority()).isEqualTo(Scenario.LAMBETH);
        assertThat(flag.getOrganisationCode()).isEqualTo("RJ1");
        assertThat(flag.getAttendedAt()).isEqualTo(attendance.getHeader().getOccurredAt());

        List<RiskAlert> alerts = cpIs(world.alerts());
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getChildPseudonym()).isEqualTo(world.pseudonymOf(kai));
        assertThat(alerts.get(0).getRoutedTo()).containsExactly(Scenario.LAMBETH);
        assertThat(alerts.get(0).getRouting())
                .as("the child is open to social care: for the allocated team's information")
                .isEqualTo(AlertRouting.FOR_INFORMATION);
        assertThat(alerts.get(0).getOpenStatus()).isEqualTo(OpenStatus.CHILD_PROTECTION_PLAN);
        assertThat(alerts.get(0).getAllocatedAuthority()).isEqualTo(Scenario.LAMBETH);
        assertThat(alerts.get(0).getEvidence())
                .singleElement()
                .satisfies(e -> assertThat(e.getSourceReference()).isEqualTo(attendance.getAttendanceReference()));
    }

    @Test
    void aLookedAfterChildsPlacingAuthorityIsTheOneToContact() {
        Instant at = world.wallClock().minus(Duration.ofHours(3));
        Child lou = world.child("Lou");
        world.statusChange(at, lou, StatusChangeType.LOOKED_AFTER_START, Scenario.KENT, Scenario.LAMBETH);
        world.unscheduledCare(at.plusSeconds(3600), lou, null, PresentingReason.INJURY); // in Lambeth

        CareFlag flag = world.careFlags().get(0).value;
        assertThat(flag.getLookedAfter()).isTrue();
        assertThat(flag.getContactAuthority()).isEqualTo(Scenario.KENT);
        RiskAlert alert = cpIs(world.alerts()).get(0);
        assertThat(alert.getRoutedTo()).containsExactlyInAnyOrder(Scenario.LAMBETH, Scenario.KENT);
        assertThat(alert.getOpenStatus()).isEqualTo(OpenStatus.LOOKED_AFTER);
        assertThat(alert.getAllocatedAuthority()).isEqualTo(Scenario.KENT);
    }

    @Test
    void noFlagOrAlertWithoutAPlanOrOnceItHasEnded() {
        Instant at = world.wallClock().minus(Duration.ofHours(5));
        Child max = world.child("Max");
        world.unscheduledCare(at, max, null, PresentingReason.ILLNESS);
        world.statusChange(at.plusSeconds(60), max, StatusChangeType.CHILD_PROTECTION_PLAN_START, null, null);
        world.statusChange(at.plusSeconds(120), max, StatusChangeType.CHILD_PROTECTION_PLAN_END, null, null);
        world.unscheduledCare(at.plusSeconds(3600), max, null, PresentingReason.ILLNESS);
        assertThat(world.careFlags()).isEmpty();
        assertThat(cpIs(world.alerts())).isEmpty();
    }
}
