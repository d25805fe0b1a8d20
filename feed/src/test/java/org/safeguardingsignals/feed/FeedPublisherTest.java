package org.safeguardingsignals.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.EventHeader;

/**
 * The feed and an agency share one time frame: the feed replays its history up to the present, says so once, and
 * then follows real time, never dating an event ahead of the wall clock. The wall clock here is one the test moves.
 */
class FeedPublisherTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Duration STEP = Duration.ofMinutes(10);

    /** A wall clock that moves only when the publisher pauses, by {@link #STEP}. */
    static final class TestClock extends Clock {
        Instant now = NOW;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    record Sent(Instant at, Instant occurredAt) {}

    @Test
    void theFeedReplaysItsHistoryUpToThePresentSaysSoOnceThenFollowsRealTime() {
        TestClock clock = new TestClock();
        List<Sent> sent = new ArrayList<>();
        MockProducer<String, SpecificRecord> producer =
                new MockProducer<>(true, null, new StringSerializer(), (topic, value) -> new byte[0]) {
                    @Override
                    public synchronized Future<RecordMetadata> send(ProducerRecord<String, SpecificRecord> record) {
                        EventHeader header = (EventHeader) record.value()
                                .get(record.value()
                                        .getSchema()
                                        .getField("header")
                                        .pos());
                        sent.add(new Sent(clock.now, header.getOccurredAt()));
                        return super.send(record);
                    }
                };
        List<Instant> announced = new ArrayList<>();
        Instant stopAt = NOW.plus(Duration.ofDays(2));
        FeedPublisher[] publisher = new FeedPublisher[1];
        publisher[0] = new FeedPublisher(producer, clock, pause -> {
            clock.now = clock.now.plus(STEP);
            if (!clock.now.isBefore(stopAt)) {
                publisher[0].stop();
            }
        });
        SyntheticFeed feed = new SyntheticFeed(FeedSettings.defaults().withStart(NOW.minus(Duration.ofDays(20))));

        publisher[0].play(feed, 120, () -> announced.add(clock.now)); // two simulated hours a minute: 4 hours

        assertThat(announced).as("caught up once").hasSize(1);
        Instant caughtUp = announced.get(0);
        assertThat(caughtUp)
                .isBetween(
                        NOW.plus(Duration.ofHours(4)),
                        NOW.plus(Duration.ofHours(4)).plus(STEP));
        List<Sent> history =
                sent.stream().filter(s -> !s.at().isAfter(caughtUp)).toList();
        List<Sent> live = sent.stream().filter(s -> s.at().isAfter(caughtUp)).toList();
        assertThat(history.get(0).occurredAt()).isAfterOrEqualTo(NOW.minus(Duration.ofDays(20)));
        assertThat(history)
                .as("the whole history, up to the present")
                .allSatisfy(s -> assertThat(s.occurredAt()).isBefore(caughtUp));
        assertThat(live)
                .as("two days of real time after it")
                .hasSizeGreaterThan(50)
                .allSatisfy(s -> assertThat(s.occurredAt()).isAfter(caughtUp).isBetween(s.at().minus(STEP), s.at()));
        assertThat(sent)
                .as("never ahead of the wall clock")
                .allSatisfy(s -> assertThat(s.occurredAt()).isBeforeOrEqualTo(s.at()));
        for (int i = 1; i < sent.size(); i++) {
            assertThat(sent.get(i).occurredAt())
                    .isAfterOrEqualTo(sent.get(i - 1).occurredAt());
        }
    }
}
