package org.safeguardingsignals.local;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.safeguardingsignals.console.ConsoleApp;
import org.safeguardingsignals.console.ConsoleSettings;
import org.safeguardingsignals.console.ConsoleUsers;
import org.safeguardingsignals.detection.DetectionApp;
import org.safeguardingsignals.embedded.ApicurioRegistry;
import org.safeguardingsignals.embedded.BrokerSecurity;
import org.safeguardingsignals.embedded.FreePorts;
import org.safeguardingsignals.embedded.Keycloak;
import org.safeguardingsignals.embedded.LocalKafka;
import org.safeguardingsignals.feed.Calibration;
import org.safeguardingsignals.feed.FeedPublisher;
import org.safeguardingsignals.feed.FeedSettings;
import org.safeguardingsignals.feed.SyntheticFeed;
import org.safeguardingsignals.metrics.MetricsApp;
import org.safeguardingsignals.runtime.OriginalSealer;
import org.safeguardingsignals.runtime.PipelineMetrics;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.runtime.ReplayKeys;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.runtime.access.ClusterSetup;
import org.safeguardingsignals.runtime.identity.IdentityVault;
import org.safeguardingsignals.runtime.settings.InternalSettings;

/**
 * The whole pipeline on one machine: a real KRaft broker, a real Apicurio Registry and a real Keycloak for staff
 * sign-in (child JVMs), the detection,
 * partnership-metrics and console applications (in this JVM, each with its own settings, as each is deployed), and
 * the synthetic partner-agency feed; alerts are printed as they are committed. Ctrl-C stops everything cleanly.
 */
