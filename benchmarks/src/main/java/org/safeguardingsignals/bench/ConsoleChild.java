package org.safeguardingsignals.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The console's main in a child JVM of the console benchmark, with a sampler of its own heap and threads: a console
 * in the benchmark's JVM would share its heap with the broker, detection and the clients. Every second it appends
 * {@code millis heapUsed heapAfterLastGc threads rssKiB cpuNanos} to the file named by {@code bench.samples}.
 */
public final class ConsoleChild {
    static final String SAMPLES = "bench.samples";

    private ConsoleChild() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(System.getProperty(SAMPLES));
        Thread sampler = new Thread(() -> sample(file), "bench-sampler");
        sampler.setDaemon(true);
        sampler.start();
        org.safeguardingsignals.console.ConsoleApp.main(args);
    }

    private static void sample(Path file) {
        var memory = ManagementFactory.getMemoryMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            while (true) {
                // what the last collection left in every heap pool: after a full GC, the live set
                long afterGc = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                        afterGc += pool.getCollectionUsage().getUsed();
                    }
                }
                out.printf(
                        "%d %d %d %d %d %d%n",
                        System.currentTimeMillis(),
                        memory.getHeapMemoryUsage().getUsed(),
                        afterGc,
                        threads.getThreadCount(),
                        rssKiB(),
                        os.getProcessCpuTime());
                out.flush();
                Thread.sleep(1_000);
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("bench-sampler stopped: " + e);
        }
    }

    private static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }
}
