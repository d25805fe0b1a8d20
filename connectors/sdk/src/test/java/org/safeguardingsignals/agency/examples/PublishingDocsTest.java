package org.safeguardingsignals.agency.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.safeguardingsignals.agency.AgencyPublisher;
import org.safeguardingsignals.agency.EventIds;
import org.safeguardingsignals.validation.InputContract;
import org.safeguardingsignals.validation.InputContracts;

/**
 * docs/PUBLISHING.md's SDK section is the example code of this package, word for word, so what the docs show is
 * what the build compiles; and every example is a valid event of its type.
 */
class PublishingDocsTest {
    static final Path DOCS = Path.of("../../docs/PUBLISHING.md");
    static final Path EXAMPLES = Path.of("src/test/java/org/safeguardingsignals/agency/examples");
    /** {@code <!-- example: FILE -->} or {@code <!-- example: FILE#TAG -->}, then a java code block. */
    static final Pattern SHOWN =
            Pattern.compile("<!-- example: ([\\w.]+)(?:#([\\w-]+))? -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    static final Pattern TAG = Pattern.compile(" *// tag::([\\w-]+)\\[]\\n(.*?) *// end::\\1\\[]", Pattern.DOTALL);

    @Test
    void everySnippetInTheDocsIsTheExampleCodeWordForWord() throws IOException {
        String docs = Files.readString(DOCS);
        Matcher shown = SHOWN.matcher(docs);
        int snippets = 0;
        while (shown.find()) {
            String file = Files.readString(EXAMPLES.resolve(shown.group(1)));
            String expected =
                    shown.group(2) == null ? withoutPackage(file) : tagged(file).get(shown.group(2));
            assertThat(expected)
                    .as("%s#%s exists", shown.group(1), shown.group(2))
                    .isNotNull();
            assertThat(shown.group(3))
                    .as(
                            "docs/PUBLISHING.md shows %s%s as it is in %s: copy it from there",
                            shown.group(1), shown.group(2) == null ? "" : "#" + shown.group(2), EXAMPLES)
                    .isEqualTo(expected);
            snippets++;
        }
        assertThat(snippets)
                .as("the program and one snippet per event type (one for the five retraction topics)")
                .isEqualTo(1 + valueTypes(InputContracts.ALL).size());
    }

    @Test
    void everyEventTypeHasAnExampleInTheDocs() throws IOException {
        String docs = Files.readString(DOCS);
        for (String tag :
                tagged(Files.readString(EXAMPLES.resolve("EventExamples.java"))).keySet()) {
            assertThat(docs).contains("<!-- example: EventExamples.java#" + tag + " -->");
        }
        List<InputContract<?>> covered = new ArrayList<>();
        for (SpecificRecord event : EventExamples.all(Instant.parse("2025-03-01T21:15:00Z"))) {
            covered.add(AgencyPublisher.contractOf(event));
        }
        assertThat(valueTypes(covered)).isEqualTo(valueTypes(InputContracts.ALL));
    }

    private static Set<Class<?>> valueTypes(List<InputContract<?>> contracts) {
        return contracts.stream().map(c -> c.topic().valueType()).collect(Collectors.toSet());
    }

    @Test
    void everyExampleIsAValidEventOnceItsIdIsDerived() {
        for (SpecificRecord event : EventExamples.all(Instant.parse("2025-03-01T21:15:00Z"))) {
            validate(event);
        }
    }

    @Test
    void theDocsGiveTheSdksMavenCoordinatesAtTheProjectsVersion() throws IOException {
        String rootPom = Files.readString(Path.of("../../pom.xml"));
        Matcher version = Pattern.compile("<artifactId>safeguarding-signals</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(rootPom);
        assertThat(version.find()).isTrue();
        assertThat(Files.readString(DOCS))
                .contains("<groupId>org.safeguardingsignals</groupId>\n"
                        + "  <artifactId>safeguarding-agency-sdk</artifactId>\n"
                        + "  <version>" + version.group(1) + "</version>");
    }

    private static <E extends SpecificRecord> void validate(E event) {
        InputContract<E> contract = AgencyPublisher.contractOf(event);
        contract.validate(EventIds.identified(event, contract.header().apply(event)));
    }

    private static String withoutPackage(String file) {
        return file.substring(file.indexOf('\n', file.indexOf("package ")) + 1).stripLeading();
    }

    /** Each tagged region, its common indentation removed. */
    private static Map<String, String> tagged(String file) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = TAG.matcher(file);
        while (m.find()) {
            out.put(m.group(1), dedent(m.group(2)));
        }
        return out;
    }

    private static String dedent(String lines) {
        int indent = lines.lines()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        StringBuilder out = new StringBuilder();
        lines.lines()
                .forEach(l -> out.append(l.length() >= indent ? l.substring(indent) : "")
                        .append('\n'));
        return out.toString();
    }
}
