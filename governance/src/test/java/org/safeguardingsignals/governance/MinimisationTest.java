package org.safeguardingsignals.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.console.ConsoleApp;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.metrics.MetricsApp;
import org.safeguardingsignals.runtime.signals.Signals;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.InputContracts;

/**
 * Minimisation: every field of every input contract says why it is asked for and what it is used for, and something
 * in the applications really reads it for that. A field that no rule, routing, figure or screen reads fails here, and
 * must be removed (compatibly: a reader drops a field it no longer declares) or given a use.
 *
 * <p>"Reads" is found in the applications' bytecode (detection, partnership metrics, console and their shared
 * runtime): a call of the field's getter on the record that declares it, or a field an input contract's accessors
 * hand to the intake (its header, its reference, its children). Validation is not a use. A use is plausible where
 * the code that reads the field does that kind of thing: a metric is read by the figures or a meter, a display by
 * the intake, the chronology or the console, and so on ({@link #KINDS_BY_READER}).
 */
class MinimisationTest {
    /** Which kinds of use the code in a package (or class) can make of what it reads; the longest prefix wins. */
    static final Map<String, Set<UseKind>> KINDS_BY_READER = new LinkedHashMap<>();

    static {
        KINDS_BY_READER.put("org.safeguardingsignals.detection.rules.", EnumSet.of(UseKind.RULE, UseKind.ROUTING));
        KINDS_BY_READER.put(
                "org.safeguardingsignals.detection.intake.Sources",
                // and the areas and companions of a missing episode, which the linking processor links by
                EnumSet.of(UseKind.RULE, UseKind.ROUTING, UseKind.CHRONOLOGY, UseKind.LINKING));
        KINDS_BY_READER.put(
                "org.safeguardingsignals.detection.intake.IntakeProcessor",
                EnumSet.of(
                        // it builds the indicator the rules judge and route by, and the unmatched record
                        UseKind.RULE,
                        UseKind.ROUTING,
                        UseKind.LINKING,
                        UseKind.MANUAL_MATCHING,
                        UseKind.METRIC,
                        UseKind.EVIDENCE,
                        UseKind.CHRONOLOGY));
        KINDS_BY_READER.put(
                "org.safeguardingsignals.detection.",
                EnumSet.of(UseKind.RULE, UseKind.ROUTING, UseKind.EVIDENCE, UseKind.CHRONOLOGY, UseKind.LINKING));
        KINDS_BY_READER.put("org.safeguardingsignals.runtime.signals.Qualifiers", EnumSet.of(UseKind.CHRONOLOGY));
        KINDS_BY_READER.put(
                "org.safeguardingsignals.runtime.signals.",
                EnumSet.of(UseKind.RULE, UseKind.METRIC, UseKind.EVIDENCE, UseKind.CHRONOLOGY));
        KINDS_BY_READER.put("org.safeguardingsignals.runtime.", EnumSet.of(UseKind.METRIC, UseKind.LINKING));
        KINDS_BY_READER.put("org.safeguardingsignals.metrics.", EnumSet.of(UseKind.METRIC, UseKind.LINKING));
        KINDS_BY_READER.put("org.safeguardingsignals.console.", EnumSet.of(UseKind.EVIDENCE, UseKind.CHRONOLOGY));
    }

    /** What the intake does with what each accessor of an input contract hands it. */
    static final Set<UseKind> HEADER = EnumSet.of(UseKind.LINKING);

    static final Set<UseKind> REFERENCE = EnumSet.of(UseKind.EVIDENCE, UseKind.CHRONOLOGY, UseKind.LINKING);
    static final Set<UseKind> CHILDREN = EnumSet.of(UseKind.LINKING);

    private static final FieldReads READS =
            FieldReads.of(List.of(DetectionApp.class, MetricsApp.class, ConsoleApp.class, Signals.class));

    @Test
    void everyFieldOfEveryInputContractDeclaresItsPurposeAndUses() {
        assertThat(Contracts.problems(Contracts.inputs())).isEmpty();
    }

    @Test
    void everyFieldIsReadForWhatItDeclares() {
        Map<String, String> unused = new TreeMap<>();
        Map<String, String> implausible = new TreeMap<>();
        for (InputContract<?> contract : InputContracts.ALL) {
            EventType type = Contracts.of(contract.topic());
            Map<String, Set<UseKind>> read = readFields(contract, type);
            for (ContractField f : type.fields()) {
                String where = type.name() + "." + f.path();
                Set<UseKind> possible = read.get(f.path());
                if (possible == null) {
                    if (unused.keySet().stream().noneMatch(u -> where.startsWith(u + "."))) {
                        unused.put(where, "declares " + f.uses() + "; nothing reads it");
                    }
                    continue;
                }
                for (UseKind declared : f.uses()) {
                    if (!possible.contains(declared)) {
                        implausible.put(
                                where + " " + declared.code(),
                                "its readers can only be used for " + possible + " (" + f.purpose() + ")");
                    }
                }
            }
        }
        assertThat(unused)
                .as("fields of input contracts that no rule, routing, figure or screen reads: remove them"
                        + " compatibly, or give them a use")
                .isEmpty();
        assertThat(implausible)
                .as("declared uses that nothing which reads the field makes")
                .isEmpty();
    }

