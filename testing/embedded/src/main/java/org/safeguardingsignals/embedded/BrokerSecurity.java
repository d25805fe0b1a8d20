package org.safeguardingsignals.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SaslAuthenticationException;

/**
 * How a broker on one machine (tests, the local run) is secured, and the files that make it so, all under one
 * directory: a certificate authority, the broker's key store, a trust store with the authority's certificate, and one
 * credentials file per principal (0600), each a complete set of Kafka client settings but the bootstrap address.
 *
 * <p>Listeners, all TLS:
 *
 * <ul>
 *   <li>{@code CLIENTS}: SASL_SSL with SCRAM-SHA-512, for every application and agency. SCRAM is the default because
 *       an agency's developer can use a user name and password from any Kafka client, and a password can be rotated
 *       (alterUserScramCredentials) without issuing a certificate; the password never crosses the wire, and TLS
 *       carries the conversation. Mutual TLS is the alternative for agencies that prefer certificates (docs/PUBLISHING.md).
 *   <li>{@code INTERNAL}: mutual TLS, the broker's own certificate (principal {@value #BROKER}): inter-broker traffic
 *       and the one administrative step that needs no password, creating the SCRAM credentials.
 *   <li>{@code CONTROLLER}: mutual TLS, the KRaft controller.
 * </ul>
 *
 * <p>Authorisation: StandardAuthorizer, deny when no ACL matches, super users {@value #ADMIN} (administration only)
 * and {@value #BROKER}. What every other principal may do is deploy/access/acls.txt.
 */
public final class BrokerSecurity {
    public static final String ADMIN = "admin";
    public static final String BROKER = "kafka-broker";
    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String CLIENTS = "CLIENTS";
    public static final String INTERNAL = "INTERNAL";
    public static final String CONTROLLER = "CONTROLLER";

    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(825);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final String storePassword;

    private BrokerSecurity(Path dir, String storePassword) {
        this.dir = dir;
        this.storePassword = storePassword;
    }

