package org.safeguardingsignals.detection.links;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Children linked by going missing together, and the groups they form: the connected components of the links that
 * have not expired. A link between two children lasts until its expiry (a repeat of it keeps the later one); a group
 * is a component of two or more children, named by its smallest pseudonym so that the same children give the same
 * group id whatever the order the links came in.
 *
 * <p>Order: a link is judged against "now", the latest time seen (stream time). A link already expired when it
 * arrives changes nothing; every other link joins at once, and expires when now passes its expiry. So after any
 * arrival order the groups are the components of the links unexpired at the latest time seen, as an offline
 * union-find over the same links gives ({@code LinkGraphTest}). Links are rare (a few hundred a day in a large
 * partnership): the graph is held in memory and rebuilt from the links store at start; a group is recomputed by a
 * walk over its links when one joins or expires.
 */
public final class LinkGraph {
    /** Each child's live links: the other child and when the link expires (epoch millis). */
    private final Map<String, Map<String, Long>> links = new HashMap<>();
    /** Live links by expiry, for the sweep: expiry, then "a|b" with a before b. */
    private final TreeMap<Long, Set<String>> byExpiry = new TreeMap<>();
    /** Each grouped child's group id (children in no group are absent). */
    private final Map<String, String> groups = new HashMap<>();

    /** Links that expired since the last {@link #drainExpired()}, as "a|b" with a before b. */
    private final java.util.List<String> expired = new java.util.ArrayList<>();

    private long now = Long.MIN_VALUE;

    /** The latest time seen. */
    public long now() {
        return now;
    }

    /**
     * A link between two children, seen at {@code at}, lasting until {@code expiresAt}; moves now to {@code at} if
     * later, and expires what has passed. Returns the children whose group changed, with their new group id (empty:
     * no longer in a group).
     */
    public Map<String, Optional<String>> link(String a, String b, long at, long expiresAt) {
        Map<String, Optional<String>> changed = new LinkedHashMap<>();
        if (!a.equals(b)) {
            long current = links.getOrDefault(a, Map.of()).getOrDefault(b, Long.MIN_VALUE);
            if (expiresAt > Math.max(now, at) && expiresAt > current) {
                if (current != Long.MIN_VALUE) {
                    unindex(a, b, current);
                }
                links.computeIfAbsent(a, k -> new HashMap<>()).put(b, expiresAt);
                links.computeIfAbsent(b, k -> new HashMap<>()).put(a, expiresAt);
                byExpiry.computeIfAbsent(expiresAt, k -> new HashSet<>()).add(pair(a, b));
                String groupA = groups.get(a);
                if (groupA == null || !groupA.equals(groups.get(b))) {
                    regroup(a, changed); // a link inside one group changes no group: no walk
                }
            }
        }
        changed.putAll(advance(at));
        return changed;
    }

    /** Moves now to {@code time} if later and expires the links that have passed; returns the changed children. */
    public Map<String, Optional<String>> advance(long time) {
        Map<String, Optional<String>> changed = new LinkedHashMap<>();
        if (time <= now) {
            return changed;
        }
        now = time;
        Set<String> touched = new HashSet<>();
        while (!byExpiry.isEmpty() && byExpiry.firstKey() <= now) {
            for (String p : byExpiry.pollFirstEntry().getValue()) {
                expired.add(p);
                String[] ab = p.split("\\|", 2);
                remove(ab[0], ab[1]);
                remove(ab[1], ab[0]);
                touched.add(ab[0]);
                touched.add(ab[1]);
            }
        }
        for (String child : touched) {
            regroup(child, changed);
        }
        return changed;
    }

    /** The child's group id, if the child is in a group. */
    public Optional<String> groupOf(String child) {
        return Optional.ofNullable(groups.get(child));
    }

    /** Every grouped child and their group id. */
    public Map<String, String> groups() {
        return Map.copyOf(groups);
    }

    /** The children of a group, sorted (empty for an id that names no group). */
    public java.util.List<String> members(String groupId) {
        return groups.entrySet().stream()
                .filter(e -> e.getValue().equals(groupId))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** The ids of every group. */
    public Set<String> groupIds() {
        return new HashSet<>(groups.values());
    }

    /** The links that expired since the last call, as "a|b" with a before b; then forgets them. */
    public java.util.List<String> drainExpired() {
        java.util.List<String> drained = java.util.List.copyOf(expired);
        expired.clear();
        return drained;
    }

    /** The child's live links: the other child and the link's expiry. */
    public Map<String, Long> linksOf(String child) {
        return Map.copyOf(links.getOrDefault(child, Map.of()));
    }

    /** Recomputes the component of {@code start} and names it; records every child whose group changed. */
    private void regroup(String start, Map<String, Optional<String>> changed) {
        Set<String> component = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(start);
        component.add(start);
        while (!todo.isEmpty()) {
            for (String next : links.getOrDefault(todo.poll(), Map.of()).keySet()) {
                if (component.add(next)) {
                    todo.add(next);
                }
            }
        }
        Optional<String> id =
                component.size() < 2 ? Optional.empty() : component.stream().min(String::compareTo);
        for (String child : component) {
            Optional<String> before = Optional.ofNullable(groups.get(child));
            if (!before.equals(id)) {
                if (id.isPresent()) {
                    groups.put(child, id.get());
                } else {
                    groups.remove(child);
                }
                changed.put(child, id);
            }
        }
    }

    private void remove(String from, String to) {
        Map<String, Long> own = links.get(from);
        if (own != null) {
            own.remove(to);
            if (own.isEmpty()) {
                links.remove(from);
            }
        }
    }

    private void unindex(String a, String b, long expiresAt) {
        Set<String> at = byExpiry.get(expiresAt);
        if (at != null) {
            at.remove(pair(a, b));
            if (at.isEmpty()) {
                byExpiry.remove(expiresAt);
            }
        }
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
    }
}
