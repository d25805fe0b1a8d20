package org.safeguardingsignals.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/** Files of the repository the generator reads and writes, from its root or from a module's directory. */
final class Repository {
    private Repository() {}

    /** The repository's root: the working directory, or its parent when run from a module (as tests are). */
    static Path root() {
        return Files.isDirectory(Path.of("docs", "governance")) || Files.isDirectory(Path.of("schemas"))
                ? Path.of("")
                : Path.of("..");
    }

    static Path resolve(Path relative) {
        return relative.isAbsolute() ? relative : root().resolve(relative);
    }

    /** The released versions of a record (schemas/released/&lt;full name&gt;/vN.avsc), oldest first. */
    static List<Schema> released(String fullName) {
        Path dir = root().resolve(Path.of("schemas", "released", fullName));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Schema> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().matches("v[0-9]+\\.avsc"))
                    .sorted(Comparator.comparingInt(Repository::version))
                    .toList()) {
                out.add(new Schema.Parser().parse(f.toFile()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int version(Path file) {
        String n = file.getFileName().toString();
        return Integer.parseInt(n.substring(1, n.indexOf('.')));
    }
}
