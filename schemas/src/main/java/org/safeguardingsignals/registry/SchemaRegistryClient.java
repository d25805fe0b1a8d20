package org.safeguardingsignals.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API the pipeline uses. Subjects follow TopicNameStrategy
 * ("topic-value", "topic-key").
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers the schema under the subject (or finds it registered) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id of this exact schema under the subject; throws with error code 40403 when not registered. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** The schema with this global id; throws with error code 40403 when unknown. */
    Schema getById(int id);

    /** The latest version registered under the subject; throws with error code 40401 when there is none. */
    RegisteredSchema latest(String subject);

    /** Whether the schema could be registered under the subject now, by the subject's compatibility level. */
    boolean isCompatible(String subject, Schema schema);

    /** The global compatibility level. */
    CompatibilityLevel globalCompatibility();

    /** Sets the global compatibility level. */
    void setGlobalCompatibility(CompatibilityLevel level);

    /** Every subject registered. */
    List<String> subjects();

    @Override
    default void close() {}
}
