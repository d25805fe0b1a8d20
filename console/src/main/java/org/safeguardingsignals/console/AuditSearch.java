package org.safeguardingsignals.console;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.safeguardingsignals.console.AccessAudit.Subject;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.ConsoleAccess;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.serde.SpecificAvroDeserializer;
import org.safeguardingsignals.topics.Topics;

/**
 * The information-governance officer's view of the audit trail: {@code GET /api/audit} (JSON) and
 * {@code GET /api/audit.csv}, filtered by worker, child, authority and period (from and to, dates or instants; the
 * last 30 days by default). Each search reads the audit topic afresh from the broker over the period asked (by
 * record time), so nothing of the trail is held in the console. An officer sees accesses by users of their own
 * authorities only, and every search is itself audited.
 */
final class AuditSearch {
    static final int MAX_ROWS = 10_000;
    private static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
    private static final Duration READ_WITHIN = Duration.ofSeconds(30);
    private static final List<String> COLUMNS = List.of(
            "accessedAt",
            "workerId",
            "role",
            "workerAuthorities",
            "action",
            "outcome",
            "childPseudonym",
            "alertId",
            "revealReason",
            "itemsShown",
            "filters",
            "servedBy",
            "accessId");

    private final Properties consumerProps = new Properties();
    private final Map<String, ?> serdeConfig;
    private final AccessAudit audit;

    /** What the officer asked for. */
    record Query(
            Optional<String> worker, Optional<String> child, Optional<String> authority, Instant from, Instant to) {
        Map<String, String> forAudit() {
            Map<String, String> f = new LinkedHashMap<>();
            worker.ifPresent(v -> f.put("worker", v));
            child.ifPresent(v -> f.put("child", v));
            authority.ifPresent(v -> f.put("authority", v));
            f.put("from", from.toString());
            f.put("to", to.toString());
            return f;
        }
    }

    /** What was found, oldest first; truncated when there were more than {@link #MAX_ROWS}. */
    record Found(List<ConsoleAccess> rows, boolean truncated) {}

    AuditSearch(Map<String, Object> consumerConfig, Map<String, ?> serdeConfig, AccessAudit audit) {
        consumerProps.putAll(consumerConfig);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.serdeConfig = serdeConfig;
        this.audit = audit;
    }

