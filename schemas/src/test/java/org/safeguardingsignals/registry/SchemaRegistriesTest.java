package org.safeguardingsignals.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SchemaRegistriesTest {

    @Test
    void anIsolatedRegistryIsReachableOnlyByTheUrlItWasMadeWithAndOnlyUntilDropped() {
        String url = SchemaRegistries.isolated();
        SchemaRegistryClient client = SchemaRegistries.forConfig(Map.of("schema.registry.url", url));
        assertThat(client).isInstanceOf(InMemorySchemaRegistry.class);
        assertThat(SchemaRegistries.forConfig(Map.of("schema.registry.url", url)))
                .isSameAs(client);
        assertThat(SchemaRegistries.forConfig(Map.of("schema.registry.url", SchemaRegistries.isolated())))
                .isNotSameAs(client);

        SchemaRegistries.dropIsolated(url);
        assertThatThrownBy(() -> SchemaRegistries.forConfig(Map.of("schema.registry.url", url)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no isolated registry of that name");
    }

    @Test
    void anIsolatedUrlTypedIntoSettingsIsRefused() {
        assertThatThrownBy(() -> SchemaRegistries.forConfig(
                        Map.of("schema.registry.url", SchemaRegistries.ISOLATED_SCHEME + "registry.example.org")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("give the registry's http(s):// address");
    }
}
