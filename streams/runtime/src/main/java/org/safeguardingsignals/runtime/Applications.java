package org.safeguardingsignals.runtime;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;

/** What every application's main does the same way: run until asked to stop, and say whether it is well. */
public final class Applications {
    private Applications() {}

    /** Meters exposed to Prometheus on the internal listener. */
    public static PipelineMetrics prometheusMetrics() {
        return new PipelineMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /**
     * Starts {@code app} and blocks until the JVM is asked to stop (SIGTERM or Ctrl-C), when the application is
     * closed in order by a shutdown hook.
     */
    public static void runUntilStopped(String name, AutoCloseable app, Runnable start) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                app.close();
                            } catch (Exception e) {
                                throw new IllegalStateException("Could not stop " + name + " cleanly", e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        name + "-stop"));
        start.run();
        stopped.await();
    }

    /** Alive: a Streams instance that has failed should be restarted. */
    public static boolean live(KafkaStreams streams) {
        return streams.state() != KafkaStreams.State.ERROR && streams.state() != KafkaStreams.State.PENDING_ERROR;
    }

    /** Ready: it processes and can answer queries. */
    public static boolean ready(KafkaStreams streams) {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Properties as the string map settings are read from. */
    public static Map<String, String> asMap(Properties p) {
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }
}
