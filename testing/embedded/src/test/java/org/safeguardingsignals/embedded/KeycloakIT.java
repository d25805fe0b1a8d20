package org.safeguardingsignals.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real Keycloak starts with the demo realm, signs a demo user in and carries the console's claims. */
class KeycloakIT {
    @Test
    void theDemoRealmSignsAWorkerInWithTheConsolesClaims() throws Exception {
        Keycloak keycloak = Keycloak.shared(List.of(Keycloak.demoRealm()));
        String token = keycloak.passwordGrant(Keycloak.DEMO_REALM, "mash-scripts", "amara", "demo-amara");

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode claims = new ObjectMapper()
                .readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertThat(claims.get("iss").asText()).isEqualTo(keycloak.issuer(Keycloak.DEMO_REALM));
        assertThat(claims.get("aud").toString()).contains("mash-console");
        assertThat(claims.get("authorities").toString()).isEqualTo("[\"E09000022\"]");
        assertThat(claims.get("roles").toString()).contains("\"WORKER\"");
        assertThat(claims.get("preferred_username").asText()).isEqualTo("amara");

        assertThatThrownBy(() -> keycloak.passwordGrant(Keycloak.DEMO_REALM, "mash-scripts", "amara", "wrong"))
                .hasMessageContaining("401");
        assertThatThrownBy(() -> keycloak.passwordGrant(Keycloak.DEMO_REALM, "mash-console", "amara", "demo-amara"))
                .as("the console's own client allows only the authorisation code flow")
                .hasMessageContaining("refused");
    }
}
