package org.safeguardingsignals.governance;

import java.util.Collection;
import java.util.List;

/** Markdown pieces the documents share. */
final class Md {
    private Md() {}

    static String header(String... columns) {
        return "| " + String.join(" | ", columns) + " |\n|" + " --- |".repeat(columns.length) + "\n";
    }

    static String row(String... cells) {
        return "| " + String.join(" | ", List.of(cells).stream().map(Md::cell).toList()) + " |\n";
    }

    static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    static String code(String text) {
        return "`" + text + "`";
    }

    /** Principals as a list, or what having none means. */
    static String principals(Collection<String> names, String none) {
        return names.isEmpty() ? none : String.join(", ", names);
    }
}
