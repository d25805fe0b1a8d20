package org.safeguardingsignals.governance;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.topics.WithdrawnTopic;

/** The generated tables of the DPIA and the appropriate policy document. */
final class DpiaTables {
    /** The access file names each partner agency's principal so. */
    static final String AGENCY_PREFIX = "agency-";

    private DpiaTables() {}

    /** Each input flow: who sends it, what for, what kind of personal data, on what basis, how long it is kept. */
    static String flows(List<EventType> inputs, AccessFile access) {
        StringBuilder md = new StringBuilder(Md.header(
                "event type", "topic", "sent by", "what it carries", "personal data", "lawful basis", "kept"));
        for (EventType t : inputs) {
            md.append(Md.row(
                    t.name(),
                    Md.code(t.topic().name()),
                    Md.principals(agencies(access.writers(t.topic().name())), "no agency (access file)"),
                    t.topic().description(),
                    DataCategory.describe(t),
                    DataCategory.lawfulBasis(t),
                    Kept.of(t.topic().settings())));
        }
        return md.toString();
    }

    /** Conditions for special category and criminal offence data, per flow that carries either. */
    static String conditions(List<EventType> inputs) {
        StringBuilder md = new StringBuilder(Md.header("event type", "special categories", "condition"));
        for (EventType t : inputs) {
            List<String> conditions = new ArrayList<>();
            if (t.specialCategory()) {
                conditions.add(DataCategory.SAFEGUARDING_CONDITION);
            }
            if (t.criminalOffenceData()) {
                conditions.add(DataCategory.CRIMINAL_OFFENCE_CONDITION);
            }
            if (!conditions.isEmpty()) {
                md.append(Md.row(t.name(), DataCategory.describe(t), String.join("; ", conditions)));
            }
        }
        return md.toString();
    }

    /** What the pipeline no longer collects: withdrawn topics, and fields of released contracts it no longer has. */
    static String notCollected(List<EventType> inputs) {
        StringBuilder md = new StringBuilder(Md.header("what", "in", "why it is not collected"));
        for (WithdrawnTopic w : Topics.WITHDRAWN) {
            md.append(Md.row(w.carried(), "withdrawn topic " + Md.code(w.name()), w.why()));
        }
        for (EventType t : inputs) {
            Set<String> now = new LinkedHashSet<>();
            t.fields().forEach(f -> now.add(f.path()));
            Set<String> dropped = new TreeSet<>();
            for (Schema released : Repository.released(t.topic().valueSchema().getFullName())) {
                for (String path : paths(released, "")) {
                    if (!now.contains(path)) {
                        dropped.add(path);
                    }
                }
            }
            // a record that went whole is named once, not field by field
            dropped.removeIf(p -> dropped.stream().anyMatch(q -> p.startsWith(q + ".") || p.startsWith(q + "[].")));
            for (String path : dropped) {
                md.append(Md.row(
                        Md.code(path),
                        t.name(),
                        "Asked for by an earlier version of the contract, and read by no rule, figure or screen: no"
                                + " longer asked for; a reader on the current contract drops it"));
            }
        }
        return md.toString();
    }

    private static List<String> paths(Schema record, String prefix) {
        List<String> out = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            out.add(prefix + f.name());
            Schema held = Schemas.heldRecord(f.schema());
            if (held != null) {
                boolean array = Schemas.nonNull(f.schema()).getType() == Schema.Type.ARRAY;
                out.addAll(paths(held, prefix + f.name() + (array ? "[]." : ".")));
            }
        }
        return out;
    }

    /** How many fields each event type has, and what they are used for. */
    static String minimisation(List<EventType> inputs) {
        List<String> columns = new ArrayList<>(List.of("event type", "fields"));
        for (UseKind k : UseKind.values()) {
            columns.add(k.code());
        }
        StringBuilder md = new StringBuilder(Md.header(columns.toArray(String[]::new)));
        for (EventType t : inputs) {
            Map<UseKind, Integer> counts = new EnumMap<>(UseKind.class);
            long leaves = t.fields().stream().filter(f -> !f.container()).count();
            for (ContractField f : t.fields()) {
                if (!f.container()) {
                    f.uses().forEach(k -> counts.merge(k, 1, Integer::sum));
                }
            }
            List<String> cells = new ArrayList<>(List.of(t.name(), Long.toString(leaves)));
            for (UseKind k : UseKind.values()) {
                cells.add(Integer.toString(counts.getOrDefault(k, 0)));
            }
            md.append(Md.row(cells.toArray(String[]::new)));
        }
        md.append("\nWhat each use means:\n\n");
        for (UseKind k : UseKind.values()) {
            md.append("- **")
                    .append(k.code())
                    .append("**: ")
                    .append(k.meaning())
                    .append(".\n");
        }
        return md.toString();
    }

    /** Every topic the pipeline writes: what it holds, who reads it, how long it is kept. */
    static String outputs(AccessFile access) {
        StringBuilder md = new StringBuilder(Md.header("topic", "holds", "key", "read by", "kept"));
        for (Topic<? extends SpecificRecord> t : Topics.ALL) {
            if (t.direction() == Topic.Direction.OUTPUT) {
                md.append(Md.row(
                        Md.code(t.name()),
                        t.description(),
                        Md.code(t.key()),
                        Md.principals(access.readers(t.name()), "nobody (no reader in the access file)"),
                        Kept.of(t.settings())));
            }
        }
        return md.toString();
    }

    /** Every topic's retention, with its reason; and the state detection keeps about a child. */
    static String retention() {
        StringBuilder md = new StringBuilder(Md.header("where", "kept", "why"));
        for (Topic<? extends SpecificRecord> t : Topics.ALL) {
            md.append(Md.row(
                    Md.code(t.name()), Kept.of(t.settings()), t.settings().why()));
        }
        md.append(Md.row(
                "detection's state about a child (store `child-state`, pseudonymised)",
                Kept.childState(),
                "Long enough for every rule's window; then the child's state is deleted"));
        return md.toString();
    }

    /** Who may read and write what, from the access file. */
    static String access(AccessFile access) {
        StringBuilder md = new StringBuilder(Md.header("principal", "reads", "writes"));
        for (String principal : access.principals()) {
            Set<String> reads = new TreeSet<>();
            Set<String> writes = new TreeSet<>();
            for (Topic<? extends SpecificRecord> t : Topics.ALL) {
                if (access.readers(t.name()).contains(principal)) {
                    reads.add(t.name());
                }
                if (access.writers(t.name()).contains(principal)) {
                    writes.add(t.name());
                }
            }
            md.append(Md.row(
                    principal,
                    reads.isEmpty() ? "no topic of the registry" : String.join(", ", reads),
                    writes.isEmpty() ? "no topic of the registry" : String.join(", ", writes)));
        }
        return md.toString();
    }

    /** The topics whose period the partnership must set. */
    static String decideRetention() {
        StringBuilder md = new StringBuilder();
        for (Topic<? extends SpecificRecord> t : Topics.ALL) {
            if (t.settings().forever()) {
                md.append("- ")
                        .append(Md.code(t.name()))
                        .append(": ")
                        .append(t.settings().why())
                        .append(".\n");
            }
        }
        return md.toString();
    }

    static Set<String> agencies(Set<String> principals) {
        Set<String> out = new TreeSet<>();
        principals.stream().filter(p -> p.startsWith(AGENCY_PREFIX)).forEach(out::add);
        return out;
    }
}
