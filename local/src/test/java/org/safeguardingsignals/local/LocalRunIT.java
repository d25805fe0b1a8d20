package org.safeguardingsignals.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.agency.cli.PublishCommand;
import org.safeguardingsignals.backtest.BacktestCommand;

/**
 * The local run as a partner agency uses it: started without the synthetic feed, it runs broker, registry,
 * detection, metrics and console only; an agency publishes the sample files and sees exactly the alerts they make
 * in the terminal; a requested stop prints the summary. The run is secure by default: the broker takes only
 * SASL_SSL, each agency publishes with the credentials file the run made for it (owner-only), and a publish without
 * credentials is refused.
 */
class LocalRunIT {
    @TempDir
    Path data;

    private Process run;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws InterruptedException {
        if (run != null && run.isAlive()) {
            run.destroyForcibly();
            run.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutTheFeedOnlyWhatTheAgencyPublishesRaisesAlerts() throws Exception {
        run = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g",
                        "-Dlog4j2.configurationFile=log4j2-local.xml",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LocalRun.class.getName(),
                        "--data",
                        data.toString(),
                        "--feed",
                        "none",
                        "--authorities",
                        "E09000022")
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(this::readOutput, "local-run-output");
        reader.setDaemon(true);
        reader.start();
        awaitLine(l -> l.contains("Watching safeguarding.alerts.v1"), Duration.ofSeconds(240));
        assertThat(lines).anyMatch(l -> l.contains("Synthetic feed") && l.contains("off"));

        String endpoints = data.resolve("endpoints.properties").toString();
        Path samples = Path.of(System.getProperty("samples.dir", "../connectors/samples"));
        Path credentials = data.resolve("security").resolve("credentials");
        assertThat(lines).anyMatch(l -> l.contains("SASL_SSL")).anyMatch(l -> l.contains(credentials.toString()));
        for (String principal : List.of("agency-police", "agency-health", "detection", "console", "admin")) {
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(credentials.resolve(principal + ".properties"))))
                    .isEqualTo("rw-------");
        }
        // no credentials, no publishing: the broker takes only authenticated TLS connections
        assertThat(PublishCommand.run(
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()),
                        "--type",
                        "domestic-abuse-incident",
                        "--endpoints",
                        endpoints,
                        samples.resolve("domestic-abuse-incident.csv").toString()))
                .isNotZero();
        assertThat(PublishCommand.run(
                        "--type",
                        "domestic-abuse-incident",
                        "--endpoints",
                        endpoints,
                        "--config",
                        credentials.resolve("agency-police.properties").toString(),
                        samples.resolve("domestic-abuse-incident.csv").toString()))
                .isZero();
        assertThat(PublishCommand.run(
                        "--type",
                        "parent-health-event",
                        "--endpoints",
                        endpoints,
                        "--config",
                        credentials.resolve("agency-health.properties").toString(),
                        samples.resolve("parent-health-event.csv").toString()))
                .isZero();

        // two children in the household: each gets the emerging (two groups) and then the full toxic trio
        for (int n = 0; n < 4; n++) {
            awaitLine(l -> l.contains("toxic-trio"), Duration.ofSeconds(90));
        }
        // a partnership tries a change against the run: the same household without emerging-trio alerts
        ByteArrayOutputStream backtestOut = new ByteArrayOutputStream();
        ByteArrayOutputStream backtestErr = new ByteArrayOutputStream();
        Path report = data.resolve("backtest");
        int backtest = BacktestCommand.execute(
                new PrintStream(backtestOut, true, StandardCharsets.UTF_8),
                new PrintStream(backtestErr, true, StandardCharsets.UTF_8),
                "--data",
                data.toString(),
                "--from",
                "2025-02-01",
                "--to",
                "2025-04-01",
                "--set",
                "rules.toxic-trio.emerging.enabled=false",
                "--out",
                report.toString());
        assertThat(backtest).as(backtestErr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readAllLines(report.resolve("report.csv")))
                .as("the run's own settings: its pseudonym key and its 40,000 children")
                .contains(
                        "E09000022,toxic-trio,HIGH,2,2,2,2,40000,5.0,5.0,0,0",
                        "E09000022,toxic-trio-emerging,all,2,0,2,0,40000,5.0,0.0,0,2");
        assertThat(Files.readAllLines(report.resolve("children-changed.csv")))
                .hasSize(3)
                .filteredOn(l -> l.endsWith(",LOST"))
                .hasSize(2)
                .allMatch(l -> l.startsWith("E09000022,toxic-trio-emerging,"));
        assertThat(backtestOut.toString(StandardCharsets.UTF_8)).contains("the pipeline's key");

        run.toHandle().destroy(); // SIGTERM, a requested stop (Process.destroy would also close our end of its output)
        assertThat(run.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue())
                .as("a requested stop is a success, not the signal's 143")
                .isZero();
        reader.join(30_000);
        assertThat(reader.isAlive()).as("output read to its end").isFalse();

        assertThat(lines.stream().filter(l -> l.matches("\\s+\\d\\d:\\d\\d:\\d\\d\\s+toxic-trio-emerging\\s+MEDIUM.*")))
                .hasSize(2);
        assertThat(lines.stream().filter(l -> l.matches("\\s+\\d\\d:\\d\\d:\\d\\d\\s+toxic-trio\\s+HIGH.*")))
                .hasSize(2);
        assertThat(lines)
                .anyMatch(l -> l.matches("\\s+alerts toxic-trio HIGH\\s+2"))
                .anyMatch(l -> l.matches("\\s+alerts toxic-trio-emerging MEDIUM\\s+2"))
                .noneMatch(l -> l.contains("events published")) // no feed
                .noneMatch(l -> l.contains("NaN"));
    }

    private void readOutput() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                fresh.add(line);
            }
        } catch (Exception e) {
            // the process has gone
        }
    }

    private void awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = fresh.poll(1, TimeUnit.SECONDS);
            if (line != null && wanted.test(line)) {
                return;
            }
            if (line == null && !run.isAlive()) {
                break;
            }
        }
        throw new AssertionError(
                "Not seen in the local run's output within " + timeout + ":\n" + String.join("\n", lines));
    }
}
