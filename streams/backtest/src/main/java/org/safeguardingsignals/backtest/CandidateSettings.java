package org.safeguardingsignals.backtest;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.identifiers.LocalAuthorityCode;

/**
 * Checks a candidate's settings before hours of replay: each key must be one the detection rules read, and each
 * value must parse. A mistyped key would otherwise change nothing and the backtest would report "no difference".
 */
final class CandidateSettings {
    private static final String UNREADABLE = "\u0000not a value";

    private CandidateSettings() {}

    static void check(Map<String, String> changes) {
        for (Map.Entry<String, String> e : changes.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("authority.")) {
                int dot = key.indexOf('.', "authority.".length());
                String gss = dot < 0 ? "" : key.substring("authority.".length(), dot);
                if (!LocalAuthorityCode.isValid(gss)) {
                    throw new ConfigException(key, e.getValue(), "not a GSS code of a local authority: " + gss);
                }
                if (key.endsWith("." + BacktestCommand.POPULATION)) {
                    continue; // a population, not a rule: read by the command
                }
            }
            if (!readByTheRules(key)) {
                throw new ConfigException(
                        key,
                        e.getValue(),
                        "not a setting the detection rules read (their settings: docs/CONFIGURATION.md, detection)");
            }
            Properties one = new Properties();
            one.setProperty(key, e.getValue());
            DetectionConfig.from(one); // a value that does not parse says so, naming the key
        }
    }

    /** The rules read a key when a value they cannot parse there is refused (an unread key changes nothing). */
    private static boolean readByTheRules(String key) {
        Properties probe = new Properties();
        probe.setProperty(key, UNREADABLE);
        try {
            DetectionConfig.from(probe);
            return false;
        } catch (ConfigException | IllegalArgumentException e) {
            return true;
        }
    }
}
