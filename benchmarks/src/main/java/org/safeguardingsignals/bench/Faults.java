package org.safeguardingsignals.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.safeguardingsignals.embedded.KafkaCluster;

/** The faults the reliability runs inject (RELIABILITY.md). */
final class Faults {
    private Faults() {}

    /** What a fenced zombie writes: Kafka's own words for a producer or task taken over by another instance. */
    private static final Pattern FENCED = Pattern.compile(
            "ProducerFenced|InvalidProducerEpoch|TaskMigrated|fenced|lost all its tasks|dropped out of the"
                    + " consumer group|session timed out|rejoin",
            Pattern.CASE_INSENSITIVE);

    /** One of two detection instances killed outright (SIGKILL): no close, no commit, no leave-group. */
    static Fault instanceKilled() {
        return new Fault() {
            public String describe() {
                return "one of two instances killed (SIGKILL)";
            }

            public void inject(FaultTarget t) {
                t.instance(0).destroyForcibly();
                Bench.say("killed instance 0 (SIGKILL)");
            }
        };
    }

    /**
     * Instance 0 stopped (SIGSTOP) for longer than its session and transaction timeouts, then continued (SIGCONT) as
     * a zombie that must find itself fenced.
     */
    static Fault instanceStalled(int pauseSeconds) {
        return new Fault() {
            private Thread resume;

            public String describe() {
                return "one of two instances stopped (SIGSTOP) for " + pauseSeconds + " s, then continued (SIGCONT)";
            }

            public void inject(FaultTarget t) {
                FaultTarget.signal(t.instance(0), "STOP");
                Bench.say("stopped instance 0 (SIGSTOP) for %d s", pauseSeconds);
                resume = later(pauseSeconds, () -> {
                    FaultTarget.signal(t.instance(0), "CONT");
                    Bench.say("continued instance 0 (SIGCONT): a zombie until it finds itself fenced");
                });
            }

            public void await() throws InterruptedException {
                resume.join();
            }

            public List<String> notes(FaultTarget t) throws Exception {
                List<String> fenced = Files.readAllLines(t.world.dir.resolve("failover-0.log")).stream()
                        .filter(line -> FENCED.matcher(line).find())
                        .toList();
                return fenced.isEmpty()
                        ? List.of("the zombie's log says nothing of fencing")
                        : List.of(String.format(
                                "the zombie's log: %d lines on fencing or lost tasks, the first: %s",
                                fenced.size(), fenced.get(0)));
            }
        };
    }

    /**
     * The broker that leads the busiest partitions (most records written, every topic, internal ones included) killed
     * with SIGKILL and left dead: its partitions' leadership, and any group or transaction coordinator on it, move.
     */
    static Fault brokerLost() {
        return new Fault() {
            private final List<String> notes = new ArrayList<>();

            public String describe() {
                return "the broker leading the busiest partitions killed (SIGKILL), not restarted";
            }

            public void inject(FaultTarget t) throws Exception {
                KafkaCluster cluster = cluster(t);
                Busiest b = busiest(t.world);
                int controller;
                try (Admin admin = cluster.admin()) {
                    controller =
                            admin.describeMetadataQuorum().quorumInfo().get().leaderId();
                }
                cluster.kill(b.node());
                Bench.say("killed broker %d (SIGKILL)", b.node());
                notes.add(String.format(
                        "broker %d killed: it led %d of %d partitions holding %.0f%% of the records written%s",
                        b.node(),
                        b.partitionsLed(),
                        b.partitions(),
                        100.0 * b.recordsLed() / Math.max(1, b.records()),
                        controller == b.node() ? "; it was also the active controller" : ""));
            }

            public List<String> notes(FaultTarget t) {
                return notes;
            }
        };
    }

    /**
     * A broker stopped cleanly (SIGTERM: a controlled shutdown) and started again on its data after
     * {@code downSeconds}. With one broker, the whole cluster is away meanwhile.
     */
    static Fault brokerRestarted(int downSeconds) {
        return new Fault() {
            private final List<String> notes = new ArrayList<>();
            private Thread cycle;

            public String describe() {
                return "a broker stopped (SIGTERM) and started again after " + downSeconds + " s";
            }

            public void inject(FaultTarget t) throws Exception {
                KafkaCluster cluster = cluster(t);
                int node = busiest(t.world).node();
                cycle = new Thread(() -> {
                    long t0 = System.nanoTime();
                    cluster.stop(node);
                    long stopped = System.nanoTime();
                    Bench.say("broker %d stopped in %.1f s", node, (stopped - t0) / 1e9);
                    Throughput.sleep(downSeconds * 1000L);
                    cluster.restart(node, Duration.ofSeconds(120));
                    Bench.say("broker %d started again", node);
                    notes.add(String.format(
                            "broker %d of %d: controlled shutdown %.1f s, down %d s, back as a broker %.1f s after"
                                    + " its start",
                            node,
                            cluster.nodeIds().size(),
                            (stopped - t0) / 1e9,
                            downSeconds,
                            (System.nanoTime() - stopped) / 1e9 - downSeconds));
                });
                cycle.start();
            }

            public void await() throws InterruptedException {
                cycle.join();
            }

            public List<String> notes(FaultTarget t) {
                return notes;
            }
        };
    }

