package org.safeguardingsignals.local;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.safeguardingsignals.console.ConsoleSettings;
import org.safeguardingsignals.detection.DetectionSettings;
import org.safeguardingsignals.metrics.MetricsSettings;
import org.safeguardingsignals.runtime.settings.SettingsSources;

/**
 * The tables of docs/CONFIGURATION.md, generated from each application's ConfigDef (its keys, with type, default,
 * valid values and documentation) and from the Kafka keys it sets itself. The prose around them is written by hand;
 * each table sits between {@code <!-- BEGIN GENERATED: name -->} and {@code <!-- END GENERATED: name -->}.
 * Regenerate with {@link #REGENERATE}; ConfigurationDocsTest fails while the document is stale.
 */
final class ConfigurationDocs {
    static final String FILE = "docs/CONFIGURATION.md";
    static final String REGENERATE = "mvn -q -pl local test-compile exec:exec@configuration-docs";

    /** The applications, by the name their regions carry. */
    static final Map<String, Class<?>> APPLICATIONS = new LinkedHashMap<>();

    static {
        APPLICATIONS.put("detection", DetectionSettings.class);
        APPLICATIONS.put("metrics", MetricsSettings.class);
        APPLICATIONS.put("console", ConsoleSettings.class);
    }

    private ConfigurationDocs() {}

    /** The document's path, from the project's root or from a module's directory (where tests run). */
    static Path file() {
        return Files.isDirectory(Path.of("docs")) ? Path.of(FILE) : Path.of("..", FILE);
    }

    /** The document with every generated region replaced by what the code declares now. */
    static String render(String document) {
        String out = document;
        for (Map.Entry<String, String> region : regions().entrySet()) {
            String begin = "<!-- BEGIN GENERATED: " + region.getKey() + " -->\n";
            String end = "<!-- END GENERATED: " + region.getKey() + " -->";
            int from = out.indexOf(begin);
            int to = out.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalStateException(
                        FILE + " has no region " + region.getKey() + " (" + begin.trim() + " ... " + end + ")");
            }
            out = out.substring(0, from + begin.length()) + region.getValue() + out.substring(to);
        }
        return out;
    }

    /** Each region's generated Markdown. */
    static Map<String, String> regions() {
        Map<String, String> regions = new LinkedHashMap<>();
        APPLICATIONS.forEach((name, settings) -> {
            regions.put(name + "-keys", keys(declared(settings, "DEFINITION", ConfigDef.class)));
            regions.put(name + "-forced", forced(declared(settings, "FORCED", Map.class)));
        });
        return regions;
    }

    static String keys(ConfigDef definition) {
        StringBuilder md = new StringBuilder("| key | type | default | valid values | environment variable | what |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
        for (ConfigKey key : new TreeMap<>(definition.configKeys()).values()) {
            md.append("| `")
                    .append(key.name)
                    .append("` | ")
                    .append(key.type.toString().toLowerCase())
                    .append(" | ")
                    .append(defaultOf(key))
                    .append(" | ")
                    .append(key.validator == null ? "" : cell(key.validator.toString()))
                    .append(" | `")
                    .append(SettingsSources.envName(key.name))
                    .append("` | ")
                    .append(cell(key.documentation))
                    .append(" |\n");
        }
        return md.toString();
    }

    static String forced(Map<?, ?> forced) {
        StringBuilder md = new StringBuilder("| key | why the application sets it |\n| --- | --- |\n");
        new TreeMap<>(forced)
                .forEach((key, why) -> md.append("| `")
                        .append(key)
                        .append("` | ")
                        .append(cell(String.valueOf(why)))
                        .append(" |\n"));
        return md.toString();
    }

    private static String defaultOf(ConfigKey key) {
        if (!key.hasDefault()) {
            return "required";
        }
        if (key.defaultValue == null) {
            return "none";
        }
        Object value = key.defaultValue instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : key.defaultValue;
        return "`" + value + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * A settings class's static field by the name all three share. Read reflectively so that the applications need
     * not publish a mutable ConfigDef for the documentation's sake.
     */
    private static <T> T declared(Class<?> settings, String field, Class<T> type) {
        try {
            Field f = settings.getDeclaredField(field);
            f.setAccessible(true);
            return type.cast(f.get(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(settings.getSimpleName() + " has no static " + field + " to document", e);
        }
    }

    /** Rewrites docs/CONFIGURATION.md's generated regions. */
    public static void main(String[] args) throws IOException {
        Path file = file();
        Files.writeString(file, render(Files.readString(file)));
        System.out.println("Wrote " + file.toAbsolutePath().normalize());
    }
}
