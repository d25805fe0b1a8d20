package org.safeguardingsignals.detection.links;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.events.ChildLink;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.internal.ChildLinkState;
import org.safeguardingsignals.internal.ExploitationFlag;
import org.safeguardingsignals.internal.LinkInput;
import org.safeguardingsignals.internal.MissingSighting;
import org.safeguardingsignals.runtime.PipelineMetrics;

/**
 * Links children who go missing together and keeps the groups they form, for the whole partnership in one task
 * (links are rare: a few hundred a day in a large partnership). Stores: {@value #LINKS_STORE} (each live link with
 * its evidence), {@value #SIGHTINGS_STORE} (found episodes, by found area, for the co-missing test against episodes
 * that come later), {@value #CHILDREN_STORE} (a linked or flagged child's authorities, open exploitation alert, and
 * the flagged children it was alerted about). The {@link LinkGraph} is held in memory, rebuilt from the links at
 * start.
 *
 * <p>Time is the stream time of the link inputs (event time): links expire as it passes. A child connected to
 * another child with an open {@code exploitation-risk} alert gets one {@code exploitation-linked} alert per such
 * child, whichever came first, the link or the alert, so the alerts do not depend on arrival order.
 */
public final class LinkingProcessor implements Processor<String, LinkInput, String, Linked> {
    public static final String LINKS_STORE = "child-links";
    public static final String SIGHTINGS_STORE = "missing-sightings";
    public static final String CHILDREN_STORE = "linked-children";
    /** Authorities remembered per child: where its episodes were recorded and who placed it. */
    static final int MAX_AUTHORITIES = 4;

    private final DetectionConfig config;
    private final LinkSettings settings;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Linked> context;
    private KeyValueStore<String, ChildLink> links;
    private KeyValueStore<String, MissingSighting> sightings;
    private KeyValueStore<String, ChildLinkState> children;
    private LinkGraph graph;
    private GroupRecords records;
    /** Group ids published and not deleted since. */
    private final Set<String> published = new HashSet<>();

