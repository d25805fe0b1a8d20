package org.safeguardingsignals.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.ServiceUnavailableResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.safeguardingsignals.console.AccessAudit.Subject;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.ConsoleAccess;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.GroupMember;
import org.safeguardingsignals.events.IdentityVaultEntry;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.identifiers.IdentifierCheck;
import org.safeguardingsignals.identifiers.NhsNumber;
import org.safeguardingsignals.runtime.ChronologyLine;
import org.safeguardingsignals.runtime.Pseudonymiser;
import org.safeguardingsignals.topics.Topics;

/**
 * A subject access request (UK GDPR Art 15) about one child: {@code GET /api/ig/subject-access?nhsNumber=&request=}
 * (JSON) and {@code GET /api/ig/subject-access.html} (the same, as a printable page). Only an information-governance
 * officer may ask, for a child known in one of their authorities. The NHS number is pseudonymised with the
 * partnership's key, as detection does, and never leaves this request: the export is audited as one ConsoleAccess
 * record (SUBJECT_ACCESS_EXPORTED, the child's pseudonym, the request reference), before it is answered. What is held
 * is read afresh: the chronology from detection, and the alert, decision, work-item, notice, group, vault and audit
 * topics from the broker. Another child's data never appears: an alert's related alerts and a group's other members
 * are counted, not shown, and a group id that is another child's pseudonym is withheld.
 */
