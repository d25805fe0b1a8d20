package org.safeguardingsignals.metrics;

/** The size bands of a linked group, by its number of children: the values of {@link Metric#GROUP_SIZE}. */
enum GroupSize {
    TWO("2 children"),
    THREE_TO_FIVE("3 to 5 children"),
    SIX_OR_MORE("6 or more children");

    /** How the report names the band. */
    final String label;

    GroupSize(String label) {
        this.label = label;
    }

    /** The band of a group of this many children; a group has at least two (a link joins two children). */
    static GroupSize of(int children) {
        if (children <= 2) {
            return TWO;
        }
        return children <= 5 ? THREE_TO_FIVE : SIX_OR_MORE;
    }
}
