package org.safeguardingsignals.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.safeguardingsignals.embedded.Keycloak;

/**
 * The console's users under load, each a Lambeth MASH worker (the probe children's authority; some of a second one too), signed in as the
 * console expects: through Keycloak (the demo realm with these users added; access tokens from the password grant of
 * its scripts' client, checked by the console against the realm's keys), or with tokens of the console's users file.
 */
final class LoadUsers implements AutoCloseable {
    static final String AUTHORITY = "E09000022";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Keycloak keycloak;
    private final Path usersFile;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    private LoadUsers(Keycloak keycloak, Path usersFile) {
        this.keycloak = keycloak;
        this.usersFile = usersFile;
    }

    /**
     * A Keycloak of its own with these users; their access tokens live for {@code tokenLife}, so that tokens taken at
     * the start outlast the run (renewing them is the provider's work, not the console's).
     */
    static LoadUsers keycloak(Path dir, List<String> names, Map<String, String> alsoFor, Duration tokenLife)
            throws IOException {
        ObjectNode realm = (ObjectNode) JSON.readTree(Keycloak.demoRealm());
        realm.put("accessTokenLifespan", tokenLife.toSeconds());
        realm.put("ssoSessionIdleTimeout", tokenLife.toSeconds());
        realm.put("ssoSessionMaxLifespan", tokenLife.toSeconds());
        ArrayNode users = (ArrayNode) realm.get("users");
        for (String name : names) {
            ObjectNode u = users.addObject();
            u.put("username", name);
            u.put("enabled", true);
            u.put("emailVerified", true);
            u.put("firstName", name);
            u.put("lastName", "Load");
            u.put("email", name + "@load.safeguarding.invalid");
            ArrayNode authorities = u.putObject("attributes").putArray("authorities");
            authorities(name, alsoFor).forEach(authorities::add);
            ObjectNode password = u.putArray("credentials").addObject();
            password.put("type", "password");
            password.put("value", password(name));
            password.put("temporary", false);
            u.putArray("realmRoles").add("WORKER");
        }
        long t0 = System.nanoTime();
        Keycloak keycloak =
                Keycloak.start(dir.resolve("keycloak.log"), Duration.ofSeconds(300), List.of(realm.toString()));
        LoadUsers signIns = new LoadUsers(keycloak, null);
        names.parallelStream()
                .forEach(n -> signIns.tokens.put(
                        n, keycloak.passwordGrant(Keycloak.DEMO_REALM, "mash-scripts", n, password(n))));
        Bench.say("Keycloak with %d users signed in, in %.1f s", names.size(), (System.nanoTime() - t0) / 1e9);
        return signIns;
    }

    /** The console's users file, a random token each. */
    static LoadUsers tokens(Path dir, List<String> names, Map<String, String> alsoFor) throws IOException {
        List<String> lines = new ArrayList<>();
        LoadUsers signIns = new LoadUsers(null, dir.resolve("load-users.properties"));
        for (String name : names) {
            String token = name + "-" + UUID.randomUUID();
            signIns.tokens.put(name, token);
            lines.add("user." + name + ".token-sha256=" + sha256(token));
            lines.add("user." + name + ".authorities=" + String.join(",", authorities(name, alsoFor)));
            lines.add("user." + name + ".role=WORKER");
        }
        Files.write(signIns.usersFile, lines);
        return signIns;
    }

    /** How the console checks who calls: its settings for this sign-in. */
    void configure(Properties console) {
        if (keycloak != null) {
            console.put("console.oidc.issuer", keycloak.issuer(Keycloak.DEMO_REALM));
        } else {
            console.put("console.users.file", usersFile.toString());
        }
    }

    String token(String user) {
        String token = tokens.get(user);
        if (token == null) {
            throw new IllegalArgumentException("no such load user: " + user);
        }
        return token;
    }

    String describe() {
        return keycloak != null
                ? "Keycloak access tokens (RS256, checked against the realm's keys)"
                : "users-file tokens";
    }

    /** Lambeth, and for some users a second authority. */
    private static List<String> authorities(String name, Map<String, String> alsoFor) {
        return alsoFor.containsKey(name) ? List.of(AUTHORITY, alsoFor.get(name)) : List.of(AUTHORITY);
    }

    private static String password(String name) {
        return "load-" + name;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (keycloak != null) {
            keycloak.close();
        }
    }
}
