package org.safeguardingsignals.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.Test;

class SetupCommandTest {
    @Test
    void readsItsOptionsWithDefaultsForTheOptionalOnes() {
        SetupCommand.Options o = SetupCommand.parse(new String[] {
            "--broker-config", "broker.properties", "--users", "users.properties", "--admin-config", "admin.properties"
        });

        assertThat(o.brokerConfig()).isEqualTo(Path.of("broker.properties"));
        assertThat(o.users()).isEqualTo(Path.of("users.properties"));
        assertThat(o.adminConfig()).isEqualTo(Path.of("admin.properties"));
        assertThat(o.adminBootstrap()).isNull();
        assertThat(o.brokers()).isEqualTo(1);
        assertThat(o.accessFile()).isNull();
        assertThat(o.partitions()).isEqualTo(12);
        assertThat(o.waitLimit()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void readsEveryOption() {
        SetupCommand.Options o = SetupCommand.parse(new String[] {
            "--broker-config",
            "b",
            "--users",
            "u",
            "--admin-config",
            "a",
            "--bootstrap-servers",
            "kafka-1:19092",
            "--brokers",
            "3",
            "--file",
            "acls.txt",
            "--partitions",
            "4",
            "--wait-seconds",
            "30"
        });

        assertThat(o.adminBootstrap()).isEqualTo("kafka-1:19092");
        assertThat(o.brokers()).isEqualTo(3);
        assertThat(o.accessFile()).isEqualTo(Path.of("acls.txt"));
        assertThat(o.partitions()).isEqualTo(4);
        assertThat(o.waitLimit()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesAMissingRequiredOptionAnUnknownOneAndADanglingOne() {
        assertThatThrownBy(() -> SetupCommand.parse(new String[] {"--broker-config", "b", "--users", "u"}))
                .hasMessage("Missing --admin-config");
        assertThatThrownBy(() -> SetupCommand.parse(
                        new String[] {"--broker-config", "b", "--users", "u", "--admin-config", "a", "--topics", "x"}))
                .hasMessage("Unknown option --topics");
        assertThatThrownBy(() -> SetupCommand.parse(new String[] {"--broker-config", "b", "--users"}))
                .hasMessage("Unexpected argument: --users");
        assertThatThrownBy(() -> SetupCommand.parse(new String[] {"broker.properties"}))
                .hasMessage("Unexpected argument: broker.properties");
    }

    @Test
    void oneScramSha512CredentialPerPrincipalInNameOrderWithThePasswordTrimmed() {
        Map<String, String> users = Map.of("detection", "secret-d ", "admin", "secret-a");

        var upserts = SetupCommand.upserts(users);

        assertThat(upserts).hasSize(2);
        assertThat(upserts).extracting(u -> u.user()).containsExactly("admin", "detection");
        UserScramCredentialUpsertion detection = (UserScramCredentialUpsertion) upserts.get(1);
        assertThat(detection.credentialInfo().mechanism()).isEqualTo(ScramMechanism.SCRAM_SHA_512);
        assertThat(detection.credentialInfo().iterations()).isEqualTo(SetupCommand.SCRAM_ITERATIONS);
        assertThat(new String(detection.password(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("secret-d");
    }
}
