package org.safeguardingsignals.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.config.ConfigException;

/**
 * Keyed-hash pseudonyms of NHS numbers: HMAC-SHA256 with a secret held outside the code, truncated to 128 bits
 * (32 hex characters; collisions are negligible at England's 12 million children). Whoever holds the key can
 * re-identify, so the pseudonym is still personal data: it only keeps raw NHS numbers out of topics and stores.
 */
public final class Pseudonymiser {
    /** Environment variable holding the key. */
    public static final String KEY_ENV = "SAFEGUARDING_PSEUDONYM_KEY";
    /** Configuration key naming a file that holds the key. */
    public static final String KEY_FILE_CONFIG = "pseudonym.key.file";

    private static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public Pseudonymiser(byte[] secret) {
        if (secret.length < MIN_KEY_BYTES) {
            throw new ConfigException("The pseudonym key must be at least " + MIN_KEY_BYTES + " bytes; generate "
                    + "one with: openssl rand -base64 48");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac(); // fail now, not on the first record
    }

    /** The key from {@value #KEY_FILE_CONFIG} if configured, else from the {@value #KEY_ENV} variable. */
    public static Pseudonymiser fromConfig(Map<String, ?> config, Map<String, String> env) {
        Object file = config.get(KEY_FILE_CONFIG);
        if (file != null) {
            try {
                return new Pseudonymiser(
                        Files.readString(Path.of(file.toString())).trim().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the pseudonym key file named by " + KEY_FILE_CONFIG, e);
            }
        }
        String value = env.get(KEY_ENV);
        if (value == null || value.isBlank()) {
            throw new ConfigException("No pseudonym key: set " + KEY_ENV + " or " + KEY_FILE_CONFIG
                    + " (a secret of at least " + MIN_KEY_BYTES + " bytes, kept out of the repository)");
        }
        return new Pseudonymiser(value.trim().getBytes(StandardCharsets.UTF_8));
    }

    public String pseudonymOf(String nhsNumber) {
        byte[] digest = macs.get().doFinal(nhsNumber.getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
