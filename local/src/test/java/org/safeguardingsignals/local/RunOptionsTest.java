package org.safeguardingsignals.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The local run's options: each one documented in README, and --help answers without an error. */
class RunOptionsTest {
    @Test
    void readmeListsEveryOptionOfTheLocalRun() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher option = Pattern.compile("^ +(--[a-z-]+)", Pattern.MULTILINE).matcher(RunOptions.USAGE);
        List<String> options = option.results().map(m -> m.group(1)).distinct().toList();

        assertThat(options).contains("--wipe", "--authorities", "--duration", "--feed", "--data");
        for (String o : options) {
            assertThat(readme).as("README documents %s", o).contains("| `" + o);
        }
    }

    @Test
    void helpIsNotAnError() {
        assertThatThrownBy(() -> RunOptions.parse(new String[] {"--help"}))
                .isInstanceOf(RunOptions.Help.class)
                .isNotInstanceOf(IllegalArgumentException.class)
                .hasMessage(RunOptions.USAGE);
        assertThatThrownBy(() -> RunOptions.parse(new String[] {"--wip"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown argument --wip");
    }
}
