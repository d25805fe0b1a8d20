package org.safeguardingsignals.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.SystemLimitException;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.registry.InMemorySchemaRegistry;
import org.safeguardingsignals.testing.TestEvents;

/**
 * Avro reads its system limits once, when it first loads. Each case runs in a fresh class loader (a fresh Avro, as
 * in a new JVM) with the limit properties cleared: whichever loads first, the serde refuses an oversized body.
 */
class DecodingLimitsTest {
    private static final String[] PROPERTIES = {
        DecodingLimits.STRING_PROPERTY, DecodingLimits.BYTES_PROPERTY, DecodingLimits.COLLECTION_PROPERTY
    };
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void clearLimitProperties() {
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
    void theApplicationSetsAvrosOwnLimitsBeforeAvroReadsThem() throws Exception {
        String outcome = runIsolated(SerdeFirst.class);

        assertThat(outcome).isEqualTo("avro enforces: true; avro refuses a 64 KiB + 1 string: true");
        assertThat(System.getProperty(DecodingLimits.STRING_PROPERTY)).isEqualTo("65536");
        assertThat(System.getProperty(DecodingLimits.BYTES_PROPERTY)).isEqualTo("8388608");
        assertThat(System.getProperty(DecodingLimits.COLLECTION_PROPERTY)).isEqualTo("100000");
    }

    @Test
    void whenAvroReadItsLimitsFirstTheSerdeStillRefusesAnOversizedBody() throws Exception {
        String outcome = runIsolated(AvroFirst.class);

        assertThat(outcome)
                .isEqualTo("avro enforces: false; LIMIT_EXCEEDED: Avro body of DomesticAbuseIncident "
                        + "with schema id 1 (10 bytes) declares a string of 2,147,483,639 bytes, over the limit "
                        + "org.apache.avro.limits.string.maxLength=65536");
    }

    @Test
    void anOperatorsStricterLimitIsKept() throws Exception {
        System.setProperty(DecodingLimits.STRING_PROPERTY, "1024");

        assertThat(runIsolated(Installed.class))
                .isEqualTo(
                        "DecodingLimits[maxStringBytes=1024, " + "maxBytesLength=8388608, maxCollectionItems=100000]");
    }

    @Test
    void aLooserLimitFromTheCommandLineIsReplaced() throws Exception {
        System.setProperty(DecodingLimits.COLLECTION_PROPERTY, "2147483639");

        assertThat(runIsolated(Installed.class)).contains("maxCollectionItems=100000");
        assertThat(System.getProperty(DecodingLimits.COLLECTION_PROPERTY)).isEqualTo("100000");
    }

    /** Runs a probe in a class loader of its own over the test class path: its own Avro, its own statics. */
    private static String runIsolated(Class<? extends Callable<String>> probe) throws Exception {
        URL[] classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> {
                    try {
                        return Path.of(p).toUri().toURL();
                    } catch (MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toArray(URL[]::new);
        try (URLClassLoader loader = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            Class<?> isolated = loader.loadClass(probe.getName());
            assertThat(isolated.getClassLoader()).isSameAs(loader);
            @SuppressWarnings("unchecked")
            Callable<String> call =
                    (Callable<String>) isolated.getDeclaredConstructor().newInstance();
            return call.call();
        }
    }

    /** The application's serde is created before anything decodes Avro. */
    public static final class SerdeFirst implements Callable<String> {
        @Override
        public String call() {
            new SpecificAvroDeserializer<>(DomesticAbuseIncident.class, new InMemorySchemaRegistry());
            boolean refused;
            try {
                SystemLimitException.checkMaxStringLength(64 * 1024 + 1);
                refused = false;
            } catch (SystemLimitException e) {
                refused = true;
            }
            return "avro enforces: " + DecodingLimits.inForce().avroEnforces() + "; avro refuses a 64 KiB + 1 "
                    + "string: " + refused;
        }
    }

    /** Something uses Avro (here a Utf8, as any record comparison makes) before the serde exists. */
    public static final class AvroFirst implements Callable<String> {
        @Override
        public String call() {
            new Utf8("loaded first");
            InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
            int id = registry.register("t-value", DomesticAbuseIncident.getClassSchema());
            byte[] evil = TestEvents.framed(id, e -> e.writeLong(Integer.MAX_VALUE - 8));
            try {
                new SpecificAvroDeserializer<>(DomesticAbuseIncident.class, registry).deserialize("t", evil);
                return "decoded";
            } catch (WireFormatException e) {
                return "avro enforces: " + DecodingLimits.inForce().avroEnforces() + "; " + e.problem() + ": "
                        + e.getMessage();
            }
        }
    }

    /** The limits the application enforces. */
    public static final class Installed implements Callable<String> {
        @Override
        public String call() {
            return DecodingLimits.inForce().toString();
        }
    }
}
