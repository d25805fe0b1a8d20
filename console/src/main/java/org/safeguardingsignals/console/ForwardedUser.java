package org.safeguardingsignals.console;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.safeguardingsignals.identifiers.LocalAuthorityCode;

/**
 * The user on whose behalf one console instance asks another for a child's chronology, sent as headers beside the
 * instance secret, so that the instance holding the child decides and audits as if the user had asked it directly.
 */
final class ForwardedUser {
    static final String ID = "X-Console-User";
    static final String ROLE = "X-Console-Role";
    static final String AUTHORITIES = "X-Console-Authorities";
    private static final int MAX_ID_LENGTH = 128;

    private ForwardedUser() {
    }

    static Map<String, String> headersOf(Worker worker) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, worker.id());
        headers.put(ROLE, worker.role().name());
        headers.put(AUTHORITIES, String.join(",", new TreeSet<>(worker.authorities())));
        return headers;
    }

    /** The user the headers name, or empty when any is missing or malformed. */
    static Optional<Worker> from(UnaryOperator<String> header) {
        String id = header.apply(ID);
        String role = header.apply(ROLE);
        String authorities = header.apply(AUTHORITIES);
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH || role == null || authorities == null) {
            return Optional.empty();
        }
        Set<String> codes = new TreeSet<>(Arrays.asList(authorities.split(",")));
        if (codes.isEmpty() || !codes.stream().allMatch(LocalAuthorityCode::isValid)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Worker(id, codes, Worker.Role.valueOf(role)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
