package org.safeguardingsignals.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.safeguardingsignals.identifiers.LocalAuthorityCode;
import org.safeguardingsignals.identifiers.SchoolUrn;

/**
 * Who may use the console, read from a properties file that configuration points at (never from the repository).
 * The file holds only SHA-256 hashes of bearer tokens; tokens are handed to users out of band.
 * <pre>
 * user.amara.token-sha256=5e88...   (sha256 of the token, hex)
 * user.amara.authorities=E09000022,E10000016
 * user.amara.role=WORKER            (WORKER, TEAM_MANAGER, READ_ONLY, IG_OFFICER or SCHOOL_DSL)
 * user.dina.schools=100001,100002   (a SCHOOL_DSL's schools: URNs)
 * </pre>
 */
public final class ConsoleUsers {
    private final Map<String, Worker> byTokenHash;

    private ConsoleUsers(Map<String, Worker> byTokenHash) {
        this.byTokenHash = Map.copyOf(byTokenHash);
    }

    public static ConsoleUsers load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the console users file " + file, e);
        }
        return from(p);
    }

    public static ConsoleUsers from(Properties p) {
        Set<String> ids = new HashSet<>();
        p.stringPropertyNames().stream()
                .filter(k -> k.startsWith("user.") && k.endsWith(".token-sha256"))
                .forEach(k -> ids.add(k.substring("user.".length(), k.length() - ".token-sha256".length())));
        Map<String, Worker> byHash = new HashMap<>();
        for (String id : ids) {
            String hash = p.getProperty("user." + id + ".token-sha256").trim().toLowerCase();
            Set<String> authorities = new HashSet<>(Arrays.asList(
                    p.getProperty("user." + id + ".authorities", "").split("\\s*,\\s*")));
            authorities.removeIf(String::isBlank);
            for (String la : authorities) {
                if (!LocalAuthorityCode.isValid(la)) {
                    throw new IllegalArgumentException("user." + id + ".authorities: "
                            + LocalAuthorityCode.check(la).reason());
                }
            }
            if (authorities.isEmpty()) {
                throw new IllegalArgumentException("user." + id + ".authorities: at least one GSS code is needed");
            }
            Worker.Role role = Worker.Role.valueOf(
                    p.getProperty("user." + id + ".role", "WORKER").trim());
            Set<String> schools = new HashSet<>(
                    Arrays.asList(p.getProperty("user." + id + ".schools", "").split("\\s*,\\s*")));
            schools.removeIf(String::isBlank);
            for (String urn : schools) {
                if (!SchoolUrn.isValid(urn)) {
                    throw new IllegalArgumentException("user." + id + ".schools: " + urn + " is not a school URN");
                }
            }
            if (role == Worker.Role.SCHOOL_DSL && schools.isEmpty()) {
                throw new IllegalArgumentException("user." + id + ".schools: a SCHOOL_DSL needs at least one URN");
            }
            byHash.put(hash, new Worker(id, authorities, schools, role));
        }
        return new ConsoleUsers(byHash);
    }

    /** The user holding this bearer token, if any. */
    public Optional<Worker> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = sha256(token.trim()).getBytes(StandardCharsets.US_ASCII);
        for (Map.Entry<String, Worker> e : byTokenHash.entrySet()) {
            // constant-time comparison, so that timing does not reveal a hash
            if (MessageDigest.isEqual(presented, e.getKey().getBytes(StandardCharsets.US_ASCII))) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
