package org.safeguardingsignals.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The secret console instances share to call each other's internal listener. Compared through SHA-256 digests of
 * equal length with MessageDigest.isEqual, so that neither its content nor its length leaks through timing.
 */
final class InstanceSecret {
    private final String value;
    private final byte[] digest;

    InstanceSecret(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The instance secret must not be blank");
        }
        this.value = value;
        this.digest = sha256(value);
    }

    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(sha256(presented), digest);
    }

    String value() {
        return value;
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
