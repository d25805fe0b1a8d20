package org.safeguardingsignals.console;

import java.util.Set;

/**
 * A console user: an id (not a name), the authorities they work for, the schools they are designated safeguarding
 * lead for (if any), and their role, which says what they may do.
 */
public record Worker(String id, Set<String> authorities, Set<String> schools, Role role) {

    /** What a user may do; the names are the role values an identity provider puts in its tokens. */
    public enum Role {
        /** Sees alerts and chronologies of their authorities, reveals a child's identity with a reason, decides. */
        WORKER,
        /** A MASH team manager: as a worker, and signs off another's "no further action". */
        TEAM_MANAGER,
        /** Sees, but neither reveals identity nor decides (for example a trainee, or a partner reviewing). */
        READ_ONLY,
        /**
         * An information-governance officer: searches and exports the audit trail, and answers a subject access
         * request with everything the pipeline holds on one child; sees no alert board.
         */
        IG_OFFICER,
        /**
         * A school's designated safeguarding lead: sees and acknowledges the Operation Encompass notices of their
         * schools, and reveals the identity of a child named in one, with a reason; the MASH board is not theirs.
         */
        SCHOOL_DSL
    }

    public Worker {
        authorities = Set.copyOf(authorities);
        schools = Set.copyOf(schools);
    }

    public Worker(String id, Set<String> authorities, Role role) {
        this(id, authorities, Set.of(), role);
    }

    /** May see the alert board, alerts and chronologies of their authorities. */
    public boolean canSeeAlerts() {
        return role == Role.WORKER || role == Role.TEAM_MANAGER || role == Role.READ_ONLY;
    }

    public boolean canDecide() {
        return role == Role.WORKER || role == Role.TEAM_MANAGER;
    }

    /** May sign off a "no further action" another worker proposed (Working Together 2023: a manager's oversight). */
    public boolean canSignOff() {
        return role == Role.TEAM_MANAGER;
    }

    /** May see a child's NHS number, with a reason (a DSL: only a child named in a notice to their school). */
    public boolean canRevealIdentity() {
        return canDecide() || role == Role.SCHOOL_DSL;
    }

    /** Receives and acknowledges Operation Encompass notices for their schools. */
    public boolean receivesNotices() {
        return role == Role.SCHOOL_DSL && !schools.isEmpty();
    }

    public boolean canSearchAudit() {
        return role == Role.IG_OFFICER;
    }

    /** May export everything the pipeline holds on a child, from their NHS number, for a subject access request. */
    public boolean canExportSubjectAccess() {
        return role == Role.IG_OFFICER;
    }

    public boolean worksFor(String authority) {
        return authorities.contains(authority);
    }
}
