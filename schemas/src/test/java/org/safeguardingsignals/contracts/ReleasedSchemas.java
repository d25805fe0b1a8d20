package org.safeguardingsignals.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/**
 * The released versions of every topic's value schema, kept in schemas/released/&lt;record full name&gt;/vN.avsc.
 * Run {@link #main} when releasing: it writes the current schema as the next version of each record whose schema
 * changed. Command: mvn -q -pl schemas test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.safeguardingsignals.contracts.ReleasedSchemas
 */
public final class ReleasedSchemas {
    /** Relative to the schemas module (as in tests) or to the project root (as with exec:java from the root). */
    static final Path ROOT =
            Files.isDirectory(Path.of("schemas", "released")) ? Path.of("schemas", "released") : Path.of("released");

    private ReleasedSchemas() {}

    /** Released versions of a record, oldest first. */
    static List<Schema> of(String fullName) {
        Path dir = ROOT.resolve(fullName);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Schema> schemas = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().matches("v[0-9]+\\.avsc"))
                    .sorted(Comparator.comparingInt(ReleasedSchemas::versionOf))
                    .toList()) {
                schemas.add(new Schema.Parser().parse(f.toFile()));
            }
            return schemas;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int versionOf(Path file) {
        String n = file.getFileName().toString();
        return Integer.parseInt(n.substring(1, n.indexOf('.')));
    }

    public static void main(String[] args) throws IOException {
        for (Topic<? extends SpecificRecord> topic : Topics.ALL) {
            Schema current = topic.valueSchema();
            List<Schema> released = of(current.getFullName());
            if (!released.isEmpty() && released.get(released.size() - 1).equals(current)) {
                continue;
            }
            Path file = ROOT.resolve(current.getFullName()).resolve("v" + (released.size() + 1) + ".avsc");
            Files.createDirectories(file.getParent());
            Files.writeString(file, current.toString(true) + "\n");
            System.out.println("released " + file);
        }
    }
}
