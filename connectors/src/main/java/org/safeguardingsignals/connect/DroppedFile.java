package org.safeguardingsignals.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One dropped file as the task reads it. Its source partition names the file by name, size and modification time,
 * so a new file dropped later under the same name is read afresh, while the same file read again after a restart
 * resumes after its last published line.
 */
final class DroppedFile {
    static final String FILE = "file";
    static final String SIZE = "size";
    static final String MODIFIED = "modified";
    static final String LINE = "line";

    final Path path;
    final Map<String, Object> partition;
    /** Records handed to the worker and not yet acknowledged by the broker. */
    final AtomicLong unacknowledged = new AtomicLong();
    volatile boolean fullyRead;

    DroppedFile(Path path) throws IOException {
        this.path = path;
        this.partition = Map.of(FILE, path.getFileName().toString(), SIZE, Files.size(path), MODIFIED,
                Files.getLastModifiedTime(path).toMillis());
    }

    String name() {
        return path.getFileName().toString();
    }

    Map<String, Object> offset(long line) {
        return Map.of(LINE, line);
    }

    void unacknowledged(int more) {
        unacknowledged.addAndGet(more);
    }

    boolean done() {
        return fullyRead && unacknowledged.get() == 0;
    }
}
