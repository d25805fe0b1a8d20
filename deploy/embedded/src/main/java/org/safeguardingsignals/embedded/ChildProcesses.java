package org.safeguardingsignals.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Commands for infrastructure child processes. */
final class ChildProcesses {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private ChildProcesses() {
    }

    /**
     * The command in a session of its own where setsid exists, so that a Ctrl-C in the terminal reaches only the
     * parent, which then stops its children in order (the app before the broker it commits to).
     */
    static List<String> detached(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> out = new ArrayList<>(command.size() + 1);
        out.add(SETSID.toString());
        out.addAll(command);
        return out;
    }
}
