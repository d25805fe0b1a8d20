package org.safeguardingsignals.topics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings that say how a client reaches and authenticates to the brokers (bootstrap.servers and Kafka's
 * standard security.*, sasl.* and ssl.* keys), taken from a larger set (e.g. one that also holds registry keys), so
 * that a tool's own consumer or producer connects as its user configured it.
 */
public final class KafkaConnection {
    private static final List<String> PREFIXES = List.of("security.", "sasl.", "ssl.");

    private KafkaConnection() {}

    public static Map<String, Object> of(Map<String, ?> settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.equals("bootstrap.servers") || PREFIXES.stream().anyMatch(key::startsWith)) {
                out.put(key, value);
            }
        });
        return out;
    }
}
