package org.safeguardingsignals.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** Finds a Java runtime of at least a given feature version on this machine, for a child process that needs it. */
final class JavaRuntimes {
    private JavaRuntimes() {}

    /**
     * The first of: the system property or environment variable named (a JDK home), this JVM, then the newest
     * JDK under /usr/lib/jvm, /opt/java or JAVA_HOME that is at least {@code minimum}.
     */
    static Optional<Path> find(int minimum, String propertyName, String envName) {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty(propertyName)).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv(envName)).map(Path::of).ifPresent(candidates::add);
        for (Path explicit : candidates) {
            if (featureVersion(explicit) >= minimum) {
                return Optional.of(explicit);
            }
        }
        if (Runtime.version().feature() >= minimum) {
            return Optional.of(Path.of(System.getProperty("java.home")));
        }
        List<Path> found = new ArrayList<>();
        Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).ifPresent(found::add);
        for (String root : List.of("/usr/lib/jvm", "/opt/java", "/usr/local/lib/jvm")) {
            try (Stream<Path> dirs = Files.list(Path.of(root))) {
                dirs.forEach(found::add);
            } catch (IOException e) {
                // no such directory on this machine
            }
        }
        return found.stream()
                .filter(p -> featureVersion(p) >= minimum)
                .max(Comparator.comparingInt(JavaRuntimes::featureVersion));
    }

    static Path javaExecutable(Path home) {
        return home.resolve("bin").resolve("java");
    }

    /** The feature version a JDK home declares in its release file, or 0. */
    static int featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(javaExecutable(home))) {
            return 0;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            p.load(in);
        } catch (IOException e) {
            return 0;
        }
        String v = p.getProperty("JAVA_VERSION", "0").replace("\"", "");
        String feature = v.startsWith("1.") ? v.substring(2).split("[.]")[0] : v.split("[.+-]")[0];
        try {
            return Integer.parseInt(feature);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
