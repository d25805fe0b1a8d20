package org.safeguardingsignals.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files that hold keys or passwords: readable and writable by their owner only (0600) from their first byte. */
final class OwnerOnly {
    private OwnerOnly() {}

    /** Creates (or narrows) the file so that it is owner-only before anything secret is written to it. */
    static Path create(Path file) throws IOException {
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        }
        return Files.createFile(
                file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    /** Writes text to an owner-only file, replacing what it held. */
    static void write(Path file, String text) throws IOException {
        Files.writeString(create(file), text);
    }
}
