package org.safeguardingsignals.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.DashRiskLevel;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.EventHeader;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.PersonRef;

/** Valid sample events, and older versions of their schemas, for serde and registry tests. */
public final class TestEvents {
    private TestEvents() {}

    /** The one header builder of the tests: a fresh event id, recorded when it occurred. */
    public static EventHeader header(Agency agency, String organisationCode, String localAuthority, Instant at) {
        return header(UUID.randomUUID(), agency, organisationCode, localAuthority, at, at);
    }

    public static EventHeader header(
            UUID eventId,
            Agency agency,
            String organisationCode,
            String localAuthority,
            Instant occurredAt,
            Instant recordedAt) {
        return EventHeader.newBuilder()
                .setEventId(eventId)
                .setSourceAgency(agency)
                .setOrganisationCode(organisationCode)
                .setLocalAuthority(localAuthority)
                .setOccurredAt(occurredAt)
                .setRecordedAt(recordedAt)
                .build();
    }

    public static DomesticAbuseIncident incident(String reference, DashRiskLevel level, String... childNhsNumbers) {
        Instant at = Instant.parse("2026-11-20T21:15:00Z");
        return DomesticAbuseIncident.newBuilder()
                .setHeader(header(
                        UUID.nameUUIDFromBytes(reference.getBytes(StandardCharsets.UTF_8)),
                        Agency.POLICE,
                        "01",
                        "E09000022",
                        at,
                        at.plusSeconds(3600)))
                .setIncidentReference(reference)
                .setChildren(List.of(childNhsNumbers).stream()
                        .map(n -> LinkedChild.newBuilder()
                                .setPresent(true)
                                .setChild(PersonRef.newBuilder().setNhsNumber(n).build())
                                .build())
                        .toList())
                .setDashRiskLevel(level)
                .setPoliceAttended(true)
                .build();
    }

    /** The schema as it was before a field was added. */
    public static Schema withoutField(Schema current, String dropped) {
        var fields = SchemaBuilder.record(current.getName())
                .namespace(current.getNamespace())
                .fields();
        for (Schema.Field f : current.getFields()) {
            if (!f.name().equals(dropped)) {
                fields = fields.name(f.name()).type(f.schema()).noDefault();
            }
        }
        return fields.endRecord();
    }

    /** The record in wire format as a producer on an older schema (registered under {@code id}) wrote it. */
    public static byte[] framedWithOlderSchema(int id, Schema older, SpecificRecord record) {
        GenericRecord asOlder = new GenericData.Record(older);
        for (Schema.Field f : older.getFields()) {
            asOlder.put(
                    f.name(), record.get(record.getSchema().getField(f.name()).pos()));
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
            var encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(older, SpecificData.get()).write(asOlder, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a hand-made Avro body, as a broken or hostile producer might. */
    public interface Body {
        void write(BinaryEncoder encoder) throws IOException;
    }

    /** A hand-written Avro body in the wire format (magic byte, schema id, body). */
    public static byte[] framed(int schemaId, Body body) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            body.write(encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
