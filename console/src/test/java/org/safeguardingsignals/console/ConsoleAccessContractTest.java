package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.ConsoleAccess;
import org.safeguardingsignals.events.ViewOutcome;

/**
 * The access audit's record reads the older chronology-view audit: one reader covers both topics, and an
 * information-governance officer loses no history.
 */
class ConsoleAccessContractTest {
    static final Path RELEASED_VIEW =
            Path.of("..", "schemas", "released", "org.safeguardingsignals.events.ChronologyView", "v1.avsc");

    @Test
    void aChronologyViewReadsAsAConsoleAccessOfActionChronologyViewed() throws Exception {
        Schema written = new Schema.Parser().parse(RELEASED_VIEW.toFile());
        UUID viewId = UUID.randomUUID();
        Instant at = Instant.parse("2026-01-05T10:15:30Z");
        GenericRecord view = new GenericData.Record(written);
        view.put("viewId", viewId.toString());
        view.put("workerId", "amara");
        view.put("role", "WORKER");
        view.put("workerAuthorities", List.of("E09000022"));
        view.put("childPseudonym", "0123456789abcdef0123456789abcdef");
        view.put(
                "outcome",
                new GenericData.EnumSymbol(written.getField("outcome").schema(), "REFUSED"));
        view.put("viewedAt", at.toEpochMilli());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(written).write(view, encoder);
        encoder.flush();

        ConsoleAccess read = new SpecificDatumReader<ConsoleAccess>(written, ConsoleAccess.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.getAccessId()).isEqualTo(viewId);
        assertThat(read.getAction()).isEqualTo(AccessAction.CHRONOLOGY_VIEWED);
        assertThat(read.getWorkerId()).isEqualTo("amara");
        assertThat(read.getChildPseudonym()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(read.getOutcome()).isEqualTo(ViewOutcome.REFUSED);
        assertThat(read.getAccessedAt()).isEqualTo(at);
        assertThat(read.getFilters()).isEmpty();
        assertThat(read.getServedBy()).isNull();
    }
}
