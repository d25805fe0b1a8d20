package org.safeguardingsignals.metrics;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The differencing attack on many figures at once: each count is a variable with the range its publication leaves,
 * and the attacker knows how they relate, every relation at the same time: sums (a total and parts that add up to
 * it exactly) and bounds (a count at most another). {@link #values} gives every value a count can take in some
 * assignment that satisfies them all (bounds propagation, then search by splitting ranges), so a withheld count with
 * one value left has been worked out.
 */
final class JointAttack {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<long[]> ranges = new ArrayList<>();
    private final List<int[]> sums = new ArrayList<>(); // total, then its parts
    private final List<int[]> bounds = new ArrayList<>(); // smaller, larger

    /** A count known to lie in [lo, hi]; named again, its range narrows to both. */
    void variable(String name, long lo, long hi) {
        Integer i = index.get(name);
        if (i == null) {
            index.put(name, names.size());
            names.add(name);
            ranges.add(new long[] {lo, hi});
        } else {
            long[] r = ranges.get(i);
            r[0] = Math.max(r[0], lo);
            r[1] = Math.min(r[1], hi);
        }
    }

    boolean has(String name) {
        return index.containsKey(name);
    }

    /** total = the sum of parts (each already a variable). */
    void sum(String total, List<String> parts) {
        int[] c = new int[parts.size() + 1];
        c[0] = id(total);
        for (int i = 0; i < parts.size(); i++) {
            c[i + 1] = id(parts.get(i));
        }
        sums.add(c);
    }

    /** smaller ≤ larger. */
    void atMost(String smaller, String larger) {
        bounds.add(new int[] {id(smaller), id(larger)});
    }

    /** Every value the count takes in some assignment satisfying every relation. */
    BitSet values(String name) {
        long[][] start = copy(null);
        BitSet out = new BitSet();
        if (!propagate(start)) {
            throw new IllegalStateException("no assignment satisfies what was published: the relations are wrong");
        }
        int v = id(name);
        for (long x = start[v][0]; x <= start[v][1]; x++) {
            long[][] trial = copy(start);
            trial[v][0] = x;
            trial[v][1] = x;
            if (feasible(trial)) {
                out.set((int) x);
            }
        }
        return out;
    }

    private int id(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("not a variable: " + name);
        }
        return i;
    }

    private boolean feasible(long[][] r) {
        if (!propagate(r)) {
            return false;
        }
        int widest = -1;
        for (int i = 0; i < r.length; i++) {
            if (r[i][0] < r[i][1] && (widest < 0 || r[i][1] - r[i][0] > r[widest][1] - r[widest][0])) {
                widest = i;
            }
        }
        if (widest < 0) {
            return true; // every count has one value, and every relation holds
        }
        long mid = (r[widest][0] + r[widest][1]) / 2;
        long[][] low = copy(r);
        low[widest][1] = mid;
        if (feasible(low)) {
            return true;
        }
        long[][] high = copy(r);
        high[widest][0] = mid + 1;
        return feasible(high);
    }

    /** Narrows every range to what the relations allow, until nothing changes; false when one empties. */
    private boolean propagate(long[][] r) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int[] c : sums) {
                long lo = 0;
                long hi = 0;
                for (int i = 1; i < c.length; i++) {
                    lo += r[c[i]][0];
                    hi += r[c[i]][1];
                }
                changed |= narrow(r[c[0]], lo, hi);
                for (int i = 1; i < c.length; i++) {
                    long othersLo = lo - r[c[i]][0];
                    long othersHi = hi - r[c[i]][1];
                    changed |= narrow(r[c[i]], r[c[0]][0] - othersHi, r[c[0]][1] - othersLo);
                }
            }
            for (int[] b : bounds) {
                changed |= narrow(r[b[0]], Long.MIN_VALUE, r[b[1]][1]);
                changed |= narrow(r[b[1]], r[b[0]][0], Long.MAX_VALUE);
            }
            for (long[] x : r) {
                if (x[0] > x[1]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean narrow(long[] range, long lo, long hi) {
        boolean changed = false;
        if (lo > range[0]) {
            range[0] = lo;
            changed = true;
        }
        if (hi < range[1]) {
            range[1] = hi;
            changed = true;
        }
        return changed;
    }

    private long[][] copy(long[][] from) {
        long[][] out = new long[ranges.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = (from == null ? ranges.get(i) : from[i]).clone();
        }
        return out;
    }
}
