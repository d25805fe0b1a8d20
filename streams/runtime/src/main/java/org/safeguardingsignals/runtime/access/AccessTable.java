package org.safeguardingsignals.runtime.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;

/**
 * The access file as a Markdown table, one row per principal: docs/ARCHITECTURE.md holds it between markers, and a
 * test keeps the two the same ({@code AccessCommand --table} prints it).
 */
public final class AccessTable {
    public static final String START = "<!-- access-table: generated from deploy/access/acls.txt -->";
    public static final String END = "<!-- access-table end -->";

    private AccessTable() {}

    public static String markdown(AccessControlFile file) {
        StringBuilder out = new StringBuilder();
        out.append("| principal | may |\n| --- | --- |\n");
        for (String principal : file.principals()) {
            // rules with the same operations on the same kind of resource read as one clause
            Map<String, List<String>> clauses = new LinkedHashMap<>();
            for (AccessRule r : file.rulesOf(principal)) {
                String ops =
                        r.operations().stream().sorted().map(AclOperation::name).collect(Collectors.joining(", "));
                String kind = switch (r.resourceType()) {
                    case TOPIC -> "topic";
                    case GROUP -> "group";
                    case TRANSACTIONAL_ID -> "transactional id";
                    default -> "cluster";
                };
                clauses.computeIfAbsent(ops + " on " + kind, k -> new ArrayList<>())
                        .add(r.resourceType().name().equals("CLUSTER") ? "" : name(r));
            }
            List<String> parts = new ArrayList<>();
            clauses.forEach((clause, names) -> {
                String listed = names.stream().filter(n -> !n.isEmpty()).collect(Collectors.joining(", "));
                parts.add(listed.isEmpty() ? clause.replace(" on cluster", " on the cluster") : clause + " " + listed);
            });
            out.append("| ")
                    .append(principal)
                    .append(" | ")
                    .append(String.join("; ", parts))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String name(AccessRule r) {
        return r.patternType() == PatternType.PREFIXED ? "`" + r.name() + "*`" : "`" + r.name() + "`";
    }
}
