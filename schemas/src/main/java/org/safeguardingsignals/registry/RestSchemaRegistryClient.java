package org.safeguardingsignals.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API (also served by Apicurio Registry under /apis/ccompat/v7).
 * Ids and schemas are immutable once registered, so they are cached for the life of the client; transient failures
 * (no connection, 5xx, 429) are retried with backoff; everything else fails at once with the registry's error code.
 * Over https:// it trusts the configured trust store ({@link RegistryTls}), or the JVM's default one.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUris;
    private final Optional<String> authorization;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final HttpClient http;

    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idBySubjectAndSchema = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this.baseUris = config.urls().stream()
                .map(RestSchemaRegistryClient::withoutTrailingSlash)
                .toList();
        this.authorization = config.basicAuthUserInfo()
                .map(u -> "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
        this.requestTimeout = config.requestTimeout();
        this.maxRetries = config.maxRetries();
        this.retryBackoff = config.retryBackoff();
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(config.connectTimeout());
        if (config.tls().configured()) {
            http.sslContext(config.tls().sslContext());
        }
        this.http = http.build();
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = idBySubjectAndSchema.getOrDefault(subject, Map.of()).get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode response = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = response.path("id").asInt();
        remember(subject, schema, id);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        JsonNode r = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        int id = r.path("id").asInt();
        remember(subject, schema, id);
        return new RegisteredSchema(subject, id, r.path("version").asInt(), schema);
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode r = send("GET", "/schemas/ids/" + id, null);
        Schema schema = new Schema.Parser().parse(r.path("schema").asText());
        schemaById.put(id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode r = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        Schema schema = new Schema.Parser().parse(r.path("schema").asText());
        int id = r.path("id").asInt();
        remember(subject, schema, id);
        return new RegisteredSchema(subject, id, r.path("version").asInt(), schema);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode r =
                    send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
            return r.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
                return true; // nothing registered yet, so anything may be
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        JsonNode r = send("GET", "/config", null);
        String level = r.has("compatibilityLevel")
                ? r.path("compatibilityLevel").asText()
                : r.path("compatibility").asText();
        return CompatibilityLevel.valueOf(level);
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        send("PUT", "/config", body.toString());
    }

    @Override
    public List<String> subjects() {
        JsonNode r = send("GET", "/subjects", null);
        List<String> subjects = new ArrayList<>();
        r.forEach(n -> subjects.add(n.asText()));
        return subjects;
    }

    private void remember(String subject, Schema schema, int id) {
        idBySubjectAndSchema
                .computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
                .put(schema, id);
        schemaById.putIfAbsent(id, schema);
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode()
                .put("schemaType", "AVRO")
                .put("schema", schema.toString())
                .toString();
    }

    private JsonNode send(String method, String path, String body) {
        SchemaRegistryException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            URI base = baseUris.get(attempt % baseUris.size());
            try {
                HttpResponse<String> response =
                        http.send(request(base, method, path, body), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
                }
                last = failure(method, base, path, status, response.body());
                if (status < 500 && status != 429) {
                    throw last;
                }
            } catch (IOException e) {
                last = new SchemaRegistryException(
                        "Schema registry at " + base + " unreachable for " + method + " " + path + ": " + e,
                        -1,
                        SchemaRegistryException.UNREACHABLE,
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(
                        "Interrupted calling the schema registry", -1, SchemaRegistryException.UNREACHABLE, e);
            }
            if (attempt < maxRetries) {
                LOG.debug("Retrying schema registry call after: {}", last.getMessage());
                sleep(retryBackoff.multipliedBy(1L << Math.min(attempt, 6)));
            }
        }
        throw last;
    }

    private HttpRequest request(URI base, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", CONTENT_TYPE);
        }
        authorization.ifPresent(a -> b.header("Authorization", a));
        return b.build();
    }

    private static SchemaRegistryException failure(String method, URI base, String path, int status, String body) {
        int code = status;
        String message = body;
        try {
            JsonNode error = JSON.readTree(body);
            code = error.path("error_code").asInt(status);
            message = error.path("message").asText(body);
        } catch (IOException | RuntimeException ignored) {
            // not JSON: keep the raw body as the message
        }
        return new SchemaRegistryException(
                "Schema registry " + base + " answered " + status + " (error code " + code + ") to " + method + " "
                        + path + ": " + message,
                status,
                code);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI withoutTrailingSlash(String url) {
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
}
