package org.safeguardingsignals.agency.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * connectors/bin/publish as an agency's developer runs it, from a directory of their own: it finds the local run's
 * addresses in the repository (or where SAFEGUARDING_ENDPOINTS says), not under the current directory. Runs the
 * packaged command, so it is an IT (after mvn package).
 */
class PublishScriptIT {
    static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    static final Path SCRIPT = REPOSITORY.resolve("connectors/bin/publish");
    static final Path SAMPLE = REPOSITORY.resolve("connectors/samples/referral.csv");

    @TempDir
    Path elsewhere;

    record Run(int exit, String err) {}

    Run publish(String endpointsVariable) throws IOException, InterruptedException {
        ProcessBuilder command = new ProcessBuilder(
                        "sh",
                        SCRIPT.toString(),
                        "--type",
                        "referral",
                        SAMPLE.toString(),
                        "--rejects",
                        elsewhere.resolve("rejects.csv").toString())
                .directory(elsewhere.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(elsewhere.resolve("err.txt").toFile());
        command.environment().remove(PublishCommand.ENDPOINTS_ENV);
        if (endpointsVariable != null) {
            command.environment().put(PublishCommand.ENDPOINTS_ENV, endpointsVariable);
        }
        Process p = command.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(elsewhere.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void fromAnotherDirectoryItLooksForTheLocalRunInTheRepository() throws Exception {
        Path endpoints = REPOSITORY.resolve("data/endpoints.properties");
        assumeFalse(Files.exists(endpoints), "a local run is up in this repository: it would publish to it");

        Run run = publish(null);

        assertThat(run.exit()).as(run.err()).isEqualTo(PublishCommand.UNUSABLE);
        assertThat(run.err())
                .contains("start the local run: it writes " + endpoints)
                .contains("--endpoints FILE or " + PublishCommand.ENDPOINTS_ENV);
    }

    @Test
    void theEnvironmentVariableNamesAnotherEndpointsFile() throws Exception {
        Path endpoints = elsewhere.resolve("my-endpoints.properties");
        // nothing listens on port 1: the command gets as far as publishing and fails there, at once
        Files.writeString(endpoints, "bootstrap.servers=127.0.0.1:1\nschema.registry.url=http://127.0.0.1:1\n");

        Run run = publish(endpoints.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(PublishCommand.FAILED);
        assertThat(run.err()).contains("Publishing failed").doesNotContain("No bootstrap.servers");
    }
}
