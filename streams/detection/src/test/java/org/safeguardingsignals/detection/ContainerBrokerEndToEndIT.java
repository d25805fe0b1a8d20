package org.safeguardingsignals.detection;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same end-to-end scenario against Kafka in a container (apache/kafka, the version of our clients), through
 * Testcontainers: on Docker, or on podman serving the Docker API (.ci/run; docs/TESTING.md). Where podman is
 * installed but serves no API the test fails with what to do, never skips; it is skipped only on a machine with
 * neither engine, where InProcessBrokerEndToEndIT covers the same behaviour.
 */
class ContainerBrokerEndToEndIT extends EndToEndScenario {
    /** The upstream image; where no registry is reachable, deploy/images/build-local-images makes it locally. */
    static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

    private static KafkaContainer kafka;

    @BeforeAll
    static void startKafka() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            if (podmanInstalled()) {
                fail("podman is installed but no Docker API answers: start it with `podman system service --time=0"
                        + " unix:///run/podman/podman.sock &`, then export DOCKER_HOST=unix:///run/podman/podman.sock"
                        + " TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (.ci/run does)");
            }
            Assumptions.abort("neither Docker nor podman on this machine");
        }
        kafka = new KafkaContainer(KAFKA_IMAGE);
        kafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Override
    String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    private static boolean podmanInstalled() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "podman")));
    }
}
