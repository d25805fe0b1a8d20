package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.IdentityVaultEntry;
import org.safeguardingsignals.runtime.identity.IdentityVault;

/** Detection seals each child's NHS number once for the console's reveal path, and nothing else carries it. */
class IdentityVaultTest {
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private final IdentityVault.Opener console = IdentityVault.Opener.fromPem(Scenario.VAULT_KEYS.privateKey());

    @Test
    void eachChildOfAnEventIsSealedUnderTheirPseudonymAndOnlyTheVaultKeyOpensIt() {
        try (Scenario world = new Scenario()) {
            Scenario.Child ada = world.child("Ada");
            Scenario.Child ben = world.child("Ben");

            world.domesticAbuse(T0, ada, ben);

            List<KeyValue<String, IdentityVaultEntry>> vault = world.identityVault();
            assertThat(vault).extracting(kv -> kv.key).containsExactly(world.pseudonymOf(ada), world.pseudonymOf(ben));
            for (KeyValue<String, IdentityVaultEntry> kv : vault) {
                assertThat(kv.value.getChildPseudonym()).isEqualTo(kv.key);
                assertThat(new String(bytes(kv.value)))
                        .doesNotContain(ada.nhsNumber())
                        .doesNotContain(ben.nhsNumber());
            }
            assertThat(console.open(vault.get(0).value)).isEqualTo(ada.nhsNumber());
            assertThat(console.open(vault.get(1).value)).isEqualTo(ben.nhsNumber());
        }
    }

    @Test
    void aChildSeenAgainIsNotSealedAgainAndAChildWithoutAValidNumberIsNeverSealed() {
        try (Scenario world = new Scenario()) {
            Scenario.Child ada = world.child("Ada");
            world.domesticAbuse(T0, ada);
            assertThat(world.identityVault()).hasSize(1);

            world.domesticAbuse(T0.plusSeconds(60), ada);
            world.domesticAbuse(T0.plusSeconds(120), new Scenario.Child("Unknown", "1234567890"));

            assertThat(world.identityVault()).isEmpty();
            assertThat(world.unmatched()).hasSize(1);
        }
    }

    private static byte[] bytes(IdentityVaultEntry entry) {
        byte[] b = new byte[entry.getSealedIdentity().remaining()];
        entry.getSealedIdentity().duplicate().get(b);
        return b;
    }
}
