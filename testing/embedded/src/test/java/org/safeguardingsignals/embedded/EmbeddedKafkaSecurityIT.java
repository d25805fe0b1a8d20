package org.safeguardingsignals.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker is secured as a deployment is: the administrator can work, an authenticated principal without
 * ACLs can do nothing, a wrong password is refused, the broker denies when no ACL matches, and the credentials files
 * are owner-only.
 */
class EmbeddedKafkaSecurityIT {
    private static final String TOPIC = "security.check.v1";
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(List.of(TOPIC), 1);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void theAdministratorWritesAndReads() throws Exception {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(kafka.adminProperties(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get();
        }
        assertThat(kafka.readAll(TOPIC, new StringDeserializer(), 1, Duration.ofSeconds(30)))
                .extracting(r -> r.value())
                .containsExactly("v");
    }

    /** Deny by default: no ACL names this principal, so allow.everyone.if.no.acl.found=false refuses it. */
    @Test
    void aPrincipalWithoutAclsMayNotWrite() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                kafka.clientProperties("stranger"), new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() ->
                            producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> p = new HashMap<>(kafka.clientProperties("stranger"));
        p.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"stranger\" "
                        + "password=\"guessed\";");
        try (Admin admin = Admin.create(p)) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void everyListenerIsTlsAndTheStandardAuthorizerDecides() throws Exception {
        try (Admin admin = kafka.admin()) {
            String broker =
                    admin.describeCluster().nodes().get().iterator().next().idString();
            Map<String, String> config = admin
                    .describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, broker)))
                    .all()
                    .get()
                    .values()
                    .iterator()
                    .next()
                    .entries()
                    .stream()
                    .filter(e -> e.value() != null)
                    .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
            assertThat(config)
                    .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    .containsEntry("listener.security.protocol.map", "CLIENTS:SASL_SSL,INTERNAL:SSL,CONTROLLER:SSL")
                    .containsEntry("listener.name.internal.ssl.client.auth", "required")
                    .containsEntry("listener.name.controller.ssl.client.auth", "required");
        }
    }

    @Test
    void credentialsFilesAreOwnerOnly() throws Exception {
        kafka.clientProperties("stranger");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(kafka.security().credentialsFile("stranger"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        kafka.security().directory().resolve("ca.p12"))))
                .isEqualTo("rw-------");
    }
}
