package org.safeguardingsignals.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo realm (testing/embedded, keycloak/safeguarding-realm.json) with its users bound to the run's authorities. */
final class DemoRealm {
    /** The demo users and their console roles (README, the console). */
    static final Map<String, String> USERS = users();

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoRealm() {}

    /** The realm with every demo user working for these authorities. */
    static String forAuthorities(String realm, List<String> authorities) {
        try {
            JsonNode root = JSON.readTree(realm);
            for (JsonNode user : root.get("users")) {
                ArrayNode las = ((ObjectNode) user.get("attributes")).putArray("authorities");
                authorities.forEach(las::add);
            }
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException("The demo realm is not JSON", e);
        }
    }

    private static Map<String, String> users() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("amara", "WORKER");
        users.put("kofi", "WORKER");
        users.put("morgan", "TEAM_MANAGER");
        users.put("rhea", "READ_ONLY");
        users.put("imogen", "IG_OFFICER");
        users.put("dara", "SCHOOL_DSL (school 100001)");
        return Collections.unmodifiableMap(users);
    }
}
