package org.safeguardingsignals.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A schema registry held in memory, with the same ids, versions, error codes and compatibility checks as the REST
 * API. For unit tests only: integration tests use a real Apicurio Registry.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> bySubject = new HashMap<>();
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private CompatibilityLevel global = CompatibilityLevel.BACKWARD;
    private int nextId = 1;

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> versions = bySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        for (RegisteredSchema v : versions) {
            if (v.schema().equals(schema)) {
                return v.id();
            }
        }
        if (!compatibleWith(versions, schema)) {
            throw new SchemaRegistryException(
                    "Schema being registered is incompatible with an earlier schema for " + "subject \"" + subject
                            + "\" (" + global + ")",
                    409,
                    SchemaRegistryException.INCOMPATIBLE);
        }
        int id = idByCanonical.computeIfAbsent(schema.toString(), s -> nextId++);
        byId.put(id, schema);
        versions.add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        for (RegisteredSchema v : bySubject.getOrDefault(subject, List.of())) {
            if (v.schema().equals(schema)) {
                return v;
            }
        }
        throw new SchemaRegistryException(
                "Schema not found under subject \"" + subject + "\"", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(
                    "Schema " + id + " not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegisteredSchema> versions = bySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException(
                    "Subject \"" + subject + "\" not found", 404, SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        return compatibleWith(bySubject.getOrDefault(subject, List.of()), schema);
    }

    @Override
    public synchronized CompatibilityLevel globalCompatibility() {
        return global;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        this.global = level;
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(bySubject.keySet());
    }

    private boolean compatibleWith(List<RegisteredSchema> versions, Schema candidate) {
        if (versions.isEmpty() || global == CompatibilityLevel.NONE) {
            return true;
        }
        List<RegisteredSchema> against =
                global.transitive() ? versions : versions.subList(versions.size() - 1, versions.size());
        for (RegisteredSchema earlier : against) {
            if (global.checksBackward() && !canRead(candidate, earlier.schema())) {
                return false;
            }
            if (global.checksForward() && !canRead(earlier.schema(), candidate)) {
                return false;
            }
        }
        return true;
    }

    private static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                        .getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }
}
