package org.safeguardingsignals.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.TopicSettings;
import org.safeguardingsignals.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics with the settings the topic registry declares (retention, cleanup policy,
 * replication, min.insync.replicas), and reports every existing topic whose settings differ. It never alters an
 * existing topic: shortening a retention deletes records, which is a decision for a person, not for a start-up.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    /** One setting of an existing topic that is not what the registry declares. */
    public record Difference(String topic, String setting, String declared, String actual) {
        @Override
        public String toString() {
            return topic + ": " + setting + " is " + actual + ", the registry declares " + declared;
        }
    }

    /** What a run did and found. */
    public record Report(List<String> created, List<Difference> differences) {}

    private final Admin admin;
    private final int partitions;
    private final Map<String, Duration> retentionOverrides;

    /**
     * @param partitions         partitions of each topic created
     * @param retentionOverrides a partnership's own retention per topic name, in place of the registry's
     */
    public TopicProvisioner(Admin admin, int partitions, Map<String, Duration> retentionOverrides) {
        this.admin = admin;
        this.partitions = partitions;
        this.retentionOverrides = Map.copyOf(retentionOverrides);
    }

    /** Configuration prefix of a partnership's own retention: {@code topics.retention.<topic>=P2555D} or FOREVER. */
    public static final String RETENTION_PREFIX = "topics.retention.";

    /** The retention overrides in {@code settings}; an unknown topic or unreadable period is refused. */
    public static Map<String, Duration> retentionOverrides(Map<String, String> settings) {
        Map<String, Duration> out = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (!key.startsWith(RETENTION_PREFIX)) {
                return;
            }
            String topic = key.substring(RETENTION_PREFIX.length());
            if (Topics.byName(topic).isEmpty()) {
                throw new ConfigException(key, value, "no such topic in the registry");
            }
            try {
                Duration d =
                        value.trim().equalsIgnoreCase("FOREVER") ? TopicSettings.FOREVER : Duration.parse(value.trim());
                out.put(
                        topic,
                        Topics.byName(topic).get().settings().withRetention(d).retention());
            } catch (RuntimeException e) {
                throw new ConfigException(key, value, "an ISO-8601 period such as P2555D, or FOREVER");
            }
        });
        return out;
    }

    /** The settings a topic should have: the registry's, with this partnership's retention where it set one. */
    public TopicSettings settingsOf(Topic<?> topic) {
        Duration override = retentionOverrides.get(topic.name());
        return override == null ? topic.settings() : topic.settings().withRetention(override);
    }

    public Report ensure(Collection<? extends Topic<?>> topics) {
        try {
            int brokers = admin.describeCluster().nodes().get().size();
            Set<String> existing = admin.listTopics().names().get();
            List<String> created = create(
                    topics.stream().filter(t -> !existing.contains(t.name())).toList(), brokers);
            List<Difference> differences = check(
                    topics.stream().filter(t -> existing.contains(t.name())).toList(), brokers);
            differences.forEach(d -> LOG.warn(
                    "Topic settings differ from the registry: {}. Change it deliberately "
                            + "(kafka-configs --alter --entity-type topics --entity-name {} --add-config {}={}) or set the "
                            + "partnership's own value in configuration",
                    d,
                    d.topic(),
                    d.setting(),
                    d.declared()));
            if (brokers
                    < topics.stream()
                            .mapToInt(t -> t.settings().replicationFactor())
                            .max()
                            .orElse(1)) {
                LOG.warn(
                        "This cluster has {} broker(s): topics get fewer copies than the registry declares; "
                                + "fine for a local run, not for production",
                        brokers);
            }
            return new Report(created, differences);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not provision the pipeline's topics: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted provisioning topics", e);
        }
    }

    private List<String> create(List<? extends Topic<?>> missing, int brokers)
            throws InterruptedException, ExecutionException {
        List<String> created = new ArrayList<>();
        List<NewTopic> requests = missing.stream()
                .map(t -> new NewTopic(t.name(), partitions, settingsOf(t).replicationFor(brokers))
                        .configs(settingsOf(t).brokerConfigs(brokers)))
                .toList();
        for (var entry : admin.createTopics(requests).values().entrySet()) {
            try {
                entry.getValue().get();
                created.add(entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) { // another instance created it first
                    throw e;
                }
            }
        }
        if (!created.isEmpty()) {
            LOG.info("Created {} topic(s) with their registry settings: {}", created.size(), created);
        }
        return created;
    }

    private List<Difference> check(List<? extends Topic<?>> present, int brokers)
            throws InterruptedException, ExecutionException {
        if (present.isEmpty()) {
            return List.of();
        }
        List<ConfigResource> resources = present.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
                .toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get();
        Map<String, TopicDescription> descriptions = admin.describeTopics(
                        present.stream().map(Topic::name).collect(Collectors.toList()))
                .allTopicNames()
                .get();
        List<Difference> differences = new ArrayList<>();
        for (Topic<?> t : present) {
            TopicSettings declared = settingsOf(t);
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name()));
            declared.brokerConfigs(brokers).forEach((key, value) -> {
                ConfigEntry entry = actual.get(key);
                String is = entry == null ? "unset" : entry.value();
                if (!value.equals(is)) {
                    differences.add(new Difference(t.name(), key, value, is));
                }
            });
            int replicas =
                    descriptions.get(t.name()).partitions().get(0).replicas().size();
            if (replicas != declared.replicationFor(brokers)) {
                differences.add(new Difference(
                        t.name(),
                        "replication.factor",
                        Short.toString(declared.replicationFor(brokers)),
                        Integer.toString(replicas)));
            }
        }
        return differences;
    }
}
