package org.safeguardingsignals.backtest;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class CandidateSettingsTest {

    @Test
    void aRuleSettingForEveryAuthorityOrForOneIsTaken() {
        assertThatCode(() -> CandidateSettings.check(Map.of(
                        "rules.repeat-domestic-abuse.count", "4",
                        "authority.E09000022.rules.toxic-trio.lookback", "P180D",
                        "authority.E09000022.child-population", "56300")))
                .doesNotThrowAnyException();
    }

    @Test
    void aMistypedKeyIsRefusedBeforeAnythingIsReplayed() {
        assertThatThrownBy(() -> CandidateSettings.check(Map.of("rules.repeat-domestic-abuse.cuont", "4")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rules.repeat-domestic-abuse.cuont")
                .hasMessageContaining("not a setting the detection rules read");
    }

    @Test
    void aValueThatDoesNotParseIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> CandidateSettings.check(Map.of("rules.toxic-trio.lookback", "six months")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rules.toxic-trio.lookback")
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void anAuthorityThatIsNotAGssCodeIsRefused() {
        assertThatThrownBy(() -> CandidateSettings.check(Map.of("authority.Lambeth.rules.toxic-trio.lookback", "P1D")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a GSS code");
    }
}
