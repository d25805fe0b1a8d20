package org.safeguardingsignals.connect;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Publishes the CSV files a partner agency drops into a directory: one event type per connector, each row mapped
 * and validated as the publish command does, bad rows to a topic of their own, finished files moved aside. One task:
 * files are read in name order, so an agency's nightly files arrive in the order it wrote them.
 */
public final class FileDropSourceConnector extends SourceConnector {
    private Map<String, String> settings;

    @Override
    public void start(Map<String, String> props) {
        new FileDropConfig(props); // fail at start on a bad configuration, not in the task
        this.settings = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FileDropSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(settings);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return FileDropConfig.DEF;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> props) {
        // offsets are per file and line, and event ids are derived from the row's content
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public String version() {
        return Version.VERSION;
    }
}
