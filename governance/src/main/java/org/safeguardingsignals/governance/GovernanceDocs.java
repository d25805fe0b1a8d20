package org.safeguardingsignals.governance;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.runtime.TopicProvisioner;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.topics.WithdrawnTopic;

/**
 * The information-governance documents in docs/governance, and the retention schedule of docs/ARCHITECTURE.md
 * ({@link RetentionSchedule}), generated from the project's registries: the topic registry
 * (names, descriptions, retention and its reason), the input contracts (each field's {@code @purpose} and
 * {@code @uses}, each record's {@code @dataCategories}, released versions) and the access-control file. The prose
 * around the tables is written by hand for a partnership to adopt; each table sits between
 * {@code <!-- BEGIN GENERATED: name -->} and {@code <!-- END GENERATED: name -->}. GovernanceDocsTest fails while a
 * document and the registries disagree.
 *
 * <p>Usage: {@code GovernanceDocs [--access FILE] [--settings FILE]}, from the repository's root ({@link #REGENERATE});
 * {@code --settings} prints the retention schedule of a partnership's detection settings instead ({@link
 * #SCHEDULE_FOR}).
 */
public final class GovernanceDocs {
    public static final String REGENERATE = "mvn -q -o -pl governance -am process-classes -Pgovernance-docs";
    public static final String SCHEDULE_FOR = REGENERATE + " -Dgovernance.settings=FILE";
    public static final Path DPIA = Path.of("docs", "governance", "DPIA.md");
    public static final Path POLICY = Path.of("docs", "governance", "APPROPRIATE-POLICY.md");
    public static final Path SCHEDULE = Path.of("docs", "governance", "SHARING-SCHEDULE.md");

    private GovernanceDocs() {}

    /** Each document's generated regions, by name. */
    public static Map<Path, Map<String, String>> regions(AccessFile access) {
        List<EventType> inputs = Contracts.inputs();
        String source = "Generated from the topic registry (`Topics`), the input contracts (`schemas/src/main/avro`:"
                + " each field's `@purpose` and `@uses`, each record's `@dataCategories`, the released versions in"
                + " `schemas/released`) and the access-control file `"
                + access.file().toString().replace('\\', '/')
                + "`. Regenerate with `" + REGENERATE + "`; GovernanceDocsTest fails while this document and the"
                + " registries disagree.\n";
        Map<Path, Map<String, String>> docs = new LinkedHashMap<>();
        Map<String, String> dpia = new LinkedHashMap<>();
        dpia.put("dpia-source", source);
        dpia.put("dpia-flows", DpiaTables.flows(inputs, access));
        dpia.put("dpia-not-collected", DpiaTables.notCollected(inputs));
        dpia.put("dpia-minimisation", DpiaTables.minimisation(inputs));
        dpia.put("dpia-outputs", DpiaTables.outputs(access));
        dpia.put("dpia-retention", DpiaTables.retention());
        dpia.put("dpia-access", DpiaTables.access(access));
        dpia.put("dpia-decide-retention", DpiaTables.decideRetention());
        docs.put(DPIA, dpia);
        Map<String, String> policy = new LinkedHashMap<>();
        policy.put("policy-source", source);
        policy.put("policy-conditions", DpiaTables.conditions(inputs));
        policy.put("policy-retention", DpiaTables.retention());
        docs.put(POLICY, policy);
        Map<String, String> schedule = new LinkedHashMap<>();
        schedule.put("schedule-source", source);
        schedule.put("schedule", ScheduleTables.schedule(inputs, access));
        docs.put(SCHEDULE, schedule);
        docs.put(RetentionSchedule.ARCHITECTURE, Map.of(RetentionSchedule.REGION, RetentionSchedule.table()));
        return docs;
    }

    /**
     * What stops the documents being generated: a contract field without a purpose or use, or an access file that
     * names a topic the registry does not have (a withdrawn one, or a typing error).
     */
    public static List<String> problems(AccessFile access) {
        return problems(access, Topics.WITHDRAWN);
    }

