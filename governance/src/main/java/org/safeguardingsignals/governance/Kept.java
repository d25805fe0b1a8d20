package org.safeguardingsignals.governance;

import java.time.Duration;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.topics.TopicSettings;

/** How long things are kept, in words, from the topic registry and detection's defaults. */
final class Kept {
    private Kept() {}

    static String of(TopicSettings settings) {
        if (settings.compacted()) {
            return "the latest record per key, until the partnership sets a period";
        }
        if (settings.forever()) {
            return "until the partnership sets a period";
        }
        return days(settings.retention());
    }

    /** A child's state in detection: the rules' longest lookback plus the late-data grace after the latest indicator. */
    static String childState() {
        return days(DetectionConfig.DEFAULTS.retention()) + " after the child's latest indicator (the longest lookback"
                + " plus the late-data grace, by default)";
    }

    static String days(Duration d) {
        long days = d.toDays();
        return days == 1 ? "1 day" : days + " days";
    }
}
