package org.safeguardingsignals.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * TLS settings for talking to the registry over https://, read like Confluent's serde: each key under
 * {@code schema.registry.ssl.*}, falling back to the same plain {@code ssl.*} key (so a producer's or consumer's own
 * trust store also serves the registry). Without a trust store the JVM's default one is used. Host names are always
 * verified.
 *
 * @param truststoreLocation   {@code ssl.truststore.location}: the certificates trusted, e.g. the registry's CA
 * @param truststorePassword   {@code ssl.truststore.password}
 * @param truststoreType       {@code ssl.truststore.type}: JKS (default) or PKCS12
 * @param keystoreLocation     {@code ssl.keystore.location}: this client's certificate and key, where the registry
 *                             asks for one
 * @param keystorePassword     {@code ssl.keystore.password}
 * @param keystoreType         {@code ssl.keystore.type}: JKS (default) or PKCS12
 * @param keyPassword          {@code ssl.key.password}; default the key store's password
 * @param protocol             {@code ssl.protocol}: default TLS (the highest version both sides support)
 */
public record RegistryTls(
        Optional<String> truststoreLocation,
        Optional<String> truststorePassword,
        String truststoreType,
        Optional<String> keystoreLocation,
        Optional<String> keystorePassword,
        String keystoreType,
        Optional<String> keyPassword,
        String protocol) {

    public static final String PREFIX = "schema.registry.";
    public static final String TRUSTSTORE_LOCATION = "ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "ssl.keystore.type";
    public static final String KEY_PASSWORD = "ssl.key.password";
    public static final String PROTOCOL = "ssl.protocol";

    static RegistryTls from(Map<String, ?> configs) {
        return new RegistryTls(
                value(configs, TRUSTSTORE_LOCATION),
                value(configs, TRUSTSTORE_PASSWORD),
                value(configs, TRUSTSTORE_TYPE).orElse("JKS"),
                value(configs, KEYSTORE_LOCATION),
                value(configs, KEYSTORE_PASSWORD),
                value(configs, KEYSTORE_TYPE).orElse("JKS"),
                value(configs, KEY_PASSWORD),
                value(configs, PROTOCOL).orElse("TLS"));
    }

    /** {@code schema.registry.<key>}, else {@code <key>}; Kafka's Password type is unwrapped. */
    private static Optional<String> value(Map<String, ?> configs, String key) {
        Object v = configs.get(PREFIX + key);
        if (v == null) {
            v = configs.get(key);
        }
        if (v instanceof Password p) {
            v = p.value();
        }
        return Optional.ofNullable(v).map(Object::toString).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Whether anything differs from the JVM's defaults. */
    public boolean configured() {
        return truststoreLocation.isPresent() || keystoreLocation.isPresent() || !"TLS".equals(protocol);
    }

    /** The SSL context these settings describe; fails with the setting at fault. */
    SSLContext sslContext() {
        try {
            TrustManager[] trust = null;
            if (truststoreLocation.isPresent()) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(TRUSTSTORE_LOCATION, truststoreLocation.get(), truststoreType, truststorePassword));
                trust = tmf.getTrustManagers();
            }
            KeyManager[] keys = null;
            if (keystoreLocation.isPresent()) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(
                        load(KEYSTORE_LOCATION, keystoreLocation.get(), keystoreType, keystorePassword),
                        keyPassword
                                .or(() -> keystorePassword)
                                .map(String::toCharArray)
                                .orElse(new char[0]));
                keys = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(
                    "The schema registry's TLS settings cannot be used (" + PREFIX + "ssl.*): " + e.getMessage());
        }
    }

    private static KeyStore load(String key, String location, String type, Optional<String> password)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password.map(String::toCharArray).orElse(null));
        } catch (IOException e) {
            throw new ConfigException(
                    PREFIX + key, location, "cannot be read as a " + type + " store: " + e.getMessage());
        }
        return store;
    }

    /** Passwords are never printed. */
    @Override
    public String toString() {
        return "RegistryTls[truststore=" + truststoreLocation.orElse("(JVM default)") + " (" + truststoreType
                + "), keystore=" + keystoreLocation.orElse("(none)") + " (" + keystoreType + "), protocol="
                + protocol + "]";
    }
}
