package org.safeguardingsignals.detection.links;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.ChildLink;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.LinkEvidence;
import org.safeguardingsignals.events.LinkKind;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.ChildLinkState;
import org.safeguardingsignals.internal.ExploitationFlag;
import org.safeguardingsignals.internal.MissingSighting;

/**
 * The linking processor's cost, for docs/ARCHITECTURE.md ("Linked children"): the stored size of a link, a found
 * episode and a child, and the time to take links into the graph at a partnership's scale. Run:
 * {@code mvn -q -o -pl streams/detection test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.safeguardingsignals.detection.links.LinkCost}
 */
public final class LinkCost {
    private LinkCost() {}

    public static void main(String[] args) throws IOException {
        Instant t = Instant.parse("2026-11-01T20:00:00Z");
        Evidence episode = new Evidence(
                Agency.POLICE,
                "0f8fad5b-d9cb-469f-a165-70867728950e",
                "MPS-MISSING-2026-104233",
                IndicatorCategory.MISSING_EPISODE,
                t,
                t,
                "01");
        String a = "2893be2c85013689e5be20877cfd2a02";
        String b = "9fe2832939328936078671b3bb5dd4ce";
        LinkEvidence together = new LinkEvidence(LinkKind.CO_MISSING, episode, episode, "E01003030", "E01024000");
        ChildLink link = new ChildLink(a, b, List.of(together, together), t);
        MissingSighting sighting = new MissingSighting(
                a, episode, "EP-104233", List.of("E09000022"), t, t, "E01003030", "01/FAM-22", "E01024000", List.of(b));
        ChildLinkState child = new ChildLinkState(
                List.of("E09000022", "E09000028"),
                new ExploitationFlag(
                        a, "5f1c0e0a-8e7b-3a59-9f0c-0f3c2a1f9e11", Severity.HIGH, t, List.of("E09000022"), false),
                Map.of(b, t.toEpochMilli()));
        System.out.printf(
                "stored bytes (Avro body, key aside): link with two pieces of evidence %d, found episode %d, child %d%n",
                size(link), size(sighting), size(child));

        Random random = new Random(1);
        for (int links : new int[] {10_000, 100_000}) {
            int children = links / 2;
            LinkGraph graph = new LinkGraph();
            long start = System.nanoTime();
            long day = 86_400_000L;
            for (int i = 0; i < links; i++) {
                long at = (long) i * 365 * day / links;
                graph.link("c" + random.nextInt(children), "c" + random.nextInt(children), at, at + 180 * day);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "%,d links over a year among %,d children: %.2f s, %.0f links/s, %,d children grouped at the end%n",
                    links, children, seconds, links / seconds, graph.groups().size());
        }
    }

    private static int size(SpecificRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.size();
    }
}
