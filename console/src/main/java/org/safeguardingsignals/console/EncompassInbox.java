package org.safeguardingsignals.console;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.safeguardingsignals.events.EncompassNotice;

/**
 * The Operation Encompass notices as the notices topic holds them: the latest record of each notice (sent,
 * acknowledged or escalated). A school's designated safeguarding lead sees the notices of their schools only.
 */
final class EncompassInbox {
    private final Map<String, EncompassNotice> notices = new ConcurrentHashMap<>();

    /** A notice read from the topic: a later record of a notice replaces the earlier. */
    void add(EncompassNotice notice) {
        notices.put(notice.getNoticeId(), notice);
    }

    /** The notices of the DSL's schools, the soonest due first. */
    List<EncompassNotice> of(Worker dsl) {
        return notices.values().stream()
                .filter(n -> dsl.receivesNotices() && dsl.schools().contains(n.getSchoolUrn()))
                .sorted(Comparator.comparing(EncompassNotice::getDueBy).thenComparing(EncompassNotice::getNoticeId))
                .toList();
    }

    /** One notice, if it is for one of the DSL's schools. */
    Optional<EncompassNotice> get(Worker dsl, String noticeId) {
        return Optional.ofNullable(notices.get(noticeId))
                .filter(n -> dsl.receivesNotices() && dsl.schools().contains(n.getSchoolUrn()));
    }

    /** Whether a notice to one of the DSL's schools names the child. */
    boolean knows(Worker dsl, String pseudonym) {
        return of(dsl).stream().anyMatch(n -> n.getChildPseudonym().equals(pseudonym));
    }
}
