package org.safeguardingsignals.bench;

import java.util.Map;

/** The console under load (issue 19): being written. */
final class ConsoleLoad {
    private ConsoleLoad() {}

    static String run(BenchWorld world, Map<String, String> opts) {
        throw new UnsupportedOperationException("console load benchmark not written yet");
    }
}
