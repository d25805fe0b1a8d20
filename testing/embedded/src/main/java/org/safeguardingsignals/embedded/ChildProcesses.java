package org.safeguardingsignals.embedded;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands for infrastructure child processes. */
final class ChildProcesses {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private ChildProcesses() {}

    /**
     * The command in a session of its own where setsid exists, so that a Ctrl-C in the terminal reaches only the
     * parent, which then stops its children in order (the app before the broker it commits to).
     */
    /**
     * The java command that runs {@code mainClass} under {@link ParentWatch}, so that the child stops when this JVM
     * dies. Start it with standard input left as a pipe (ProcessBuilder's default) and keep the Process reachable.
     *
     * @param jvmOptions everything before the main class (java executable, -X options, -cp and its class path
     *                   without this module, which is added)
     */
    static List<String> watched(List<String> jvmOptions, String classPath, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(jvmOptions);
        command.add("-cp");
        command.add(ownLocation() + File.pathSeparator + classPath);
        command.add(ParentWatch.class.getName());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** Where this module's classes are (a jar or a classes directory). */
    private static String ownLocation() {
        try {
            return Path.of(ParentWatch.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> detached(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> out = new ArrayList<>(command.size() + 1);
        out.add(SETSID.toString());
        out.addAll(command);
        return out;
    }

    /** Asks the process and its descendants to stop, and kills it if it has not stopped within {@code grace}. */
    static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