public final class LocalRun {
    /** Partitions of each topic the administrator creates (as detection's topics.partitions default). */
    private static final int TOPIC_PARTITIONS = 4;

    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (RunOptions.Help help) {
            System.out.print(RunOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        long start = System.nanoTime();
        Path data = options.dataDir().toAbsolutePath();
        if (options.wipe()) {
            wipe(data);
            out.println("Wiped " + data);
        }
        LocalSecrets.dataDirectory(data); // owner-only: it holds the pseudonym key, secrets and the token
        Path logs = data.resolve("logs");
        Files.createDirectories(logs);
        System.setProperty("safeguarding.log.dir", logs.toString()); // before the first logger is made

        out.printf("Safeguarding Signals local run: data in %s, logs in %s%n", data, logs);
        out.print("  Kafka broker (KRaft) ........ ");
        // secure by default: TLS on every listener, SCRAM credentials per principal, the access file applied
        LocalKafka kafka = LocalKafka.start(
                data.resolve("kafka"), data.resolve("security"), logs.resolve("kafka.log"), Duration.ofSeconds(90));
        out.printf("ready at %s, SASL_SSL (%.1f s)%n", kafka.bootstrapServers(), seconds(start));
        AccessControlFile access = AccessControlFile.inRepository();
        kafka.register(access.principals());
        try (Admin admin = Admin.create(kafka.clientProperties(BrokerSecurity.ADMIN));
                PrintStream accessLog = new PrintStream(
                        Files.newOutputStream(
                                logs.resolve("access.log"), StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                        true,
                        StandardCharsets.UTF_8)) {
            ClusterSetup.prepare(admin, TOPIC_PARTITIONS, access, accessLog);
        }
        out.printf(
                "  Access control .............. %d principals, deploy/access/acls.txt applied (changes in %s)%n",
                access.principals().size(), logs.resolve("access.log"));
        out.printf(
                "  Credentials ................. %s/<principal>.properties (owner-only), trust store %s%n",
                kafka.security().credentialsFile(BrokerSecurity.ADMIN).getParent(),
                kafka.security().trustStore());
        out.printf(
                "  Publishing as an agency ..... connectors/bin/publish --config %s --type TYPE FILE%n",
                kafka.security().credentialsFile("agency-police"));
        out.print("  Apicurio Registry ........... ");
        // HTTPS only, with a certificate from the run's authority; clients check it with their trust store
        ApicurioRegistry registry = ApicurioRegistry.start(
                logs.resolve("apicurio.log"),
                Duration.ofSeconds(180),
                data.resolve("registry"),
                new ApicurioRegistry.ServerTls(
                        serverCertificate(kafka.security(), "registry"),
                        kafka.security().trustStore(),
                        kafka.security().storePassword()));
        out.printf("ready at %s (%.1f s)%n", registry.confluentApiUrl(), seconds(start));

        out.print("  Keycloak (staff sign-in) .... ");
        // the demo realm, its users bound to the authorities this run simulates
        Keycloak keycloak = Keycloak.start(
                logs.resolve("keycloak.log"),
                Duration.ofSeconds(300),
                List.of(DemoRealm.forAuthorities(Keycloak.demoRealm(), options.authorities())));
        LocalSecrets.write(data, "keycloak-admin.txt", keycloak.adminPassword() + "\n");
        out.printf("ready at %s (%.1f s)%n", keycloak.issuer(Keycloak.DEMO_REALM), seconds(start));

        Map<String, Object> serdeConfig = Map.of(
                "schema.registry.url",
                registry.confluentApiUrl(),
                "schema.registry.ssl.truststore.location",
                kafka.security().trustStore().toString(),
                "schema.registry.ssl.truststore.password",
                kafka.security().storePassword(),
                "schema.registry.ssl.truststore.type",
                "PKCS12");
        kafka.register(List.of("synthetic-feed"));
        Path pseudonymKey = LocalSecrets.randomSecret(data, "pseudonym.key");
        // the secret the console presents to detection's internal listener
        Path instanceSecret = LocalSecrets.randomSecret(data, "instance.secret");
        Path tokenFile = consoleUser(data, options.authorities());

        // each application with its own settings, as it would be deployed; all three in this one JVM
        Properties detectionSettings = common(kafka, serdeConfig, "detection");
        detectionSettings.put("state.dir", data.resolve("streams").toString());
        detectionSettings.put(Pseudonymiser.KEY_FILE_CONFIG, pseudonymKey.toString());
        // dead letters are sealed for this key pair; its private key is for the replay tool alone
        detectionSettings.put(
                OriginalSealer.CERTIFICATE_CONFIG,
                ReplayKeys.ensure(data.resolve("replay")).certificate().toString());
        // children's NHS numbers are sealed for the console's key pair alone (a key of its own, beside the pseudonym
        // key)
        ReplayKeys.KeyFiles vaultKeys = ReplayKeys.ensure(data.resolve("vault"));
        detectionSettings.put(
                IdentityVault.CERTIFICATE_CONFIG, vaultKeys.certificate().toString());
        detectionSettings.put(InternalSettings.PORT, "0");
        detectionSettings.put(InternalSettings.SECRET_FILE, instanceSecret.toString());
        PipelineMetrics detectionMetrics = prometheus();
        out.print("  Detection ................... ");
        DetectionApp detection = new DetectionApp(detectionSettings, Map.of(), detectionMetrics);
        detection.start();
        out.printf("started (%.1f s)%n", seconds(start));

        writeBacktestSettings(data.resolve("settings/detection.properties"), detectionSettings, options);

        Properties metricsSettings = common(kafka, serdeConfig, "metrics");
        metricsSettings.put("state.dir", data.resolve("streams").toString());
        metricsSettings.put(Pseudonymiser.KEY_FILE_CONFIG, pseudonymKey.toString());
        metricsSettings.put(InternalSettings.PORT, "0");
        // rates per 100,000 children are of the synthetic feed's population
        populations(options).forEach(metricsSettings::put);
        out.print("  Partnership metrics ......... ");
        MetricsApp partnershipMetrics = new MetricsApp(metricsSettings, Map.of(), prometheus());
        partnershipMetrics.start();
        out.printf("started (%.1f s)%n", seconds(start));

        Properties consoleSettings = common(kafka, serdeConfig, "console");
        // HTTPS with a certificate from the run's own authority (browsers warn until that authority is trusted)
        Path consoleKeyStore = serverCertificate(kafka.security(), "console");
        consoleSettings.put(ConsoleSettings.TLS_KEYSTORE, consoleKeyStore.toString());
        consoleSettings.put(
                ConsoleSettings.TLS_KEYSTORE_PASSWORD, kafka.security().storePassword());
        consoleSettings.put(ConsoleSettings.PORT, Integer.toString(portOr(8080)));
        consoleSettings.put(
                ConsoleSettings.USERS_FILE,
                data.resolve("console-users.properties").toString());
        consoleSettings.put(ConsoleSettings.OIDC_ISSUER, keycloak.issuer(Keycloak.DEMO_REALM));
        consoleSettings.put(ConsoleSettings.DETECTION_URL, "http://localhost:" + detection.internalPort());
        consoleSettings.put(InternalSettings.PORT, "0");
        consoleSettings.put(InternalSettings.SECRET_FILE, instanceSecret.toString());
        consoleSettings.put(IdentityVault.KEY_CONFIG, vaultKeys.privateKey().toString());
        // an information-governance officer finds a child by NHS number for a subject access export
        consoleSettings.put(Pseudonymiser.KEY_FILE_CONFIG, pseudonymKey.toString());
        ConsoleApp console = new ConsoleApp(consoleSettings, Map.of(), prometheus());
        console.start();
        out.printf("  MASH console ................ %s  (sign in through Keycloak)%n", console.url());
        out.printf(
                "      demo users (password demo-<user>), each working for %s (--authorities):%n",
                String.join(", ", options.authorities()));
        DemoRealm.USERS.forEach((user, role) -> out.printf("        %-8s %s%n", user, role));
        out.printf(
                "      Keycloak's admin console %s/admin/ (user admin, password in %s)%n",
                keycloak.url(), data.resolve("keycloak-admin.txt"));
        // the token itself is never printed: terminals are logged and shared; the file is readable by its owner only
        out.printf("      fallback: a token user, local-worker (token in %s; README, the console)%n", tokenFile);
        out.printf(
                "  Prometheus scrapes .......... detection %s, partnership metrics %s, console %s%n",
                scrapeUrl(detection.internalPort()),
                scrapeUrl(partnershipMetrics.internalPort()),
                scrapeUrl(console.internalPort()));
        out.printf(
                "  Partnership report .......... mvn -q -pl local exec:exec@report "
                        + "-Dreport.args=\"--authority %s --month %s\"%n",
                options.authorities().get(0), YearMonth.now(ZoneId.of("Europe/London")));
        out.printf(
                "  Subject access export ....... mvn -q -pl local exec:exec@subject-access "
                        + "-Dsubject-access.args=\"--nhs-number N --request REF\"  (writes %s)%n",
                data.resolve(SubjectAccessRequest.OUT));
        out.printf(
                "  Backtest of a rule change ... streams/bin/backtest --from %s --set rules.repeat-domestic-abuse.count=4"
                        + "  (after the feed has caught up)%n",
                LocalDate.now(ZoneId.of("Europe/London")).minusDays(90));
        Properties endpoints = new Properties();
        endpoints.setProperty("bootstrap.servers", kafka.bootstrapServers());
        endpoints.setProperty("schema.registry.url", registry.confluentApiUrl());
        endpoints.setProperty("console.url", console.url());
        // the trust store that checks the console's certificate, for the subject access command
        endpoints.setProperty(
                "console.trust.config",
                kafka.security().credentialsFile(BrokerSecurity.ADMIN).toString());
        try (var w = Files.newBufferedWriter(data.resolve("endpoints.properties"))) {
            endpoints.store(w, "Addresses of the running local pipeline (changes at every start)");
        }

        // the operator's own view of the alerts: the local run's administrator, on this machine only
        AlertPrinter printer = new AlertPrinter(kafka.clientProperties(BrokerSecurity.ADMIN), serdeConfig, out, start);
        Thread printing = new Thread(printer, "alert-printer");
        printing.start();
        Thread.sleep(1_000); // let the printer join at the end of the alert topic before alerts flow
        FeedPublisher publisher = null;
        Thread feeding = null;
        SchoolOffices offices = null;
        if (options.feed()) {
            long seed = options.seed() != null ? options.seed() : 42 + previousRuns(data);
            FeedSettings feedSettings = new FeedSettings(
                    seed,
                    options.authorities(),
                    options.children(),
                    0.04,
                    0.05,
                    0.04,
                    0.004,
                    0.01,
                    Instant.now().minus(FeedSettings.HISTORY));
            SyntheticFeed feed = new SyntheticFeed(feedSettings);
            publisher = new FeedPublisher(kafka.clientProperties("synthetic-feed"), serdeConfig);
            out.printf(
                    "  Synthetic feed .............. seed %d, %d authorities, %,d children, about %.0f events a "
                            + "simulated day, %s a second%n",
                    seed,
                    options.authorities().size(),
                    feedSettings.children(),
                    Calibration.eventsPerDay(feedSettings.children()),
                    simulatedPerSecond(options.compression()));
            out.printf(
                    "      it replays the %d days up to now (about %.0f s), then follows real time%n",
                    FeedSettings.HISTORY.toDays(), FeedSettings.HISTORY.toSeconds() / options.compression());
            FeedPublisher playing = publisher;
            Runnable caughtUp = () -> out.printf(
                    "%n  Synthetic feed caught up with the present at %s: its events are now dated as they happen, "
                            + "as an agency's are.%n  Publish your own events dated today from now on "
                            + "(connectors/bin/publish reads %s).%n%n",
                    LocalTime.now().withNano(0), data.resolve("endpoints.properties"));
            feeding = new Thread(() -> playing.play(feed, options.compression(), caughtUp), "synthetic-feed");
            feeding.start();
            offices = new SchoolOffices(
                    URI.create(console.url()),
                    Files.readString(schoolTokenFile(data)).trim(),
                    kafka.security().trustStore(),
                    kafka.security().storePassword(),
                    out);
            Thread schools = new Thread(offices, "school-offices");
            schools.setDaemon(true);
            schools.start();
            out.printf(
                    "      schools' offices ......... acknowledge four in five Operation Encompass notices through the "
                            + "console's API; school %s's are for dara to acknowledge in the console%n",
                    SchoolOffices.DEMO_SCHOOL);
        } else {
            out.println("  Synthetic feed .............. off (--feed none): publish your own files, e.g.");
            out.println("      connectors/bin/publish --config "
                    + kafka.security().credentialsFile("agency-police") + " --type domestic-abuse-incident "
                    + "connectors/samples/domestic-abuse-incident.csv");
        }
        out.println("  Watching safeguarding.alerts.v1 (read_committed). Ctrl-C to stop.");

        CountDownLatch done = new CountDownLatch(1);
        FeedPublisher stoppingPublisher = publisher;
        SchoolOffices stoppingOffices = offices;
        Thread stoppingFeed = feeding;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println();
                            out.println(
                                    "Stopping: feed, alert printer, console, partnership metrics, detection, registry, Keycloak, "
                                            + "broker ...");
                            // the app's log4j2 has no shutdown hook of its own, so the components can still log to the
                            // file here
                            if (stoppingPublisher != null) {
                                stoppingPublisher.close();
                            }
                            if (stoppingOffices != null) {
                                stoppingOffices.stop();
                            }
                            printer.stop();
                            join(printing);
                            if (stoppingFeed != null) {
                                join(stoppingFeed);
                            }
                            int exit = 0;
                            try {
                                console.close();
                                partnershipMetrics.close();
                                detection.close();
                                registry.close();
                                keycloak.close();
                                kafka.close();
                                summary(out, printer, stoppingPublisher, detectionMetrics, start);
                            } catch (RuntimeException e) {
                                out.println("The stop did not complete: " + e);
                                exit = 1;
                            }
                            done.countDown();
                            out.flush();
                            // a requested stop (Ctrl-C, SIGTERM, --duration) that completed is a success: 0, not the
                            // signal's 130 or 143, which Maven's exec:exec would report as a failed command
                            Runtime.getRuntime().halt(exit);
                        },
                        "local-run-stop"));
        if (options.duration() != null) {
            Thread.sleep(options.duration().toMillis());
            System.exit(0); // runs the shutdown hook
        }
        done.await();
    }

    private static void summary(
            PrintStream out, AlertPrinter printer, FeedPublisher publisher, PipelineMetrics metrics, long start) {
        out.printf("%nSummary after %.0f s%n", seconds(start));
        if (publisher != null) {
            out.printf("  events published: %,d%n", publisher.published());
        }
        double first = printer.secondsToFirstAlert();
        out.println(
                Double.isNaN(first)
                        ? "  first alert:      none yet"
                        : String.format("  first alert:      %.1f s after start", first));
        printer.tally().forEach((rule, n) -> out.printf("  alerts %-32s %,d%n", rule, n));
        var rejects = metrics.registry().find("safeguarding.rejects").counters();
        if (rejects.isEmpty()) {
            out.println("  dead letters:     0");
        }
        rejects.forEach(
                c -> out.printf("  dead letters (%s): %,.0f%n", c.getId().getTag("reason"), c.count()));
        metrics.registry()
                .find("safeguarding.unmatched")
                .counters()
                .forEach(c -> out.printf(
                        "  unmatched children from %s: %,.0f%n", c.getId().getTag("agency"), c.count()));
    }

    /**
     * What every application of the run is given: the broker's address with the application's own principal's
     * security settings (from its credentials file), and the registry's address and TLS settings.
     */
    private static Properties common(LocalKafka kafka, Map<String, Object> registry, String principal) {
        Properties p = new Properties();
        p.putAll(kafka.clientProperties(principal));
        p.putAll(registry); // its address and the trust store that checks its certificate
        return p;
    }

    private static PipelineMetrics prometheus() {
        return new PipelineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    private static String scrapeUrl(int internalPort) {
        return "http://localhost:" + internalPort + "/metrics";
    }

    /** How many runs used this data directory before, counting this one in. */
    private static long previousRuns(Path data) throws IOException {
        Path runs = data.resolve("runs");
        long before = Files.exists(runs) ? Long.parseLong(Files.readString(runs).trim()) : 0;
        Files.writeString(runs, Long.toString(before + 1));
        return before;
    }

    /** The local run's one console user, working for every simulated authority; returns the token's file. */
    private static Path consoleUser(Path data, List<String> authorities) throws IOException {
        Path tokenFile = LocalSecrets.randomSecret(data, "console-token.txt");
        String token = Files.readString(tokenFile).trim();
        LocalSecrets.write(
                data,
                "console-users.properties",
                String.join(
                        "\n",
                        "# Written by the local run. Only the token's SHA-256 is kept here.",
                        "user.local-worker.token-sha256=" + ConsoleUsers.sha256(token),
                        "user.local-worker.authorities=" + String.join(",", authorities),
                        "user.local-worker.role=WORKER",
                        // the subject access command's officer (SubjectAccessRequest), with its own token
                        "user.local-ig.token-sha256="
                                + ConsoleUsers.sha256(Files.readString(
                                                LocalSecrets.randomSecret(data, SubjectAccessRequest.TOKEN_FILE))
                                        .trim()),
                        "user.local-ig.authorities=" + String.join(",", authorities),
                        "user.local-ig.role=IG_OFFICER",
                        // the simulated schools' system (SchoolOffices), with its own token
                        "user." + SchoolOffices.USER + ".token-sha256="
                                + ConsoleUsers.sha256(
                                        Files.readString(schoolTokenFile(data)).trim()),
                        "user." + SchoolOffices.USER + ".authorities=" + String.join(",", authorities),
                        "user." + SchoolOffices.USER + ".role=SCHOOL_DSL",
                        "user." + SchoolOffices.USER + ".schools="
                                + String.join(",", SchoolOffices.schools(authorities.size())),
                        ""));
        return tokenFile;
    }

    private static Path schoolTokenFile(Path data) throws IOException {
        return LocalSecrets.randomSecret(data, "school-office-token.txt");
    }

    /** A server's key store (console, registry), issued by the run's authority at the first start and kept. */
    private static Path serverCertificate(BrokerSecurity security, String name) {
        Path keyStore = security.directory().resolve(name + ".p12");
        if (!Files.exists(keyStore)) {
            security.authority()
                    .issue(name, List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(825))
                    .writeKeyStore(keyStore, name, security.storePassword().toCharArray());
        }
        return keyStore;
    }

    /** The preferred port if it is free, else any free port. */
    private static int portOr(int preferred) {
        try (ServerSocket s = new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
            return preferred;
        } catch (IOException e) {
            return FreePorts.next();
        }
    }

    private static String simulatedPerSecond(double compression) {
        return compression >= 86_400
                ? String.format("%.1f simulated days", compression / 86_400)
                : String.format("%.1f simulated hours", compression / 3_600);
    }

    private static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** authority.GSS.child-population for each simulated authority: the feed's children per authority. */
    static Map<String, String> populations(RunOptions options) {
        Map<String, String> out = new java.util.TreeMap<>();
        options.authorities()
                .forEach(a -> out.put("authority." + a + ".child-population", String.valueOf(options.children())));
        return out;
    }

    /**
     * The detection settings in force, as the backtest command reads them (streams/bin/backtest finds them in the
     * data directory): the rules' keys, the pseudonym key's file (so its pseudonyms are the console's) and the
     * populations. No secret itself: the key stays in its own owner-only file.
     */
    static void writeBacktestSettings(Path file, Properties detection, RunOptions options) throws IOException {
        Properties p = new Properties();
        detection.stringPropertyNames().stream()
                .filter(k -> k.startsWith("rules.")
                        || k.startsWith("authority.")
                        || k.startsWith("intake.")
                        || k.equals(Pseudonymiser.KEY_FILE_CONFIG))
                .forEach(k -> p.setProperty(k, detection.getProperty(k)));
        populations(options).forEach(p::setProperty);
        Files.createDirectories(file.getParent());
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, "The local run's detection settings, for streams/bin/backtest (rewritten at every start)");
        }
    }
}