final class SubjectAccess {
    static final String JSON_PATH = "/api/ig/subject-access";
    static final String HTML_PATH = "/api/ig/subject-access.html";
    static final String PURPOSE = "SUBJECT_ACCESS";
    /** A reference as an organisation's case systems give them; it is kept in the audit trail, so it is bounded. */
    static final Pattern REQUEST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._/:-]{0,63}");
    /** The scans of the topics together may take this long before the officer is asked to try again. */
    static final Duration READ_WITHIN = Duration.ofSeconds(60);

    static final String WITHHELD = "withheld: another child's pseudonym";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the pipeline does not hand over in the export, and why; stated in every export. */
    static final List<Map<String, String>> NOT_INCLUDED = List.of(
            reason(
                    "The agencies' own records (the events as published)",
                    "The chronology lists each event the pipeline took in as a coded line with its agency, "
                            + "organisation and reference. The input topics keep the events as published only for "
                            + "recovery, for the days the retention schedule gives, keyed by event rather than by "
                            + "child; each event is its agency's record, which that agency answers for: ask it, "
                            + "quoting the reference."),
            reason(
                    "Records refused at intake (dead letters, rejected rows) and events without a usable NHS number",
                    "They are held briefly for the publishing agency or the MASH to correct, and cannot be found "
                            + "by a child's NHS number (an unmatched event has none); an agency's correction comes back "
                            + "through the chronology."),
            reason(
                    "Other children",
                    "Alerts of siblings or of linked children are not included: an alert's related alerts and a "
                            + "group's other members are counted only, and a group id that is another child's "
                            + "pseudonym is withheld."),
            reason(
                    "Partnership figures",
                    "Disclosure-controlled counts per authority and period; they hold nothing about one child."),
            reason(
                    "Care flags to unscheduled care",
                    "They carry the attending organisation's own reference and no NHS number or pseudonym, so "
                            + "cannot be found by child: ask the attending organisation."),
            reason(
                    "The sealed NHS number in the identity vault",
                    "The vault holds the child's NHS number sealed for the audited reveal path; whether an entry "
                            + "is held, and since when, is stated above. It is not opened for the export."),
            reason(
                    "Staff names and third parties",
                    "Staff appear by their console id, not by name. A decision's rationale is free text written "
                            + "about the child and is included as written: review it, and the audit entries, for "
                            + "third-party information before disclosure."));

    private final Optional<Pseudonymiser> pseudonymiser;
    private final Chronologies chronologies;
    private final TopicScan topics;
    private final AccessAudit audit;

    SubjectAccess(
            Optional<Pseudonymiser> pseudonymiser, Chronologies chronologies, TopicScan topics, AccessAudit audit) {
        this.pseudonymiser = pseudonymiser;
        this.chronologies = chronologies;
        this.topics = topics;
        this.audit = audit;
    }

    void routes(RoutesConfig routes, Function<Context, Worker> worker) {
        routes.get(JSON_PATH, ctx -> {
            Map<String, Object> export = export(ctx, worker.apply(ctx), "json");
            ctx.header("Cache-Control", "no-store");
            ctx.contentType("application/json; charset=utf-8").result(json(export));
        });
        routes.get(HTML_PATH, ctx -> {
            Map<String, Object> export = export(ctx, worker.apply(ctx), "html");
            ctx.header("Cache-Control", "no-store");
            // the page's one inline style, by its hash; nothing else may load or run
            ctx.header("Content-Security-Policy", SubjectAccessPage.CONTENT_SECURITY_POLICY);
            ctx.html(SubjectAccessPage.render(export));
        });
    }

    /** The export as its JSON document (the command renders the page from this). */
    static String json(Map<String, Object> export) {
        try {
            return JSON.writeValueAsString(export);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The export could not be written as JSON", e);
        }
    }

    /** A JSON document of an export read back, as the command reads the console's answer. */
    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a subject access export (" + e.getOriginalMessage() + ")");
        }
    }

    private Map<String, Object> export(Context ctx, Worker w, String format) {
        if (!w.canExportSubjectAccess()) {
            audit.record(
                    w,
                    AccessAction.SUBJECT_ACCESS_EXPORTED,
                    ViewOutcome.REFUSED,
                    Subject.list(Map.of("purpose", PURPOSE), null));
            throw new ForbiddenResponse("Your role (" + w.role() + ") may not export a child's records for a "
                    + "subject access request: that is an information-governance officer's");
        }
        String request = Optional.ofNullable(ctx.queryParam("request"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> new BadRequestResponse(
                        "A request reference is needed (request=...): your organisation's reference for the "
                                + "subject access request, which the audit trail keeps with the export"));
        if (!REQUEST.matcher(request).matches()) {
            throw new BadRequestResponse(
                    "The request reference must be 1 to 64 letters, digits, spaces or . _ / : - (starting with a "
                            + "letter or digit)");
        }
        String nhsNumber = nhsNumber(ctx.queryParam("nhsNumber"));
        if (request.replaceAll("[^0-9]", "").contains(nhsNumber)) {
            throw new BadRequestResponse("The request reference must not contain the NHS number: the reference is "
                    + "kept in the audit trail, the NHS number never is");
        }
        Pseudonymiser keyed = pseudonymiser.orElseThrow(() -> new ServiceUnavailableResponse(
                "This console holds no pseudonym key (pseudonym.key.file), so it cannot find a child by NHS "
                        + "number: ask your administrator"));
        String pseudonym = keyed.pseudonymOf(nhsNumber);
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("purpose", PURPOSE);
        filters.put("request", request);
        filters.put("format", format);
        Holdings held = gather(pseudonym);
        if (held.knownIn().stream().noneMatch(w::worksFor)) {
            // the same answer for "nothing held" and "held by another authority", and a refusal names no child
            audit.record(w, AccessAction.SUBJECT_ACCESS_EXPORTED, ViewOutcome.REFUSED, Subject.list(filters, null));
            throw new NotFoundResponse("Nothing is held on a child with this NHS number in your authorities: "
                    + "answer that nothing is held here, or ask the authority responsible for the child");
        }
        audit.record(
                w,
                AccessAction.SUBJECT_ACCESS_EXPORTED,
                ViewOutcome.SHOWN,
                new Subject(null, pseudonym, filters, held.records(), null));
        return document(held, nhsNumber, request, w, Instant.now());
    }

    /** The NHS number asked for, as detection pseudonymises it (10 digits); spaces and hyphens as people write it. */
    static String nhsNumber(String asked) {
        if (asked == null || asked.isBlank()) {
            throw new BadRequestResponse("An NHS number is needed (nhsNumber=...)");
        }
        String digits = asked.replaceAll("[\\s-]", "");
        IdentifierCheck check = NhsNumber.check(digits);
        if (!check.valid()) {
            throw new BadRequestResponse("Not a valid NHS number: " + check.reason());
        }
        return digits;
    }

    /** Everything held on one child, as read now. */
    record Holdings(
            String pseudonym,
            List<ChronologyLine> chronology,
            List<RiskAlert> alerts,
            List<MashDecision> decisions,
            List<WorkItem> workItems,
            List<EncompassNotice> notices,
            List<LinkedGroup> groups,
            Optional<IdentityVaultEntry> vault,
            List<ConsoleAccess> accesses) {

        /** Every authority the child is known in, by any record. */
        Set<String> knownIn() {
            Set<String> las = new LinkedHashSet<>();
            chronology.forEach(l -> las.add(l.localAuthority()));
            alerts.forEach(a -> {
                las.add(a.getLocalAuthority());
                las.addAll(a.getRoutedTo());
            });
            decisions.forEach(d -> las.add(d.getLocalAuthority()));
            workItems.forEach(i -> las.add(i.getLocalAuthority()));
            notices.forEach(n -> las.add(n.getLocalAuthority()));
            groups.forEach(g -> g.getMembers().stream()
                    .filter(m -> m.getChildPseudonym().equals(pseudonym))
                    .forEach(m -> las.addAll(m.getAuthorities())));
            las.remove(null);
            return las;
        }

        int records() {
            return chronology.size()
                    + alerts.size()
                    + decisions.size()
                    + workItems.size()
                    + notices.size()
                    + groups.size()
                    + vault.map(v -> 1).orElse(0)
                    + accesses.size();
        }
    }

    private Holdings gather(String pseudonym) {
        Chronologies.Fetched chronology = chronologies.held(pseudonym);
        if (chronology.unavailable() != null) {
            throw new IllegalStateException(
                    "Chronology unavailable for a subject access export: " + chronology.unavailable());
        }
        List<RiskAlert> alerts = topics.read(Topics.ALERTS, a -> pseudonym.equals(a.getChildPseudonym()));
        Set<String> alertIds = new LinkedHashSet<>();
        alerts.forEach(a -> alertIds.add(a.getAlertId()));
        // a decision names its child; one naming another child on this child's alert is not this child's
        List<MashDecision> decisions = topics.read(
                Topics.DECISIONS, d -> pseudonym.equals(d.getChildPseudonym()) && alertIds.contains(d.getAlertId()));
        Map<String, WorkItem> items = new LinkedHashMap<>();
        topics.read(Topics.WORK_ITEMS, i -> pseudonym.equals(i.getChildPseudonym()))
                .forEach(i -> items.put(i.getWorkItemId(), i)); // the latest record of a workItemId is its state
        Map<String, EncompassNotice> notices = new LinkedHashMap<>();
        topics.read(Topics.ENCOMPASS_NOTICES, n -> pseudonym.equals(n.getChildPseudonym()))
                .forEach(n -> notices.put(n.getNoticeId(), n));
        List<LinkedGroup> groups = List.copyOf(topics.latest(
                        Topics.EXPLOITATION_GROUPS,
                        g -> g.getMembers().stream().anyMatch(m -> pseudonym.equals(m.getChildPseudonym())))
                .values());
        Optional<IdentityVaultEntry> vault =
                Optional.ofNullable(topics.latest(Topics.IDENTITY_VAULT, v -> pseudonym.equals(v.getChildPseudonym()))
                        .get(pseudonym));
        List<ConsoleAccess> accesses = topics.read(Topics.CONSOLE_ACCESS, a -> pseudonym.equals(a.getChildPseudonym()));
        return new Holdings(
                pseudonym,
                chronology.entries(),
                alerts,
                decisions,
                List.copyOf(items.values()),
                List.copyOf(notices.values()),
                groups,
                vault,
                accesses);
    }

    /** The export: every record held on the child, in the order held, with counts and what is not included. */
    static Map<String, Object> document(
            Holdings held, String nhsNumber, String request, Worker officer, Instant exportedAt) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("request", request);
        about.put("nhsNumber", nhsNumber);
        about.put("childPseudonym", held.pseudonym());
        about.put("exportedAt", exportedAt.toString());
        about.put("exportedBy", officer.id());
        about.put("officerAuthorities", new ArrayList<>(new TreeSet<>(officer.authorities())));
        about.put("knownIn", new ArrayList<>(held.knownIn()));
        doc.put("subjectAccess", about);

        List<Object> chronology = new ArrayList<>();
        held.chronology().forEach(l -> chronology.add(line(l)));
        List<Object> alerts = new ArrayList<>();
        held.alerts().forEach(a -> alerts.add(alert(a, held.pseudonym())));
        List<Object> decisions = new ArrayList<>();
        held.decisions().forEach(d -> decisions.add(plain(d)));
        List<Object> items = new ArrayList<>();
        held.workItems().forEach(i -> items.add(plain(i)));
        List<Object> notices = new ArrayList<>();
        held.notices().forEach(n -> notices.add(plain(n)));
        List<Object> groups = new ArrayList<>();
        held.groups().forEach(g -> groups.add(group(g, held.pseudonym())));
        List<Object> accesses = new ArrayList<>();
        held.accesses().forEach(a -> accesses.add(plain(a)));

        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("chronologyEntries", chronology.size());
        counts.put(
                "retractions",
                held.chronology().stream()
                        .filter(l -> IndicatorCategory.RETRACTION.name().equals(l.category()))
                        .count());
        counts.put("alertRecords", alerts.size());
        counts.put(
                "withdrawnAlertRecords",
                held.alerts().stream()
                        .filter(a -> a.getStatus() == AlertStatus.WITHDRAWN)
                        .count());
        counts.put("decisions", decisions.size());
        counts.put("workItems", items.size());
        counts.put("encompassNotices", notices.size());
        counts.put("linkedGroups", groups.size());
        counts.put("accesses", accesses.size());
        doc.put("counts", counts);
        doc.put("chronology", chronology);
        doc.put("alerts", alerts);
        doc.put("decisions", decisions);
        doc.put("workItems", items);
        doc.put("encompassNotices", notices);
        doc.put("linkedGroups", groups);
        Map<String, Object> vault = new LinkedHashMap<>();
        vault.put("held", held.vault().isPresent());
        vault.put("sealedAt", held.vault().map(v -> v.getSealedAt().toString()).orElse(null));
        doc.put("identityVault", vault);
        doc.put("accesses", accesses);
        doc.put("notIncluded", NOT_INCLUDED);
        return doc;
    }

    private static Map<String, Object> line(ChronologyLine l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("occurredAt", l.occurredAt());
        m.put("agency", l.agency());
        m.put("organisationCode", l.organisationCode());
        m.put("category", l.category());
        m.put("sourceReference", l.sourceReference());
        m.put("localAuthority", l.localAuthority());
        m.put("eventId", l.eventId());
        m.put("episodeId", l.episodeId());
        m.put("qualifiers", l.qualifiers() == null ? Map.of() : new TreeMap<>(l.qualifiers()));
        return m;
    }

    /** An alert record as held, but for what belongs to other children: counted or withheld. */
    private static Map<String, Object> alert(RiskAlert a, String pseudonym) {
        Map<String, Object> m = plain(a);
        m.remove("relatedAlerts");
        m.put("relatedAlertsOfOtherChildren", a.getRelatedAlerts().size());
        if (a.getLinkedGroup() != null && !a.getLinkedGroup().equals(pseudonym)) {
            m.put("linkedGroup", WITHHELD);
        }
        return m;
    }

    /** A group the child is in: their own membership, and how many others, never who. */
    private static Map<String, Object> group(LinkedGroup g, String pseudonym) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("groupId", g.getGroupId().equals(pseudonym) ? g.getGroupId() : WITHHELD);
        GroupMember self = g.getMembers().stream()
                .filter(x -> x.getChildPseudonym().equals(pseudonym))
                .findFirst()
                .orElseThrow();
        m.put("member", plain(self));
        m.put("otherChildren", g.getMembers().size() - 1);
        m.put(
                "linksOfThisChild",
                g.getLinks().stream()
                        .filter(l -> pseudonym.equals(l.getChildA()) || pseudonym.equals(l.getChildB()))
                        .count());
        // not the group's authorities: they include other children's
        m.put("updatedAt", g.getUpdatedAt().toString());
        return m;
    }

    /** A record with every field as held, in schema order: times ISO-8601, enums by name. */
    static Map<String, Object> plain(SpecificRecord record) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Schema.Field f : record.getSchema().getFields()) {
            m.put(f.name(), value(record.get(f.pos())));
        }
        return m;
    }

    private static Object value(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Number) {
            return v;
        }
        if (v instanceof SpecificRecord r) {
            return plain(r);
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            c.forEach(x -> out.add(value(x)));
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), value(x)));
            return out;
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof ByteBuffer b) {
            return "(" + b.remaining() + " bytes)";
        }
        if (v instanceof Temporal || v instanceof UUID || v instanceof CharSequence) {
            return v.toString();
        }
        return String.valueOf(v);
    }

    private static Map<String, String> reason(String what, String why) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("what", what);
        m.put("why", why);
        return m;
    }
}
