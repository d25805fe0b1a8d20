package org.safeguardingsignals.runtime.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings from a file, the environment and flags, later ones winning, and clear refusals of bad arguments. */
class SettingsSourcesTest {
    static final List<String> KNOWN = List.of("bootstrap.servers", "console.port", "timers.idle-before-wall-clock");

    @Test
    void anEnvironmentVariableIsTheKeyInCapitalsWithDotsAndDashesAsUnderscores() {
        assertThat(SettingsSources.envName("bootstrap.servers")).isEqualTo("SAFEGUARDING_BOOTSTRAP_SERVERS");
        assertThat(SettingsSources.envName("timers.idle-before-wall-clock"))
                .isEqualTo("SAFEGUARDING_TIMERS_IDLE_BEFORE_WALL_CLOCK");
    }

    @Test
    void flagsOutrankTheEnvironmentWhichOutranksTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("app.properties"),
                "bootstrap.servers = from-file:9092  \nconsole.port=1\nrules.repeat-missing.count=2\n");
        Map<String, String> env = Map.of(
                "SAFEGUARDING_CONSOLE_PORT", "2",
                "SAFEGUARDING_TIMERS_IDLE_BEFORE_WALL_CLOCK", "PT1M",
                "SAFEGUARDING_RULES_REPEAT_MISSING_COUNT", "9", // not a key known by name: ignored
                "PATH", "/usr/bin");

        Map<String, String> settings = SettingsSources.load(
                new String[] {"--set", "console.port = 3 ", "--config", file.toString(), "--set", "extra.key=a=b"},
                env,
                KNOWN);

        assertThat(settings)
                .containsOnly(
                        entry("bootstrap.servers", "from-file:9092"),
                        entry("console.port", "3"),
                        entry("timers.idle-before-wall-clock", "PT1M"),
                        entry("rules.repeat-missing.count", "2"),
                        entry("extra.key", "a=b"));
    }

    @Test
    void withoutFlagsTheEnvironmentWins(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("app.properties"), "console.port=1\n");
        assertThat(SettingsSources.load(
                        new String[] {"--config", file.toString()}, Map.of("SAFEGUARDING_CONSOLE_PORT", "2"), KNOWN))
                .containsExactly(entry("console.port", "2"));
        assertThat(SettingsSources.load(new String[0], Map.of(), KNOWN)).isEmpty();
    }

    @Test
    void badArgumentsAreRefusedWithTheUsage() {
        assertThatThrownBy(() -> SettingsSources.load(new String[] {"--set", "console.port"}, Map.of(), KNOWN))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set takes key=value, got: console.port");
        assertThatThrownBy(() -> SettingsSources.load(new String[] {"--set", "=3"}, Map.of(), KNOWN))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set takes key=value, got: =3");
        assertThatThrownBy(() -> SettingsSources.load(new String[] {"--set"}, Map.of(), KNOWN))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set needs a value");
        assertThatThrownBy(() -> SettingsSources.load(new String[] {"--config"}, Map.of(), KNOWN))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--config needs a value");
        assertThatThrownBy(() -> SettingsSources.load(new String[] {"--port", "3"}, Map.of(), KNOWN))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Unknown argument --port; usage: [--config FILE] [--set key=value]...");
    }

    @Test
    void aFileThatCannotBeReadIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> SettingsSources.file(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot read the settings file " + missing);
    }
}
