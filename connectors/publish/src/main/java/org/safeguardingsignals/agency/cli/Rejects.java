package org.safeguardingsignals.agency.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.safeguardingsignals.events.RejectReason;

/**
 * The rejects file: line, reason code and detail of every rejected row, created at the first rejection. It repeats
 * no value from the row (the agency has the file), so it can be shared with a helpdesk.
 */
final class Rejects implements AutoCloseable {
    private final Path file;
    private CSVPrinter printer;

    Rejects(Path file) {
        this.file = file;
    }

    void add(long line, RejectReason reason, String detail) throws IOException {
        if (printer == null) {
            BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            printer = CSVFormat.RFC4180
                    .builder()
                    .setHeader("line", "reason", "detail")
                    .get()
                    .print(w);
        }
        printer.printRecord(line, reason, detail);
    }

    @Override
    public void close() throws IOException {
        if (printer != null) {
            printer.close(true);
        }
    }
}
