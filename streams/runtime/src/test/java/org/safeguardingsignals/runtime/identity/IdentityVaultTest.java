package org.safeguardingsignals.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.events.IdentityVaultEntry;
import org.safeguardingsignals.runtime.ReplayKeys;

class IdentityVaultTest {
    private static final Instant AT = Instant.parse("2026-12-02T09:00:00Z");
    private static IdentityVault.Sealer sealer;
    private static IdentityVault.Opener opener;
    private static IdentityVault.Opener anotherKey;

    @BeforeAll
    static void keys(@TempDir Path dir) throws Exception {
        ReplayKeys.KeyFiles vault = ReplayKeys.ensure(dir.resolve("vault"));
        ReplayKeys.KeyFiles other = ReplayKeys.ensure(dir.resolve("other"));
        sealer = IdentityVault.Sealer.fromPem(vault.certificate());
        opener = IdentityVault.Opener.fromPem(vault.privateKey());
        anotherKey = IdentityVault.Opener.fromPem(other.privateKey());
    }

    @Test
    void theVaultKeyOpensWhatTheCertificateSealed() {
        IdentityVaultEntry entry = sealer.seal("p-ada", "9434765919", AT);

        assertThat(entry.getChildPseudonym()).isEqualTo("p-ada");
        assertThat(entry.getSealedAt()).isEqualTo(AT);
        assertThat(opener.open(entry)).isEqualTo("9434765919");
        assertThat(opener.open(entry)).as("opening leaves the entry as it was").isEqualTo("9434765919");
    }

    @Test
    void anotherKeyAnAlteredEntryAndAnEntryMovedToAnotherChildAreRefused() {
        IdentityVaultEntry entry = sealer.seal("p-ada", "9434765919", AT);
        assertThatThrownBy(() -> anotherKey.open(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another key, or altered");

        byte[] altered = entry.getSealedIdentity().array().clone();
        altered[altered.length - 20] ^= 1;
        assertThatThrownBy(() -> opener.open(IdentityVaultEntry.newBuilder(entry)
                        .setSealedIdentity(ByteBuffer.wrap(altered))
                        .build()))
                .isInstanceOf(IllegalArgumentException.class);

        IdentityVaultEntry moved =
                IdentityVaultEntry.newBuilder(entry).setChildPseudonym("p-ben").build();
        assertThatThrownBy(() -> opener.open(moved))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another child's identity");
    }
}
