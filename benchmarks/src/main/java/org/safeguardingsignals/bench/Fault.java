package org.safeguardingsignals.bench;

import java.util.List;

/**
 * What goes wrong in a fault run ({@link Failover}): injected once, at the fault time, on the load thread (so it
 * returns at once and does any waiting on its own thread), and then asked what it saw.
 */
interface Fault {
    /** One line for the report, e.g. "one of two instances killed (SIGKILL)". */
    String describe();

    /** Does the damage; must not block the offered load for more than a moment. */
    void inject(FaultTarget target) throws Exception;

    /** What the fault saw, for the report (the zombie's log lines, the node killed, a cold producer's error). */
    default List<String> notes(FaultTarget target) throws Exception {
        return List.of();
    }

    /** Started threads that must finish before the run's figures are taken. */
    default void await() throws InterruptedException {}
}
