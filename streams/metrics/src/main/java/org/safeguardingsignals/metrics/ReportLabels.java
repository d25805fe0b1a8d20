package org.safeguardingsignals.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.safeguardingsignals.events.PartnershipMetric;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.identifiers.ChildAge;

/** How the partnership report names the values of a breakdown, and in which order it lists them. */
final class ReportLabels {
    private ReportLabels() {}

    /** A figure's breakdown as the report prints it: each value named, in dimension order, joined by " · ". */
    static String breakdown(Map<String, String> dims) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(dims).forEach((k, v) -> parts.add(label(k, v)));
        return String.join(" · ", parts);
    }

    /** How the report names a breakdown's value. */
    static String label(String dimension, String value) {
        if (dimension.equals("stat")) {
            return value;
        }
        if (dimension.equals(Metric.OUTCOME_GROUP)) {
            for (OutcomeGroup group : OutcomeGroup.values()) {
                if (group.name().equals(value)) {
                    return group.label;
                }
            }
        }
        if (dimension.equals(Metric.GROUP_SIZE)) {
            for (GroupSize size : GroupSize.values()) {
                if (size.name().equals(value)) {
                    return size.label;
                }
            }
        }
        if (dimension.equals(Metric.AGE_BAND)) {
            return switch (value) {
                case "UNDER_ONE" -> "aged under 1";
                case "ONE_TO_FOUR" -> "aged 1 to 4";
                case "FIVE_TO_NINE" -> "aged 5 to 9";
                case "TEN_TO_FIFTEEN" -> "aged 10 to 15";
                case "SIXTEEN_AND_OVER" -> "aged 16 and over";
                default -> "age not known";
            };
        }
        return value.toLowerCase().replace('_', ' ');
    }

    /**
     * A figure's place among its measure's lines: the total first, then its breakdown; age bands youngest first, group
     * sizes smallest first, severities highest first, outcome groups as {@link OutcomeGroup} lists them.
     */
    static String order(PartnershipMetric f) {
        Map<String, String> dims = new TreeMap<>(f.getDimensions());
        dims.computeIfPresent(Metric.OUTCOME_GROUP, (k, v) -> rank(v, OutcomeGroup.values()));
        dims.computeIfPresent(Metric.AGE_BAND, (k, v) -> rank(v, ChildAge.Band.values()));
        dims.computeIfPresent(Metric.GROUP_SIZE, (k, v) -> rank(v, GroupSize.values()));
        dims.computeIfPresent(Metric.SEVERITY, (k, v) -> rank(v, SEVERITIES));
        return (dims.isEmpty() ? "0" : "1") + dims;
    }

    private static final Severity[] SEVERITIES = {Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.UNKNOWN};

    /** The value's place among the values in order, or the value itself when it is none of them. */
    private static String rank(String value, Enum<?>[] inOrder) {
        for (int i = 0; i < inOrder.length; i++) {
            if (inOrder[i].name().equals(value)) {
                return Integer.toString(i);
            }
        }
        return value;
    }
}
