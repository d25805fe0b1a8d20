package org.safeguardingsignals.runtime;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.safeguardingsignals.events.DeadLetter;
import org.safeguardingsignals.events.OriginalRecord;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.KafkaConnection;
import org.safeguardingsignals.topics.TopicReader;
import org.safeguardingsignals.topics.Topics;

/**
 * The engineer on call's view of the dead-letter topic. {@code list} shows reasons and coordinates (never values).
 * {@code replay} opens the sealed originals with the replay key and sends them back, byte for byte, to the topics
 * they came from, once the cause is fixed (a schema registered late, a contract corrected): what is still invalid is
 * dead-lettered again, and what was already processed is counted once by its event id.
 *
 * <pre>
 * DeadLetterTool list   --bootstrap HOST:PORT --registry URL [--config on-call.properties] [--reason R] [--topic T]
 * DeadLetterTool replay --bootstrap HOST:PORT --registry URL [--config on-call.properties] --key replay-key.pem
 *                       [--reason R] [--topic T]
 * </pre>
 *
 * <p>{@code --config} names a properties file with the on-call principal's Kafka security settings
 * (security.protocol, sasl.*, ssl.*) and any registry TLS settings; on a secured cluster it is needed.
 */
public final class DeadLetterTool {
    private DeadLetterTool() {}

    /** Which dead letters a command acts on. */
    public record Selection(String reason, String topic) {
        boolean matches(DeadLetter l) {
            return (reason == null || reason.equals(l.getReason().name()))
                    && (topic == null || topic.equals(l.getSourceTopic()));
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (args.length == 0 || !options.containsKey("--bootstrap") || !options.containsKey("--registry")) {
            System.err.println("Usage: DeadLetterTool list|replay --bootstrap HOST:PORT --registry URL "
                    + "[--config on-call.properties] [--key replay-key.pem] [--reason R] [--topic T]");
            System.exit(2);
        }
        Selection selection = new Selection(options.get("--reason"), options.get("--topic"));
        Map<String, String> client = new HashMap<>();
        if (options.containsKey("--config")) {
            Properties settings = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(options.get("--config")))) {
                settings.load(in);
            }
            settings.stringPropertyNames().forEach(k -> client.put(k, settings.getProperty(k)));
        }
        client.put("bootstrap.servers", options.get("--bootstrap"));
        client.put("schema.registry.url", options.get("--registry"));
        switch (args[0]) {
            case "list" -> list(client, selection, System.out);
            case "replay" -> {
                if (!options.containsKey("--key")) {
                    System.err.println("replay needs --key: the replay certificate's private key (PEM)");
                    System.exit(2);
                }
                int sent = replay(client, selection, OriginalOpener.fromPem(Path.of(options.get("--key"))));
                System.out.println("Replayed " + sent + " record(s) to their source topics");
            }
            default -> {
                System.err.println("Unknown command " + args[0] + ": list or replay");
                System.exit(2);
            }
        }
    }

    /** Prints one line per selected dead letter; returns how many. */
    public static int list(Map<String, String> client, Selection selection, PrintStream out) {
        List<DeadLetter> letters = read(client, selection);
        for (DeadLetter l : letters) {
            out.printf(
                    "%s  %-22s %s-%d@%d  %s%s%n",
                    l.getRejectedAt(),
                    l.getReason(),
                    l.getSourceTopic(),
                    l.getPartition(),
                    l.getOffset(),
                    l.getDetail(),
                    l.getSealedOriginal() == null ? "  (no sealed original)" : "");
        }
        out.printf("%d dead letter(s)%n", letters.size());
        return letters.size();
    }

    /** Sends every selected, sealed original back to its source topic; returns how many were sent. */
    public static int replay(Map<String, String> client, Selection selection, OriginalOpener opener) throws Exception {
        Properties p = new Properties();
        p.putAll(KafkaConnection.of(client)); // bootstrap.servers and the on-call engineer's security settings
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (DeadLetter l : read(client, selection)) {
                if (l.getSealedOriginal() == null
                        || Topics.byName(l.getSourceTopic()).isEmpty()) {
                    continue;
                }
                OriginalRecord original = opener.open(l.getSealedOriginal());
                sent.add(producer.send(new ProducerRecord<>(
                        l.getSourceTopic(), bytes(original.getKey()), bytes(original.getValue()))));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        return sent.size();
    }

    private static List<DeadLetter> read(Map<String, String> client, Selection selection) {
        SpecificAvroDeserializer<DeadLetter> values = new SpecificAvroDeserializer<>(DeadLetter.class);
        values.configure(client, false);
        return TopicReader.readToEnd(client, Topics.DEAD_LETTERS.name(), new ByteArrayDeserializer(), values).stream()
                .map(ConsumerRecord::value)
                .filter(selection::matches)
                .toList();
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