    /**
     * The schema registry stopped (SIGSTOP: it accepts connections and answers nothing, the worst case for a client)
     * for {@code seconds}. Meanwhile detection instance 0 is restarted, so it meets writers' schemas it has not cached.
     * (A producer's registry client is shared within its JVM: the offered load itself shows what a producer meets, when
     * an event type it has not sent before comes up during the outage.)
     */
    static RegistryDown registryDown(int seconds) {
        return new RegistryDown(seconds);
    }

    /** See {@link #registryDown}; what it saw is kept for tests as well as the report. */
    static final class RegistryDown implements Fault {
        private final int seconds;
        private final List<String> notes = new ArrayList<>();
        private Thread during;
        private Path restartedLog;
        long leftOnTopic;
        long threadsReplaced;

        RegistryDown(int seconds) {
            this.seconds = seconds;
        }

        public String describe() {
            return "the schema registry unresponsive (SIGSTOP) for " + seconds + " s; detection instance 0"
                    + " restarted meanwhile";
        }

        public void inject(FaultTarget t) {
            long pid = t.world.registry.pid();
            FaultTarget.signal(pid, "STOP");
            long t0 = System.nanoTime();
            Bench.say("registry stopped (SIGSTOP) for %d s", seconds);
            during = new Thread(() -> {
                try {
                    Throughput.sleep(2_000);
                    restartedLog = t.restart(0);
                    Bench.say("instance 0 restarted, its schema cache empty");
                    long left = seconds * 1000L - (System.nanoTime() - t0) / 1_000_000;
                    Throughput.sleep(Math.max(0, left));
                } finally {
                    FaultTarget.signal(pid, "CONT"); // never leave the shared registry stopped
                    Bench.say("registry continued (SIGCONT)");
                }
            });
            during.start();
        }

        public void await() throws InterruptedException {
            during.join();
        }

        public List<String> notes(FaultTarget t) throws Exception {
            List<String> log = Files.readAllLines(restartedLog);
            leftOnTopic = log.stream()
                    .filter(l -> l.contains("Schema registry unavailable"))
                    .count();
            threadsReplaced = log.stream()
                    .filter(l -> l.contains("Stream thread failed; replacing it"))
                    .count();
            List<String> out = new ArrayList<>(notes);
            out.add(String.format(
                    "the restarted instance left a record on its topic for the registry %d times, and its stream"
                            + " thread was replaced %d times",
                    leftOnTopic, threadsReplaced));
            return out;
        }
    }

    private static KafkaCluster cluster(FaultTarget t) {
        if (t.world.cluster == null) {
            throw new IllegalStateException("this fault needs brokers in child JVMs: run with --brokers 1 or 3");
        }
        return t.world.cluster;
    }

    record Busiest(int node, int partitionsLed, int partitions, long recordsLed, long records) {}

    /** The node leading the partitions with the most records written so far. */
    static Busiest busiest(BenchWorld world) throws Exception {
        Admin admin = world.admin;
        var names = admin.listTopics(new ListTopicsOptions().listInternal(true))
                .names()
                .get();
        Map<String, TopicDescription> topics =
                admin.describeTopics(names).allTopicNames().get();
        Map<TopicPartition, Integer> leaders = new HashMap<>();
        topics.values()
                .forEach(d -> d.partitions().forEach(p -> {
                    if (p.leader() != null && !p.leader().isEmpty()) {
                        leaders.put(
                                new TopicPartition(d.name(), p.partition()),
                                p.leader().id());
                    }
                }));
        var ends = admin.listOffsets(
                        leaders.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                .all()
                .get();
        Map<Integer, Long> records = new HashMap<>();
        Map<Integer, Integer> led = new HashMap<>();
        leaders.forEach((tp, node) -> {
            records.merge(node, ends.get(tp).offset(), Long::sum);
            led.merge(node, 1, Integer::sum);
        });
        int node = records.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        long total = records.values().stream().mapToLong(Long::longValue).sum();
        return new Busiest(node, led.get(node), leaders.size(), records.get(node), total);
    }

    private static Thread later(int seconds, Runnable r) {
        Thread t = new Thread(() -> {
            Throughput.sleep(seconds * 1000L);
            r.run();
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
