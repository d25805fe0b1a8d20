package org.safeguardingsignals.runtime.settings;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** The keys of every application's internal listener (health, readiness, metrics and internal routes). */
public final class InternalSettings {
    public static final String HOST = "internal.host";
    public static final String PORT = "internal.port";
    public static final String ADVERTISED_HOST = "internal.advertised.host";
    public static final String SECRET_FILE = "internal.secret.file";
    /** Environment variable holding the instance secret when no file is named. */
    public static final String SECRET_ENV = "SAFEGUARDING_INSTANCE_SECRET";

    private InternalSettings() {}

    /** Adds the internal listener's keys, with this application's default port. */
    public static ConfigDef define(ConfigDef def, int defaultPort) {
        return def.define(
                        HOST,
                        Type.STRING,
                        "localhost",
                        Importance.MEDIUM,
                        "Address the internal listener binds to (health, readiness, metrics, internal routes): a "
                                + "private network only")
                .define(
                        PORT,
                        Type.INT,
                        defaultPort,
                        ConfigDef.Range.between(0, 65535),
                        Importance.MEDIUM,
                        "Port of the internal listener; 0 picks a free one")
                .define(
                        ADVERTISED_HOST,
                        Type.STRING,
                        null,
                        Importance.MEDIUM,
                        "Host name other instances use to reach this one's internal listener (default: " + HOST
                                + "); required when binding to 0.0.0.0")
                .define(
                        SECRET_FILE,
                        Type.STRING,
                        null,
                        Importance.HIGH,
                        "File holding the secret every instance of every application shares for internal routes "
                                + "(or the " + SECRET_ENV + " environment variable)");
    }
}
