package org.safeguardingsignals.console;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.safeguardingsignals.identifiers.LocalAuthorityCode;

/**
 * Who a checked token says its holder is, read from claims whose names are settings, so that one console works
 * with Keycloak, Entra ID or another provider (README, the console). A name with dots walks into nested claims
 * ({@code realm_access.roles}, Keycloak's default place for realm roles).
 */
record WorkerClaims(String user, String roles, String authorities, String schools) {
    static final WorkerClaims DEFAULTS = new WorkerClaims("preferred_username", "roles", "authorities", "schools");

    /** A signed-in person the console has no place for: no console role, two of them, or no authority. */
    static final class NotAConsoleUser extends Exception {
        NotAConsoleUser(String message) {
            super(message, null, false, false);
        }
    }

    Worker worker(JWTClaimsSet claims) throws NotAConsoleUser {
        Object id = find(claims, user);
        if (!(id instanceof String s) || s.isBlank()) {
            throw new NotAConsoleUser("The sign-in carries no user name (claim " + user + ")");
        }
        Set<Worker.Role> found = EnumSet.noneOf(Worker.Role.class);
        for (String value : strings(find(claims, roles))) {
            for (Worker.Role role : Worker.Role.values()) {
                if (role.name().equals(value)) {
                    found.add(role);
                }
            }
        }
        if (found.size() != 1) {
            throw new NotAConsoleUser(
                    found.isEmpty()
                            ? "Your sign-in gives you no role in the MASH console (claim " + roles + "); ask your "
                                    + "administrator"
                            : "Your sign-in gives you more than one role in the MASH console (" + found + "); ask your "
                                    + "administrator to give you one");
        }
        Worker.Role role = found.iterator().next();
        Set<String> las = new LinkedHashSet<>(strings(find(claims, authorities)));
        for (String la : las) {
            if (!LocalAuthorityCode.isValid(la)) {
                throw new NotAConsoleUser("Your sign-in names an authority that is not a GSS code (claim " + authorities
                        + "); ask your administrator");
            }
        }
        if (las.isEmpty()) {
            throw new NotAConsoleUser(
                    "Your sign-in names no local authority (claim " + authorities + "); ask your administrator");
        }
        return new Worker(s.trim(), las, new LinkedHashSet<>(strings(find(claims, schools))), role);
    }

    /** The claim of that name (Entra ID's extension claims have dots: extn.authorities), else at a dotted path. */
    private static Object find(JWTClaimsSet claims, String path) {
        if (claims.getClaim(path) != null) {
            return claims.getClaim(path);
        }
        String[] steps = path.split("\\.");
        Object at = claims.getClaim(steps[0]);
        for (int i = 1; i < steps.length && at != null; i++) {
            at = at instanceof Map<?, ?> map ? map.get(steps[i]) : null;
        }
        return at;
    }

    /** A claim that is a string or a list of strings, as strings; anything else holds none. */
    private static List<String> strings(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof String s) {
            out.add(s.trim());
        } else if (claim instanceof Collection<?> values) {
            values.stream()
                    .filter(String.class::isInstance)
                    .map(v -> ((String) v).trim())
                    .forEach(out::add);
        }
        out.removeIf(String::isBlank);
        return out;
    }
}
