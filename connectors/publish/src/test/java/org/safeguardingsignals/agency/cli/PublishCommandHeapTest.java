package org.safeguardingsignals.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publish command in its own JVM with a 64 MB heap, on a file whose quoted field never closes and runs for
 * 96 MB (as a 200 MB one once exhausted a 256 MB heap): the command must refuse the file at that row, not die.
 */
class PublishCommandHeapTest {
    @TempDir
    Path dir;

    @Test
    void aQuotedFieldLargerThanTheHeapIsRefusedAtItsLineWithExitTwo() throws Exception {
        Path csv = dir.resolve("huge.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("organisation_code,local_authority,occurred_at,referral_id,child_nhs_number\n");
            w.write("E09000022,E09000022,2025-03-08T14:00:00Z,HUGE-1,9990000018\n");
            w.write("E09000022,E09000022,2025-03-08T14:00:00Z,\"HUGE-2,");
            String filler = "JANE_SMITH_9434765919 ".repeat(1000);
            for (long written = 0; written < 96L * 1024 * 1024; written += filler.length()) {
                w.write(filler);
            }
        }
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        PublishCommand.class.getName(),
                        "--type",
                        "referral",
                        "--dry-run",
                        csv.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS))
                    .as("the command finished")
                    .isTrue();
        } finally {
            p.destroyForcibly();
        }
        String output = Files.readString(out);

        assertThat(p.exitValue()).as(output).isEqualTo(PublishCommand.UNUSABLE);
        assertThat(output)
                .contains("Reading stopped at line 3: the row is longer than 32,768 characters")
                .doesNotContain("OutOfMemoryError")
                .doesNotContain("9434765919");
        List<String> rejects = Files.readAllLines(dir.resolve("huge.rejects.csv"));
        assertThat(rejects).hasSize(2);
        assertThat(rejects.get(1)).startsWith("3,UNDECODABLE,");
    }
}
