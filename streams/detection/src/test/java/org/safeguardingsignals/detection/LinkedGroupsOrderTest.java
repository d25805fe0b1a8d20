package org.safeguardingsignals.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.safeguardingsignals.detection.Scenario.Child;
import org.safeguardingsignals.events.GroupMember;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.PersonRef;

/**
 * The groups the detection topology publishes, against an offline union-find over the same links, with the returns
 * sent in a random order over two years so that links expire and split groups on the way.
 */
class LinkedGroupsOrderTest {
    private static final Duration LIFETIME = Duration.ofDays(180);

    record Found(int child, int with, Instant returned) {}

    @RepeatedTest(3)
    void publishedGroupsAreTheComponentsOfTheUnexpiredLinksWhateverTheOrder(RepetitionInfo run) {
        Random random = new Random(run.getCurrentRepetition());
        Instant start = Scenario.WALL_CLOCK_START.minus(Duration.ofDays(730));
        int n = 80;
        List<Found> returns = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int a = random.nextInt(n);
            int b = random.nextInt(n);
            // clustered in time so that groups form, grow and lapse
            Instant returned = start.plus(Duration.ofHours(random.nextInt(700 * 24)));
            returns.add(new Found(a, b, returned));
        }
        Collections.shuffle(returns, random);

        try (Scenario world = new Scenario()) {
            List<Child> children = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                children.add(world.child("C" + i));
            }
            List<org.apache.kafka.streams.KeyValue<String, LinkedGroup>> records = new ArrayList<>();
            int episode = 0;
            for (Found f : returns) {
                MissingEpisode e = world.found(
                                "EP-" + episode++,
                                children.get(f.child()),
                                f.returned().minus(Duration.ofDays(1)),
                                f.returned())
                        .setFoundArea("E01000001")
                        .setFoundWith(List.of(PersonRef.newBuilder()
                                .setNhsNumber(children.get(f.with()).nhsNumber())
                                .build()))
                        .build();
                world.missing(e);
                records.addAll(world.groupRecords());
            }

            Instant now = returns.stream()
                    .map(Found::returned)
                    .max(Instant::compareTo)
                    .orElseThrow();
            Set<Set<String>> expected = offlineGroups(returns, children, world, now);
            Set<Set<String>> published = LinkedChildrenTest.latest(records).stream()
                    .map(g -> g.getMembers().stream()
                            .map(GroupMember::getChildPseudonym)
                            .collect(Collectors.toSet()))
                    .collect(Collectors.toSet());
            assertThat(expected).as("the random links make groups").isNotEmpty();
            assertThat(published).isEqualTo(expected);
            for (LinkedGroup g : LinkedChildrenTest.latest(records)) {
                String smallest = g.getMembers().stream()
                        .map(GroupMember::getChildPseudonym)
                        .min(String::compareTo)
                        .orElseThrow();
                assertThat(g.getGroupId()).isEqualTo(smallest);
            }
        }
    }

    /** Union-find over the links whose latest return plus the lifetime is after now. */
    private static Set<Set<String>> offlineGroups(
            List<Found> returns, List<Child> children, Scenario world, Instant now) {
        Map<String, Instant> latest = new HashMap<>();
        for (Found f : returns) {
            if (f.child() == f.with()) {
                continue;
            }
            String key = Math.min(f.child(), f.with()) + "|" + Math.max(f.child(), f.with());
            latest.merge(key, f.returned(), (x, y) -> x.isAfter(y) ? x : y);
        }
        int[] parent = new int[children.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (Map.Entry<String, Instant> link : latest.entrySet()) {
            if (link.getValue().plus(LIFETIME).isAfter(now)) {
                String[] ab = link.getKey().split("\\|");
                parent[find(parent, Integer.parseInt(ab[0]))] = find(parent, Integer.parseInt(ab[1]));
            }
        }
        Map<Integer, Set<String>> components = new HashMap<>();
        for (int i = 0; i < parent.length; i++) {
            components.computeIfAbsent(find(parent, i), k -> new HashSet<>()).add(world.pseudonymOf(children.get(i)));
        }
        return components.values().stream().filter(c -> c.size() > 1).collect(Collectors.toSet());
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
