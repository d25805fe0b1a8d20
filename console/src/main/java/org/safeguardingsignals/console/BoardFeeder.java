package org.safeguardingsignals.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.IdentityVaultEntry;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link AlertBoard}, a {@link WorkItemBoard}, the {@link EncompassInbox} and the {@link LinkedGroups}
 * current, and the sealed identities where the console can open them: reads every partition of the alert, decision,
 * work-item, Encompass notice and exploitation group topics (and the identity vault) from the beginning with
 * read_committed (no consumer group: every console instance wants everything). It has caught up once it has read up
 * to the end offsets the topics had when it began; until then the console is not ready. It waits for the topics while
 * they do not exist (the detection application creates them).
 */
final class BoardFeeder implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BoardFeeder.class);
    private final List<String> topics;
    private final AlertBoard board;
    private final WorkItemBoard workItems;
    private final EncompassInbox inbox;
    private final LinkedGroups groups;
    private final IdentityReveals reveals;
    private final Properties consumerProps = new Properties();
    private final SpecificAvroDeserializer<RiskAlert> alerts = new SpecificAvroDeserializer<>(RiskAlert.class);
    private final SpecificAvroDeserializer<MashDecision> decisions = new SpecificAvroDeserializer<>(MashDecision.class);
    private final SpecificAvroDeserializer<WorkItem> items = new SpecificAvroDeserializer<>(WorkItem.class);
    private final SpecificAvroDeserializer<EncompassNotice> notices =
            new SpecificAvroDeserializer<>(EncompassNotice.class);
    private final SpecificAvroDeserializer<IdentityVaultEntry> vault =
            new SpecificAvroDeserializer<>(IdentityVaultEntry.class);
    private final SpecificAvroDeserializer<LinkedGroup> linkedGroups =
            new SpecificAvroDeserializer<>(LinkedGroup.class);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean caughtUp = new AtomicBoolean();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final Thread thread = new Thread(this, "console-board-feeder");

    /** What the feeder keeps current, each from its topics. */
    record Boards(
            AlertBoard alerts,
            WorkItemBoard workItems,
            EncompassInbox inbox,
            LinkedGroups groups,
            IdentityReveals reveals) {}

    /**
     * @param consumerConfig the console's consumer settings (bootstrap servers, security); the feeder forces its own
     *                       isolation, offsets and deserialisers
     */
    BoardFeeder(Boards boards, Map<String, Object> consumerConfig, Map<String, ?> serdeConfig) {
        this.board = boards.alerts();
        this.workItems = boards.workItems();
        this.inbox = boards.inbox();
        this.groups = boards.groups();
        this.reveals = boards.reveals();
        List<String> read = new ArrayList<>(List.of(
                Topics.ALERTS.name(),
                Topics.DECISIONS.name(),
                Topics.WORK_ITEMS.name(),
                Topics.ENCOMPASS_NOTICES.name(),
                Topics.EXPLOITATION_GROUPS.name()));
        if (reveals.enabled()) { // the sealed identities only where this console holds the key to open them
            read.add(Topics.IDENTITY_VAULT.name());
        }
        this.topics = List.copyOf(read);
        consumerProps.putAll(consumerConfig);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        alerts.configure(serdeConfig, false);
        decisions.configure(serdeConfig, false);
        items.configure(serdeConfig, false);
        vault.configure(serdeConfig, false);
        notices.configure(serdeConfig, false);
        linkedGroups.configure(serdeConfig, false);
    }

    void start() {
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the board holds everything the topics held when the feeder began. */
    boolean caughtUp() {
        return caughtUp.get();
    }

    /** False once the feeder has stopped on an error: the board no longer follows the topics. */
    boolean healthy() {
        return !failed.get();
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = awaitPartitions(consumer);
            if (partitions.isEmpty()) {
                return; // closed while waiting
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read_committed: the stable end
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    apply(r);
                }
                if (!caughtUp.get() && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    caughtUp.set(true);
                    LOG.info("The alert board has read the alert and decision topics up to their end at start");
                }
            }
        } catch (InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed.set(true);
            LOG.error("The alert board stopped following the alert and decision topics", e);
        }
    }

    /** Every partition of the topics, once all of them exist; empty when closed before. */
    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> consumer) {
        boolean told = false;
        while (running.get()) {
            List<TopicPartition> partitions = new ArrayList<>();
            try {
                for (String topic : topics) {
                    for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                        partitions.add(new TopicPartition(topic, p.partition()));
                    }
                }
            } catch (TimeoutException e) {
                LOG.warn("The broker did not answer for the alert and decision topics' partitions; asking again");
                continue;
            }
            if (topics.stream()
                    .allMatch(t -> partitions.stream().anyMatch(p -> p.topic().equals(t)))) {
                return partitions;
            }
            if (!told) {
                LOG.warn("Waiting for the topics {} (the detection application creates them)", topics);
                told = true;
            }
            pause();
        }
        return List.of();
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.topic().equals(Topics.ALERTS.name())) {
                board.addAlert(alerts.deserialize(r.topic(), r.value()));
            } else if (r.topic().equals(Topics.WORK_ITEMS.name())) {
                workItems.add(items.deserialize(r.topic(), r.value()));
            } else if (r.topic().equals(Topics.ENCOMPASS_NOTICES.name())) {
                inbox.add(notices.deserialize(r.topic(), r.value()));
            } else if (r.topic().equals(Topics.EXPLOITATION_GROUPS.name())) {
                applyGroup(r);
            } else if (r.topic().equals(Topics.IDENTITY_VAULT.name())) {
                reveals.add(vault.deserialize(r.topic(), r.value()));
            } else {
                MashDecision decision = decisions.deserialize(r.topic(), r.value());
                board.addDecision(decision);
                workItems.addDecision(decision);
            }
        } catch (SerializationException e) {
            LOG.error("Skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    /** The latest record of a groupId is the group; a tombstone (null value) deletes it, by its key. */
    private void applyGroup(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            if (r.key() != null) {
                groups.apply(r.key(), null);
            }
            return;
        }
        LinkedGroup group = linkedGroups.deserialize(r.topic(), r.value());
        groups.apply(r.key() != null ? r.key() : group.getGroupId(), group);
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
