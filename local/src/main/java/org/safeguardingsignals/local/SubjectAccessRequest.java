package org.safeguardingsignals.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.safeguardingsignals.console.SubjectAccessCommand;

/**
 * The subject access export against the local run: the console's address and the trust store for its certificate
 * from data/endpoints.properties, the local information-governance officer's token (local-ig) from its owner-only
 * file, the files written to data/subject-access unless --out says otherwise. Arguments: --nhs-number N --request REF
 * [--out DIR].
 */
public final class SubjectAccessRequest {
    /** The local officer's token, beside the run's other secrets. */
    static final String TOKEN_FILE = "console-ig-token.txt";
    /** Where the exports go, in the data directory (owner-only). */
    static final String OUT = "subject-access";

    private SubjectAccessRequest() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of("data");
        Path endpoints = data.resolve("endpoints.properties");
        if (!Files.exists(endpoints)) {
            System.err.println("No " + endpoints + ": start the local run first (mvn -q -pl local exec:exec)");
            System.exit(2);
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(endpoints)) {
            p.load(in);
        }
        List<String> given = new ArrayList<>();
        Arrays.stream(args)
                .flatMap(a -> Arrays.stream(a.trim().split("\\s+")))
                .filter(a -> !a.isEmpty())
                .forEach(given::add);
        List<String> all = new ArrayList<>(List.of(
                "--console",
                p.getProperty("console.url"),
                "--token-file",
                data.resolve(TOKEN_FILE).toString(),
                "--trust-config",
                p.getProperty("console.trust.config")));
        if (!given.contains("--out")) {
            all.addAll(List.of("--out", data.resolve(OUT).toString()));
        }
        all.addAll(given);
        SubjectAccessCommand.main(all.toArray(String[]::new));
    }
}
