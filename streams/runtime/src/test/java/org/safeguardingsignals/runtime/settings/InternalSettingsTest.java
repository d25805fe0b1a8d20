package org.safeguardingsignals.runtime.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Every application's internal listener keys, with the application's own default port. */
class InternalSettingsTest {

    @Test
    void theListenerKeysAreAddedWithTheirDefaults() {
        ConfigDef def = new ConfigDef();
        assertThat(InternalSettings.define(def, 9091)).isSameAs(def);
        AbstractConfig config = new AbstractConfig(def, Map.of());
        assertThat(config.getString(InternalSettings.HOST)).isEqualTo("localhost");
        assertThat(config.getInt(InternalSettings.PORT)).isEqualTo(9091);
        assertThat(config.getString(InternalSettings.ADVERTISED_HOST)).isNull();
        assertThat(config.getString(InternalSettings.SECRET_FILE)).isNull();
    }

    @Test
    void thePortIsAPortOrZeroForAnyFreeOne() {
        ConfigDef def = InternalSettings.define(new ConfigDef(), 9093);
        assertThat(new AbstractConfig(def, Map.of(InternalSettings.PORT, "0")).getInt(InternalSettings.PORT))
                .isZero();
        assertThatThrownBy(() -> new AbstractConfig(def, Map.of(InternalSettings.PORT, "65536")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(InternalSettings.PORT);
    }
}