    void json(Context ctx, Worker w) {
        Query query = query(ctx, w);
        Found found = search(w, query);
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of(
                "rows", found.rows().stream().map(AuditSearch::row).toList(),
                "truncated", found.truncated(),
                "from", query.from().toString(),
                "to", query.to().toString()));
    }

    void csv(Context ctx, Worker w) {
        Query query = query(ctx, w);
        Found found = search(w, query);
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader(COLUMNS.toArray(String[]::new))
                        .get())) {
            for (ConsoleAccess a : found.rows()) {
                Map<String, Object> row = row(a);
                csv.printRecord(COLUMNS.stream()
                        .map(row::get)
                        .map(AuditSearch::spreadsheetSafe)
                        .toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Disposition", "attachment; filename=\"console-audit.csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(out.toString());
    }

    private Query query(Context ctx, Worker w) {
        if (!w.canSearchAudit()) {
            throw new ForbiddenResponse("Your role (" + w.role() + ") may not search the audit trail");
        }
        Instant now = Instant.now();
        Instant to = instant(ctx.queryParam("to"), "to", true).orElse(now);
        Instant from = instant(ctx.queryParam("from"), "from", false).orElse(to.minus(DEFAULT_PERIOD));
        if (!from.isBefore(to)) {
            throw new BadRequestResponse("from must be before to");
        }
        Optional<String> authority = param(ctx, "authority");
        if (authority.isPresent() && !w.worksFor(authority.get())) {
            audit.record(w, AccessAction.AUDIT_SEARCHED, ViewOutcome.REFUSED, Subject.list(Map.of(), null));
            throw new ForbiddenResponse("You do not work for that authority");
        }
        return new Query(param(ctx, "worker"), param(ctx, "child"), authority, from, to);
    }

    /** Reads the period from the broker, keeps what the officer may see and asked for, and audits the search. */
    Found search(Worker w, Query q) {
        Predicate<ConsoleAccess> wanted = a -> !a.getAccessedAt().isBefore(q.from())
                && a.getAccessedAt().isBefore(q.to())
                && a.getWorkerAuthorities().stream().anyMatch(w::worksFor)
                && q.worker().map(v -> v.equals(a.getWorkerId())).orElse(true)
                && q.child().map(v -> v.equals(a.getChildPseudonym())).orElse(true)
                && q.authority().map(v -> a.getWorkerAuthorities().contains(v)).orElse(true);
        List<ConsoleAccess> rows = new ArrayList<>();
        boolean truncated = false;
        SpecificAvroDeserializer<ConsoleAccess> values = new SpecificAvroDeserializer<>(ConsoleAccess.class);
        values.configure(serdeConfig, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONSOLE_ACCESS.name(), READ_WITHIN).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_WITHIN);
            Map<TopicPartition, Long> times = new HashMap<>();
            // a record is stamped when written, a moment after its accessedAt: start a minute early
            partitions.forEach(p -> times.put(p, q.from().minusSeconds(60).toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(times, READ_WITHIN);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp o = start.get(p);
                consumer.seek(p, o == null ? end.get(p) : o.offset());
            }
            Instant deadline = Instant.now().plus(READ_WITHIN);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("The audit topic could not be read within " + READ_WITHIN);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    ConsoleAccess a = values.deserialize(r.topic(), r.value());
                    if (wanted.test(a)) {
                        if (rows.size() == MAX_ROWS) {
                            truncated = true;
                        } else {
                            rows.add(a);
                        }
                    }
                }
            }
        }
        rows.sort(Comparator.comparing(ConsoleAccess::getAccessedAt));
        audit.record(w, AccessAction.AUDIT_SEARCHED, ViewOutcome.SHOWN, Subject.list(q.forAudit(), rows.size()));
        return new Found(rows, truncated);
    }

    private static Map<String, Object> row(ConsoleAccess a) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("accessedAt", a.getAccessedAt().toString());
        row.put("workerId", a.getWorkerId());
        row.put("role", a.getRole());
        row.put("workerAuthorities", String.join(" ", a.getWorkerAuthorities()));
        row.put("action", a.getAction().name());
        row.put("outcome", a.getOutcome().name());
        row.put("childPseudonym", a.getChildPseudonym());
        row.put("alertId", a.getAlertId());
        row.put(
                "revealReason",
                a.getRevealReason() == null ? null : a.getRevealReason().name());
        row.put("itemsShown", a.getItemsShown());
        row.put("filters", new java.util.TreeMap<>(a.getFilters()).toString());
        row.put("servedBy", a.getServedBy());
        row.put("accessId", a.getAccessId().toString());
        return row;
    }

    /**
     * A cell a spreadsheet will not run: a console user can put text into the trail (an alert id asked for and
     * refused), and the officer opens the export in a spreadsheet, which would take a cell beginning with = + - @ or a
     * control character as a formula. Such a cell is written with a leading apostrophe (OWASP, CSV injection).
     */
    static Object spreadsheetSafe(Object cell) {
        if (cell instanceof String s && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return cell;
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** A date (the start of its day, UTC; for "to", the end of it) or an ISO instant. */
    private static Optional<Instant> instant(String asked, String name, boolean endOfDay) {
        if (asked == null || asked.isBlank()) {
            return Optional.empty();
        }
        try {
            if (asked.length() == 10) {
                LocalDate day = LocalDate.parse(asked);
                return Optional.of(
                        (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            return Optional.of(Instant.parse(asked));
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse(name + " must be a date (2026-12-01) or an instant (2026-12-01T09:00:00Z)");
        }
    }
}