    @Test
    void theCheckSeesRealReadsAndNoImaginedOnes() {
        assertThat(READS.readersOf(PersonRef.getClassSchema().getFullName(), "getNhsNumber"))
                .contains("org.safeguardingsignals.detection.intake.IntakeProcessor");
        assertThat(READS.readersOf(EventHeader.getClassSchema().getFullName(), "getRecordedAt"))
                .containsExactly("org.safeguardingsignals.detection.intake.IntakeProcessor");
        // the schemas module validates, and is not read: a check of a field is not a use of it
        assertThat(READS.readersOf(InputContracts.class.getName(), "of")).isNotNull();
        assertThat(READS.readersOf(Topics.class.getName(), "nothingCallsThis")).isEmpty();
    }

    /** Each field path something reads, with the kinds of use its readers make. */
    static Map<String, Set<UseKind>> readFields(InputContract<?> contract, EventType type) {
        Map<String, Set<UseKind>> read = new TreeMap<>();
        accessorReads(contract, type.topic().valueSchema()).forEach((path, kinds) -> {
            // the accessor went through every field on the way
            for (String p = path; p != null; p = parentOf(p)) {
                read.computeIfAbsent(p, k -> EnumSet.noneOf(UseKind.class)).addAll(kinds);
            }
        });
        Set<String> carriedWhole = recordsCarriedToOutputs();
        for (ContractField f : type.fields()) {
            String getter =
                    "get" + Character.toUpperCase(f.name().charAt(0)) + f.name().substring(1);
            for (String reader : READS.readersOf(f.owner().getFullName(), getter)) {
                read.computeIfAbsent(f.path(), k -> EnumSet.noneOf(UseKind.class))
                        .addAll(kindsOf(reader));
            }
        }
        // a record handed whole to an output (a child's local identifiers to the unmatched topic) is read whole
        for (ContractField f : type.fields()) {
            String parent = parentOf(f.path());
            if (parent != null
                    && read.containsKey(parent)
                    && carriedWhole.contains(f.owner().getFullName())) {
                read.computeIfAbsent(f.path(), k -> EnumSet.noneOf(UseKind.class))
                        .addAll(read.get(parent));
            }
        }
        // a field inside one that nothing reads is not read either
        read.keySet().removeIf(p -> unreadAncestor(p, read));
        return read;
    }

    private static boolean unreadAncestor(String path, Map<String, Set<UseKind>> read) {
        for (String p = parentOf(path); p != null; p = parentOf(p)) {
            if (!read.containsKey(p)) {
                return true;
            }
        }
        return false;
    }

    /** The paths an input contract's header, reference and children accessors read, found on a probe event. */
    @SuppressWarnings("unchecked")
    static Map<String, Set<UseKind>> accessorReads(InputContract<?> contract, Schema schema) {
        InputContract<SpecificRecord> c = (InputContract<SpecificRecord>) contract;
        Probe probe = new Probe(schema);
        Map<String, Set<UseKind>> paths = new LinkedHashMap<>();
        paths.put(probe.pathOfObject(c.header().apply(probe.event())), HEADER);
        paths.put(probe.pathOfText(c.reference().apply(probe.event())), REFERENCE);
        for (Object child : c.children().apply(probe.event())) {
            paths.put(probe.pathOfObject(child), CHILDREN);
        }
        paths.remove(null);
        Map<String, Set<UseKind>> fields = new LinkedHashMap<>();
        // an element of a list stands for the list's field
        paths.forEach((path, kinds) ->
                fields.put(path.endsWith("[]") ? path.substring(0, path.length() - 2) : path, kinds));
        return fields;
    }

    /** Records that appear whole in an output topic's schema. */
    static Set<String> recordsCarriedToOutputs() {
        Set<String> names = new TreeSet<>();
        Topics.ALL.stream()
                .filter(t -> t.direction() == Topic.Direction.OUTPUT)
                .forEach(t -> collectRecords(t.valueSchema(), names));
        return names;
    }

    private static void collectRecords(Schema s, Set<String> names) {
        switch (s.getType()) {
            case RECORD -> {
                if (names.add(s.getFullName())) {
                    s.getFields().forEach(f -> collectRecords(f.schema(), names));
                }
            }
            case ARRAY -> collectRecords(s.getElementType(), names);
            case MAP -> collectRecords(s.getValueType(), names);
            case UNION -> s.getTypes().forEach(t -> collectRecords(t, names));
            default -> {}
        }
    }

    static Set<UseKind> kindsOf(String readerClass) {
        String best = "";
        for (String prefix : KINDS_BY_READER.keySet()) {
            if (readerClass.startsWith(prefix) && prefix.length() > best.length()) {
                best = prefix;
            }
        }
        return best.isEmpty() ? Set.of() : KINDS_BY_READER.get(best);
    }

    static String parentOf(String path) {
        int dot = path.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String parent = path.substring(0, dot);
        return parent.endsWith("[]") ? parent.substring(0, parent.length() - 2) : parent;
    }

    static List<String> paths(EventType type) {
        List<String> out = new ArrayList<>();
        type.fields().forEach(f -> out.add(f.path()));
        return out;
    }
}
