package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
        assertThat(c.retention()).isEqualTo(Duration.ofDays(187));
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
    void retentionIsTheLongestWindowOfAnyAuthorityPlusGrace() {
        Duration day = Duration.ofDays(1);
        DetectionConfig c = DetectionConfig.DEFAULTS
                .withDefaults(new RuleSettings(day, true, 3, Duration.ofDays(2), day))
                .withAuthority("E09000022", new RuleSettings(day, true, 3, day, Duration.ofDays(5)));
        assertThat(c.retention()).isEqualTo(Duration.ofDays(5).plus(c.grace()));
        assertThat(c.forAuthority("E10000016").missingPeriod()).isEqualTo(Duration.ofDays(2));
        assertThat(c.forAuthority("E09000022").returnInterviewDue()).isEqualTo(Duration.ofDays(5));
    }
}
