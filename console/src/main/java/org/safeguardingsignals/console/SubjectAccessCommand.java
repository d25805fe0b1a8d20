package org.safeguardingsignals.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The subject access export from a terminal: asks the console's API as an information-governance officer (so the
 * console decides, audits and reads, once) and writes the export as JSON and as the printable page, owner-only.
 * Usage: {@code SubjectAccessCommand --console URL --token-file FILE --nhs-number N --request REF [--out DIR]
 * [--trust-config FILE]}; the trust config is a properties file with {@code ssl.truststore.location},
 * {@code ssl.truststore.password} and {@code ssl.truststore.type} (a Kafka client file will do), for a console whose
 * certificate the JVM's own trust store does not know.
 */
public final class SubjectAccessCommand {
    static final String USAGE = "Usage: subject-access --console URL --token-file FILE --nhs-number N --request REF "
            + "[--out DIR] [--trust-config FILE]";
    private static final List<String> OPTIONS =
            List.of("--console", "--token-file", "--nhs-number", "--request", "--out", "--trust-config");

    private SubjectAccessCommand() {}

    /** The files written. */
    record Written(Path json, Path html, Map<String, Object> counts) {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** 0 when written, 1 when the console refused or failed, 2 for a usage error. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> a;
        try {
            a = options(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            Written w = export(
                    URI.create(a.get("--console")),
                    Files.readString(Path.of(a.get("--token-file"))).trim(),
                    a.get("--nhs-number"),
                    a.get("--request"),
                    Path.of(a.getOrDefault("--out", ".")),
                    Optional.ofNullable(a.get("--trust-config")).map(Path::of));
            out.println("Subject access export written: " + w.json() + " and " + w.html());
            out.println("Held: " + w.counts());
            return 0;
        } catch (Refused e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("The export failed: " + e.getMessage());
            return 1;
        }
    }

    /** The console's answer was not an export: its status and its message. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    static Written export(
            URI console, String token, String nhsNumber, String request, Path out, Optional<Path> trustConfig)
            throws IOException, Refused {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (trustConfig.isPresent()) {
            client.sslContext(sslContext(trustConfig.get()));
        }
        String base = console.toString().replaceAll("/+$", "");
        URI uri = URI.create(
                base + SubjectAccess.JSON_PATH + "?nhsNumber=" + encode(nhsNumber) + "&request=" + encode(request));
        HttpResponse<String> r;
        try {
            r = client.build()
                    .send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(120))
                                    .header("Authorization", "Bearer " + token)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (r.statusCode() != 200) {
            String message;
            try {
                message = String.valueOf(SubjectAccess.parse(r.body()).get("error"));
            } catch (IllegalArgumentException e) {
                message = "(no message)";
            }
            throw new Refused("The console answered " + r.statusCode() + ": " + message);
        }
        Map<String, Object> export = SubjectAccess.parse(r.body());
        Files.createDirectories(out);
        String name = "subject-access-" + request.replaceAll("[^A-Za-z0-9._-]", "_");
        Path json = ownerOnly(out.resolve(name + ".json"), r.body());
        Path html = ownerOnly(out.resolve(name + ".html"), SubjectAccessPage.render(export));
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) export.getOrDefault("counts", new LinkedHashMap<>());
        return new Written(json, html, counts);
    }

    /** The file holds a child's personal data: readable by its owner alone, where the file system can say so. */
    private static Path ownerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static SSLContext sslContext(Path trustConfig) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(trustConfig)) {
            p.load(in);
        }
        String location = p.getProperty("ssl.truststore.location");
        if (location == null) {
            throw new IOException(trustConfig + " names no ssl.truststore.location");
        }
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(p.getProperty("ssl.truststore.type", "PKCS12"));
            String password = p.getProperty("ssl.truststore.password");
            store.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("The trust store " + location + " could not be read", e);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!OPTIONS.contains(args[i]) || i + 1 == args.length) {
                throw new IllegalArgumentException("Unknown option, or an option without its value: " + args[i]);
            }
            a.put(args[i], args[++i]);
        }
        for (String required : List.of("--console", "--token-file", "--nhs-number", "--request")) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("Missing " + required);
            }
        }
        return a;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
