package org.safeguardingsignals.console;

import org.safeguardingsignals.runtime.InstanceSecret;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The identity one instance forwards to another, and the instance secret they share. */
class ForwardedUserTest {

    @Test
    void theUserArrivesAsSent() {
        Worker amara = new Worker("amara", Set.of("E09000022", "E10000016"), Worker.Role.READ_ONLY);
        Map<String, String> headers = ForwardedUser.headersOf(amara);
        assertThat(ForwardedUser.from(headers::get)).contains(amara);
    }

    @Test
    void aMissingOrMalformedPartNamesNobody() {
        Map<String, String> good = ForwardedUser.headersOf(new Worker("amara", Set.of("E09000022"),
                Worker.Role.WORKER));
        for (String part : good.keySet()) {
            Map<String, String> without = new HashMap<>(good);
            without.remove(part);
            assertThat(ForwardedUser.from(without::get)).as("without " + part).isEmpty();
        }
        assertThat(ForwardedUser.from(with(good, ForwardedUser.ROLE, "ADMIN")::get)).isEmpty();
        assertThat(ForwardedUser.from(with(good, ForwardedUser.AUTHORITIES, "E09000022,nowhere")::get)).isEmpty();
        assertThat(ForwardedUser.from(with(good, ForwardedUser.AUTHORITIES, "")::get)).isEmpty();
        assertThat(ForwardedUser.from(with(good, ForwardedUser.ID, " ")::get)).isEmpty();
    }

    @Test
    void theSecretMatchesOnlyItself() {
        InstanceSecret secret = new InstanceSecret("shared-between-instances");
        assertThat(secret.matches("shared-between-instances")).isTrue();
        assertThat(secret.matches("shared-between-instance")).isFalse();
        assertThat(secret.matches("")).isFalse();
        assertThat(secret.matches(null)).isFalse();
        assertThat(secret.toString()).doesNotContain("shared");
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> changed = new HashMap<>(headers);
        changed.put(name, value);
        return changed;
    }
}
