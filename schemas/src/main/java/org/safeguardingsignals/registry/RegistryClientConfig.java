package org.safeguardingsignals.registry;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Registry connection settings read from Confluent's config keys, so that a properties file written for
 * Confluent's serde works unchanged.
 */
public record RegistryClientConfig(List<String> urls, Optional<String> basicAuthUserInfo, Duration connectTimeout,
                                   Duration requestTimeout, int maxRetries, Duration retryBackoff) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Our own keys, under Confluent's prefix style. */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";

    public static RegistryClientConfig from(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL
                    + "\": the schema registry's Confluent API address, e.g. http://localhost:8080/apis/ccompat/v7");
        }
        List<String> urls = Arrays.stream(url.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        Object sourceValue = configs.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        String source = sourceValue == null ? "USER_INFO" : sourceValue.toString();
        Optional<String> userInfo = switch (source) {
            case "USER_INFO" -> Optional.ofNullable(configs.get(BASIC_AUTH_USER_INFO)).map(Object::toString)
                    .filter(s -> !s.isBlank());
            case "URL" -> Optional.ofNullable(java.net.URI.create(urls.get(0)).getUserInfo());
            default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source,
                    "supported sources are USER_INFO and URL");
        };
        if ("URL".equals(source)) {
            urls = urls.stream().map(RegistryClientConfig::stripUserInfo).toList();
        }
        return new RegistryClientConfig(urls, userInfo, Duration.ofSeconds(5),
                Duration.ofMillis(longOf(configs, REQUEST_TIMEOUT_MS, 10_000)),
                (int) longOf(configs, MAX_RETRIES, 3),
                Duration.ofMillis(longOf(configs, RETRY_BACKOFF_MS, 200)));
    }

    private static String stripUserInfo(String url) {
        java.net.URI u = java.net.URI.create(url);
        return u.getUserInfo() == null ? url : url.replace(u.getRawUserInfo() + "@", "");
    }

    private static long longOf(Map<String, ?> configs, String key, long dflt) {
        Object v = configs.get(key);
        return v == null ? dflt : Long.parseLong(v.toString());
    }
}
