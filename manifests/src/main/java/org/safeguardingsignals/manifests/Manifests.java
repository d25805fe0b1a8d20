package org.safeguardingsignals.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The manifests of deploy/kubernetes read into the Strimzi and fabric8 models, each document by its kind; a kind
 * the deployment does not use, or a field the model does not know (a typo, or a field of another API version), is
 * refused with the file and the path.
 */
public final class Manifests {
    /** The kinds the deployment uses, and their model classes. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("Kafka", Kafka.class),
            Map.entry("KafkaNodePool", KafkaNodePool.class),
            Map.entry("KafkaTopic", KafkaTopic.class),
            Map.entry("KafkaUser", KafkaUser.class),
            Map.entry("KafkaConnect", KafkaConnect.class),
            Map.entry("KafkaConnector", KafkaConnector.class),
            Map.entry("ConfigMap", ConfigMap.class),
            Map.entry("Secret", Secret.class),
            Map.entry("Service", Service.class),
            Map.entry("PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("StatefulSet", StatefulSet.class),
            Map.entry("Deployment", Deployment.class),
            Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("NetworkPolicy", NetworkPolicy.class),
            Map.entry("ServiceMonitor", ServiceMonitor.class));

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<HasMetadata> resources;

    private Manifests(List<HasMetadata> resources) {
        this.resources = List.copyOf(resources);
    }

    /** Every manifest file of a directory and its subdirectories (Kustomize's own files aside). */
    public static Manifests read(Path dir) {
        List<HasMetadata> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList()) {
                all.addAll(readFile(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Manifests(all);
    }

    static List<HasMetadata> readFile(Path file) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                String kind = doc.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(kind);
                if (type == null) {
                    throw new IllegalArgumentException(file + ": kind " + kind + " is not one the deployment uses");
                }
                HasMetadata resource = YAML.treeToValue(doc, type);
                List<String> unknown = new ArrayList<>();
                unknownFields(resource, kind, unknown, new IdentityHashMap<>());
                if (!unknown.isEmpty()) {
                    throw new IllegalArgumentException(
                            file + ": " + kind + " " + resource.getMetadata().getName() + " has fields its model "
                                    + "does not know: " + unknown);
                }
                out.add(resource);
            }
        }
        return out;
    }

    /**
     * The models keep what they do not know in "additional properties" instead of refusing it: every such property
     * anywhere in the resource is a field the API does not have.
     */
    static void unknownFields(Object o, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!pkg.startsWith("io.strimzi.") && !pkg.startsWith("io.fabric8.")) {
            return;
        }
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0
                    || Modifier.isStatic(g.getModifiers())
                    || !g.getName().startsWith("get")
                    || g.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = g.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (g.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + " " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + g.getName().substring(3), unknown, seen);
            }
        }
    }

    public List<HasMetadata> all() {
        return resources;
    }

    /** Every resource of one model class. */
    public <T extends HasMetadata> List<T> of(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The one resource of this class and name. */
    public <T extends HasMetadata> T named(Class<T> type, String name) {
        return of(type).stream()
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + type.getSimpleName() + " " + name));
    }
}
