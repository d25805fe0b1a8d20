package org.safeguardingsignals.detection.duties;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.safeguardingsignals.decisions.SchoolDays;
import org.safeguardingsignals.decisions.WorkingDays;
import org.safeguardingsignals.detection.DetectionConfig;
import org.safeguardingsignals.detection.rules.Alerts;
import org.safeguardingsignals.detection.rules.Rule;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.NoticeStatus;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.internal.AgeBand;
import org.safeguardingsignals.internal.ChildDuties;
import org.safeguardingsignals.internal.Indicator;
import org.safeguardingsignals.internal.SchoolRoll;

/**
 * Operation Encompass: what a police-attended domestic-abuse incident sends: a notice to each school the child is on
 * the roll of on the incident's day, due by the start of the next school day; or, for a child of compulsory school
 * age on no roll, a no-current-school alert to the authority. Nothing for an unattended incident or a backfill.
 */
final class EncompassNotices {
    private EncompassNotices() {}

    /** The notices, or the alert, or nothing. */
    static List<Duty> of(String child, ChildDuties state, Indicator incident, Instant now, DetectionConfig config) {
        if (incident.getDomesticAbuse() == null || !incident.getDomesticAbuse().getPoliceAttended()) {
            return List.of();
        }
        if (incident.getOccurredAt().isBefore(now.minus(config.encompass().noticeLookback()))) {
            return List.of(); // a backfill: the next school day has long passed
        }
        LocalDate day = incident.getOccurredAt().atZone(WorkingDays.ENGLAND).toLocalDate();
        List<SchoolRoll> onRoll = state.getSchools().stream()
                .filter(s -> !s.getStartDate().isAfter(day))
                .toList();
        if (onRoll.isEmpty()) {
            return schoolAge(incident.getAgeBand())
                    ? List.of(new Duty.Alert(new Alerts(child, now, CareInformation.careAuthorities(state), false)
                            .raise(
                                    Rule.NO_CURRENT_SCHOOL,
                                    Severity.MEDIUM,
                                    List.of(incident),
                                    incident.getOccurredAt(),
                                    incident.getOccurredAt(),
                                    List.of())))
                    : List.of();
        }
        List<Duty> notices = new ArrayList<>();
        for (SchoolRoll school : onRoll) {
            notices.add(new Duty.Notice(EncompassNotice.newBuilder()
                    .setNoticeId(noticeId(incident.getEventId(), child, school.getSchoolUrn()))
                    .setSchoolUrn(school.getSchoolUrn())
                    .setChildPseudonym(child)
                    .setLocalAuthority(incident.getLocalAuthority())
                    .setIncidentAt(incident.getOccurredAt())
                    .setForceCode(incident.getOrganisationCode() == null ? "" : incident.getOrganisationCode())
                    .setIncidentEventId(incident.getEventId())
                    .setIncidentReference(incident.getSourceReference())
                    .setDueBy(dueBy(incident, config))
                    .setStatus(NoticeStatus.SENT)
                    .setSentAt(now)
                    .build()));
        }
        return notices;
    }

    /** Compulsory school age: 5 to 15 (the age band at the event). */
    static boolean schoolAge(AgeBand band) {
        return band == AgeBand.FIVE_TO_NINE || band == AgeBand.TEN_TO_FIFTEEN;
    }

    /** The start of the next school day; past the authority's last term, the next working day's start. */
    private static Instant dueBy(Indicator incident, DetectionConfig config) {
        SchoolDays days = config.schoolDays(incident.getLocalAuthority());
        return days.noticeDue(incident.getOccurredAt())
                .or(() -> new SchoolDays(config.encompass().schoolDayStart(), config.bankHolidays(), List.of())
                        .noticeDue(incident.getOccurredAt()))
                .orElseThrow();
    }

    /** The same incident, child and school always give the same notice id. */
    static String noticeId(String incidentEventId, String child, String schoolUrn) {
        return UUID.nameUUIDFromBytes(("encompass|" + incidentEventId + "|" + child + "|" + schoolUrn)
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
