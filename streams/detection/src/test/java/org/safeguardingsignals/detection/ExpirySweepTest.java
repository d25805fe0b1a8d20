package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.internal.ChildState;
import org.safeguardingsignals.serde.SpecificAvroSerde;

class ExpirySweepTest {

    @Test
    void eachRunReadsOneSliceFromWhereTheLastStoppedAndALapFindsEveryExpiredChild() {
        KeyValueStore<String, ChildState> children = store();
        for (int i = 0; i < 20; i++) {
            // children 0, 2, 4, ... expired at time 100; the others at 1,000
            children.put(String.format("child-%02d", i), state(i % 2 == 0 ? 100 : 1_000));
        }
        ExpirySweep sweep = new ExpirySweep(8);

        assertThat(keys(sweep.expired(children, 500))).containsExactly("child-00", "child-02", "child-04", "child-06");
        assertThat(keys(sweep.expired(children, 500))).containsExactly("child-08", "child-10", "child-12", "child-14");
        assertThat(keys(sweep.expired(children, 500)))
                .as("the last slice is short")
                .containsExactly("child-16", "child-18");
        assertThat(keys(sweep.expired(children, 500)))
                .as("the next lap starts again from the first child")
                .containsExactly("child-00", "child-02", "child-04", "child-06");
    }

    @Test
    void aChildDeletedBetweenRunsOrAddedBehindTheCursorDoesNotStopTheWalk() {
        KeyValueStore<String, ChildState> children = store();
        for (int i = 0; i < 6; i++) {
            children.put("child-" + i, state(100));
        }
        ExpirySweep sweep = new ExpirySweep(3);

        List<KeyValue<String, ChildState>> first = sweep.expired(children, 100);
        assertThat(keys(first)).containsExactly("child-0", "child-1", "child-2");
        first.forEach(kv -> children.delete(kv.key));
        children.delete("child-3"); // where the next run was to start
        children.put("child-00", state(100)); // behind the cursor: found on the next lap

        assertThat(keys(sweep.expired(children, 100))).containsExactly("child-4", "child-5");
        assertThat(keys(sweep.expired(children, 100))).containsExactly("child-00", "child-4", "child-5");
    }

    @Test
    void aNewChildsStateIsWhatTheBuilderMakes() {
        // emptyState() sets each default by hand, for speed: a field added to ChildState must be added there too
        assertThat(ChildRulesProcessor.emptyState())
                .isEqualTo(ChildState.newBuilder().build());
    }

    @Test
    void timeKeysSortByTime() {
        assertThat(ChildRulesProcessor.timeKey(42, "c")).isEqualTo("0000000000042|c");
        assertThat(ChildRulesProcessor.timeKey(1_767_225_600_000L, "c")).isEqualTo("1767225600000|c");
        assertThat(ChildRulesProcessor.timeKey(999, "z")).isLessThan(ChildRulesProcessor.timeKey(1000, "a"));
    }

    private static List<String> keys(List<KeyValue<String, ChildState>> expired) {
        List<String> keys = new ArrayList<>();
        expired.forEach(kv -> keys.add(kv.key));
        return keys;
    }

    private static ChildState state(long expiresAt) {
        return ChildState.newBuilder().setExpiresAt(expiresAt).build();
    }

    private static KeyValueStore<String, ChildState> store() {
        KeyValueStore<String, ChildState> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("child-state"),
                        Serdes.String(),
                        SpecificAvroSerde.forValues(
                                ChildState.class, java.util.Map.of("schema.registry.url", "mock://expiry-sweep")))
                .withLoggingDisabled()
                .build();
        MockProcessorContext<String, ChildState> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
