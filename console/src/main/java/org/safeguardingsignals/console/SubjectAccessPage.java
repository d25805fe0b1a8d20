package org.safeguardingsignals.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.owasp.encoder.Encode;

/**
 * A subject access export as one printable HTML page: no script, no network, one inline style allowed by its hash.
 * Rendered from the export's JSON document (so the console's page and the command's file are the same), every text
 * encoded with OWASP's encoder: what agencies and users typed (references, a decision's rationale, a request
 * reference) is data, never markup.
 */
final class SubjectAccessPage {
    private static final String STYLE = "body{font-family:Arial,sans-serif;margin:2em;color:#0b0c0c}"
            + "h1,h2,h3{margin:1.2em 0 .4em}table{border-collapse:collapse;width:100%;margin-bottom:1em}"
            + "td,th{border:1px solid #b1b4b6;padding:2px 6px;text-align:left;vertical-align:top;font-size:13px}"
            + "dt{font-weight:bold}dd{margin:0 0 .4em 1.5em}.withdrawn,.retraction{background:#f3f2f1}"
            + "section{page-break-inside:auto}@media print{body{margin:0}}";
    /** The page's own policy: its inline style alone, nothing loaded, nothing run, never framed. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '" + sha256(STYLE)
            + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private SubjectAccessPage() {}

    static String render(Map<String, Object> export) {
        Map<String, Object> about = map(export.get("subjectAccess"));
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">")
                .append("<title>Subject access export ")
                .append(text(about.get("request")))
                .append("</title><style>")
                .append(STYLE)
                .append("</style></head><body>\n");
        b.append("<h1>Subject access export</h1>\n<p>Everything the Safeguarding Signals pipeline holds on one child, ")
                .append("as read when exported. Each record is listed as held; see the end for what is not ")
                .append("included, and why.</p>\n");
        definitions(
                b,
                about,
                List.of(
                        "request",
                        "nhsNumber",
                        "childPseudonym",
                        "exportedAt",
                        "exportedBy",
                        "officerAuthorities",
                        "knownIn"));
        section(b, "Counts");
        definitions(
                b,
                map(export.get("counts")),
                List.copyOf(map(export.get("counts")).keySet()));

        section(b, "Chronology");
        table(
                b,
                list(export.get("chronology")),
                List.of(
                        "occurredAt",
                        "agency",
                        "organisationCode",
                        "category",
                        "sourceReference",
                        "localAuthority",
                        "eventId",
                        "episodeId",
                        "qualifiers"),
                row -> "RETRACTION".equals(row.get("category")) ? "retraction" : null);

        section(b, "Alerts");
        List<Object> alerts = list(export.get("alerts"));
        if (alerts.isEmpty()) {
            b.append("<p>None.</p>\n");
        }
        for (Object o : alerts) {
            Map<String, Object> alert = map(o);
            boolean withdrawn = "WITHDRAWN".equals(alert.get("status"));
            b.append("<article")
                    .append(withdrawn ? " class=\"withdrawn\"" : "")
                    .append("><h3>")
                    .append(text(alert.get("ruleId")))
                    .append(", ")
                    .append(text(alert.get("severity")))
                    .append(", ")
                    .append(text(alert.get("status")))
                    .append("</h3>\n");
            definitions(
                    b,
                    alert,
                    List.of(
                            "alertId",
                            "ruleVersion",
                            "raisedAt",
                            "window",
                            "localAuthority",
                            "routedTo",
                            "routing",
                            "openStatus",
                            "allocatedAuthority",
                            "householdReference",
                            "formedFromLateData",
                            "supersedes",
                            "linkedGroup",
                            "relatedAlertsOfOtherChildren"));
            b.append("<h4>Evidence</h4>\n");
            table(b, list(alert.get("evidence")), EVIDENCE, row -> null);
            if (alert.get("withdrawal") != null) {
                Map<String, Object> w = map(alert.get("withdrawal"));
                b.append("<h4>Withdrawal</h4>\n");
                definitions(
                        b,
                        w,
                        List.of(
                                "reason",
                                "agency",
                                "organisationCode",
                                "agencyReference",
                                "retractedEventId",
                                "retractionEventId",
                                "retractedAt",
                                "withdrawnAt"));
                b.append("<h4>Evidence removed</h4>\n");
                table(b, list(w.get("removedEvidence")), EVIDENCE, row -> null);
            }
            b.append("</article>\n");
        }

        section(b, "Decisions");
        table(
                b,
                list(export.get("decisions")),
                List.of(
                        "decidedAt",
                        "alertId",
                        "workItemId",
                        "localAuthority",
                        "outcome",
                        "reason",
                        "consentBasis",
                        "workerId",
                        "signedOffBy",
                        "signedOffAt",
                        "rationale",
                        "decisionId"),
                row -> null);

        section(b, "Work items");
        table(
                b,
                list(export.get("workItems")),
                List.of(
                        "workItemId",
                        "localAuthority",
                        "status",
                        "severity",
                        "routing",
                        "openedAt",
                        "decisionDueBy",
                        "updatedAt",
                        "lastOutcome",
                        "closedAt",
                        "alerts"),
                row -> null);

        section(b, "Operation Encompass notices");
        table(
                b,
                list(export.get("encompassNotices")),
                List.of(
                        "noticeId",
                        "schoolUrn",
                        "localAuthority",
                        "incidentAt",
                        "forceCode",
                        "incidentReference",
                        "dueBy",
                        "status",
                        "sentAt",
                        "acknowledgedBy",
                        "acknowledgedAt",
                        "escalatedAt"),
                row -> null);

        section(b, "Groups of linked children");
        table(
                b,
                list(export.get("linkedGroups")),
                List.of("groupId", "member", "otherChildren", "linksOfThisChild", "updatedAt"),
                row -> null);

        section(b, "Identity vault");
        definitions(b, map(export.get("identityVault")), List.of("held", "sealedAt"));

        section(b, "Who viewed or revealed this child");
        table(
                b,
                list(export.get("accesses")),
                List.of(
                        "accessedAt",
                        "workerId",
                        "role",
                        "workerAuthorities",
                        "action",
                        "outcome",
                        "alertId",
                        "revealReason",
                        "filters",
                        "servedBy"),
                row -> null);

        section(b, "Not included, and why");
        b.append("<dl>\n");
        for (Object o : list(export.get("notIncluded"))) {
            Map<String, Object> n = map(o);
            b.append("<dt>")
                    .append(text(n.get("what")))
                    .append("</dt><dd>")
                    .append(text(n.get("why")))
                    .append("</dd>\n");
        }
        b.append("</dl>\n</body></html>\n");
        return b.toString();
    }

    private static final List<String> EVIDENCE = List.of(
            "occurredAt", "agency", "organisationCode", "category", "sourceReference", "sourceEventId", "receivedAt");

    private static void section(StringBuilder b, String title) {
        b.append("<h2>").append(Encode.forHtml(title)).append("</h2>\n");
    }

    private static void definitions(StringBuilder b, Map<String, Object> m, List<String> keys) {
        b.append("<dl>\n");
        for (String k : keys) {
            b.append("<dt>")
                    .append(Encode.forHtml(k))
                    .append("</dt><dd>")
                    .append(text(m.get(k)))
                    .append("</dd>\n");
        }
        b.append("</dl>\n");
    }

    private static void table(
            StringBuilder b,
            List<Object> rows,
            List<String> columns,
            java.util.function.Function<Map<String, Object>, String> rowClass) {
        if (rows.isEmpty()) {
            b.append("<p>None.</p>\n");
            return;
        }
        b.append("<table><thead><tr>");
        columns.forEach(c -> b.append("<th>").append(Encode.forHtml(c)).append("</th>"));
        b.append("</tr></thead><tbody>\n");
        for (Object o : rows) {
            Map<String, Object> row = map(o);
            String cls = rowClass.apply(row);
            b.append(cls == null ? "<tr>" : "<tr class=\"" + Encode.forHtmlAttribute(cls) + "\">");
            columns.forEach(c -> b.append("<td>").append(text(row.get(c))).append("</td>"));
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    /** Any value of the document as encoded text: a list joined, a map as key=value pairs, a record by its id. */
    private static String text(Object v) {
        return Encode.forHtml(plain(v));
    }

    private static String plain(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(SubjectAccessPage::plain).collect(Collectors.joining(", "));
        }
        if (v instanceof Map<?, ?> m) {
            if (m.containsKey("alertId")) {
                return plain(m.get("alertId")); // a work item's alert: the alert, listed in full above
            }
            return m.entrySet().stream()
                    .map(e -> e.getKey() + "=" + plain(e.getValue()))
                    .collect(Collectors.joining("; "));
        }
        return String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static String sha256(String style) {
        try {
            return "sha256-"
                    + Base64.getEncoder()
                            .encodeToString(MessageDigest.getInstance("SHA-256")
                                    .digest(style.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
