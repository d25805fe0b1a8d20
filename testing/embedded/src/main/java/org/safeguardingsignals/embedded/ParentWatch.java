package org.safeguardingsignals.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class in a child JVM that stops when its parent dies, however the parent dies (a SIGKILL
 * included, which no shutdown hook sees). The parent keeps the write end of the child's standard input open; the
 * operating system closes it when the parent process ends, the child reads end-of-file, and exits through its own
 * shutdown hooks (the broker and the registry shut down cleanly). Usage: {@code ParentWatch <main class> [args]}.
 */
public final class ParentWatch {
    private ParentWatch() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("Usage: ParentWatch <main class> [args...]");
            System.exit(2);
        }
        Thread watch = new Thread(
                () -> {
                    awaitEndOfInput(System.in);
                    System.err.println("ParentWatch: the parent process has gone; stopping " + args[0]);
                    System.exit(0);
                },
                "parent-watch");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void awaitEndOfInput(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe is the parent gone too
        }
    }
}
