package org.safeguardingsignals.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.safeguardingsignals.embedded.FreePorts;
import org.safeguardingsignals.embedded.ParentWatch;

/**
 * The console as deployed: its own JVM ({@code -Xmx384m}, as the compose file gives it), its own settings file and
 * log, stopped with this JVM (ParentWatch). Its heap and threads come from {@link ConsoleChild}'s samples, its
 * streams' meters from its internal listener.
 */
final class ConsoleProcess implements AutoCloseable {
    /** The console's heap as the compose deployment sets it. */
    static final String HEAP = "-Xmx384m";

    private static final Pattern OPEN = Pattern.compile("safeguarding_console_streams_open(?:\\{[^}]*\\})? ([0-9.E]+)");
    private static final Pattern DROPPED =
            Pattern.compile("safeguarding_console_streams_dropped_total\\{reason=\"overflow\"\\} ([0-9.E]+)");

    /** One sample of the child: heap used, heap the last collection left, threads, resident memory, CPU time. */
    record Sample(long millis, long heapUsed, long heapAfterGc, int threads, long rssKiB, long cpuNanos) {}

    final int port;
    final int internalPort;
    final Path log;
    private final Path samples;
    private final Process process;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ConsoleProcess(Path dir, Properties settings) throws IOException {
        port = FreePorts.next();
        internalPort = FreePorts.next();
        Properties own = new Properties();
        own.putAll(settings);
        own.put("console.host", "127.0.0.1");
        own.put("console.port", Integer.toString(port));
        own.put("internal.host", "127.0.0.1");
        own.put("internal.port", Integer.toString(internalPort));
        Path file = dir.resolve("console.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            own.store(out, null);
        }
        log = dir.resolve("console.log");
        samples = dir.resolve("console-samples.txt");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-Xlog:gc:file=" + dir.resolve("console-gc.log"), // pauses, for a run that went wrong
                "-Dlog4j2.configurationFile=log4j2-bench-console.xml",
                "-D" + ConsoleChild.SAMPLES + "=" + samples,
                "-cp",
                System.getProperty("java.class.path"),
                ParentWatch.class.getName(),
                ConsoleChild.class.getName(),
                "--config",
                file.toString());
        // standard input stays a pipe: ParentWatch stops the console when this JVM ends, however it ends
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The public address, with a trailing slash. */
    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the console says it is ready (its board holds the alert and decision topics to their ends). */
    void awaitReady(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the console exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (get("/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the console was not ready within " + within + "; see " + log);
    }

    /** Live streams open now, as the console counts them. */
    double streamsOpen() throws IOException, InterruptedException {
        return meter(OPEN);
    }

    /** Live streams the console has dropped for falling behind. */
    double streamsDropped() throws IOException, InterruptedException {
        return meter(DROPPED);
    }

    private double meter(Pattern p) throws IOException, InterruptedException {
        Matcher m = p.matcher(get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + internalPort + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the console's heap holds by class (jcmd GC.class_histogram, after a full collection), into a file. */
    Path histogram(String name) throws IOException, InterruptedException {
        Path file = log.resolveSibling("console-histogram-" + name + ".txt");
        jcmd("GC.class_histogram", file);
        return file;
    }

    private void jcmd(String command, Path output) throws IOException, InterruptedException {
        new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()),
                        command)
                .redirectErrorStream(true)
                .redirectOutput(
                        output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(output.toFile()))
                .start()
                .waitFor();
    }

    /**
     * A full collection in the console (jcmd GC.run), then its next sample: the heap it still holds, which grows
     * only if something it keeps does.
     */
    Sample collectAndSample() throws IOException, InterruptedException {
        jcmd("GC.run", null);
        long after = System.currentTimeMillis();
        while (true) {
            List<Sample> all = samples();
            if (!all.isEmpty() && all.get(all.size() - 1).millis() > after) {
                return all.get(all.size() - 1);
            }
            Thread.sleep(200);
        }
    }

    /** Every sample so far, oldest first. */
    List<Sample> samples() {
        try {
            String text = Files.readString(samples);
            // the child may be half way through a line: only whole lines
            return text.substring(0, text.lastIndexOf('\n') + 1)
                    .lines()
                    .map(l -> l.split(" "))
                    .filter(f -> f.length == 6)
                    .map(f -> new Sample(
                            Long.parseLong(f[0]),
                            Long.parseLong(f[1]),
                            Long.parseLong(f[2]),
                            Integer.parseInt(f[3]),
                            Long.parseLong(f[4]),
                            Long.parseLong(f[5])))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of the console's log that contain {@code text}. */
    long logLines(String text) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the console closes its streams and listeners in order
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
