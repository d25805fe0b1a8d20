package org.safeguardingsignals.runtime.access;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.safeguardingsignals.runtime.TopicProvisioner;
import org.safeguardingsignals.topics.Topics;

/**
 * What the administrator does before the applications start on a secured cluster: create the registry's topics
 * with their declared settings (the applications may not create them) and apply the access file. The local run
 * and the tests' brokers are prepared this way.
 */
public final class ClusterSetup {
    private ClusterSetup() {}

    /** Creates missing topics with {@code partitions} partitions and applies the access file; prints nothing. */
    public static void prepare(Admin administrator, int partitions, AccessControlFile access) {
        prepare(administrator, partitions, access, new PrintStream(OutputStream.nullOutputStream()));
    }

    /** As above, printing what the access command changed. */
    public static void prepare(Admin administrator, int partitions, AccessControlFile access, PrintStream out) {
        new TopicProvisioner(administrator, partitions, Map.of()).ensure(Topics.ALL);
        try {
            AccessCommand.apply(administrator, access, out, false);
        } catch (Exception e) {
            throw new IllegalStateException("Could not apply the access file: " + e.getMessage(), e);
        }
    }
}
