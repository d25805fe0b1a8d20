package org.safeguardingsignals.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/**
 * BACKWARD_TRANSITIVE: every topic's current value schema must read data written with every released version, so
 * consumers can upgrade before producers and old records stay readable. A breaking change fails the build here.
 */
class SchemaEvolutionTest {

    static Stream<Topic<? extends SpecificRecord>> topics() {
        return Topics.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void currentSchemaReadsEveryReleasedVersion(Topic<? extends SpecificRecord> topic) {
        Schema current = topic.valueSchema();
        List<Schema> released = ReleasedSchemas.of(current.getFullName());
        assertThat(released)
                .as("released versions of %s (run ReleasedSchemas to release a new schema)", current.getFullName())
                .isNotEmpty();
        for (int v = 0; v < released.size(); v++) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(current, released.get(v));
            assertThat(result.getType())
                    .as(
                            "%s current schema reading released v%d: %s",
                            current.getFullName(), v + 1, result.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void theCheckCatchesANewFieldWithoutADefault() {
        Schema released = ReleasedSchemas.of(
                        DomesticAbuseIncident.getClassSchema().getFullName())
                .get(0);
        Schema breaking = withExtraField(released, false);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(breaking, released)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withExtraField(released, true), released)
                        .getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static Schema withExtraField(Schema base, boolean withDefault) {
        var fields = SchemaBuilder.record(base.getName())
                .namespace(base.getNamespace())
                .fields();
        for (Schema.Field f : base.getFields()) {
            fields = fields.name(f.name()).type(f.schema()).noDefault();
        }
        var extra = fields.name("victimCount").type().intType();
        return (withDefault ? extra.intDefault(0) : extra.noDefault()).endRecord();
    }
}
