package org.safeguardingsignals.runtime.access;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.safeguardingsignals.runtime.settings.SettingsSources;

/**
 * Prepares a secured cluster that no operator prepares (deploy/compose; on Kubernetes, Strimzi's KafkaUser and
 * KafkaTopic resources do it): first, as the broker itself over its mutual-TLS listener, the SCRAM-SHA-512
 * credential of every principal; then, as the administrator, the registry's topics and the access file (as
 * {@link ClusterSetup} does for the local run). Every step is idempotent, so it can run on each start; it waits,
 * saying so, while the brokers come up.
 *
 * <pre>
 * setup --broker-config broker.properties --users scram-users.properties --admin-config admin.properties
 *       [--bootstrap-servers HOST:PORT,...] [--brokers 3] [--file acls.txt] [--partitions 12] [--wait-seconds 300]
 * </pre>
 *
 * With --brokers it waits until that many brokers have joined before it creates a topic: a topic takes as many
 * copies as the registry declares only if the cluster has that many brokers when it is created (on fewer, each
 * gets as many as there are, and one broker's loss would then stop writes where two copies must acknowledge).
 *
 * The users file holds one line per principal, {@code name=password}; the two config files are Kafka client
 * settings for the broker's identity and the administrator, and --bootstrap-servers, when given, is the
 * administrator's address (its credentials file, as make-secrets writes it, has none).
 */
public final class SetupCommand {
    static final int SCRAM_ITERATIONS = 8192;
    private static final Duration RETRY = Duration.ofSeconds(5);

    record Options(
            Path brokerConfig,
            Path users,
            Path adminConfig,
            String adminBootstrap,
            int brokers,
            Path accessFile,
            int partitions,
            Duration waitLimit) {}

    private SetupCommand() {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: setup --broker-config FILE --users FILE --admin-config FILE"
                    + " [--bootstrap-servers HOST:PORT,...] [--brokers N] [--file acls.txt] [--partitions N]"
                    + " [--wait-seconds S]");
            System.exit(2);
            return;
        }
        try {
            run(options, System.out);
        } catch (IllegalStateException | java.io.UncheckedIOException e) { // gave up, or a file it cannot read
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    static Options parse(String[] args) {
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Unexpected argument: " + args[i]);
            }
            values.put(args[i], args[++i]);
        }
        for (String required : List.of("--broker-config", "--users", "--admin-config")) {
            if (!values.containsKey(required)) {
                throw new IllegalArgumentException("Missing " + required);
            }
        }
        List<String> known = List.of(
                "--broker-config",
                "--users",
                "--admin-config",
                "--bootstrap-servers",
                "--brokers",
                "--file",
                "--partitions",
                "--wait-seconds");
        values.keySet().stream().filter(k -> !known.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("Unknown option " + k);
        });
        return new Options(
                Path.of(values.get("--broker-config")),
                Path.of(values.get("--users")),
                Path.of(values.get("--admin-config")),
                values.get("--bootstrap-servers"),
                Integer.parseInt(values.getOrDefault("--brokers", "1")),
                values.containsKey("--file") ? Path.of(values.get("--file")) : null,
                Integer.parseInt(values.getOrDefault("--partitions", "12")),
                Duration.ofSeconds(Long.parseLong(values.getOrDefault("--wait-seconds", "300"))));
    }

    static void run(Options o, PrintStream out) {
        Map<String, Object> broker = new HashMap<>(SettingsSources.file(o.brokerConfig()));
        Map<String, Object> admin = new HashMap<>(SettingsSources.file(o.adminConfig()));
        if (o.adminBootstrap() != null) {
            admin.put("bootstrap.servers", o.adminBootstrap());
        }
        Map<String, String> users = SettingsSources.file(o.users());
        AccessControlFile rules =
                o.accessFile() == null ? AccessControlFile.inRepository() : AccessControlFile.read(o.accessFile());
        long deadline = System.nanoTime() + o.waitLimit().toNanos();

        out.printf("setup: SCRAM-SHA-512 credentials for %d principals, as the broker ...%n", users.size());
        retry(deadline, out, "creating credentials", () -> {
            try (Admin a = Admin.create(broker)) {
                a.alterUserScramCredentials(upserts(users)).all().get(30, TimeUnit.SECONDS);
            }
        });
        out.printf("setup: topics (%d partitions) and the access file, as the administrator ...%n", o.partitions());
        // a credential reaches every broker through the metadata log: the administrator's first sign-in may be early
        retry(deadline, out, "preparing topics and ACLs", () -> {
            try (Admin a = Admin.create(admin)) {
                int joined =
                        a.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
                if (joined < o.brokers()) {
                    throw new IllegalStateException(joined + " of " + o.brokers() + " brokers have joined");
                }
                ClusterSetup.prepare(a, o.partitions(), rules, out);
            }
        });
        out.println("setup: done");
    }

    static List<UserScramCredentialAlteration> upserts(Map<String, String> users) {
        return users.keySet().stream()
                .sorted()
                .map(name -> (UserScramCredentialAlteration) new UserScramCredentialUpsertion(
                        name,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                        users.get(name).trim()))
                .toList();
    }

    interface Step {
        void run() throws Exception;
    }

    private static void retry(long deadline, PrintStream out, String what, Step step) {
        while (true) {
            try {
                step.run();
                return;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String reason = rootMessage(e);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("setup: gave up " + what + ": " + reason, e);
                }
                out.printf("setup: %s not yet possible (%s); retrying in %d s%n", what, reason, RETRY.toSeconds());
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("setup: interrupted while " + what, interrupted);
                }
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
