package org.safeguardingsignals.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The local run's secrets (pseudonym key, instance secret, console token, users file) and the data directory that
 * holds them: the directory is made owner-only (0700) and every secret file owner-read-write (0600) as it is created,
 * so that no other account on the machine can read one even for a moment. A directory or file left by an older run
 * with wider permissions is narrowed.
 */
final class LocalSecrets {
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private LocalSecrets() {}

    /** Creates the data directory owner-only, or narrows an existing one. */
    static Path dataDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIRECTORY);
            return dir;
        }
        return Files.createDirectories(dir, attribute(OWNER_ONLY_DIRECTORY));
    }

    /** A random secret kept in a file of the data directory, generated on the first run. */
    static Path randomSecret(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        if (Files.exists(file)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            return file;
        }
        byte[] secret = new byte[48];
        new SecureRandom().nextBytes(secret);
        byte[] text =
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret).getBytes(StandardCharsets.US_ASCII);
        try (SeekableByteChannel out = Files.newByteChannel(
                file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attribute(OWNER_ONLY_FILE))) {
            out.write(ByteBuffer.wrap(text));
        }
        return file;
    }

    /** Writes a file that holds secrets (whole, replacing any older one), owner-only from its first byte. */
    static Path write(Path dir, String name, String content) throws IOException {
        Path temporary = Files.createTempFile(dir, name, ".new", attribute(OWNER_ONLY_FILE));
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            return Files.move(
                    temporary, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
