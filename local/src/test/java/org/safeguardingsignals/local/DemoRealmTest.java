package org.safeguardingsignals.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.embedded.Keycloak;

/** The local run's demo users work for the authorities the run simulates, and are those it prints. */
class DemoRealmTest {
    @Test
    void everyDemoUserWorksForTheRunsAuthorities() throws Exception {
        JsonNode realm = new ObjectMapper()
                .readTree(DemoRealm.forAuthorities(Keycloak.demoRealm(), List.of("E08000025", "E06000001")));
        List<String> users = new ArrayList<>();
        for (JsonNode user : realm.get("users")) {
            users.add(user.get("username").asText());
            assertThat(user.at("/attributes/authorities").toString()).isEqualTo("[\"E08000025\",\"E06000001\"]");
        }
        assertThat(users).containsExactlyElementsOf(DemoRealm.USERS.keySet());
    }
}
