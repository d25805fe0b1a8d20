package org.safeguardingsignals.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.runtime.access.AccessRule;

/**
 * The access-control file (deploy/access/acls.txt) as the governance documents read it: who may read and write each
 * topic. Parsed by the same {@link AccessControlFile} the access command applies, so the documents accept exactly
 * the file the cluster runs with; this class adds the line of each rule, for the documents' error messages.
 */
public final class AccessFile {
    /** Where the file lives in the repository. */
    public static final Path IN_REPOSITORY = AccessControlFile.IN_REPOSITORY;

    /** One rule with the line of the file it is on. */
    public record Grant(AccessRule rule, int line) {
        public String principal() {
            return rule.principal();
        }

        public String name() {
            return rule.name();
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
            throw new IllegalStateException("No access-control file at "
                    + actual.toAbsolutePath().normalize()
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

    /** Parses the lines as the access command does (its errors name the line), keeping each rule's line. */
    static AccessFile parse(Path file, List<String> lines) {
        List<AccessRule> rules = AccessControlFile.parse(lines, file.toString()).rules();
        List<Integer> ruleLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            if (!(comment >= 0 ? line.substring(0, comment) : line).isBlank()) {
                ruleLines.add(i + 1);
            }
        }
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            grants.add(new Grant(rules.get(i), ruleLines.get(i)));
        }
        return new AccessFile(file, grants);
    }

    /** The file as named when it was read, from the repository's root (the documents say where their tables came from). */
    public Path file() {
        return file;
    }

    /** Principals that may read the topic's records. */
    public Set<String> readers(String topic) {
        return principals(topic, AclOperation.READ);
    }

    /** Principals that may write to the topic. */
    public Set<String> writers(String topic) {
        return principals(topic, AclOperation.WRITE);
    }

    /** Every principal the file names, sorted. */
    public Set<String> principals() {
        Set<String> all = new TreeSet<>();
        grants.forEach(g -> all.add(g.principal()));
        return all;
    }

    /** The rules that name a topic literally, with their lines. */
    public List<Grant> literalTopicGrants() {
        return grants.stream()
                .filter(g -> g.rule().resourceType() == ResourceType.TOPIC
                        && g.rule().patternType() == PatternType.LITERAL)
                .toList();
    }

    private Set<String> principals(String topic, AclOperation operation) {
        Set<String> out = new TreeSet<>();
        for (Grant g : grants) {
            Set<AclOperation> ops = g.rule().operations();
            if (g.rule().covers(ResourceType.TOPIC, topic)
                    && (ops.contains(operation) || ops.contains(AclOperation.ALL))) {
                out.add(g.principal());
            }
        }
        return out;
    }
}
