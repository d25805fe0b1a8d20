package org.safeguardingsignals.metrics;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguardingsignals.events.PartnershipMetric;

/**
 * What someone who kept every figure ever published could work out about the withheld ones: the differencing attack.
 * A group is a total and parts that add up to it exactly (a calendar month made of whole ISO weeks, a count and its
 * breakdown); the attacker knows each published figure's range (exact, or the range the documented rounding leaves),
 * that a withheld count it takes for a small one is 1 to 4, and that counts only grow when a late event corrects them.
 * It tries every combination of true values and keeps those that agree with everything published.
 */
final class Differencing {
    /** As far as the attacker counts for a figure it cannot bound: well above any figure of the worlds tested. */
    static final long UNBOUNDED = 60;

    /** What a published figure says about its true value. */
    record Range(long lo, long hi) {
        static final Range ZERO = new Range(0, 0);
        static final Range ANY = new Range(0, UNBOUNDED);
        static final Range SMALL = new Range(1, 4);
    }

    private Differencing() {}

    /**
     * The range a figure leaves: never published is 0 (a figure with no events is never written); withheld is 1 to 4
     * when the attacker takes it for a small count, anything otherwise; a value that is not a multiple of 5 is exact,
     * and a multiple of 5 may be a rounded one (5 stands for 5 to 7, since 3 and 4 are withheld).
     */
    static Range rangeOf(PartnershipMetric published, boolean smallWhenWithheld) {
        if (published == null) {
            return Range.ZERO;
        }
        if (published.getSuppressed()) {
            return smallWhenWithheld ? Range.SMALL : Range.ANY;
        }
        long v = Math.round(published.getValue());
        if (v == 0) {
            return Range.ZERO;
        }
        if (v % 5 != 0) {
            return new Range(v, v);
        }
        return v == 5 ? new Range(5, 7) : new Range(v - 2, v + 2);
    }

    /**
     * The true values each part can have had, in each version (oldest first, one or two), given each version's ranges
     * of the parts and of the total, total = sum of parts, and parts that never shrink from one version to the next.
     */
    static List<Map<String, BitSet>> feasible(List<Map<String, Range>> parts, List<Range> totals) {
        if (parts.isEmpty() || parts.size() > 2) {
            throw new IllegalArgumentException("one or two versions");
        }
        List<String> names = new ArrayList<>(parts.get(parts.size() - 1).keySet());
        List<Map<String, BitSet>> out = new ArrayList<>();
        for (int v = 0; v < parts.size(); v++) {
            Map<String, BitSet> m = new LinkedHashMap<>();
            names.forEach(n -> m.put(n, new BitSet()));
            out.add(m);
        }
        Map<String, Range> last = parts.get(parts.size() - 1);
        Range lastTotal = totals.get(totals.size() - 1);
        long[] t = new long[names.size()];
        enumerate(names, last, lastTotal, 0, 0, t, tuple -> {
            if (parts.size() == 1) {
                record(out.get(0), names, tuple);
                return;
            }
            // the earlier version: each part at most what it is now, within its range, summing within the total's
            Map<String, Range> before = parts.get(0);
            Range beforeTotal = totals.get(0);
            long[] lo = new long[names.size()];
            long[] hi = new long[names.size()];
            long sumLo = 0;
            long sumHi = 0;
            for (int i = 0; i < names.size(); i++) {
                Range r = before.getOrDefault(names.get(i), Range.ZERO);
                lo[i] = r.lo();
                hi[i] = Math.min(r.hi(), tuple[i]);
                if (lo[i] > hi[i]) {
                    return;
                }
                sumLo += lo[i];
                sumHi += hi[i];
            }
            if (sumLo > beforeTotal.hi() || sumHi < beforeTotal.lo()) {
                return;
            }
            record(out.get(1), names, tuple);
            for (int i = 0; i < names.size(); i++) {
                long from = Math.max(lo[i], beforeTotal.lo() - (sumHi - hi[i]));
                long to = Math.min(hi[i], beforeTotal.hi() - (sumLo - lo[i]));
                if (from <= to) {
                    out.get(0).get(names.get(i)).set((int) from, (int) to + 1);
                }
            }
        });
        return out;
    }

    private interface TupleSink {
        void accept(long[] tuple);
    }

    private static void enumerate(
            List<String> names, Map<String, Range> ranges, Range total, int i, long sum, long[] t, TupleSink sink) {
        if (i == names.size()) {
            if (sum >= total.lo() && sum <= total.hi()) {
                sink.accept(t);
            }
            return;
        }
        Range r = ranges.get(names.get(i));
        for (long v = r.lo(); v <= Math.min(r.hi(), total.hi() - sum); v++) {
            t[i] = v;
            enumerate(names, ranges, total, i + 1, sum + v, t, sink);
        }
    }

    private static void record(Map<String, BitSet> m, List<String> names, long[] tuple) {
        for (int i = 0; i < names.size(); i++) {
            m.get(names.get(i)).set((int) tuple[i]);
        }
    }
}
