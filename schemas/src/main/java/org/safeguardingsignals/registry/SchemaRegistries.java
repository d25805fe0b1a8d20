package org.safeguardingsignals.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the registry client for a serde configuration. Like Confluent's serde, a URL "mock://scope" gives an
 * in-memory registry shared by everything configured with the same scope (for unit tests only).
 */
public final class SchemaRegistries {
    private static final Map<String, InMemorySchemaRegistry> MOCK_SCOPES = new ConcurrentHashMap<>();
    private static final Map<RegistryClientConfig, RestSchemaRegistryClient> SHARED = new ConcurrentHashMap<>();

    private SchemaRegistries() {
    }

    /** A client for these configs; REST clients are shared per configuration so that their caches are too. */
    public static SchemaRegistryClient forConfig(Map<String, ?> configs) {
        Object url = configs.get(RegistryClientConfig.SCHEMA_REGISTRY_URL);
        if (url != null && url.toString().startsWith("mock://")) {
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
