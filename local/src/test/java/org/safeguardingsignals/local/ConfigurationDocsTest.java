package org.safeguardingsignals.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md lists every key each application declares, as the code declares it now. */
class ConfigurationDocsTest {

    @Test
    void theConfigurationDocumentMatchesEveryApplicationsSettings() throws Exception {
        String document = Files.readString(ConfigurationDocs.file());
        assertThat(document)
                .as(ConfigurationDocs.FILE + " is out of date; regenerate its tables with: "
                        + ConfigurationDocs.REGENERATE)
                .isEqualTo(ConfigurationDocs.render(document));
    }

    @Test
    void aTableShowsEachKeysTypeDefaultValidValuesAndEnvironmentVariable() {
        String console = ConfigurationDocs.regions().get("console-keys");
        assertThat(console)
                .contains(
                        "| `console.detection.url` | string | required | http:// or https:// URL | "
                                + "`SAFEGUARDING_CONSOLE_DETECTION_URL` |",
                        "| `internal.port` | int | `9093` | [0,...,65535] |");
        assertThat(ConfigurationDocs.regions().get("console-forced")).contains("| `isolation.level` |");
    }
}
