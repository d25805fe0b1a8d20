package org.safeguardingsignals.agency.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.safeguardingsignals.agency.AgencyPublisher;
import org.safeguardingsignals.agency.rows.Column;
import org.safeguardingsignals.agency.rows.EventType;
import org.safeguardingsignals.agency.rows.EventTypes;
import org.safeguardingsignals.agency.rows.RowLimits;
import org.safeguardingsignals.agency.rows.RowReader;
import org.safeguardingsignals.events.RejectReason;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code publish}: one CSV or JSON Lines file of one event type to its input topic. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        version = "Safeguarding Signals publish 0.1",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Validates every row of a CSV or JSON Lines file of one event type, publishes the good rows "
                    + "and lists the rejected ones, with line and reason, in a rejects file.",
            "Column layouts: docs/PUBLISHING.md, or --describe TYPE."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every row was published (or, with --allow-rejects, every good row)",
            "1:some rows were rejected (listed in the rejects file)",
            "2:the command or the file cannot be used (usage, missing or unknown columns, no such file, a row the "
                    + "file cannot be read past)",
            "3:publishing failed (schema registry or broker unreachable or refusing)"
        })
public final class PublishCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int REJECTS = 1;
    static final int UNUSABLE = 2;
    static final int FAILED = 3;
    static final String ENDPOINTS_ENV = "SAFEGUARDING_ENDPOINTS";

    @Option(
            names = {"-t", "--type"},
            paramLabel = "TYPE",
            description = "Event type: ${COMPLETION-CANDIDATES}",
            completionCandidates = TypeNames.class)
    String type;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The file (.csv, or .jsonl for JSON Lines)")
    Path file;

    @Option(
            names = {"-a", "--agency"},
            paramLabel = "AGENCY",
            description = "Whose retractions (--type retraction): police, health, school, childrens-services or "
                    + "return-interviews, your principal's name after agency-; each has its own topic")
    String agency;

    @Option(
            names = "--ids",
            paramLabel = "FILE",
            description = "Also list the line and event id of every row that passed its checks (with --dry-run, "
                    + "nothing is sent): the ids a retraction names")
    Path ids;

    @Option(names = "--format", description = "csv or jsonl; default: from the file's extension")
    RowReader.Format format;

    @Option(
            names = "--rejects",
            paramLabel = "FILE",
            description = "Where to list rejected rows; default: " + "FILE with .rejects.csv in place of its extension")
    Path rejects;

    @Option(names = "--allow-rejects", description = "Exit 0 even when rows were rejected")
    boolean allowRejects;

    @Option(names = "--dry-run", description = "Validate only; publish nothing")
    boolean dryRun;

    @Option(
            names = "--max-row-chars",
            paramLabel = "N",
            description = "Longest row (JSON Lines: line) read; " + "default: ${DEFAULT-VALUE}")
    int maxRowChars = RowLimits.DEFAULTS.maxRowChars();

    @Option(
            names = "--max-cell-chars",
            paramLabel = "N",
            description = "Longest cell (JSON Lines: value) read; " + "default: ${DEFAULT-VALUE}")
    int maxCellChars = RowLimits.DEFAULTS.maxFieldChars();

    @Option(
            names = {"-b", "--bootstrap-servers"},
            description = "Kafka bootstrap servers")
    String bootstrapServers;

    @Option(
            names = {"-r", "--schema-registry-url"},
            description = "Confluent-compatible schema registry API")
    String registryUrl;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Producer and serde properties " + "(security, credentials); Kafka's and Confluent's keys")
    Path config;

    /**
     * The local run's addresses: SAFEGUARDING_ENDPOINTS, else the repository's data/endpoints.properties (bin/publish
     * passes it as safeguarding.endpoints, so the command finds it from any directory), else ./data/.
     */
    @Option(
            names = "--endpoints",
            paramLabel = "FILE",
            defaultValue = "${env:" + ENDPOINTS_ENV + ":-${sys:safeguarding.endpoints:-data/endpoints.properties}}",
            description = "Addresses of a local run, used when -b or -r is not given; default: $" + ENDPOINTS_ENV
                    + ", else the repository's data/endpoints.properties (${DEFAULT-VALUE})")
    Path endpoints;

    @Option(names = "--describe", paramLabel = "TYPE", description = "Print the column layout of TYPE and exit")
    String describe;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command; returns its exit code. */
    public static int run(String... args) {
        return new CommandLine(new PublishCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    /** Runs the command with its output and errors captured. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new PublishCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(out)
                .setErr(err)
                .execute(args);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (describe != null) {
            EventType<?> described = eventType(describe, err);
            if (described != null && agency != null) {
                described = forPublisher(described, err);
            }
            return described == null ? UNUSABLE : describe(described, out);
        }
        if (type == null || file == null) {
            err.println("publish needs --type TYPE and a FILE (see --help)");
            return UNUSABLE;
        }
        EventType<?> eventType = eventType(type, err);
        if (eventType != null) {
            eventType = forPublisher(eventType, err);
        }
        if (eventType == null) {
            return UNUSABLE;
        }
        if (!Files.isReadable(file)) {
            err.println("cannot read " + file);
            return UNUSABLE;
        }
        RowReader.Format fmt = format != null ? format : RowReader.formatOf(file);
        Path rejectsFile = rejects != null ? rejects : defaultRejects(file);
        RowLimits limits;
        try {
            limits = new RowLimits(maxRowChars, maxCellChars);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return UNUSABLE;
        }
        Progress progress = new Progress(System.err, System.console() != null);
        FilePublication.Outcome outcome;
        try {
            FilePublication.checkLayout(file, fmt, limits, eventType);
            if (dryRun) {
                outcome = FilePublication.publish(
                        file, fmt, limits, eventType, FilePublication.DRY_RUN, rejectsFile, ids, progress);
            } else {
                Properties connection = connection(err);
                if (connection == null) {
                    return UNUSABLE;
                }
                try (AgencyPublisher publisher =
                        AgencyPublisher.builder().properties(connection).build()) {
                    outcome = FilePublication.publish(
                            file,
                            fmt,
                            limits,
                            eventType,
                            FilePublication.to(publisher, eventType),
                            rejectsFile,
                            ids,
                            progress);
                }
            }
        } catch (FilePublication.LayoutException e) {
            err.println(e.getMessage());
            err.println("Nothing was published. The layout of " + eventType.name() + ": publish --describe "
                    + eventType.name());
            return UNUSABLE;
        }
        summarise(outcome, eventType, rejectsFile, out);
        if (outcome.failed()) {
            err.println("Publishing failed: " + outcome.failure());
            err.println("Rows after the failure were not read. Events are idempotent: run the same command again "
                    + "once the cause is fixed, and rows already published count once.");
            return FAILED;
        }
        if (outcome.stoppedEarly()) {
            err.println("Reading stopped at " + outcome.unreadable() + ".");
            err.println("Rows before it were " + (dryRun ? "checked" : "published") + "; nothing after it was read. "
                    + "Fix the file and run the same command again: rows already published count once.");
            return UNUSABLE;
        }
        return outcome.rejected() > 0 && !allowRejects ? REJECTS : OK;
    }

    private void summarise(FilePublication.Outcome o, EventType<?> eventType, Path rejectsFile, PrintWriter out) {
        out.printf(
                "%s: %,d rows read in %.1f s (%,.0f rows/s)%n",
                file.getFileName(), o.rows(), o.took().toMillis() / 1000.0, Progress.perSecond(o.rows(), o.took()));
        out.printf(
                "  %s %,d to %s%n",
                dryRun ? "valid (dry run, nothing sent)" : "published",
                dryRun ? o.rows() - o.rejected() : o.published(),
                eventType.contract().topic().name());
        if (o.rejected() > 0) {
            out.printf("  rejected %,d, listed with line and reason in %s%n", o.rejected(), rejectsFile);
            for (Map.Entry<RejectReason, Long> e : o.rejectedByReason().entrySet()) {
                out.printf("    %-24s %,d%n", e.getKey(), e.getValue());
            }
        } else {
            out.println("  rejected 0");
        }
        out.flush();
    }

    private Properties connection(PrintWriter err) throws IOException {
        Properties p = new Properties();
        if ((bootstrapServers == null || registryUrl == null) && Files.isReadable(endpoints)) {
            try (InputStream in = Files.newInputStream(endpoints)) {
                p.load(in);
            }
            p.keySet().retainAll(Set.of("bootstrap.servers", "schema.registry.url"));
        }
        if (config != null) {
            try (InputStream in = Files.newInputStream(config)) {
                p.load(in);
            }
        }
        if (bootstrapServers != null) {
            p.setProperty("bootstrap.servers", bootstrapServers);
        }
        if (registryUrl != null) {
            p.setProperty("schema.registry.url", registryUrl);
        }
        for (String key : new String[] {"bootstrap.servers", "schema.registry.url"}) {
            if (!p.containsKey(key)) {
                err.println("No " + key + ": give --"
                        + (key.startsWith("bootstrap") ? "bootstrap-servers" : "schema-registry-url")
                        + " or a --config file, or start the local run: it writes "
                        + endpoints.toAbsolutePath().normalize()
                        + " (another file: --endpoints FILE or " + ENDPOINTS_ENV + ")");
                return null;
            }
        }
        return p;
    }

    private static EventType<?> eventType(String name, PrintWriter err) {
        return EventTypes.byName(name).orElseGet(() -> {
            err.println("unknown event type '" + name + "'; the types are " + String.join(", ", EventTypes.names()));
            return null;
        });
    }

    /** A retraction's layout for the --agency given (its own topic); any other type as it is. */
    private EventType<?> forPublisher(EventType<?> type, PrintWriter err) {
        try {
            return EventTypes.forPublisher(type, agency);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage().replace("name it", "name it with --agency"));
            return null;
        }
    }

    private static int describe(EventType<?> type, PrintWriter out) {
        out.printf(
                "%s -> %s%n",
                type.name(),
                type == EventTypes.RETRACTION
                        ? "the agency's own retraction topic (--agency AGENCY)"
                        : type.contract().topic().name());
        for (Column c : type.columns()) {
            out.printf(
                    "  %-26s %-9s %s. %s%n",
                    c.name(), c.required() ? "required" : "optional", c.format(), c.description());
        }
        out.flush();
        return OK;
    }

    static Path defaultRejects(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".rejects.csv");
    }

    static final class TypeNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return EventTypes.names().iterator();
        }
    }
}
