package org.safeguardingsignals.detection.rules;

/** Every rule that raises alerts, with its id and the version of its logic (raised when its meaning changes). */
public enum Rule {
    TOXIC_TRIO("toxic-trio", 1),
    TOXIC_TRIO_EMERGING("toxic-trio-emerging", 1),
    REPEAT_MISSING("repeat-missing", 1),
    RETURN_INTERVIEW_OVERDUE("return-interview-overdue", 1),
    OUT_OF_AREA_MISSING("out-of-area-missing", 1);

    private final String id;
    private final int version;

    Rule(String id, int version) {
        this.id = id;
        this.version = version;
    }

    public String id() {
        return id;
    }

    public int version() {
        return version;
    }
}
