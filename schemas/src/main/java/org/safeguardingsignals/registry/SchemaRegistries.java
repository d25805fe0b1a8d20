package org.safeguardingsignals.registry;

import java.util.Map;
import java.util.UUID;
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

    /** The scheme of a registry that lives in this process for one tool's run: {@link #isolated()}. */
    public static final String ISOLATED_SCHEME = "isolated://";

    private static final Map<String, InMemorySchemaRegistry> MOCK_SCOPES = new ConcurrentHashMap<>();
    private static final Map<String, InMemorySchemaRegistry> ISOLATED = new ConcurrentHashMap<>();
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
        if (url != null && url.toString().startsWith(ISOLATED_SCHEME)) {
            InMemorySchemaRegistry isolated = ISOLATED.get(url.toString());
            if (isolated == null) { // only code that made one can name it: a typed URL cannot reach memory
                throw new ConfigException(
                        RegistryClientConfig.SCHEMA_REGISTRY_URL,
                        url,
                        "no isolated registry of that name in this process; give the registry's http(s):// address");
            }
            return isolated;
        }
        return SHARED.computeIfAbsent(RegistryClientConfig.from(configs), RestSchemaRegistryClient::new);
    }

    public static InMemorySchemaRegistry mockScope(String scope) {
        return MOCK_SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    public static void dropMockScope(String scope) {
        MOCK_SCOPES.remove(scope);
    }

    /**
     * A registry of this process alone, for a tool that runs a topology apart from the pipeline (the backtest): what
     * its serdes register stays out of the partnership's registry. Returns the URL to configure; the URL is a random
     * name that exists only once this is called, so unlike mock:// it is allowed outside tests.
     */
    public static String isolated() {
        String url = ISOLATED_SCHEME + UUID.randomUUID();
        ISOLATED.put(url, new InMemorySchemaRegistry());
        return url;
    }

    public static void dropIsolated(String url) {
        ISOLATED.remove(url);
    }
}
