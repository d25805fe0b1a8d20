package org.safeguardingsignals.backtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import org.safeguardingsignals.identifiers.LocalAuthorityCode;
import org.safeguardingsignals.runtime.Pseudonymiser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streams/bin/backtest}: what a change of the rules' settings would have flagged over a period, against what
 * the settings in force flagged. Writes report.txt, report.csv, children-changed.csv and chart.html.
 */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Replays a period of the input topics through the detection rules twice, with the current and the "
                    + "candidate settings, apart from the pipeline (nothing is written to the broker or the registry), "
                    + "and reports per authority, rule and severity: alerts, children flagged, per 100,000 children, "
                    + "and the children gained and lost.",
            "Against the local run by default (its data directory has the addresses, credentials and settings)."
        })
public final class BacktestCommand implements Callable<Integer> {
    static final String POPULATION = "child-population";

    @Option(names = "--from", required = true, description = "first day of the period (England), e.g. 2025-12-01")
    LocalDate from;

    @Option(names = "--to", description = "day after the period's last (England); default: today")
    LocalDate to;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a candidate setting (repeatable)")
    List<String> set = new ArrayList<>();

    @Option(names = "--candidate", paramLabel = "FILE", description = "candidate settings laid over the current")
    Path candidateFile;

    @Option(
            names = "--settings",
            paramLabel = "FILE",
            description = "the detection settings in force; default: DATA/settings/detection.properties if it exists,"
                    + " else the defaults")
    Path settingsFile;

    @Option(
            names = "--population",
            paramLabel = "GSS=N",
            description = "children aged 0 to 17 in an authority (repeatable); also read from "
                    + "authority.<GSS>.child-population in the settings")
    List<String> populations = new ArrayList<>();

    @Option(
            names = "--warm-up",
            description = "replayed before the period to build the rules' look-back; default: "
                    + "the longest look-back plus the intake grace")
    Duration warmUp;

    @Option(
            names = "--data",
            description = "the local run's data directory; default: the repository's data/",
            defaultValue = "${sys:safeguarding.data:-data}")
    Path data;

    @Option(names = "--bootstrap", description = "the brokers; default: the local run's")
    String bootstrap;

