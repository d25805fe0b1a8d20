package org.safeguardingsignals.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Registry connection settings read from Confluent's config keys, so that a properties file written for
 * Confluent's serde works unchanged: the URL(s), Basic credentials, TLS ({@link RegistryTls}) and our own timeouts.
 * Basic credentials are refused over http://, where anyone on the path could read them, unless
 * {@value #BASIC_AUTH_ALLOW_HTTP} is set for local development.
 */
public record RegistryClientConfig(
        List<String> urls,
        Optional<String> basicAuthUserInfo,
        RegistryTls tls,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration retryBackoff) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Our own keys, under Confluent's prefix style. */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    /** Allows Basic credentials over http://: for a registry on the developer's own machine only. */
    public static final String BASIC_AUTH_ALLOW_HTTP = "schema.registry.basic.auth.allow.http";

    public static RegistryClientConfig from(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL
                    + "\": the schema registry's Confluent API address, e.g. http://localhost:8080/apis/ccompat/v7");
        }
        List<String> urls = Arrays.stream(url.toString().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        Object sourceValue = configs.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        String source = sourceValue == null ? "USER_INFO" : sourceValue.toString();
        Optional<String> userInfo = switch (source) {
            case "USER_INFO" ->
                Optional.ofNullable(configs.get(BASIC_AUTH_USER_INFO))
                        .map(Object::toString)
                        .filter(s -> !s.isBlank());
            case "URL" -> Optional.ofNullable(URI.create(urls.get(0)).getUserInfo());
            default ->
                throw new ConfigException(
                        BASIC_AUTH_CREDENTIALS_SOURCE, source, "supported sources are USER_INFO and URL");
        };
        if ("URL".equals(source)) {
            urls = urls.stream().map(RegistryClientConfig::stripUserInfo).toList();
        }
        if (userInfo.isPresent() && !Boolean.parseBoolean(String.valueOf(configs.get(BASIC_AUTH_ALLOW_HTTP)))) {
            for (String u : urls) {
                if (!"https".equalsIgnoreCase(URI.create(u).getScheme())) {
                    throw new ConfigException("Basic credentials for the schema registry would travel unencrypted"
                            + " to " + u + ": use an https:// address (" + RegistryTls.PREFIX + "ssl.truststore.* "
                            + "for a private CA), or, for a registry on your own machine only, set "
                            + BASIC_AUTH_ALLOW_HTTP + "=true");
                }
            }
        }
        return new RegistryClientConfig(
                urls,
                userInfo,
                RegistryTls.from(configs),
                Duration.ofSeconds(5),
                Duration.ofMillis(longOf(configs, REQUEST_TIMEOUT_MS, 10_000)),
                (int) longOf(configs, MAX_RETRIES, 3),
                Duration.ofMillis(longOf(configs, RETRY_BACKOFF_MS, 200)));
    }

    /** Credentials and passwords are never printed. */
    @Override
    public String toString() {
        return "RegistryClientConfig[urls=" + urls + ", basicAuth="
                + (basicAuthUserInfo.isPresent() ? "(set)" : "(none)") + ", tls=" + tls + "]";
    }

    private static String stripUserInfo(String url) {
        URI u = URI.create(url);
        return u.getUserInfo() == null ? url : url.replace(u.getRawUserInfo() + "@", "");
    }

    private static long longOf(Map<String, ?> configs, String key, long dflt) {
        Object v = configs.get(key);
        return v == null ? dflt : Long.parseLong(v.toString());
    }
}
