package org.safeguardingsignals.deployment;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The podman command as the tests drive it: every call bounded in time, its output kept for the failure message. */
final class Podman {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    record Result(List<String> command, int exit, String output) {
        String ok() {
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ":\n" + output);
            }
            return output.strip();
        }
    }

    private Podman() {}

    /** Fails (never skips) where podman is missing: these tests exist to run the images. */
    static void requireInstalled() {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "podman")));
        if (!found) {
            throw new IllegalStateException(
                    "podman is needed to run the images (apt-get install podman runc; .ci/run" + " installs it)");
        }
    }

    static String ok(String... args) {
        return run(DEFAULT_TIMEOUT, Map.of(), null, args).ok();
    }

    static Result run(String... args) {
        return run(DEFAULT_TIMEOUT, Map.of(), null, args);
    }

    /** Runs a command (podman, or another given as the first argument after "--command") in {@code dir}. */
    static Result run(Duration timeout, Map<String, String> env, Path dir, String... args) {
        List<String> command = new ArrayList<>();
        if (args.length > 0 && args[0].equals("--command")) {
            command.addAll(Arrays.asList(args).subList(1, args.length));
        } else {
            command.add("podman");
            command.addAll(Arrays.asList(args));
        }
        try {
            Path log = Files.createTempFile("podman", ".out");
            try {
                ProcessBuilder builder =
                        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putAll(env);
                if (dir != null) {
                    builder.directory(dir.toFile());
                }
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                            + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(command, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
