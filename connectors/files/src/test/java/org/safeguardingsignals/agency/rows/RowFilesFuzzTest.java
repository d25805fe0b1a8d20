package org.safeguardingsignals.agency.rows;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.safeguardingsignals.validation.RejectedInputException;

/**
 * Any file an agency drops, CSV or JSON Lines, is read row by row: each row becomes a validated event or is rejected
 * with a reason, and a file that cannot be read past a row stops with {@link UnreadableFileException} and its line.
 * Never another exception, a hang, or a row longer than the limits. Small limits make the fuzzer reach them.
 *
 * <p>As a unit test it runs its saved inputs (regression); {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration}.
 */
class RowFilesFuzzTest {
    private static final RowLimits LIMITS = new RowLimits(512, 64);

    @FuzzTest(maxDuration = "1m")
    void anyFileReadsRowByRowOrStopsWithAReason(FuzzedDataProvider data) throws IOException {
        boolean jsonLines = data.consumeBoolean();
        EventType<?> type = EventTypes.ALL.get(data.consumeInt(0, EventTypes.ALL.size() - 1));
        byte[] file = data.consumeRemainingAsBytes();
        long rows = 0;
        try (RowReader reader = jsonLines
                ? new JsonLinesReader(new ByteArrayInputStream(file), LIMITS)
                : new CsvReader(new ByteArrayInputStream(file), LIMITS)) {
            RowReader.RawRow row;
            while ((row = reader.next()) != null) {
                rows++;
                assertThat(row.line()).as("rows are numbered forwards").isPositive();
                if (row.values() != null) {
                    assertThat(row.values().values())
                            .allSatisfy(v ->
                                    assertThat(v == null ? 0 : v.length()).isLessThanOrEqualTo(LIMITS.maxFieldChars()));
                }
                try {
                    type.toEvent(row);
                } catch (RejectedInputException rejected) {
                    assertThat(rejected.reason())
                            .as("a rejected row has a reason code")
                            .isNotNull();
                }
            }
            assertThat(reader.bytesRead()).isLessThanOrEqualTo(file.length);
        } catch (UnreadableFileException stopped) {
            assertThat(stopped.reason()).as("an unreadable file says why").isNotBlank();
        }
        assertThat(rows).isLessThanOrEqualTo(file.length + 1L);
    }
}
