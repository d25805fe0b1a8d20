package org.safeguardingsignals.detection.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Groups of linked children against an offline union-find, whatever order the links come in. */
class LinkGraphTest {
    static final long DAY = Duration.ofDays(1).toMillis();
    static final long TTL = 180 * DAY;

    record Link(String a, String b, long at) {}

    @Test
    void aLinkThatExpiresSplitsItsGroupAndTheLastOneEndsIt() {
        LinkGraph g = new LinkGraph();
        assertThat(g.link("b", "c", 0, 10 * DAY))
                .containsExactly(Map.entry("b", Optional.of("b")), Map.entry("c", Optional.of("b")));
        assertThat(g.link("a", "b", DAY, 20 * DAY))
                .containsOnly(
                        Map.entry("a", Optional.of("a")),
                        Map.entry("b", Optional.of("a")),
                        Map.entry("c", Optional.of("a")));
        assertThat(g.advance(10 * DAY)).containsOnly(Map.entry("c", Optional.empty()));
        assertThat(g.groups()).containsOnly(Map.entry("a", "a"), Map.entry("b", "a"));
        assertThat(g.advance(20 * DAY))
                .containsOnly(Map.entry("a", Optional.empty()), Map.entry("b", Optional.empty()));
        assertThat(g.groups()).isEmpty();
    }

    @Test
    void aLinkAlreadyExpiredWhenItArrivesChangesNothingAndARepeatKeepsTheLaterExpiry() {
        LinkGraph g = new LinkGraph();
        g.advance(100 * DAY);
        assertThat(g.link("a", "b", 0, 50 * DAY)).isEmpty();
        assertThat(g.groups()).isEmpty();
        g.link("a", "b", 100 * DAY, 150 * DAY);
        g.link("a", "b", 90 * DAY, 120 * DAY); // an older sighting of the same link
        assertThat(g.linksOf("a")).containsExactly(Map.entry("b", 150 * DAY));
        assertThat(g.advance(149 * DAY)).isEmpty();
        assertThat(g.advance(150 * DAY)).hasSize(2);
    }

    @RepeatedTest(5)
    void groupsAreTheComponentsOfTheUnexpiredLinksWhateverTheOrder(RepetitionInfo run) {
        Random random = new Random(run.getCurrentRepetition());
        int children = 400;
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            int a = random.nextInt(children);
            // mostly within a cohort of ten, so that groups form and split as links expire
            int b = random.nextDouble() < 0.9 ? (a / 10) * 10 + random.nextInt(10) : random.nextInt(children);
            links.add(new Link(child(a), child(b), random.nextInt(400) * DAY + random.nextInt((int) DAY)));
        }
        Collections.shuffle(links, random);

        LinkGraph g = new LinkGraph();
        Map<String, String> replica = new HashMap<>(); // the groups as a reader of the changes would hold them
        long now = Long.MIN_VALUE;
        for (Link l : links) {
            apply(replica, g.link(l.a(), l.b(), l.at(), l.at() + TTL));
            now = Math.max(now, l.at());
        }
        assertThat(g.now()).isEqualTo(now);
        Map<String, String> expected = offline(links, now);
        assertThat(expected).as("groups exist to compare").isNotEmpty();
        assertThat(g.groups()).isEqualTo(expected);
        assertThat(replica).as("the changes told").isEqualTo(expected);

        // time passes: every link expires, and every group with it
        apply(replica, g.advance(now + TTL));
        assertThat(g.groups()).isEqualTo(offline(links, now + TTL)).isEmpty();
        assertThat(replica).isEmpty();
    }

    private static void apply(Map<String, String> replica, Map<String, Optional<String>> changes) {
        changes.forEach((child, group) -> {
            if (group.isPresent()) {
                replica.put(child, group.get());
            } else {
                replica.remove(child);
            }
        });
    }

    /** Union-find over the links unexpired at {@code now}; each group named by its smallest member. */
    static Map<String, String> offline(List<Link> links, long now) {
        Map<String, String> parent = new HashMap<>();
        Map<String, Long> expiry = new HashMap<>();
        for (Link l : links) {
            if (!l.a().equals(l.b())) {
                String key = l.a().compareTo(l.b()) < 0 ? l.a() + "|" + l.b() : l.b() + "|" + l.a();
                expiry.merge(key, l.at() + TTL, Math::max);
            }
        }
        expiry.forEach((key, expiresAt) -> {
            if (expiresAt > now) {
                String[] ab = key.split("\\|");
                parent.putIfAbsent(ab[0], ab[0]);
                parent.putIfAbsent(ab[1], ab[1]);
                String ra = find(parent, ab[0]);
                String rb = find(parent, ab[1]);
                if (!ra.equals(rb)) {
                    // the smaller root becomes the root, so each set's root is its smallest member
                    if (ra.compareTo(rb) < 0) {
                        parent.put(rb, ra);
                    } else {
                        parent.put(ra, rb);
                    }
                }
            }
        });
        Map<String, String> out = new HashMap<>();
        for (String child : parent.keySet()) {
            out.put(child, find(parent, child));
        }
        return out;
    }

    private static String find(Map<String, String> parent, String x) {
        while (!parent.get(x).equals(x)) {
            x = parent.get(x);
        }
        return x;
    }

    private static String child(int i) {
        return String.format("child-%04d", i);
    }
}
