package org.safeguardingsignals.governance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.topics.Topics;

/**
 * The data-sharing schedule: per partner agency (a principal of the access file that writes input topics), each event
 * type it sends, and each field with why it is asked for, what it is used for, who can read it and how long it is
 * kept.
 */
final class ScheduleTables {
    private ScheduleTables() {}

    static String schedule(List<EventType> inputs, AccessFile access) {
        Map<String, List<EventType>> byAgency = new LinkedHashMap<>();
        List<EventType> unsent = new ArrayList<>();
        for (EventType t : inputs) {
            Set<String> agencies = DpiaTables.agencies(access.writers(t.topic().name()));
            agencies.forEach(
                    a -> byAgency.computeIfAbsent(a, k -> new ArrayList<>()).add(t));
            if (agencies.isEmpty()) {
                unsent.add(t);
            }
        }
        StringBuilder md = new StringBuilder();
        for (String agency : new TreeSet<>(byAgency.keySet())) {
            md.append("## ").append(agency).append("\n\n");
            md.append("Sends ")
                    .append(String.join(
                            ", ",
                            byAgency.get(agency).stream()
                                    .map(t ->
                                            t.name() + " (" + Md.code(t.topic().name()) + ")")
                                    .toList()))
                    .append(".\n\n");
            for (EventType t : byAgency.get(agency)) {
                md.append(eventType(agency, t, access));
            }
        }
        if (!unsent.isEmpty()) {
            md.append("## Event types no agency may send\n\nThe access file lets no ")
                    .append(DpiaTables.AGENCY_PREFIX)
                    .append("principal write: ")
                    .append(String.join(
                            ", ", unsent.stream().map(EventType::name).toList()))
                    .append(".\n\n");
        }
        return md.toString();
    }

    private static String eventType(String agency, EventType t, AccessFile access) {
        String topic = t.topic().name();
        StringBuilder md = new StringBuilder();
        md.append("### ").append(agency).append(": ").append(t.name()).append("\n\n");
        md.append("- Topic: ")
                .append(Md.code(topic))
                .append(": ")
                .append(t.topic().description())
                .append(".\n");
        md.append("- Personal data: ").append(DataCategory.describe(t)).append(".\n");
        md.append("- Lawful basis: ").append(DataCategory.lawfulBasis(t)).append(".\n");
        md.append("- Kept on the topic: ")
                .append(Kept.of(t.topic().settings()))
                .append("; read there by ")
                .append(Md.principals(access.readers(topic), "nobody"))
                .append("; also written by ")
                .append(Md.principals(others(access.writers(topic), agency), "nobody else"))
                .append(".\n\n");
        md.append(Md.header(
                "field", "type", "why it is asked for", "used for", "who can read it", "how long it is kept"));
        for (ContractField f : t.fields()) {
            md.append(Md.row(
                    Md.code(f.path()),
                    f.type(),
                    f.purpose(),
                    String.join(", ", f.uses().stream().map(UseKind::code).toList()),
                    readers(f, access),
                    kept(f, t)));
        }
        return md.append('\n').toString();
    }

    /** Beyond the input topic's readers: where each use shows the field, and to whom. */
    static String readers(ContractField f, AccessFile access) {
        List<String> where = new ArrayList<>();
        if (f.uses().contains(UseKind.EVIDENCE)) {
            where.add("alert evidence: MASH users of the authorities it is routed to; "
                    + Md.principals(access.readers(Topics.ALERTS.name()), "no application"));
        }
        if (f.uses().contains(UseKind.CHRONOLOGY)) {
            where.add("chronology: MASH users of an authority that knows the child, each look audited");
        }
        if (f.uses().contains(UseKind.MANUAL_MATCHING)) {
            where.add(Topics.UNMATCHED.name() + ": "
                    + Md.principals(access.readers(Topics.UNMATCHED.name()), "nobody yet (see the DPIA)"));
        }
        if (f.uses().contains(UseKind.METRIC)) {
            where.add("figures, as disclosure-controlled counts only: "
                    + Md.principals(access.readers(Topics.PARTNERSHIP_METRICS.name()), "nobody"));
        }
        if (where.isEmpty()) {
            where.add("the applications only");
        }
        return String.join("; ", where);
    }

    static String kept(ContractField f, EventType t) {
        List<String> where = new ArrayList<>();
        where.add("topic: " + Kept.of(t.topic().settings()));
        if (f.uses().stream()
                .anyMatch(k -> Set.of(UseKind.RULE, UseKind.ROUTING, UseKind.CHRONOLOGY, UseKind.EVIDENCE)
                        .contains(k))) {
            where.add("child state: " + Kept.days(DetectionConfig.DEFAULTS.retention())
                    + " after the child's latest indicator");
        }
        if (f.uses().contains(UseKind.EVIDENCE)) {
            where.add("alerts: " + Kept.of(Topics.ALERTS.settings()));
        }
        if (f.uses().contains(UseKind.MANUAL_MATCHING)) {
            where.add("unmatched: " + Kept.of(Topics.UNMATCHED.settings()));
        }
        return String.join("; ", where);
    }

    private static Set<String> others(Set<String> writers, String agency) {
        Set<String> out = new TreeSet<>(writers);
        out.remove(agency);
        return out;
    }
}