    @Option(names = "--registry", description = "the schema registry's URL; default: the local run's")
    String registry;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "the reader's client settings (SASL and TLS); default: DATA/security/credentials/"
                    + "backtest.properties")
    Path config;

    @Option(names = "--out", description = "where the files go; default: backtest-FROM-TO")
    Path out;

    private final PrintStream stdout;
    private final PrintStream stderr;

    BacktestCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        LocalDate until = to != null ? to : LocalDate.now(BacktestReport.ENGLAND);
        if (!until.isAfter(from)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--to must be after --from");
        }
        Properties current = settingsFile != null
                ? load(settingsFile)
                : Files.exists(data.resolve("settings/detection.properties"))
                        ? load(data.resolve("settings/detection.properties"))
                        : new Properties();
        Properties candidate = new Properties();
        candidate.putAll(current);
        Map<String, String> changes = new LinkedHashMap<>();
        if (candidateFile != null) {
            load(candidateFile).forEach((k, v) -> changes.put(k.toString(), v.toString()));
        }
        for (String s : set) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--set takes KEY=VALUE: " + s);
            }
            changes.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        CandidateSettings.check(changes);
        candidate.putAll(changes);

        Map<String, Long> population = populations(current, candidate);
        Map<String, Object> client = client();
        Map<String, Object> sourceRegistry = new HashMap<>(client); // ssl.* keys: the registry's TLS falls back to them
        sourceRegistry.put("schema.registry.url", registryUrl());
        Map<String, String> key = new HashMap<>();
        current.forEach((k, v) -> key.put(k.toString(), v.toString()));
        String pseudonyms;
        Pseudonymiser pseudonymiser;
        if (key.containsKey(Pseudonymiser.KEY_FILE_CONFIG) || System.getenv(Pseudonymiser.KEY_ENV) != null) {
            pseudonymiser = Pseudonymiser.fromConfig(key, System.getenv());
            pseudonyms = "the pipeline's key: a child gained or lost can be found in the console by pseudonym";
        } else {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            pseudonymiser = new Pseudonymiser(HexFormat.of().formatHex(random).getBytes(StandardCharsets.UTF_8));
            pseudonyms = "a key of this run only (no " + Pseudonymiser.KEY_FILE_CONFIG + " in the settings, no "
                    + Pseudonymiser.KEY_ENV + "): they cannot be matched with the console's";
        }
        Instant start = from.atStartOfDay(BacktestReport.ENGLAND).toInstant();
        Instant end = until.atStartOfDay(BacktestReport.ENGLAND).toInstant();
        BacktestResult result = Backtest.run(
                new Backtest.Request(
                        client,
                        sourceRegistry,
                        current,
                        candidate,
                        start,
                        end,
                        warmUp,
                        pseudonymiser,
                        pseudonyms,
                        population),
                stage -> Progress.to(stderr));
        Path dir = out != null ? out : Path.of("backtest-" + from + "-" + until);
        Files.createDirectories(dir);
        String text = BacktestReport.text(result);
        Files.writeString(dir.resolve("report.txt"), text);
        Files.writeString(dir.resolve("report.csv"), BacktestReport.csv(result));
        Files.writeString(dir.resolve("children-changed.csv"), BacktestReport.changesCsv(result));
        Files.writeString(dir.resolve("chart.html"), BoardChart.html(result));
        stdout.print(text);
        stdout.printf("%nWritten to %s: report.txt, report.csv, children-changed.csv, chart.html%n", dir);
        return 0;
    }

    private Map<String, Long> populations(Properties current, Properties candidate) {
        Map<String, Long> out = new HashMap<>();
        for (Properties p : List.of(current, candidate)) {
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith("authority.") && k.endsWith("." + POPULATION)) {
                    String gss = k.substring("authority.".length(), k.length() - POPULATION.length() - 1);
                    out.put(gss, population(gss, p.getProperty(k)));
                }
            }
        }
        for (String s : populations) {
            int eq = s.indexOf('=');
            String gss = eq > 0 ? s.substring(0, eq).trim() : s;
            out.put(gss, population(gss, eq > 0 ? s.substring(eq + 1) : ""));
        }
        return out;
    }

    private long population(String gss, String value) {
        if (!LocalAuthorityCode.isValid(gss)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "not a GSS code of a local authority: " + gss);
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CommandLine.ParameterException(
                new CommandLine(this), "the child population of " + gss + " must be a whole number above 0: " + value);
    }

    private Map<String, Object> client() throws IOException {
        Map<String, Object> client = new HashMap<>();
        Path credentials = config != null ? config : data.resolve("security/credentials/backtest.properties");
        if (Files.exists(credentials)) {
            load(credentials).forEach((k, v) -> client.put(k.toString(), v));
        } else if (config != null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "no such file: " + config);
        }
        client.put("bootstrap.servers", bootstrap != null ? bootstrap : endpoint("bootstrap.servers"));
        return client;
    }

    private String registryUrl() throws IOException {
        return registry != null ? registry : endpoint("schema.registry.url");
    }

    private String endpoint(String key) throws IOException {
        Path endpoints = data.resolve("endpoints.properties");
        if (!Files.exists(endpoints)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "No " + endpoints + ": start the local run, or give --bootstrap, --registry and --config");
        }
        return load(endpoints).getProperty(key);
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException("no such file: " + file, e);
        }
        return p;
    }

    /** Runs the command; 0 done, 1 failed, 2 a mistake in the command or the settings. */
    public static int execute(PrintStream stdout, PrintStream stderr, String... args) {
        CommandLine line = new CommandLine(new BacktestCommand(stdout, stderr));
        line.setOut(new java.io.PrintWriter(stdout, true));
        line.setErr(new java.io.PrintWriter(stderr, true));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof CommandLine.ParameterException) {
                stderr.println("backtest: " + e.getMessage());
                return 2;
            }
            stderr.println("backtest failed: " + e.getMessage());
            return 1;
        });
        return line.execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }
}
