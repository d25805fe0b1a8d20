package org.safeguardingsignals.console;

import java.util.Set;

/** A console user: an id (not a name), the authorities they work for, and what they may do. */
public record Worker(String id, Set<String> authorities, Role role) {

    /** What a user may do. */
    public enum Role {
        /** Sees alerts and chronologies of their authorities, and records decisions. */
        WORKER,
        /** Sees, but does not decide (for example a team manager reviewing, or a trainee). */
        READ_ONLY
    }

    public Worker {
        authorities = Set.copyOf(authorities);
    }

    public boolean canDecide() {
        return role == Role.WORKER;
    }

    public boolean worksFor(String authority) {
        return authorities.contains(authority);
    }
}
