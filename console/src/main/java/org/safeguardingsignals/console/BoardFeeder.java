package org.safeguardingsignals.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link AlertBoard} current: reads every partition of the alert and decision topics from the beginning
 * with read_committed (no consumer group: every console instance wants everything).
 */
final class BoardFeeder implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BoardFeeder.class);
    private final AlertBoard board;
    private final Properties consumerProps;
    private final SpecificAvroDeserializer<RiskAlert> alerts = new SpecificAvroDeserializer<>(RiskAlert.class);
    private final SpecificAvroDeserializer<MashDecision> decisions =
            new SpecificAvroDeserializer<>(MashDecision.class);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this, "console-board-feeder");

    BoardFeeder(AlertBoard board, String bootstrapServers, Map<String, ?> serdeConfig) {
        this.board = board;
        this.consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        alerts.configure(serdeConfig, false);
        decisions.configure(serdeConfig, false);
    }

    void start() {
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new java.util.ArrayList<>();
            for (String topic : List.of(Topics.ALERTS.name(), Topics.DECISIONS.name())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    apply(r);
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.topic().equals(Topics.ALERTS.name())) {
                board.addAlert(alerts.deserialize(r.topic(), r.value()));
            } else {
                board.addDecision(decisions.deserialize(r.topic(), r.value()));
            }
        } catch (SerializationException e) {
            LOG.error("Skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
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