    /** As {@link #problems(AccessFile)}, against these withdrawn topics. */
    static List<String> problems(AccessFile access, List<WithdrawnTopic> withdrawnTopics) {
        List<String> problems = new ArrayList<>(Contracts.problems(Contracts.inputs()));
        problems.addAll(RetentionSchedule.problems());
        Set<String> known = Topics.ALL.stream().map(t -> t.name()).collect(Collectors.toSet());
        Map<String, String> withdrawn =
                withdrawnTopics.stream().collect(Collectors.toMap(WithdrawnTopic::name, WithdrawnTopic::why));
        for (AccessFile.Grant g : access.literalTopicGrants()) {
            if (withdrawn.containsKey(g.name())) {
                problems.add(access.file() + " line " + g.line() + " grants " + g.principal() + " access to " + g.name()
                        + ", which is withdrawn (" + withdrawn.get(g.name()) + "): remove the line");
            } else if (g.name().startsWith("safeguarding.") && !known.contains(g.name())) {
                problems.add(access.file() + " line " + g.line() + " names " + g.name()
                        + ", which is not in the topic registry");
            }
        }
        return problems;
    }

    /** The document with every generated region replaced by what the registries say now. */
    public static String render(Path document, String text, Map<String, String> regions) {
        String out = text;
        for (Map.Entry<String, String> region : regions.entrySet()) {
            String begin = "<!-- BEGIN GENERATED: " + region.getKey() + " -->\n";
            String end = "<!-- END GENERATED: " + region.getKey() + " -->";
            int from = out.indexOf(begin);
            int to = out.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalStateException(
                        document + " has no region " + region.getKey() + " (" + begin.trim() + " ... " + end + ")");
            }
            out = out.substring(0, from + begin.length()) + region.getValue() + out.substring(to);
        }
        return out;
    }

    /** The retention schedule with a partnership's detection settings (its own topic periods and rule periods). */
    static String partnershipSchedule(Path detectionSettings) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(detectionSettings)) {
            p.load(in);
        }
        Map<String, String> all = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> all.put(k, p.getProperty(k)));
        return RetentionSchedule.table(DetectionConfig.from(p), TopicProvisioner.retentionOverrides(all));
    }

    public static void main(String[] args) throws IOException {
        Path accessFile = AccessFile.IN_REPOSITORY;
        Path settings = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--access") && i + 1 < args.length) {
                accessFile = Path.of(args[++i]);
            } else if (args[i].equals("--settings")) {
                // the profile passes null, empty or nothing when no file is named
                String file = i + 1 < args.length ? args[++i] : "";
                settings = file == null || file.isBlank() ? null : Path.of(file);
            } else {
                System.err.println("Usage: GovernanceDocs [--access FILE] [--settings DETECTION-PROPERTIES]   (default "
                        + AccessFile.IN_REPOSITORY + "; --settings prints that partnership's retention schedule and"
                        + " writes nothing)");
                System.exit(2);
            }
        }
        if (settings != null) {
            try {
                System.out.print(partnershipSchedule(settings));
            } catch (IOException | RuntimeException e) {
                System.err.println("The retention schedule of " + settings + " was not made: " + e.getMessage());
                System.exit(2);
            }
            return;
        }
        AccessFile access;
        try {
            access = AccessFile.read(accessFile);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        List<String> problems = problems(access);
        if (!problems.isEmpty()) {
            System.err.println("The governance documents were not written:");
            problems.forEach(p -> System.err.println("  " + p));
            System.exit(1);
        }
        for (Map.Entry<Path, Map<String, String>> doc : regions(access).entrySet()) {
            Path file = Repository.resolve(doc.getKey());
            Files.writeString(file, render(doc.getKey(), Files.readString(file), doc.getValue()));
            System.out.println("Wrote " + file.toAbsolutePath().normalize());
        }
    }
}
