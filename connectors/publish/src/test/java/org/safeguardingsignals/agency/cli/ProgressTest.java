package org.safeguardingsignals.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguardingsignals.agency.rows.EventTypes;
import org.safeguardingsignals.agency.rows.RowReader;

/** The progress line on standard error, against the summary on standard output. */
class ProgressTest {
    @TempDir
    Path dir;

    @Test
    void theLastProgressLineAgreesWithTheSummary() throws Exception {
        Path file = Files.writeString(
                dir.resolve("two.csv"),
                "organisation_code,local_authority,occurred_at,"
                        + "referral_id,child_nhs_number\n"
                        + "E09000022,E09000022,2025-03-08T14:00:00Z,R-1,9990000018\n"
                        + "E09000022,E09000022,2025-03-08T15:00:00Z,R-2,9990000026\n");
        // the first send takes over a second (a registry lookup, a producer starting), so a progress line is shown
        // after the first row and none is due after the second
        FilePublication.Sink slowFirst = new FilePublication.Sink() {
            private int sent;

            @Override
            public CompletableFuture<?> send(SpecificRecord event) {
                if (sent++ == 0) {
                    try {
                        Thread.sleep(1_100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void flush() {}
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        FilePublication.Outcome outcome = FilePublication.publish(
                file,
                RowReader.Format.CSV,
                EventTypes.REFERRAL,
                slowFirst,
                dir.resolve("two.rejects.csv"),
                new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), false));

        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).as("progress was shown").isNotEmpty();
        double perSecond = outcome.rows() / (Math.max(outcome.took().toMillis(), 1) / 1000.0); // as the summary
        assertThat(outcome.rows()).isEqualTo(2);
        assertThat(lines.get(lines.size() - 1))
                .startsWith(String.format("2 rows (%,.0f rows/s), 0 rejected, 100%% " + "of the file", perSecond));
    }
}
