package org.safeguardingsignals.runtime.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where an application's settings come from, later ones winning: a properties file ({@code --config FILE}), then
 * environment variables ({@code SAFEGUARDING_} and the key in capitals with dots and dashes as underscores, e.g.
 * {@code SAFEGUARDING_BOOTSTRAP_SERVERS}), then flags ({@code --set key=value}, repeatable). Environment variables
 * name only keys the application knows by name; keys under a prefix (rules.*, authority.*) come from the file or flags.
 */
public final class SettingsSources {
    public static final String ENV_PREFIX = "SAFEGUARDING_";

    private SettingsSources() {}

    /** The environment variable that sets {@code key}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * @param args      command-line arguments: {@code [--config FILE] [--set key=value]...}
     * @param env       the environment
     * @param knownKeys every key the application knows by name, for reading the environment
     */
    public static Map<String, String> load(String[] args, Map<String, String> env, Collection<String> knownKeys) {
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> settings.putAll(file(Path.of(value(args, ++i, "--config")))); // first
                case "--set" -> {
                    String pair = value(args, ++i, "--set");
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new ConfigException("--set takes key=value, got: " + pair);
                    }
                    flags.put(
                            pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
                default ->
                    throw new ConfigException(
                            "Unknown argument " + args[i] + "; usage: [--config FILE] [--set key=value]...");
            }
        }
        Map<String, String> byEnvName = new HashMap<>();
        knownKeys.forEach(k -> byEnvName.put(envName(k), k));
        env.forEach((name, value) -> {
            String key = byEnvName.get(name);
            if (key != null) {
                settings.put(key, value);
            }
        });
        settings.putAll(flags);
        return settings;
    }

    /** A properties file as a map. */
    public static Map<String, String> file(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the settings file " + file, e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new ConfigException(flag + " needs a value");
        }
        return args[i];
    }
}