    /**
     * The security material in {@code dir}, created on first use: a new authority, broker certificate (for localhost
     * and 127.0.0.1) and trust store. Kept across runs, so that clients' trust stores and passwords stay valid.
     */
    public static BrokerSecurity in(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path passwordFile = dir.resolve("stores.password");
            if (!Files.exists(passwordFile)) {
                OwnerOnly.write(passwordFile, newSecret());
            }
            BrokerSecurity security =
                    new BrokerSecurity(dir, Files.readString(passwordFile).trim());
            if (!Files.exists(security.brokerKeyStore()) || !Files.exists(security.trustStore())) {
                security.createCertificates();
            }
            return security;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the broker's security in " + dir, e);
        }
    }

    private void createCertificates() {
        char[] password = storePassword.toCharArray();
        CertificateAuthority ca = CertificateAuthority.create("Safeguarding Signals local CA", CERTIFICATE_VALIDITY);
        ca.save(dir.resolve("ca.p12"), password);
        ca.writeTrustStore(trustStore(), password);
        ca.issue(BROKER, List.of("localhost"), List.of("127.0.0.1"), CERTIFICATE_VALIDITY)
                .writeKeyStore(brokerKeyStore(), BROKER, password);
    }

    /** The authority that signed the broker's certificate, to issue other servers' certificates (registry, console). */
    public CertificateAuthority authority() {
        return CertificateAuthority.load(dir.resolve("ca.p12"), storePassword.toCharArray());
    }

    public Path directory() {
        return dir;
    }

    /** A PKCS12 trust store with the local authority's certificate: every client needs it. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** The password of the trust store and of the key stores kept here. */
    public String storePassword() {
        return storePassword;
    }

    Path brokerKeyStore() {
        return dir.resolve("broker.p12");
    }

    /** The broker's listener, TLS and authorisation settings, for the given ports on localhost. */
    public Map<String, String> serverProperties(int clientPort, int internalPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(
                "listeners",
                CLIENTS + "://localhost:" + clientPort + "," + INTERNAL + "://localhost:" + internalPort + ","
                        + CONTROLLER + "://localhost:" + controllerPort);
        p.put(
                "advertised.listeners",
                CLIENTS + "://localhost:" + clientPort + "," + INTERNAL + "://localhost:" + internalPort);
        p.put("listener.security.protocol.map", CLIENTS + ":SASL_SSL," + INTERNAL + ":SSL," + CONTROLLER + ":SSL");
        p.put("inter.broker.listener.name", INTERNAL);
        p.put("controller.listener.names", CONTROLLER);
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put(
                "listener.name.clients.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.internal.ssl.client.auth", "required");
        p.put("listener.name.controller.ssl.client.auth", "required");
        p.put("ssl.keystore.location", brokerKeyStore().toAbsolutePath().toString());
        p.put("ssl.keystore.password", storePassword);
        p.put("ssl.key.password", storePassword);
        p.put("ssl.keystore.type", CertificateAuthority.STORE_TYPE);
        p.put("ssl.truststore.location", trustStore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", storePassword);
        p.put("ssl.truststore.type", CertificateAuthority.STORE_TYPE);
        p.put("ssl.enabled.protocols", "TLSv1.3,TLSv1.2");
        // a certificate's principal is its common name (CN=kafka-broker -> User:kafka-broker)
        p.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:" + ADMIN + ";User:" + BROKER);
        return p;
    }

    /**
     * Client settings for {@code principal} on the CLIENTS listener (SASL_SSL, SCRAM-SHA-512), its password created
     * on first use and kept in {@link #credentialsFile}. The broker knows the password once {@link #register} ran.
     */
    public Map<String, String> clientProperties(String bootstrapServers, String principal) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(credentials(principal));
        return p;
    }

    /** A principal's client settings without the bootstrap address, as kept in its credentials file. */
    public synchronized Map<String, String> credentials(String principal) {
        if (!principal.matches("[a-z][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("Not a principal name: " + principal);
        }
        Path file = credentialsFile(principal);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
                OwnerOnly.write(file, asText(settingsFor(principal, newSecret()), principal));
            }
            Properties saved = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                saved.load(in);
            }
            Map<String, String> m = new LinkedHashMap<>();
            new TreeMap<>(saved).forEach((k, v) -> m.put((String) k, (String) v));
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the credentials of " + principal + " in " + file, e);
        }
    }

    /** Where a principal's client settings (with its password) are kept, owner-only. */
    public Path credentialsFile(String principal) {
        return dir.resolve("credentials").resolve(principal + ".properties");
    }

    /** Settings for the broker's own identity on the INTERNAL listener (mutual TLS): super user, for set-up only. */
    public Map<String, String> brokerIdentity(String internalBootstrapServers) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", internalBootstrapServers);
        p.put("security.protocol", "SSL");
        p.put("ssl.keystore.location", brokerKeyStore().toAbsolutePath().toString());
        p.put("ssl.keystore.password", storePassword);
        p.put("ssl.key.password", storePassword);
        p.put("ssl.keystore.type", CertificateAuthority.STORE_TYPE);
        p.put("ssl.truststore.location", trustStore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", storePassword);
        p.put("ssl.truststore.type", CertificateAuthority.STORE_TYPE);
        return p;
    }

    /**
     * Gives the broker each principal's SCRAM credential (created or replaced: idempotent) through an admin client
     * that holds the broker's identity, and waits until each principal can sign in on {@code bootstrapServers} (the
     * broker's credential cache follows its metadata a moment after the change is committed).
     */
    public void register(Admin brokerAdmin, String bootstrapServers, Collection<String> principals, Duration timeout) {
        List<UserScramCredentialAlteration> upserts = principals.stream()
                .map(p -> (UserScramCredentialAlteration) new UserScramCredentialUpsertion(
                        p, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password(p)))
                .toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            brokerAdmin.alterUserScramCredentials(upserts).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (String principal : principals) {
                awaitSignIn(bootstrapServers, principal, deadline);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not register the credentials of " + principals, e);
        }
    }

    private void awaitSignIn(String bootstrapServers, String principal, long deadline) throws Exception {
        Map<String, Object> p = new HashMap<>(clientProperties(bootstrapServers, principal));
        p.put("default.api.timeout.ms", "10000");
        p.put("request.timeout.ms", "5000");
        while (true) {
            try (Admin admin = Admin.create(p)) {
                admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof SaslAuthenticationException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }

    private String password(String principal) {
        String jaas = credentials(principal).get("sasl.jaas.config");
        int start = jaas.indexOf("password=\"") + "password=\"".length();
        return jaas.substring(start, jaas.indexOf('"', start));
    }

    private Map<String, String> settingsFor(String principal, String password) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", MECHANISM);
        p.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                        + "\" password=\"" + password + "\";");
        p.put("ssl.truststore.location", trustStore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", storePassword);
        p.put("ssl.truststore.type", CertificateAuthority.STORE_TYPE);
        return p;
    }

    private static String asText(Map<String, String> settings, String principal) throws IOException {
        Properties p = new Properties();
        p.putAll(settings);
        StringWriter out = new StringWriter();
        p.store(out, "Kafka client settings of principal " + principal + " (SASL_SSL, " + MECHANISM + "): secret");
        return out.toString();
    }

    private static String newSecret() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
