package org.safeguardingsignals.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local run's secret-writing code creates is readable by its owner only. */
class LocalSecretsTest {

    @Test
    void theDataDirectoryAndEverySecretAreOwnerOnly(@TempDir Path tmp) throws Exception {
        Path data = LocalSecrets.dataDirectory(tmp.resolve("data"));
        Path key = LocalSecrets.randomSecret(data, "pseudonym.key");
        Path token = LocalSecrets.randomSecret(data, "console-token.txt");
        Path users = LocalSecrets.write(data, "console-users.properties", "user.x.token-sha256=00\n");

        assertThat(permissions(data)).isEqualTo("rwx------");
        for (Path secret : new Path[] {key, token, users}) {
            assertThat(permissions(secret)).as(secret.getFileName().toString()).isEqualTo("rw-------");
        }
        assertThat(Files.readString(key)).hasSizeGreaterThanOrEqualTo(64);
        assertThat(Files.readString(users)).isEqualTo("user.x.token-sha256=00\n");
        try (var left = Files.list(data)) {
            assertThat(left).as("no temporary file left behind").hasSize(3);
        }
    }

    @Test
    void aSecretIsKeptAcrossRunsAndWhatAnOlderRunLeftOpenIsNarrowed(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path old = Files.writeString(data.resolve("pseudonym.key"), "kept-from-an-older-run");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));

        LocalSecrets.dataDirectory(data);
        Path key = LocalSecrets.randomSecret(data, "pseudonym.key");
        Path users = LocalSecrets.write(data, "console-users.properties", "first");
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
        LocalSecrets.write(data, "console-users.properties", "second");

        assertThat(Files.readString(key)).isEqualTo("kept-from-an-older-run");
        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(key)).isEqualTo("rw-------");
        assertThat(permissions(users)).isEqualTo("rw-------");
        assertThat(Files.readString(users)).isEqualTo("second");
    }

    private static String permissions(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
