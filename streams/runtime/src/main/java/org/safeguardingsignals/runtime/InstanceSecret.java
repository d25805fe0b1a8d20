package org.safeguardingsignals.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The secret the pipeline's instances share to call each other's internal listeners (the console asking detection
 * for a chronology, one detection instance forwarding to the one that holds the child). Compared through SHA-256
 * digests of equal length with MessageDigest.isEqual, so that neither its content nor its length leaks through timing.
 */
public final class InstanceSecret {
    /** The request header that carries it. */
    public static final String HEADER = "X-Safeguarding-Instance";

    private final String value;
    private final byte[] digest;

    public InstanceSecret(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The instance secret must not be blank");
        }
        this.value = value;
        this.digest = sha256(value);
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(sha256(presented), digest);
    }

    public String value() {
        return value;
    }

    /** From a file (its first line), or else the environment variable; refused when neither gives one. */
    public static InstanceSecret from(String file, Map<String, String> env, String envName) {
        if (file != null && !file.isBlank()) {
            try {
                return new InstanceSecret(Files.readString(Path.of(file)).trim());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the instance secret file " + file, e);
            }
        }
        String fromEnv = env.get(envName);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new InstanceSecret(fromEnv.trim());
        }
        throw new IllegalStateException("No instance secret: set internal.secret.file or " + envName
                + " (the same on every instance of every application)");
    }

    @Override
    public String toString() {
        return "InstanceSecret[hidden]";
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
