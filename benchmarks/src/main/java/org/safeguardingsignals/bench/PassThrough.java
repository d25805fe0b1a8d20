package org.safeguardingsignals.bench;

import java.util.Collections;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/** The ceiling: the same records from the same topics to one output, bytes untouched, exactly-once. */
final class PassThrough {
    static final String OUTPUT = "bench.passthrough.v1";
    /** The floor's own output, so that the ceiling's stays one record per event. */
    static final String FLOOR_OUTPUT = "bench.floor.v1";

    private PassThrough() {}

    static Topology build() {
        return build(OUTPUT, 1);
    }

    /**
     * The floor of a pipeline that writes {@code copies} records per event: each record read is written that many
     * times, bytes untouched, in the same exactly-once transactions. No state, no rules: what the broker writes alone
     * cost on this machine.
     */
    static Topology build(String output, int copies) {
        StreamsBuilder b = new StreamsBuilder();
        for (String topic : BenchWorld.inputs()) {
            var in = b.stream(
                    topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("pass-" + topic));
            if (copies > 1) {
                in = in.flatMapValues(v -> Collections.nCopies(copies, v), Named.as("copies-" + topic));
            }
            in.to(output, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("pass-sink-" + topic));
        }
        return b.build();
    }
}
