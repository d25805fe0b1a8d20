package org.safeguardingsignals.connect;

/** The plugin's version, as the worker lists it. */
final class Version {
    static final String VERSION = "0.1.0";

    private Version() {}
}