    public LinkingProcessor(DetectionConfig config, PipelineMetrics metrics) {
        this.config = config;
        this.settings = config.links();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Linked> context) {
        this.context = context;
        this.links = context.getStateStore(LINKS_STORE);
        this.sightings = context.getStateStore(SIGHTINGS_STORE);
        this.children = context.getStateStore(CHILDREN_STORE);
        this.graph = new LinkGraph();
        try (KeyValueIterator<String, ChildLink> it = links.all()) {
            it.forEachRemaining(kv -> graph.link(
                    kv.value.getChildA(),
                    kv.value.getChildB(),
                    Long.MIN_VALUE,
                    kv.value.getExpiresAt().toEpochMilli()));
        }
        published.clear();
        published.addAll(graph.groupIds());
        this.records = new GroupRecords(graph, links, children, this::flagOpen);
        context.schedule(Duration.ofDays(1), PunctuationType.STREAM_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, LinkInput> record) {
        long now = Math.max(record.timestamp(), graph.now());
        Set<String> touched =
                new LinkedHashSet<>(graph.advance(record.timestamp()).keySet());
        touched.addAll(forgetExpiredLinks()); // a group that lost a link but kept its id has changed too
        LinkInput input = record.value();
        if (input.getSighting() != null) {
            touched.addAll(sighting(input.getSighting(), record.timestamp()));
        } else if (input.getFlag() != null) {
            touched.addAll(flag(input.getFlag()));
        }
        if (!touched.isEmpty()) {
            settle(touched, now);
        }
    }

    /** Remembers the child's authorities and the found episode, and makes its links; returns the children touched. */
    private Set<String> sighting(MissingSighting s, long at) {
        Set<String> touched = new LinkedHashSet<>();
        if (s.getFoundArea() == null && s.getFoundWith().isEmpty()) {
            return touched; // links nothing (its time has moved the clock)
        }
        remember(s.getChildPseudonym(), s.getAuthorities());
        List<LinkDerivation.Candidate> candidates = new ArrayList<>(LinkDerivation.foundWith(s, settings.lifetime()));
        for (String other : s.getFoundWith()) {
            // a companion known only from this return belongs, for now, with the authority that recorded it
            rememberIfUnknown(other, s.getAuthorities());
        }
        if (s.getReturnedAt() != null && s.getFoundArea() != null) {
            long reported = s.getReportedMissingAt().toEpochMilli();
            long interval = settings.coMissingInterval().toMillis();
            try (KeyValueIterator<String, MissingSighting> it = sightings.range(
                    sightingKey(s.getFoundArea(), reported - interval, ""),
                    sightingKey(s.getFoundArea(), reported + interval, "~"))) {
                while (it.hasNext()) {
                    MissingSighting other = it.next().value;
                    if (LinkDerivation.together(s, other, settings.coMissingInterval())) {
                        candidates.add(LinkDerivation.coMissing(s, other, settings.lifetime()));
                    }
                }
            }
            if (LinkDerivation.latest(s).plus(settings.lifetime()).toEpochMilli() > graph.now()) {
                sightings.put(
                        sightingKey(s.getFoundArea(), reported, s.getChildPseudonym() + "|" + s.getEpisodeId()), s);
            }
        }
        for (LinkDerivation.Candidate c : candidates) {
            if (c.expiresAt() <= graph.now()) {
                continue; // lapsed before it arrived: history, not a link
            }
            String key = LinkDerivation.key(c.a(), c.b());
            ChildLink merged = LinkDerivation.merge(links.get(key), c);
            if (merged != null) {
                links.put(key, merged);
                touched.add(c.a());
                touched.add(c.b());
                touched.addAll(
                        graph.link(c.a(), c.b(), at, merged.getExpiresAt().toEpochMilli())
                                .keySet());
            }
        }
        return touched;
    }

    /** A child's exploitation alert, open for the exploitation period; returns the children touched. */
    private Set<String> flag(ExploitationFlag flag) {
        String child = flag.getChildPseudonym();
        ChildLinkState state = children.get(child);
        if (state == null) {
            state = new ChildLinkState(List.of(), null, Map.of());
        }
        ExploitationFlag current = state.getFlag();
        if (flag.getWithdrawn()) {
            // its evidence was retracted: the flag ends (links already alerted stay: their alerts have their own life)
            if (current != null && current.getAlertId().equals(flag.getAlertId())) {
                state.setFlag(null);
                children.put(child, state);
            }
            return Set.of();
        }
        if (current != null && current.getAlertId().equals(flag.getAlertId())) {
            return Set.of(); // a repeat
        }
        state.setFlag(flag);
        state.setAuthorities(merged(flag.getAuthorities(), state.getAuthorities()));
        children.put(child, state);
        return graph.groupOf(child).isPresent() ? Set.of(child) : Set.of();
    }

    /** Alerts the children newly connected to a flagged child, and publishes the groups that changed. */
    private void settle(Set<String> touched, long now) {
        Set<String> groupIds = new LinkedHashSet<>();
        for (String child : touched) {
            graph.groupOf(child).ifPresent(groupIds::add);
        }
        for (String groupId : groupIds) {
            List<String> members = graph.members(groupId);
            Map<String, ExploitationFlag> flags = openFlags(members, now); // read once per group, not per pair
            for (String member : members) {
                alertIfNewlyLinked(member, groupId, flags, now);
            }
            context.forward(new Record<>(
                    groupId,
                    new Linked.Group(groupId, records.group(groupId, members, now)),
                    context.currentSystemTimeMs()));
            published.add(groupId);
        }
        Set<String> live = graph.groupIds();
        for (String gone : List.copyOf(published)) {
            if (!live.contains(gone)) {
                // event time: a tombstone has no updatedAt, and the partnership figures date a group's end by it
                context.forward(new Record<>(gone, new Linked.Group(gone, null), now));
                published.remove(gone);
            }
        }
    }

    private void alertIfNewlyLinked(String child, String groupId, Map<String, ExploitationFlag> flags, long now) {
        ChildLinkState state = children.get(child);
        Map<String, Long> alertedAbout = state == null ? Map.of() : state.getAlertedAbout();
        List<ExploitationFlag> related = new ArrayList<>();
        boolean news = false;
        for (Map.Entry<String, ExploitationFlag> flag : flags.entrySet()) {
            if (!flag.getKey().equals(child)) {
                related.add(flag.getValue());
                news |= !alertedAbout.containsKey(flag.getKey());
            }
        }
        if (!news) {
            return;
        }
        if (state == null) {
            state = new ChildLinkState(List.of(), null, Map.of());
        }
        Map<String, Long> updated = new java.util.HashMap<>(alertedAbout);
        for (ExploitationFlag f : related) {
            updated.put(f.getChildPseudonym(), lapse(f));
        }
        state.setAlertedAbout(updated);
        children.put(child, state);
        RiskAlert alert = LinkedAlerts.raise(
                child,
                state.getAuthorities(),
                groupId,
                related,
                records.evidenceOf(child),
                Instant.ofEpochMilli(now),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        metrics.alert(alert.getRuleId(), alert.getSeverity().name());
        context.forward(new Record<>(child, new Linked.Alert(alert), context.currentSystemTimeMs()));
    }

    private boolean flagOpen(ExploitationFlag flag) {
        return lapse(flag) > graph.now();
    }

    /** The open exploitation alerts among the members, by child, in the members' order. */
    private Map<String, ExploitationFlag> openFlags(List<String> members, long now) {
        Map<String, ExploitationFlag> open = new java.util.LinkedHashMap<>();
        for (String member : members) {
            ChildLinkState state = children.get(member);
            if (state != null && state.getFlag() != null && lapse(state.getFlag()) > now) {
                open.put(member, state.getFlag());
            }
        }
        return open;
    }

    /** When a flag lapses: the exploitation period of the alert's authority after its window ended. */
    private long lapse(ExploitationFlag flag) {
        String authority =
                flag.getAuthorities().isEmpty() ? "" : flag.getAuthorities().get(0);
        return flag.getRaisedAt()
                .plus(config.forAuthority(authority).exploitationPeriod())
                .toEpochMilli();
    }

    private void remember(String child, List<String> authorities) {
        ChildLinkState stored = children.get(child);
        ChildLinkState state = stored == null ? new ChildLinkState(List.of(), null, Map.of()) : stored;
        List<String> merged = merged(authorities, state.getAuthorities());
        if (stored == null || !merged.equals(state.getAuthorities())) {
            state.setAuthorities(merged);
            children.put(child, state);
        }
    }

    private void rememberIfUnknown(String child, List<String> authorities) {
        ChildLinkState state = children.get(child);
        if (state == null || state.getAuthorities().isEmpty()) {
            remember(child, authorities);
        }
    }

    /** The newest authorities first, then the ones known, at most {@link #MAX_AUTHORITIES}. */
    private static List<String> merged(List<String> newest, List<String> known) {
        LinkedHashSet<String> all = new LinkedHashSet<>(newest);
        all.addAll(known);
        return all.stream().limit(MAX_AUTHORITIES).toList();
    }

    /** Deletes the links that lapsed; returns their children. */
    private Set<String> forgetExpiredLinks() {
        Set<String> ends = new LinkedHashSet<>();
        for (String pair : graph.drainExpired()) {
            links.delete(pair);
            ends.addAll(List.of(pair.split("\\|", 2)));
        }
        return ends;
    }

    /**
     * Once a day of stream time: found episodes too old to make a live link leave; a child leaves when it has no live
     * link and no open alert; lapsed flags and what was alerted about them are forgotten.
     */
    private void sweep(long streamTime) {
        long now = graph.now();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, MissingSighting> it = sightings.all()) {
            it.forEachRemaining(kv -> {
                if (LinkDerivation.latest(kv.value).plus(settings.lifetime()).toEpochMilli() <= now) {
                    old.add(kv.key);
                }
            });
        }
        old.forEach(sightings::delete);
        List<KeyValue<String, ChildLinkState>> all = new ArrayList<>();
        try (KeyValueIterator<String, ChildLinkState> it = children.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, ChildLinkState> kv : all) {
            ChildLinkState state = kv.value;
            boolean flagged = state.getFlag() != null && lapse(state.getFlag()) > now;
            if (!flagged && graph.linksOf(kv.key).isEmpty()) {
                children.delete(kv.key);
                continue;
            }
            Map<String, Long> alertedAbout = new java.util.HashMap<>(state.getAlertedAbout());
            boolean changed = alertedAbout.values().removeIf(lapses -> lapses <= now);
            if (!flagged && state.getFlag() != null) {
                state.setFlag(null);
                changed = true;
            }
            if (changed) {
                state.setAlertedAbout(alertedAbout);
                children.put(kv.key, state);
            }
        }
    }

    /** The sightings store's key: found area, then report time, so a range finds the episodes near in time. */
    static String sightingKey(String area, long reportedMillis, String rest) {
        return area + "|" + String.format("%015d", Math.max(0, reportedMillis)) + "|" + rest;
    }
}
