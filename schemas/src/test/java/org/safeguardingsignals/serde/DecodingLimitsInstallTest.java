package org.safeguardingsignals.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.SystemLimitException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.testing.CapturedLog;

/**
 * Installing the limits into Avro's system properties in this JVM: an operator's stricter number is kept, anything
 * else is replaced, and a warning says when Avro itself does not enforce them. (DecodingLimitsTest covers the order
 * in which Avro and the serde load, each in a class loader of its own.)
 */
class DecodingLimitsInstallTest {
    static final DecodingLimits WANTED = new DecodingLimits(1000, 2000, 300);
    private static final String[] PROPERTIES = {
        DecodingLimits.STRING_PROPERTY, DecodingLimits.BYTES_PROPERTY, DecodingLimits.COLLECTION_PROPERTY
    };
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void saveLimitProperties() {
        SystemLimitException.checkMaxStringLength(0); // Avro has read its properties: nothing set here reaches it
        for (String p : PROPERTIES) {
            saved.put(p, System.getProperty(p));
            System.clearProperty(p);
        }
    }

    @AfterEach
    void restoreLimitProperties() {
        saved.forEach((p, v) -> {
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        });
    }

    @Test
    void unsetPropertiesAreSetToTheWantedLimits() {
        assertThat(DecodingLimits.install(WANTED)).isEqualTo(WANTED);
        assertThat(System.getProperty(DecodingLimits.STRING_PROPERTY)).isEqualTo("1000");
        assertThat(System.getProperty(DecodingLimits.BYTES_PROPERTY)).isEqualTo("2000");
        assertThat(System.getProperty(DecodingLimits.COLLECTION_PROPERTY)).isEqualTo("300");
    }

    @Test
    void anOperatorsStricterNumberIsKeptAndAnythingElseReplaced() {
        System.setProperty(DecodingLimits.STRING_PROPERTY, " 1 ");
        System.setProperty(DecodingLimits.BYTES_PROPERTY, "2001");
        System.setProperty(DecodingLimits.COLLECTION_PROPERTY, "300");
        try (CapturedLog log = CapturedLog.start()) {
            assertThat(DecodingLimits.install(WANTED)).isEqualTo(new DecodingLimits(1, 2000, 300));
            assertThat(log.text())
                    .contains("Replacing " + DecodingLimits.BYTES_PROPERTY + "=2001 with 2000")
                    .as("an operator's value equal to the wanted one is kept, not replaced")
                    .doesNotContain("Replacing " + DecodingLimits.COLLECTION_PROPERTY)
                    .doesNotContain("Replacing " + DecodingLimits.STRING_PROPERTY);
        }
        assertThat(System.getProperty(DecodingLimits.BYTES_PROPERTY)).isEqualTo("2000");

        for (String notAStricterNumber : new String[] {"0", "-5", "lots"}) {
            System.setProperty(DecodingLimits.STRING_PROPERTY, notAStricterNumber);
            assertThat(DecodingLimits.install(WANTED).maxStringBytes())
                    .as(notAStricterNumber)
                    .isEqualTo(1000);
            assertThat(System.getProperty(DecodingLimits.STRING_PROPERTY)).isEqualTo("1000");
        }
    }

    @Test
    void aWarningSaysWhenAvroDoesNotEnforceTheLimitsItself() {
        try (CapturedLog log = CapturedLog.start()) {
            DecodingLimits installed = DecodingLimits.install(WANTED);
            assertThat(installed.avroEnforces())
                    .as("Avro read its properties before these were set")
                    .isFalse();
            assertThat(log.text())
                    .contains("Avro read its decoding limits before this application set them")
                    .contains(DecodingLimits.STRING_PROPERTY + "=1000");
        }
    }

    @Test
    void avroEnforcesLimitsOnlyWhereItsOwnAreAsStrict() {
        // Avro's own limits here are 64 KiB or more: a string, bytes or collection of 2 passes them
        assertThat(new DecodingLimits(1, 1, 1).avroEnforces()).isFalse();
    }
}
