package org.safeguardingsignals.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.safeguardingsignals.events.PeriodType;

/**
 * The key of a figure in the aggregator's stores and on the metrics topic: authority|period type|period|metric|
 * dimensions, the dimensions as {@code name=value} pairs in name order, joined by commas ("" for none).
 */
record FigureKey(String authority, PeriodType type, String period, String metric, String dims) {

    static FigureKey of(String key) {
        String[] k = key.split("\\|", -1);
        return new FigureKey(k[0], PeriodType.valueOf(k[1]), k[2], k[3], k[4]);
    }

    /** The stored key. */
    String key() {
        return periodKey() + "|" + metric + "|" + dims;
    }

    /** authority|period type|period: what the figures of one period of one authority share. */
    String periodKey() {
        return authority + "|" + type.name() + "|" + period;
    }

    /** The same figure in another period. */
    FigureKey in(PeriodType otherType, String otherPeriod) {
        return new FigureKey(authority, otherType, otherPeriod, metric, dims);
    }

    /** Another figure of the same authority and period. */
    FigureKey as(String otherMetric, Map<String, String> otherDims) {
        return new FigureKey(authority, type, period, otherMetric, dims(otherDims));
    }

    Map<String, String> dimensions() {
        return parseDims(dims);
    }

    static String dims(Map<String, String> dims) {
        return new TreeMap<>(dims)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    static Map<String, String> parseDims(String dims) {
        Map<String, String> m = new TreeMap<>();
        if (!dims.isEmpty()) {
            for (String kv : dims.split(",")) {
                m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        return m;
    }
}
