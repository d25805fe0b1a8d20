package org.safeguardingsignals.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The access-control file (deploy/access/acls.txt): who may do what on the pipeline's Kafka cluster, one rule a line
 * ({@code principal resource-type pattern name operations}, operations comma-separated, {@code #} comments).
 * Everything it does not allow is denied, so it says who can read each topic. Read here only to name readers and
 * writers in the governance documents; the access command applies it.
 */
public final class AccessFile {
    /** Where the file lives in the repository. */
    public static final Path IN_REPOSITORY = Path.of("deploy", "access", "acls.txt");

    /** One line of the file. */
    public record Grant(
            String principal, String resourceType, String pattern, String name, Set<String> operations, int line) {
        boolean covers(String topic) {
            return resourceType.equals("topic")
                    && (pattern.equals("literal") ? name.equals(topic) : topic.startsWith(name));
        }

        boolean allows(String operation) {
            return operations.contains(operation) || operations.contains("ALL");
        }
    }

    private final Path file;
    private final List<Grant> grants;

    private AccessFile(Path file, List<Grant> grants) {
        this.file = file;
        this.grants = List.copyOf(grants);
    }

    /**
     * Reads the file, named relative to the repository's root (or absolute); a missing or malformed file is refused
     * with what to do about it.
     */
    public static AccessFile read(Path file) {
        Path actual = Repository.resolve(file);
        if (!Files.isRegularFile(actual)) {
            throw new IllegalStateException(
                    "No access-control file at " + actual.toAbsolutePath().normalize()
                            + ". The governance documents name who can read each topic and field from it: one rule a line,"
                            + " 'principal resource-type pattern name operations' (e.g. 'detection topic literal"
                            + " safeguarding.alerts.v1 WRITE,DESCRIBE'). It belongs at " + IN_REPOSITORY
                            + "; name another with --access FILE.");
        }
        try {
            return parse(file, Files.readAllLines(actual));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the access-control file " + file, e);
        }
    }

    static AccessFile parse(Path file, List<String> lines) {
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 5
                    || !Set.of("topic", "group", "transactional-id", "cluster").contains(f[1])
                    || !Set.of("literal", "prefixed").contains(f[2])) {
                throw new IllegalStateException(file + " line " + (i + 1)
                        + ": expected 'principal resource-type pattern name operations', with resource-type one of"
                        + " topic, group, transactional-id, cluster and pattern literal or prefixed");
            }
            Set<String> operations = new LinkedHashSet<>();
            for (String op : f[4].split(",")) {
                operations.add(op.strip().toUpperCase(Locale.ROOT));
            }
            grants.add(new Grant(f[0], f[1], f[2], f[3], operations, i + 1));
        }
        return new AccessFile(file, grants);
    }

    /** The file as named when it was read, from the repository's root (the documents say where their tables came from). */
    public Path file() {
        return file;
    }

    /** Principals that may read the topic's records. */
    public Set<String> readers(String topic) {
        return principals(topic, "READ");
    }

    /** Principals that may write to the topic. */
    public Set<String> writers(String topic) {
        return principals(topic, "WRITE");
    }

    /** Every principal the file names, sorted. */
    public Set<String> principals() {
        Set<String> all = new TreeSet<>();
        grants.forEach(g -> all.add(g.principal()));
        return all;
    }

    /** Topics named literally, with the line that names each first. */
    public List<Grant> literalTopicGrants() {
        return grants.stream()
                .filter(g -> g.resourceType().equals("topic") && g.pattern().equals("literal"))
                .toList();
    }

    private Set<String> principals(String topic, String operation) {
        Set<String> out = new TreeSet<>();
        for (Grant g : grants) {
            if (g.covers(topic) && g.allows(operation)) {
                out.add(g.principal());
            }
        }
        return out;
    }
}
