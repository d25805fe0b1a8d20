package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.safeguardingsignals.runtime.InstanceSecret;

/** The secret the console presents to detection's internal listener: it matches only itself and never prints. */
class InstanceSecretTest {

    @Test
    void theSecretMatchesOnlyItself() {
        InstanceSecret secret = new InstanceSecret("shared-between-instances");
        assertThat(secret.matches("shared-between-instances")).isTrue();
        assertThat(secret.matches("shared-between-instance")).isFalse();
        assertThat(secret.matches("")).isFalse();
        assertThat(secret.matches(null)).isFalse();
        assertThat(secret.toString()).doesNotContain("shared");
    }
}
