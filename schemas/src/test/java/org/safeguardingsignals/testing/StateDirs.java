package org.safeguardingsignals.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A state directory of its own for each TopologyTestDriver. Kafka Streams' default, /tmp/kafka-streams/ and the
 * application id, is shared by every JVM on the machine: two test JVMs at once (PIT's parallel minions, or another
 * checkout's build) fight over its RocksDB locks and fail with "Error opening store".
 */
public final class StateDirs {
    private StateDirs() {}

    /** A new, empty directory under the system's temporary directory. */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the directory and everything in it. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
