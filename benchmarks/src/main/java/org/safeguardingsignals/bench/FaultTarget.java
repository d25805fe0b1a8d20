package org.safeguardingsignals.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** What a fault can reach: the world (broker, registry) and the running detection instances. */
final class FaultTarget {
    final BenchWorld world;
    private final List<Process> instances;
    private final Properties settings;
    private int restarts;

    FaultTarget(BenchWorld world, List<Process> instances, Properties settings) {
        this.world = world;
        this.instances = instances;
        this.settings = settings;
    }

    Process instance(int n) {
        return instances.get(n);
    }

    /** Kills instance {@code n} (SIGKILL) and starts it again on its state directory, logging to a new file. */
    synchronized Path restart(int n) {
        instances.get(n).destroyForcibly();
        try {
            instances.get(n).waitFor();
            String log = "failover-" + n + "-restart-" + ++restarts;
            instances.set(n, Failover.start(world.dir, settings, n, log));
            return world.dir.resolve(log + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void signal(Process process, String signal) {
        signal(process.pid(), signal);
    }

    static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
