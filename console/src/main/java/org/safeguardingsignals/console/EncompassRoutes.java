package org.safeguardingsignals.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.safeguardingsignals.console.AccessAudit.Subject;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.EncompassAcknowledgement;
import org.safeguardingsignals.events.EncompassNotice;
import org.safeguardingsignals.events.NoticeStatus;
import org.safeguardingsignals.events.ViewOutcome;

/**
 * Operation Encompass for a school's designated safeguarding lead (the console page, or a school system with the
 * DSL's token): {@code GET /api/encompass/notices} lists the notices of their schools (audited, as a list of
 * alerts is); {@code POST /api/encompass/notices/{id}/acknowledgement} acknowledges one, on the acknowledgements
 * topic, which detection applies to the notice. Nobody else sees notices here: the MASH sees an unacknowledged one as
 * an escalation alert.
 */
final class EncompassRoutes {
    static final String LIST = "/api/encompass/notices";
    static final String ACKNOWLEDGE = "/api/encompass/notices/{id}/acknowledgement";

    private final EncompassInbox inbox;
    private final Recorder recorder;
    private final AccessAudit audit;

    EncompassRoutes(EncompassInbox inbox, Recorder recorder, AccessAudit audit) {
        this.inbox = inbox;
        this.recorder = recorder;
        this.audit = audit;
    }

    /** Adds the routes; the caller has authenticated the worker. */
    void routes(RoutesConfig routes, Function<Context, Worker> worker) {
        routes.before("/api/encompass/*", ctx -> {
            Worker w = worker.apply(ctx);
            if (w != null && !w.receivesNotices()) {
                throw new ForbiddenResponse("Operation Encompass notices are for a school's designated safeguarding "
                        + "lead; your role is " + w.role());
            }
        });
        routes.get(LIST, ctx -> list(ctx, worker.apply(ctx)));
        routes.post(ACKNOWLEDGE, ctx -> acknowledge(ctx, worker.apply(ctx)));
    }

    private void list(Context ctx, Worker w) {
        Instant now = Instant.now();
        List<Map<String, Object>> notices =
                inbox.of(w).stream().map(n -> view(n, now)).toList();
        audit.record(
                w,
                AccessAction.ALERTS_LISTED,
                ViewOutcome.SHOWN,
                Subject.list(new LinkedHashMap<>(Map.of("view", "encompass")), notices.size()));
        ctx.json(Map.of("schools", w.schools(), "notices", notices));
    }

    private void acknowledge(Context ctx, Worker w) {
        String id = ctx.pathParam("id");
        EncompassNotice notice =
                inbox.get(w, id).orElseThrow(() -> new NotFoundResponse("No such notice for your schools"));
        if (notice.getAcknowledgedAt() != null) {
            ctx.status(200).json(view(notice, Instant.now()));
            return; // acknowledged already: nothing more to record
        }
        EncompassAcknowledgement ack = recorder.acknowledge(w, notice);
        // shown as acknowledged at once; detection's record of it replaces this one
        inbox.add(EncompassNotice.newBuilder(notice)
                .setStatus(NoticeStatus.ACKNOWLEDGED)
                .setAcknowledgedBy(ack.getAcknowledgedBy())
                .setAcknowledgedAt(ack.getAcknowledgedAt())
                .build());
        ctx.status(201).json(view(inbox.get(w, id).orElseThrow(), Instant.now()));
    }

    static Map<String, Object> view(EncompassNotice n, Instant now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("noticeId", n.getNoticeId());
        v.put("schoolUrn", n.getSchoolUrn());
        v.put("childPseudonym", n.getChildPseudonym());
        v.put("localAuthority", n.getLocalAuthority());
        v.put("incidentAt", n.getIncidentAt().toString());
        v.put("forceCode", n.getForceCode());
        v.put("incidentReference", n.getIncidentReference());
        v.put("dueBy", n.getDueBy().toString());
        v.put("overdue", n.getAcknowledgedAt() == null && !n.getDueBy().isAfter(now));
        v.put("status", n.getStatus().name());
        v.put("acknowledgedBy", n.getAcknowledgedBy());
        v.put(
                "acknowledgedAt",
                n.getAcknowledgedAt() == null ? null : n.getAcknowledgedAt().toString());
        v.put(
                "escalatedAt",
                n.getEscalatedAt() == null ? null : n.getEscalatedAt().toString());
        return v;
    }
}
