package org.safeguardingsignals.runtime.signals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.safeguardingsignals.events.ChildPoliceContact;
import org.safeguardingsignals.events.DomesticAbuseIncident;
import org.safeguardingsignals.events.LinkedChild;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.ParentHealthEvent;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.Referral;
import org.safeguardingsignals.events.SchoolConcern;
import org.safeguardingsignals.events.UnscheduledCareAttendance;

/**
 * What the chronology shows beside an entry's category: the coded details a MASH worker needs to judge it (was the
 * child there, how high the risk, which service or school). Field name to a code, yes/no or organisation code;
 * unknown values are left out, and nothing here is free text. No rule or figure reads them.
 */
final class Qualifiers {
    private Qualifiers() {}

    static Map<String, String> domesticAbuse(DomesticAbuseIncident e, PersonRef child) {
        Map<String, String> q = new LinkedHashMap<>();
        for (LinkedChild linked : e.getChildren()) {
            if (linked.getChild() == child) {
                q.put("present", Boolean.toString(linked.getPresent()));
            }
        }
        code(q, "dashRiskLevel", e.getDashRiskLevel());
        q.put("policeAttended", Boolean.toString(e.getPoliceAttended()));
        return q;
    }

    static Map<String, String> parentHealth(ParentHealthEvent e) {
        return code(new LinkedHashMap<>(), "service", e.getService());
    }

    static Map<String, String> unscheduledCare(UnscheduledCareAttendance e) {
        return code(new LinkedHashMap<>(), "setting", e.getSetting());
    }

    static Map<String, String> schoolConcern(SchoolConcern e) {
        return Map.of("schoolUrn", e.getSchoolUrn());
    }

    static Map<String, String> referral(Referral e) {
        Map<String, String> q = new LinkedHashMap<>();
        code(q, "referralSource", e.getReferralSource());
        return code(q, "outcome", e.getOutcome());
    }

    static Map<String, String> missingEpisode(MissingEpisode e) {
        Map<String, String> q = new LinkedHashMap<>();
        code(q, "missingType", e.getMissingType());
        if (e.getFoundForceCode() != null) {
            q.put("foundForceCode", e.getFoundForceCode());
        }
        // coded small areas (LSOA), never addresses; the children found with the child stay out of the chronology
        if (e.getMissingFromArea() != null) {
            q.put("missingFromArea", e.getMissingFromArea());
        }
        if (e.getFoundArea() != null) {
            q.put("foundArea", e.getFoundArea());
        }
        return code(q, "policeRiskGrade", e.getPoliceRiskGrade());
    }

    static Map<String, String> childPoliceContact(ChildPoliceContact e) {
        Map<String, String> q = new LinkedHashMap<>();
        code(q, "contactType", e.getContactType());
        return code(q, "offenceGroup", e.getOffenceGroup());
    }

    private static Map<String, String> code(Map<String, String> q, String field, Enum<?> value) {
        if (value != null && !value.name().equals("UNKNOWN")) {
            q.put(field, value.name());
        }
        return q;
    }
}
