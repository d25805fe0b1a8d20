package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** A partnership's rule settings as read from its configuration. */
class DetectionConfigTest {

    private static Properties props(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void withNothingSetEveryDefaultHolds() {
        DetectionConfig c = DetectionConfig.from(new Properties());
        assertThat(c).isEqualTo(DetectionConfig.DEFAULTS);
        assertThat(c.forAuthority("E09000022")).isEqualTo(RuleSettings.DEFAULTS);
        assertThat(c.retention()).isEqualTo(Duration.ofDays(395));
    }

    @Test
    void partnershipDefaultsAndOneAuthoritysOverridesAreReadApart() {
        DetectionConfig c = DetectionConfig.from(props(
                "rules.repeat-missing.count",
                "4",
                "rules.toxic-trio.lookback",
                "P180D",
                "authority.E09000022.rules.repeat-missing.count",
                "2",
                "authority.E09000022.rules.toxic-trio.emerging.enabled",
                "false",
                "intake.grace",
                "P7D",
                "timers.interval",
                "PT10S"));

        RuleSettings lambeth = c.forAuthority("E09000022");
        RuleSettings kent = c.forAuthority("E10000016");
        assertThat(kent.missingCount()).isEqualTo(4);
        assertThat(kent.trioLookback()).isEqualTo(Duration.ofDays(180));
        assertThat(kent.trioEmergingEnabled()).isTrue();
        // an authority's override starts from the partnership's defaults, not from the built-in ones
        assertThat(lambeth.missingCount()).isEqualTo(2);
        assertThat(lambeth.trioLookback()).isEqualTo(Duration.ofDays(180));
        assertThat(lambeth.trioEmergingEnabled()).isFalse();
        assertThat(c.grace()).isEqualTo(Duration.ofDays(7));
        assertThat(c.timerInterval()).isEqualTo(Duration.ofSeconds(10));
        // the re-referral and repeat domestic abuse windows (365 days) are the longest now
        assertThat(c.retention()).isEqualTo(Duration.ofDays(372));
    }

    @Test
    void theExpirySweepReadsAsManyChildrenARunAsSetAndAReplayCanSlowItsTimers() {
        assertThat(DetectionConfig.DEFAULTS.expiryPerRun()).isEqualTo(10_000);
        DetectionConfig c = DetectionConfig.from(props("timers.expiry-per-run", "500"));
        assertThat(c.expiryPerRun()).isEqualTo(500);
        DetectionConfig replay = c.withTimers(Duration.ofHours(1), 100);
        assertThat(replay.timerInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(replay.expiryPerRun()).isEqualTo(100);
        assertThat(replay.withDefaults(RuleSettings.DEFAULTS).expiryPerRun())
                .as("kept through the other withers")
                .isEqualTo(100);
        assertThatThrownBy(() -> DetectionConfig.from(props("timers.expiry-per-run", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("timers.expiry-per-run")
                .hasMessageContaining("must be at least 1");
    }

    @Test
    void aLongerLookbackInOneAuthorityLengthensRetentionForAll() {
        DetectionConfig c = DetectionConfig.from(props("authority.E08000025.rules.toxic-trio.lookback", "P730D"));
        assertThat(c.retention()).isEqualTo(Duration.ofDays(760));
    }

    @Test
    void unreadableValuesAndUnknownAuthoritiesAreRefusedWithTheKey() {
        assertThatThrownBy(() -> DetectionConfig.from(props("rules.repeat-missing.period", "90 days")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rules.repeat-missing.period")
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> DetectionConfig.from(props("rules.toxic-trio.emerging.enabled", "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected true or false");
        assertThatThrownBy(() -> DetectionConfig.from(props("authority.E07000008.rules.repeat-missing.count", "2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("E07");
        assertThatThrownBy(() -> DetectionConfig.from(props("rules.repeat-missing.count", "0")))
                .hasMessageContaining("at least 1");
    }

    @Test
    void anAuthorityMayTurnOnWhatThePartnershipTurnedOff() {
        DetectionConfig c = DetectionConfig.from(props(
                "rules.toxic-trio.emerging.enabled", "false",
                "authority.E09000022.rules.toxic-trio.emerging.enabled", " true "));
        assertThat(c.defaults().trioEmergingEnabled()).isFalse();
        assertThat(c.forAuthority("E09000022").trioEmergingEnabled()).isTrue();
    }

    @Test
    void ruleSettingsRefuseWindowsThatAreNotPositiveAndCountsBelowOne() {
        Duration day = Duration.ofDays(1);
        assertThat(new RuleSettings(day, true, 1, day, day).missingCount())
                .as("one episode may be a partnership's repeat")
                .isEqualTo(1);
        assertThatThrownBy(() -> new RuleSettings(day, true, 0, day, day))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("repeat-missing.count must be at least 1, was 0");
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofDays(-1)}) {
            assertThatThrownBy(() -> new RuleSettings(bad, true, 3, day, day))
                    .as("lookback %s", bad)
                    .hasMessage("rule windows must be positive, found " + bad);
            assertThatThrownBy(() -> new RuleSettings(day, true, 3, bad, day))
                    .as("period %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new RuleSettings(day, true, 3, day, bad))
                    .as("interview due %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theFrontDoorSettingsAreReadPerAuthority() {
        DetectionConfig c = DetectionConfig.from(props(
                "rules.toxic-trio.domestic-abuse.linked-standard-counts",
                "true",
                "rules.council-factors.trigger",
                "true",
                "rules.re-referral.window",
                "P200D",
                "rules.repeat-domestic-abuse.count",
                "4",
                "rules.repeat-domestic-abuse.period",
                "P240D",
                "rules.neglect.agencies",
                "3",
                "rules.neglect.period",
                "P90D",
                "rules.infant.any-attendance",
                "true",
                "rules.repeat-missing.count-away-from-placement",
                "false",
                "authority.E09000022.rules.already-known.for-information",
                "false"));
        RuleSettings all = c.forAuthority("E10000016");
        assertThat(all.trioLinkedStandardCounts()).isTrue();
        assertThat(all.councilFactorsTrigger()).isTrue();
        assertThat(all.reReferralWindow()).isEqualTo(Duration.ofDays(200));
        assertThat(all.domesticAbuseCount()).isEqualTo(4);
        assertThat(all.domesticAbusePeriod()).isEqualTo(Duration.ofDays(240));
        assertThat(all.neglectAgencies()).isEqualTo(3);
        assertThat(all.neglectPeriod()).isEqualTo(Duration.ofDays(90));
        assertThat(all.infantAnyAttendance()).isTrue();
        assertThat(all.missingCountsAway()).isFalse();
        assertThat(all.alreadyKnownForInformation()).isTrue();
        assertThat(c.forAuthority("E09000022").alreadyKnownForInformation()).isFalse();
        assertThat(c.forAuthority("E09000022").domesticAbuseCount()).isEqualTo(4);
        assertThat(c.retention())
                .as("the trio's 365 days are still the longest")
                .isEqualTo(Duration.ofDays(395));
    }

    @Test
    void bankHolidaysAndWorkItemPartitionsAreSettings() {
        assertThat(DetectionConfig.DEFAULTS.bankHolidays()).hasSize(24);
        assertThat(DetectionConfig.DEFAULTS.workItemPartitions()).isEqualTo(4);
        DetectionConfig c = DetectionConfig.from(
                props("work-items.bank-holidays", "2028-01-03, 2028-04-14,", "work-items.partitions", "12"));
        assertThat(c.bankHolidays()).containsExactlyInAnyOrder(LocalDate.of(2028, 1, 3), LocalDate.of(2028, 4, 14));
        assertThat(c.workItemPartitions()).isEqualTo(12);
        assertThat(c.workingDays().isWorkingDay(LocalDate.of(2028, 1, 3))).isFalse();
        assertThat(DetectionConfig.from(props("work-items.bank-holidays", "")).bankHolidays())
                .isEmpty();
        assertThatThrownBy(() -> DetectionConfig.from(props("work-items.bank-holidays", "3 January")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("work-items.bank-holidays");
        assertThatThrownBy(() -> DetectionConfig.from(props("work-items.partitions", "0")))
                .hasMessage("work-items.partitions must be at least 1, was 0");
        assertThat(c.withDefaults(RuleSettings.DEFAULTS).bankHolidays()).isEqualTo(c.bankHolidays());
        assertThat(c.withAuthority("E09000022", RuleSettings.DEFAULTS).workItemPartitions())
                .isEqualTo(12);
    }

    @Test
    void theFrontDoorCountsRefuseZero() {
        Duration day = Duration.ofDays(1);
        RuleSettings base = new RuleSettings(day, true, 1, day, day);
        assertThatThrownBy(() -> base.withDomesticAbuse(0, day))
                .hasMessage("repeat-domestic-abuse.count must be at least 1, was 0");
        assertThatThrownBy(() -> base.withDomesticAbuse(1, Duration.ZERO))
                .hasMessage("rule windows must be positive, found PT0S");
        assertThatThrownBy(() -> DetectionConfig.from(props("rules.neglect.agencies", "0")))
                .hasMessage("neglect.agencies must be at least 1, was 0");
        assertThatThrownBy(() -> DetectionConfig.from(props("rules.exploitation.groups", "6")))
                .hasMessage("exploitation.groups must be from 1 to 5 (there are five groups), was 6");
        assertThatThrownBy(() -> DetectionConfig.from(props("rules.exploitation.groups", "0")))
                .hasMessageContaining("was 0");
        assertThat(DetectionConfig.from(props("authority.E09000022.rules.exploitation.period", "P30D"))
                        .forAuthority("E09000022")
                        .exploitationPeriod())
                .isEqualTo(Duration.ofDays(30));
        assertThat(base.withDomesticAbuse(2, Duration.ofDays(9)).domesticAbuseCount())
                .isEqualTo(2);
    }

    @Test
    void retentionIsTheLongestWindowOfAnyAuthorityPlusGrace() {
        Duration day = Duration.ofDays(1);
        DetectionConfig c = DetectionConfig.DEFAULTS
                .withDefaults(shortWindows(new RuleSettings(day, true, 3, Duration.ofDays(2), day)))
                .withAuthority("E09000022", shortWindows(new RuleSettings(day, true, 3, day, Duration.ofDays(5))));
        assertThat(c.retention()).isEqualTo(Duration.ofDays(5).plus(c.grace()));
        assertThat(c.forAuthority("E10000016").missingPeriod()).isEqualTo(Duration.ofDays(2));
        assertThat(c.forAuthority("E09000022").returnInterviewDue()).isEqualTo(Duration.ofDays(5));
    }

    /** The front-door rules' windows at one day, so the five classic settings decide retention. */
    static RuleSettings shortWindows(RuleSettings s) {
        Duration day = Duration.ofDays(1);
        return new RuleSettings(
                s.trioLookback(),
                s.trioEmergingEnabled(),
                s.missingCount(),
                s.missingPeriod(),
                s.returnInterviewDue(),
                s.trioLinkedStandardCounts(),
                s.councilFactorsTrigger(),
                day,
                s.domesticAbuseCount(),
                day,
                s.neglectAgencies(),
                day,
                s.infantAnyAttendance(),
                s.missingCountsAway(),
                s.alreadyKnownForInformation(),
                s.exploitationGroups(),
                day);
    }
}
