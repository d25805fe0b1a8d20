package org.safeguardingsignals.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Our application images: where Jib wrote each (mvn -Pimages package) and the name it carries. */
enum Images {
    DETECTION("streams/detection", "detection"),
    METRICS("streams/metrics", "metrics"),
    CONSOLE("console", "console"),
    CONNECT("connectors/connect-worker", "connect"),
    PUBLISH("connectors/publish", "publish");

    static final String VERSION = System.getProperty("safeguarding.version", "0.1.0-SNAPSHOT");
    static final Path REPOSITORY = Path.of(System.getProperty("safeguarding.repository", "../.."))
            .toAbsolutePath()
            .normalize();

    private final String module;
    private final String name;

    Images(String module, String name) {
        this.module = module;
        this.name = name;
    }

    /** The name the image is tagged with: safeguarding/NAME:PROJECT-VERSION. */
    String image() {
        return "safeguarding/" + name + ":" + VERSION;
    }

    Path tarball() {
        return REPOSITORY.resolve(module).resolve("target/jib-image.tar");
    }

    /** Loads every image Jib built into podman's store (as `podman load` does for an operator). */
    static void loadAll() {
        for (Images image : List.of(values())) {
            if (!Files.isRegularFile(image.tarball())) {
                throw new IllegalStateException(
                        "No image at " + image.tarball() + ": build with mvn -Pimages package (docs/DEPLOYING.md)");
            }
            Podman.ok("load", "-q", "-i", image.tarball().toString());
        }
    }
}
