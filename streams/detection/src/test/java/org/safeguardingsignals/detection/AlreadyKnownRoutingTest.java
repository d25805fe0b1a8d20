package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.AlertRouting;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.OpenStatus;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.StatusChangeType;

/**
 * Already known: a child open to children's social care (child in need, on a plan, looked after) has an allocated
 * worker, so an alert about the child goes "for information" to the allocated team, not to the front door as new work.
 * Each case: a police incident assessed DASH high with the child present raises one alert, and where it goes.
 */
class AlreadyKnownRoutingTest {
    static final Instant DAY0 = Instant.parse("2026-06-01T10:00:00Z");
    static final String LIVERPOOL = "E08000025";
    private Scenario world = new Scenario();

    @AfterEach
    void close() {
        world.close();
    }

    private static Instant day(int n) {
        return DAY0.plus(Duration.ofDays(n));
    }

    private RiskAlert theOneAlertAfterAnIncident(Child child, Instant at) {
        world.domesticAbuse(at, DashRiskLevel.HIGH, true, child);
        var alerts = world.alerts();
        assertThat(alerts).extracting(RiskAlert::getRuleId).containsExactly("repeat-domestic-abuse");
        return alerts.get(0);
    }

    @Test
    void aChildOnAPlanGoesForInformationToTheAllocatedTeam() {
        Child pam = world.child("Pam");
        world.publishingFor(Scenario.KENT)
                .statusChange(day(0), pam, StatusChangeType.CHILD_PROTECTION_PLAN_START, null, null);
        world.publishingFor(Scenario.LAMBETH);
        RiskAlert alert = theOneAlertAfterAnIncident(pam, day(5));
        assertThat(alert)
                .extracting(RiskAlert::getRouting, RiskAlert::getOpenStatus, RiskAlert::getAllocatedAuthority)
                .containsExactly(AlertRouting.FOR_INFORMATION, OpenStatus.CHILD_PROTECTION_PLAN, Scenario.KENT);
        assertThat(alert.getRoutedTo()).containsExactly(Scenario.LAMBETH, Scenario.KENT);
    }

    @Test
    void aChildInNeedGoesForInformation() {
        Child cy = world.child("Cy");
        world.statusChange(day(0), cy, StatusChangeType.CHILD_IN_NEED_START, null, null);
        RiskAlert alert = theOneAlertAfterAnIncident(cy, day(1));
        assertThat(alert)
                .extracting(RiskAlert::getRouting, RiskAlert::getOpenStatus, RiskAlert::getAllocatedAuthority)
                .containsExactly(AlertRouting.FOR_INFORMATION, OpenStatus.CHILD_IN_NEED, Scenario.LAMBETH);
        assertThat(alert.getRoutedTo()).containsExactly(Scenario.LAMBETH);
    }

    @Test
    void aLookedAfterChildGoesForInformationToThePlacingAuthority() {
        Child lee = world.child("Lee");
        world.statusChange(day(0), lee, StatusChangeType.LOOKED_AFTER_START, LIVERPOOL, Scenario.LAMBETH);
        RiskAlert alert = theOneAlertAfterAnIncident(lee, day(2));
        assertThat(alert)
                .extracting(RiskAlert::getRouting, RiskAlert::getOpenStatus, RiskAlert::getAllocatedAuthority)
                .containsExactly(AlertRouting.FOR_INFORMATION, OpenStatus.LOOKED_AFTER, LIVERPOOL);
        assertThat(alert.getRoutedTo()).containsExactlyInAnyOrder(Scenario.LAMBETH, LIVERPOOL);
    }

    @Test
    void aChildWhosePlanEndedComesToTheFrontDoorAgain() {
        Child ros = world.child("Ros");
        world.statusChange(day(0), ros, StatusChangeType.CHILD_PROTECTION_PLAN_START, null, null);
        world.statusChange(day(30), ros, StatusChangeType.CHILD_PROTECTION_PLAN_END, null, null);
        RiskAlert alert = theOneAlertAfterAnIncident(ros, day(40));
        assertThat(alert)
                .extracting(RiskAlert::getRouting, RiskAlert::getOpenStatus, RiskAlert::getAllocatedAuthority)
                .containsExactly(AlertRouting.FRONT_DOOR, null, null);
    }

    @Test
    void aChildNotKnownComesToTheFrontDoor() {
        RiskAlert alert = theOneAlertAfterAnIncident(world.child("Sid"), day(0));
        assertThat(alert)
                .extracting(RiskAlert::getRouting, RiskAlert::getOpenStatus)
                .containsExactly(AlertRouting.FRONT_DOOR, null);
    }

    @Test
    void anAuthorityMayTurnForInformationRoutingOff() {
        world.close();
        Properties p = new Properties();
        p.setProperty("authority." + Scenario.LAMBETH + ".rules.already-known.for-information", "false");
        world = new Scenario(DetectionConfig.from(p));
        Child tam = world.child("Tam");
        world.statusChange(day(0), tam, StatusChangeType.CHILD_PROTECTION_PLAN_START, null, null);
        RiskAlert alert = theOneAlertAfterAnIncident(tam, day(1));
        assertThat(alert)
                .extracting(RiskAlert::getRouting, RiskAlert::getOpenStatus)
                .containsExactly(AlertRouting.FRONT_DOOR, null);

        world.publishingFor(Scenario.KENT);
        Child una = world.child("Una");
        world.statusChange(day(0), una, StatusChangeType.CHILD_PROTECTION_PLAN_START, null, null);
        world.domesticAbuse(day(1), DashRiskLevel.HIGH, true, una);
        assertThat(world.alerts())
                .extracting(RiskAlert::getRuleId, RiskAlert::getRouting)
                .containsExactly(tuple("repeat-domestic-abuse", AlertRouting.FOR_INFORMATION));
    }
}
