package org.safeguardingsignals.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.PeriodType;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.KafkaConnection;
import org.safeguardingsignals.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures this application has published, as the dashboard shows them: follows the partnership metrics topic
 * (read_committed, from the beginning, no consumer group: every instance holds them all) and exposes the current and
 * the previous calendar month as gauges, {@code safeguarding_partnership_figure} (published values) and
 * {@code safeguarding_partnership_figure_withheld} (1 for each figure disclosure control withholds), tagged with the
 * authority, month ({@code current} or {@code previous}), period, metric and breakdown. Only what the topic publishes,
 * after disclosure control, reaches Prometheus and Grafana: never a withheld value.
 */
final class PublishedFigures implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedFigures.class);
    static final ZoneId ENGLAND = ZoneId.of("Europe/London");

    private final Properties consumerProps = new Properties();
    private final SpecificAvroDeserializer<PartnershipMetric> values =
            new SpecificAvroDeserializer<>(PartnershipMetric.class);
    private final Map<String, PartnershipMetric> latest = new ConcurrentHashMap<>();
    private final MultiGauge published;
    private final MultiGauge withheld;
    private final Clock clock;
    /** The month the gauges were last set for (England's). */
    private volatile YearMonth shownMonth;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this, "partnership-figures-gauges");

    PublishedFigures(
            Map<String, Object> clientConfig, Map<String, ?> serdeConfig, MeterRegistry registry, Clock clock) {
        consumerProps.putAll(KafkaConnection.of(clientConfig)); // how this application reaches the brokers
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        values.configure(serdeConfig, false);
        this.clock = clock;
        this.published = MultiGauge.builder("safeguarding.partnership.figure")
                .description("Partnership figures as published on the metrics topic, after disclosure control")
                .register(registry);
        this.withheld = MultiGauge.builder("safeguarding.partnership.figure.withheld")
                .description("1 for each partnership figure withheld by disclosure control")
                .register(registry);
    }

    void start() {
        thread.setDaemon(true);
        thread.start();
    }

    /** A record of the topic: the latest per key is the figure. */
    void add(String key, PartnershipMetric figure) {
        latest.put(key, figure);
    }

    /** Sets the gauges to the current and previous months' figures, as held now. */
    void refresh() {
        YearMonth current = currentMonth();
        shownMonth = current;
        Map<String, String> months =
                Map.of(current.toString(), "current", current.minusMonths(1).toString(), "previous");
        List<MultiGauge.Row<?>> shown = new ArrayList<>();
        List<MultiGauge.Row<?>> hidden = new ArrayList<>();
        for (PartnershipMetric f : latest.values()) {
            String month = months.get(f.getPeriod());
            if (f.getPeriodType() != PeriodType.CALENDAR_MONTH || month == null) {
                continue;
            }
            Tags tags = Tags.of(
                    "authority", f.getLocalAuthority(),
                    "month", month,
                    "period", f.getPeriod(),
                    "metric", f.getMetric(),
                    "breakdown", breakdown(f.getDimensions()));
            if (f.getSuppressed()) {
                hidden.add(MultiGauge.Row.of(tags, 1));
            } else if (f.getValue() != null) {
                shown.add(MultiGauge.Row.of(tags, f.getValue()));
            } // else no figure, not withheld: a share of nothing (linked groups all deleted)
        }
        published.register(shown, true);
        withheld.register(hidden, true);
    }

    private YearMonth currentMonth() {
        return YearMonth.now(clock.withZone(ENGLAND));
    }

    /** "age_band=TEN_TO_FIFTEEN", "rule=toxic-trio,severity=HIGH", or "" for a total. */
    static String breakdown(Map<String, String> dims) {
        return MetricAggregator.dims(new TreeMap<>(dims));
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (running.get() && partitions.isEmpty()) {
                try {
                    for (PartitionInfo p :
                            consumer.partitionsFor(Topics.PARTNERSHIP_METRICS.name(), Duration.ofSeconds(10))) {
                        partitions.add(new TopicPartition(p.topic(), p.partition()));
                    }
                } catch (TimeoutException e) {
                    LOG.warn("The broker did not answer for the metrics topic's partitions; asking again");
                }
                if (partitions.isEmpty()) {
                    Thread.sleep(1_000); // the topic is made by the administrator or this application's first start
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                var records = consumer.poll(Duration.ofSeconds(1));
                for (ConsumerRecord<String, byte[]> r : records) {
                    try {
                        add(r.key(), values.deserialize(r.topic(), r.value()));
                    } catch (SerializationException e) {
                        LOG.warn("Skipping an unreadable figure at {}-{}@{}", r.topic(), r.partition(), r.offset());
                    }
                }
                // when a figure came, or the month rolled over: nothing else changes the gauges
                if (!records.isEmpty() || !currentMonth().equals(shownMonth)) {
                    refresh();
                }
            }
        } catch (InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("The dashboard's partnership figures stopped following the metrics topic", e);
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
