package org.safeguardingsignals.runtime.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The access file (deploy/access/acls.txt): one rule a line, {@code principal resource-type pattern name operations};
 * {@code #} starts a comment. The single source of the cluster's ACLs, for the access command, the tests and the
 * Kubernetes users.
 */
public final class AccessControlFile {
    /** Where the file lives in the repository. */
    public static final Path IN_REPOSITORY = Path.of("deploy", "access", "acls.txt");

    private static final Set<AclOperation> ALLOWED_OPERATIONS =
            EnumSet.complementOf(EnumSet.of(AclOperation.ANY, AclOperation.UNKNOWN));

    private final List<AccessRule> rules;

    private AccessControlFile(List<AccessRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static AccessControlFile read(Path file) {
        try {
            return parse(Files.readAllLines(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the access file " + file, e);
        }
    }

    /** The repository's file, found from the working directory upwards (tests run in a module's directory). */
    public static AccessControlFile inRepository() {
        return read(locate());
    }

    static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(IN_REPOSITORY))) {
                return dir.resolve(IN_REPOSITORY);
            }
        }
        throw new IllegalStateException(
                "No " + IN_REPOSITORY + " above " + Path.of("").toAbsolutePath());
    }

    /** Parses the lines; a line that is not a rule is refused with its number and what is wrong. */
    public static AccessControlFile parse(List<String> lines, String source) {
        List<AccessRule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int comment = line.indexOf('#');
            if (comment >= 0) {
                line = line.substring(0, comment).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            try {
                rules.add(rule(line.split("\\s+")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new AccessControlFile(rules);
    }

    private static AccessRule rule(String[] f) {
        if (f.length != 5) {
            throw new IllegalArgumentException(
                    "expected: principal resource-type pattern name operations, found " + f.length + " fields");
        }
        if (!f[0].matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("not a principal name: " + f[0]);
        }
        ResourceType type = switch (f[1]) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "transactional-id" -> ResourceType.TRANSACTIONAL_ID;
            case "cluster" -> ResourceType.CLUSTER;
            default ->
                throw new IllegalArgumentException(
                        "resource type must be topic, group, transactional-id or cluster: " + f[1]);
        };
        PatternType pattern = switch (f[2]) {
            case "literal" -> PatternType.LITERAL;
            case "prefixed" -> PatternType.PREFIXED;
            default -> throw new IllegalArgumentException("pattern must be literal or prefixed: " + f[2]);
        };
        if (type == ResourceType.CLUSTER && !(f[3].equals("kafka-cluster") && pattern == PatternType.LITERAL)) {
            throw new IllegalArgumentException("the cluster is named kafka-cluster, literally");
        }
        Set<AclOperation> operations = new LinkedHashSet<>();
        for (String op : f[4].split(",")) {
            AclOperation parsed = Arrays.stream(AclOperation.values())
                    .filter(o -> o.name().equals(op.toUpperCase(Locale.ROOT)))
                    .findFirst()
                    .filter(ALLOWED_OPERATIONS::contains)
                    .orElseThrow(() -> new IllegalArgumentException("not a Kafka ACL operation: " + op));
            operations.add(parsed);
        }
        return new AccessRule(f[0], type, pattern, f[3], operations);
    }

    public List<AccessRule> rules() {
        return rules;
    }

    /** Every principal named, in the order of the file. */
    public List<String> principals() {
        return rules.stream().map(AccessRule::principal).distinct().toList();
    }

    /** The rules of one principal. */
    public List<AccessRule> rulesOf(String principal) {
        return rules.stream().filter(r -> r.principal().equals(principal)).toList();
    }

    /** Every ACL binding the file asks for. */
    public Set<AclBinding> bindings() {
        Set<AclBinding> all = new LinkedHashSet<>();
        rules.forEach(r -> all.addAll(r.bindings()));
        return all;
    }
}
