package org.safeguardingsignals.serde;

import java.util.Map;

/** Serde settings, read from Confluent's keys (registry connection keys are in RegistryClientConfig). */
record AvroSerdeConfig(boolean autoRegisterSchemas, boolean useLatestVersion) {
    static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    static final String USE_LATEST_VERSION = "use.latest.version";

    static AvroSerdeConfig from(Map<String, ?> configs) {
        return new AvroSerdeConfig(
                bool(configs, AUTO_REGISTER_SCHEMAS, true), bool(configs, USE_LATEST_VERSION, false));
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean dflt) {
        Object v = configs.get(key);
        return v == null ? dflt : Boolean.parseBoolean(v.toString());
    }
}
