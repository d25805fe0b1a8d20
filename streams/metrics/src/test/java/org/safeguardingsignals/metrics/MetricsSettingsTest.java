package org.safeguardingsignals.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The settings per authority: each one's child population, checked when the application starts. */
class MetricsSettingsTest {
    @Test
    void eachAuthoritysChildPopulationByItsCode() {
        MetricsSettings settings = new MetricsSettings(Map.of(
                "bootstrap.servers", "localhost:9092",
                "authority.E09000022.child-population", "56300",
                "authority.E10000016.child-population", " 345000 "));

        assertThat(settings.childPopulations())
                .containsExactlyInAnyOrderEntriesOf(Map.of("E09000022", 56_300L, "E10000016", 345_000L));
        assertThat(new MetricsSettings(Map.of()).childPopulations()).isEmpty();
    }

    @Test
    void aPopulationThatIsNotAWholeNumberAboveZeroIsRefused() {
        for (String wrong : new String[] {"0", "-5", "56,300", "lots", ""}) {
            assertThatThrownBy(() -> new MetricsSettings(Map.of("authority.E09000022.child-population", wrong)))
                    .as(wrong)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("whole number above 0");
        }
    }

    @Test
    void aKeyForNoAuthorityOrNotASettingIsRefused() {
        assertThatThrownBy(() -> new MetricsSettings(Map.of("authority.E0900002.child-population", "5000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("authority.E0900002.child-population");
        assertThatThrownBy(() -> new MetricsSettings(Map.of("authority.E09000022.child-populaton", "5000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("child-population");
    }
}
