package org.safeguardingsignals.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds the registry client for a serde configuration. Like Confluent's serde, a URL "mock://scope" gives an
 * in-memory registry shared by everything configured with the same scope; it is for unit tests only, so it is
 * refused unless the JVM runs with the system property {@value #MOCK_SWITCH}=true (the build's test runner sets it):
 * a mistyped production URL must not quietly publish into a registry that vanishes with the process.
 */
public final class SchemaRegistries {
    /** The test-only switch that allows mock:// URLs. */
    public static final String MOCK_SWITCH = "safeguarding.test.mock-registry";

    private static final Map<String, InMemorySchemaRegistry> MOCK_SCOPES = new ConcurrentHashMap<>();
    private static final Map<RegistryClientConfig, RestSchemaRegistryClient> SHARED = new ConcurrentHashMap<>();

    private SchemaRegistries() {}

    /** A client for these configs; REST clients are shared per configuration so that their caches are too. */
    public static SchemaRegistryClient forConfig(Map<String, ?> configs) {
        Object url = configs.get(RegistryClientConfig.SCHEMA_REGISTRY_URL);
        if (url != null && url.toString().startsWith("mock://")) {
            if (!Boolean.getBoolean(MOCK_SWITCH)) {
                throw new ConfigException(
                        RegistryClientConfig.SCHEMA_REGISTRY_URL,
                        url,
                        "mock:// is an in-memory "
                                + "registry for unit tests, refused unless the JVM runs with -D" + MOCK_SWITCH
                                + "=true; "
                                + "give the registry's http(s):// address");
            }
            return mockScope(url.toString().substring("mock://".length()));
        }
        return SHARED.computeIfAbsent(RegistryClientConfig.from(configs), RestSchemaRegistryClient::new);
    }

    public static InMemorySchemaRegistry mockScope(String scope) {
        return MOCK_SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    public static void dropMockScope(String scope) {
        MOCK_SCOPES.remove(scope);
    }
}
