package org.safeguardingsignals.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.BeforeAll;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.registry.InMemorySchemaRegistry;
import org.safeguardingsignals.registry.SchemaRegistries;
import org.safeguardingsignals.testing.TestEvents;
import org.safeguardingsignals.topics.Topics;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.InputContracts;
import org.safeguardingsignals.validation.RejectedInputException;

/**
 * Any bytes on an input topic either decode into an event that the intake's validation accepts or refuses with a
 * reason, or are refused by the deserializer as {@link WireFormatException}: never another exception, a hang or an
 * allocation the bytes ask for. The fuzzer mostly frames its bytes with the magic byte and a registered schema id, so
 * that it explores the Avro body and the validation rather than the five-byte header alone.
 *
 * <p>As a unit test it runs its saved inputs (regression); {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration}
 * (.ci/fuzz runs each target for a minute; RELIABILITY.md has the long runs).
 */
class WireFormatFuzzTest {
    private static final String SCOPE = "wire-format-fuzz";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final List<InputContract<?>> CONTRACTS = InputContracts.ALL;
    private static final List<Deserializer<? extends SpecificRecord>> DESERIALIZERS = new ArrayList<>();
    private static final List<Integer> IDS = new ArrayList<>();
    private static byte[] INCIDENT;

    @BeforeAll
    static void registerTheInputSchemas() {
        InMemorySchemaRegistry registry = SchemaRegistries.mockScope(SCOPE);
        Map<String, String> config = Map.of("schema.registry.url", "mock://" + SCOPE);
        for (InputContract<?> contract : CONTRACTS) {
            IDS.add(registry.register(
                    contract.topic().valueSubject(), contract.topic().valueSchema()));
            DESERIALIZERS.add(contract.topic().valueDeserializer(config));
        }
        INCIDENT = Topics.DOMESTIC_ABUSE_INCIDENTS
                .valueSerializer(config)
                .serialize(
                        Topics.DOMESTIC_ABUSE_INCIDENTS.name(),
                        TestEvents.incident("MPS-1", DashRiskLevel.HIGH, "9434765919", "1234567890"));
    }

    @FuzzTest(maxDuration = "1m")
    void anyBytesDecodeAndValidateOrAreRefusedWithAReason(FuzzedDataProvider data) {
        int which;
        byte[] bytes;
        if (data.consumeBoolean()) {
            // a real incident with a few bytes changed, cut or extended: near-valid events reach the validation
            which = CONTRACTS.indexOf(InputContracts.DOMESTIC_ABUSE);
            bytes = INCIDENT.clone();
            int edits = data.consumeInt(0, 6);
            for (int i = 0; i < edits; i++) {
                bytes[data.consumeInt(5, bytes.length - 1)] = data.consumeByte();
            }
            int length = data.consumeInt(5, bytes.length + 16);
            byte[] resized = java.util.Arrays.copyOf(bytes, length);
            for (int i = bytes.length; i < length; i++) {
                resized[i] = data.consumeByte();
            }
            bytes = resized;
        } else {
            which = data.consumeInt(0, CONTRACTS.size() - 1);
            boolean framed = data.consumeProbabilityDouble() < 0.9;
            byte[] body = data.consumeRemainingAsBytes();
            bytes = framed
                    ? ByteBuffer.allocate(5 + body.length)
                            .put((byte) 0)
                            .putInt(IDS.get(which))
                            .put(body)
                            .array()
                    : body;
        }
        InputContract<?> contract = CONTRACTS.get(which);
        SpecificRecord event;
        try {
            event = DESERIALIZERS.get(which).deserialize(contract.topic().name(), bytes);
        } catch (WireFormatException refused) {
            assertThat(refused.getMessage()).as("a refusal says why").isNotBlank();
            return;
        }
        if (event == null) {
            return; // null bytes: a tombstone, which the intake dead-letters with its own reason
        }
        try {
            validate(contract, event);
        } catch (RejectedInputException rejected) {
            assertThat(rejected.reason()).as("a rejection has a reason code").isNotNull();
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends SpecificRecord> void validate(InputContract<E> contract, SpecificRecord event) {
        contract.validate((E) event, NOW, InputContracts.DEFAULT_FUTURE_TOLERANCE);
    }
}
