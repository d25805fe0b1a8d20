package org.safeguardingsignals.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.console.ConsoleSettings;
import org.safeguardingsignals.detection.DetectionSettings;
import org.safeguardingsignals.metrics.MetricsSettings;
import org.safeguardingsignals.runtime.InternalListener;
import org.safeguardingsignals.runtime.access.AccessControlFile;
import org.safeguardingsignals.topics.Topic;
import org.safeguardingsignals.topics.Topics;

/**
 * deploy/kubernetes checked without a cluster: every manifest parses into the Strimzi or fabric8 model with no field
 * the model does not know; the generated topics and users are what the registries make now; and the hand-written
 * resources agree with the registries, the applications' settings and the images' names.
 */
class KubernetesManifestsTest {
    static final Path ROOT = locateRoot();
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    static final String VERSION = System.getProperty("project.version");
    static final Manifests BASE = Manifests.read(KUBERNETES.resolve("base"));
    static final AccessControlFile ACCESS = AccessControlFile.read(ROOT.resolve(AccessControlFile.IN_REPOSITORY));

    static Path locateRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/kubernetes"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no deploy/kubernetes above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theGeneratedTopicsAndUsersAreWhatTheRegistriesMakeNow() throws IOException {
        assertThat(Files.readString(ROOT.resolve(KubernetesManifests.TOPICS_FILE)))
                .as("regenerate: mvn -q -o -pl manifests -am process-classes -Pkubernetes-manifests")
                .isEqualTo(KubernetesManifests.topicsYaml());
        assertThat(Files.readString(ROOT.resolve(KubernetesManifests.USERS_FILE)))
                .as("regenerate: mvn -q -o -pl manifests -am process-classes -Pkubernetes-manifests")
                .isEqualTo(KubernetesManifests.usersYaml(ACCESS));
    }

    @Test
    void everyManifestIsAResourceOfAKnownKindWithNoFieldItsModelDoesNotKnow() {
        assertThat(BASE.all()).hasSizeGreaterThan(40);
        assertThat(BASE.all().stream().map(HasMetadata::getKind).collect(Collectors.toSet()))
                .containsAll(Manifests.KINDS.keySet().stream()
                        .filter(k -> !k.equals("Secret"))
                        .toList());
    }

    @Test
    void aFieldTheModelDoesNotKnowIsRefusedWithItsPath(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("typo.yaml"),
                String.join(
                        "\n",
                        "apiVersion: kafka.strimzi.io/v1",
                        "kind: KafkaTopic",
                        "metadata:",
                        "  name: t",
                        "spec:",
                        "  partitons: 3",
                        ""));
        assertThatThrownBy(() -> Manifests.read(dir))
                .hasMessageContaining("KafkaTopic t has fields its model does not know")
                .hasMessageContaining("partitons");
        Files.writeString(dir.resolve("typo.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
        assertThatThrownBy(() -> Manifests.read(dir)).hasMessageContaining("kind Pod is not one the deployment uses");
    }

    @Test
    void eachFileDropConnectorPutsRowsOnTheirChildsPartitionOverTheTopicsOwnCount() {
        // a count above the topic's makes every send fail; below it, rows miss their child's partition
        List<KafkaConnector> fileDrops = BASE.of(KafkaConnector.class).stream()
                .filter(c -> c.getSpec().getClassName().endsWith("FileDropSourceConnector"))
                .toList();
        assertThat(fileDrops).isNotEmpty();
        for (KafkaConnector c : fileDrops) {
            assertThat(String.valueOf(c.getSpec().getConfig().get("child.partitions")))
                    .as(c.getMetadata().getName())
                    .isEqualTo(String.valueOf(DetectionSettings.DEFAULT_TOPICS_PARTITIONS));
        }
    }

    @Test
    void thereIsAKafkaTopicForEveryTopicOfTheRegistryAsTheRegistryKeepsIt() {
        Map<String, KafkaTopic> byName = BASE.of(KafkaTopic.class).stream()
                .collect(Collectors.toMap(t -> t.getSpec().getTopicName(), t -> t));
        assertThat(byName.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Topics.ALL.stream().map(Topic::name).toList());
        for (Topic<?> t : Topics.ALL) {
            KafkaTopic k = byName.get(t.name());
            assertThat(k.getSpec().getPartitions()).as(t.name()).isEqualTo(DetectionSettings.DEFAULT_TOPICS_PARTITIONS);
            assertThat(k.getSpec().getReplicas()).as(t.name()).isEqualTo(3);
            assertThat(String.valueOf(k.getSpec().getConfig().get("min.insync.replicas")))
                    .as(t.name())
                    .isEqualTo("2");
            assertThat(String.valueOf(k.getSpec().getConfig().get("retention.ms")))
                    .isEqualTo(Long.toString(t.settings().retention().toMillis()));
            assertThat(k.getSpec().getConfig().get("cleanup.policy"))
                    .isEqualTo(t.settings().compacted() ? "compact" : "delete");
        }
    }

    @Test
    void thereIsAKafkaUserForEveryPrincipalWithExactlyItsRulesOfTheAccessFile() {
        List<KafkaUser> users = BASE.of(KafkaUser.class);
        Set<String> deployed = new TreeSet<>(ACCESS.principals());
        deployed.removeAll(KubernetesManifests.NOT_DEPLOYED);
        assertThat(users).extracting(u -> u.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(deployed);
        for (KafkaUser u : users) {
            String principal = u.getMetadata().getName();
            assertThat(u.getSpec().getAuthentication()).isInstanceOf(KafkaUserTlsClientAuthentication.class);
            Set<String> granted = ((KafkaUserAuthorizationSimple) u.getSpec().getAuthorization())
                    .getAcls().stream()
                            .flatMap(a -> a.getOperations().stream()
                                    .map(op -> a.getResource().getType() + " " + name(a.getResource()) + " " + op))
                            .collect(Collectors.toCollection(TreeSet::new));
            Set<String> asked = ACCESS.rulesOf(principal).stream()
                    .flatMap(r -> r.operations().stream()
                            .map(op -> strimziType(r.resourceType().name()) + " "
                                    + (r.resourceType().name().equals("CLUSTER")
                                            ? "kafka-cluster"
                                            : r.name() + (r.patternType().name().equals("PREFIXED") ? "*" : ""))
                                    + " " + op.name().replace("_", "")))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> grantedUpper = new TreeSet<>();
            granted.forEach(g -> grantedUpper.add(g.toUpperCase()));
            Set<String> askedUpper = new TreeSet<>();
            asked.forEach(a -> askedUpper.add(a.toUpperCase()));
            assertThat(grantedUpper).as(principal).isEqualTo(askedUpper);
        }
    }

    private static String strimziType(String kafkaType) {
        return switch (kafkaType) {
            case "TRANSACTIONAL_ID" -> "transactionalId";
            default -> kafkaType.toLowerCase();
        };
    }

    private static String name(io.strimzi.api.kafka.model.user.acl.AclRuleResource r) {
        JsonNode n = Manifests.YAML.valueToTree(r);
        if (r.getType().equals("cluster")) {
            return "kafka-cluster";
        }
        return n.path("name").asText() + ("prefix".equals(n.path("patternType").asText()) ? "*" : "");
    }

    @Test
    void theClusterHasThreeBrokersAcrossZonesTwoCopiesInSyncAndOnlyTheAgenciesListenerOutside() {
        Kafka kafka = BASE.named(Kafka.class, KubernetesManifests.CLUSTER);
        KafkaNodePool brokers = BASE.of(KafkaNodePool.class).stream()
                .filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .findFirst()
                .orElseThrow();
        assertThat(brokers.getSpec().getReplicas()).isEqualTo(KubernetesManifests.BROKERS);
        assertThat(kafka.getSpec().getKafka().getRack().getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        assertThat(String.valueOf(config.get("min.insync.replicas"))).isEqualTo("2");
        assertThat(String.valueOf(config.get("unclean.leader.election.enable"))).isEqualTo("false");
        assertThat(String.valueOf(config.get("add.partitions.to.txn.retry.backoff.max.ms")))
                .as("a transaction's first write waits on the broker for the last one's markers")
                .isEqualTo("5000");
        assertThat(String.valueOf(config.get("auto.create.topics.enable"))).isEqualTo("false");
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        assertThat(listeners).allSatisfy(l -> {
            assertThat(l.isTls()).as(l.getName()).isTrue();
            assertThat(l.getAuth().getType()).as(l.getName()).isEqualTo("tls");
        });
        assertThat(listeners)
                .filteredOn(l -> l.getType() != KafkaListenerType.INTERNAL)
                .extracting(GenericKafkaListener::getName)
                .containsExactly("agencies");
        // every topic, user, node pool and connector names this cluster (or the Connect cluster)
        for (HasMetadata r : BASE.all()) {
            if (r instanceof KafkaTopic || r instanceof KafkaUser || r instanceof KafkaNodePool) {
                assertThat(r.getMetadata().getLabels())
                        .containsEntry("strimzi.io/cluster", KubernetesManifests.CLUSTER);
            }
        }
        KafkaConnect connect = BASE.of(KafkaConnect.class).get(0);
        for (KafkaConnector c : BASE.of(KafkaConnector.class)) {
            assertThat(c.getMetadata().getLabels())
                    .containsEntry("strimzi.io/cluster", connect.getMetadata().getName());
        }
        String bootstrap = KubernetesManifests.CLUSTER + "-kafka-bootstrap:"
                + listeners.stream()
                        .filter(l -> l.getType() == KafkaListenerType.INTERNAL)
                        .findFirst()
                        .orElseThrow()
                        .getPort();
        assertThat(connect.getSpec().getBootstrapServers()).isEqualTo(bootstrap);
        for (String app : List.of("detection", "metrics", "console")) {
            assertThat(properties(app).getProperty("bootstrap.servers")).as(app).isEqualTo(bootstrap);
            assertThat(properties(app).getProperty("security.protocol")).as(app).isEqualTo("SSL");
        }
    }

    @Test
    void eachApplicationListensAndIsProbedWhereItsSettingsSay() {
        assertInternalListener(
                pod(StatefulSet.class, "detection"), "detection", DetectionSettings.DEFAULT_INTERNAL_PORT);
        assertInternalListener(pod(Deployment.class, "metrics"), "metrics", MetricsSettings.DEFAULT_INTERNAL_PORT);
        assertInternalListener(pod(Deployment.class, "console"), "console", ConsoleSettings.DEFAULT_INTERNAL_PORT);
        Container console = pod(Deployment.class, "console").getContainers().get(0);
        int publicPort = Integer.parseInt(properties("console").getProperty(ConsoleSettings.PORT));
        assertThat(port(console, "http")).isEqualTo(publicPort);
        assertThat(servicePort("console", "http")).isEqualTo(publicPort);
        assertThat(properties("console").getProperty(ConsoleSettings.DETECTION_URL))
                .isEqualTo("http://detection:" + DetectionSettings.DEFAULT_INTERNAL_PORT);
    }

    private static void assertInternalListener(PodSpec pod, String app, int defaultPort) {
        Container c = pod.getContainers().get(0);
        int port = Integer.parseInt(properties(app).getProperty("internal.port", Integer.toString(defaultPort)));
        assertThat(port(c, "internal")).as(app).isEqualTo(port);
        assertThat(servicePort(app, "internal")).as(app).isEqualTo(port);
        assertProbe(c.getReadinessProbe(), InternalListener.READY, app);
        assertProbe(c.getLivenessProbe(), InternalListener.HEALTH, app);
        // bound to every interface, so that the kubelet and the other pods reach it
        assertThat(properties(app).getProperty("internal.host")).as(app).isEqualTo("0.0.0.0");
    }

    private static void assertProbe(Probe probe, String path, String app) {
        assertThat(probe).as(app + " " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(app).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(app).isEqualTo("internal");
    }

    @Test
    void detectionKeepsItsStateOnItsOwnVolumeWithAStandbyAndAtMostOneInstanceDown() {
        StatefulSet detection = BASE.named(StatefulSet.class, "detection");
        assertThat(detection.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        String stateDir = properties("detection").getProperty("state.dir");
        assertThat(detection
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getVolumeMounts())
                .anySatisfy(m -> {
                    assertThat(m.getMountPath()).isEqualTo(stateDir);
                    assertThat(detection.getSpec().getVolumeClaimTemplates())
                            .extracting(c -> c.getMetadata().getName())
                            .contains(m.getName());
                });
        assertThat(properties("detection").getProperty("num.standby.replicas")).isEqualTo("1");
        PodDisruptionBudget pdb = BASE.named(PodDisruptionBudget.class, "detection");
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(detection.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void theApplicationsRunTheImagesTheBuildMakesTaggedWithTheProjectVersion() throws IOException {
        assertThat(VERSION).as("project.version from the build").isNotBlank();
        assertThat(image(pod(StatefulSet.class, "detection"))).isEqualTo("safeguarding/detection:" + VERSION);
        assertThat(image(pod(Deployment.class, "metrics"))).isEqualTo("safeguarding/metrics:" + VERSION);
        assertThat(image(pod(Deployment.class, "console"))).isEqualTo("safeguarding/console:" + VERSION);
        assertThat(BASE.of(KafkaConnect.class).get(0).getSpec().getImage())
                .isEqualTo("safeguarding/connect:" + VERSION);
        // the overlay renames every one of them, and nothing else
        JsonNode overlay = Manifests.YAML.readTree(
                KUBERNETES.resolve("overlays/partnership/kustomization.yaml").toFile());
        Set<String> renamed = new TreeSet<>(overlay.get("images").findValuesAsText("name"));
        assertThat(renamed)
                .containsExactly(
                        "safeguarding/connect",
                        "safeguarding/console",
                        "safeguarding/detection",
                        "safeguarding/metrics");
    }

    @Test
    void everySecretAPodNeedsIsMadeByStrimziOrByThePartnershipsOverlay() throws IOException {
        Set<String> made = new HashSet<>();
        BASE.of(KafkaUser.class).forEach(u -> made.add(u.getMetadata().getName()));
        made.add(KubernetesManifests.CLUSTER + "-cluster-ca-cert");
        JsonNode overlay = Manifests.YAML.readTree(
                KUBERNETES.resolve("overlays/partnership/kustomization.yaml").toFile());
        overlay.get("secretGenerator").forEach(g -> made.add(g.get("name").asText()));
        Set<String> needed = new TreeSet<>();
        for (HasMetadata r : BASE.all()) {
            JsonNode tree = Manifests.YAML.valueToTree(r);
            needed.addAll(tree.findValuesAsText("secretName"));
            tree.findValues("secretKeyRef")
                    .forEach(ref -> needed.add(ref.get("name").asText()));
        }
        assertThat(needed).isNotEmpty();
        assertThat(made).containsAll(needed);
        // the vault's key goes to the console alone; detection gets the certificate
        assertThat(volumes(pod(Deployment.class, "console"))).contains("safeguarding-identity-vault-key");
        assertThat(volumes(pod(StatefulSet.class, "detection")))
                .contains("safeguarding-identity-vault-certificate")
                .doesNotContain("safeguarding-identity-vault-key");
    }

    @Test
    void nothingInTheNamespaceAcceptsAConnectionNoPolicyAllows() {
        NetworkPolicy deny = BASE.named(NetworkPolicy.class, "default-deny-ingress");
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
        // the console's public port is reachable from the ingress alone, the internal listeners not from it
        NetworkPolicy console = BASE.named(NetworkPolicy.class, "console-public");
        assertThat(console.getSpec().getIngress())
                .singleElement()
                .satisfies(rule -> assertThat(rule.getPorts())
                        .extracting(p -> p.getPort().getIntVal())
                        .containsExactly(Integer.parseInt(properties("console").getProperty(ConsoleSettings.PORT))));
        NetworkPolicy detection = BASE.named(NetworkPolicy.class, "detection-internal");
        assertThat(detection.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts())
                    .extracting(p -> p.getPort().getIntVal())
                    .containsExactly(DetectionSettings.DEFAULT_INTERNAL_PORT);
            assertThat(rule.getFrom())
                    .extracting(f -> f.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))
                    .containsExactlyInAnyOrder("console", "detection");
        });
    }

    @Test
    void kustomizationsNameEveryManifestAndNothingElse() throws IOException {
        JsonNode base = Manifests.YAML.readTree(
                KUBERNETES.resolve("base/kustomization.yaml").toFile());
        Set<String> listed = new TreeSet<>(base.get("resources").findValuesAsText(""));
        base.get("resources").forEach(n -> listed.add(n.asText()));
        try (var files = Files.list(KUBERNETES.resolve("base"))) {
            assertThat(listed)
                    .isEqualTo(files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                            .collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static Properties properties(String app) {
        ConfigMap map = BASE.named(ConfigMap.class, app);
        Properties p = new Properties();
        try {
            p.load(new StringReader(map.getData().get(app + ".properties")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    private static <T extends HasMetadata> PodSpec pod(Class<T> type, String name) {
        HasMetadata r = BASE.named(type, name);
        if (r instanceof StatefulSet s) {
            return s.getSpec().getTemplate().getSpec();
        }
        return ((Deployment) r).getSpec().getTemplate().getSpec();
    }

    private static String image(PodSpec pod) {
        return pod.getContainers().get(0).getImage();
    }

    private static int port(Container c, String name) {
        return c.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + name));
    }

    private static int servicePort(String service, String name) {
        return BASE.named(Service.class, service).getSpec().getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("service " + service + " has no port named " + name))
                .getPort();
    }

    private static Set<String> volumes(PodSpec pod) {
        return pod.getVolumes().stream()
                .filter(v -> v.getSecret() != null)
                .map(Volume::getSecret)
                .map(s -> s.getSecretName())
                .collect(Collectors.toSet());
    }
}
