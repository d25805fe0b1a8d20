package org.safeguardingsignals.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.safeguardingsignals.console.AccessAudit.Subject;
import org.safeguardingsignals.decisions.FrontDoorDecisions;
import org.safeguardingsignals.decisions.Worklist;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemStatus;

/**
 * The child-centred worklist: {@code GET /api/worklist} (households and children of the worker's authorities, soonest
 * due first, then highest severity, and the items closed or withdrawn lately), {@code GET /api/work-items/{id}} (one child's item
 * with its evidence timeline and decisions), {@code POST /api/work-items/{id}/decisions} (a front-door outcome with
 * its reason and consent basis, for the item's authority alone) and {@code POST /api/work-items/{id}/sign-off} (a
 * team manager signs off another worker's "no further action", which then closes the item). Lists and views are
 * audited; a decision and a sign-off are on the decision topic, append-only. Detection applies them to the item.
 */
final class WorkItemRoutes {
    static final int CLOSED_SHOWN = 20;
    private final WorkItemBoard board;
    private final Recorder recorder;
    private final AccessAudit audit;

    WorkItemRoutes(WorkItemBoard board, Recorder recorder, AccessAudit audit) {
        this.board = board;
        this.recorder = recorder;
        this.audit = audit;
    }

    /** Adds the routes; the caller has authenticated the worker and checked that they may see alerts. */
    void routes(RoutesConfig routes, Function<Context, Worker> worker) {
        routes.get("/api/worklist", ctx -> list(ctx, worker.apply(ctx)));
        routes.get("/api/work-items/{id}", ctx -> view(ctx, worker.apply(ctx)));
        routes.post("/api/work-items/{id}/decisions", ctx -> decide(ctx, worker.apply(ctx)));
        routes.post("/api/work-items/{id}/sign-off", ctx -> signOff(ctx, worker.apply(ctx)));
    }

    private void list(Context ctx, Worker w) {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("view", "worklist");
        Optional.ofNullable(ctx.queryParam("authority"))
                .filter(s -> !s.isBlank())
                .ifPresent(la -> filters.put("authority", ConsoleServer.bounded(la)));
        Optional<String> authority = ConsoleServer.authorityFilter(audit, ctx, w, AccessAction.ALERTS_LISTED, filters);
        Instant now = Instant.now();
        List<Map<String, Object>> households = board.worklist(w, authority).stream()
                .map(e -> household(e, now))
                .toList();
        List<WorkItemView> closed = board.closed(w, authority, CLOSED_SHOWN).stream()
                .map(i -> view(i, now))
                .toList();
        int shown = households.stream()
                        .mapToInt(h -> ((List<?>) h.get("items")).size())
                        .sum()
                + closed.size();
        audit.record(w, AccessAction.ALERTS_LISTED, ViewOutcome.SHOWN, Subject.list(filters, shown));
        ctx.json(Map.of("households", households, "closed", closed));
    }

    private Map<String, Object> household(Worklist.Entry entry, Instant now) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("householdReference", entry.householdReference());
        h.put("decisionDueBy", entry.dueBy().toString());
        h.put("severity", entry.severity().name());
        h.put("items", entry.items().stream().map(i -> view(i, now)).toList());
        return h;
    }

    private void view(Context ctx, Worker w) {
        String id = ctx.pathParam("id");
        Optional<WorkItem> item = board.get(w, id);
        Map<String, String> asked = Map.of("workItemId", ConsoleServer.bounded(id));
        if (item.isEmpty()) {
            audit.record(w, AccessAction.ALERT_VIEWED, ViewOutcome.REFUSED, new Subject(null, null, asked, null, null));
            throw new NotFoundResponse("No such work item in your authorities");
        }
        audit.record(
                w,
                AccessAction.ALERT_VIEWED,
                ViewOutcome.SHOWN,
                new Subject(null, item.get().getChildPseudonym(), asked, null, null));
        ctx.json(view(item.get(), Instant.now()));
    }

    private void decide(Context ctx, Worker w) {
        WorkItem item = item(ctx, w);
        if (!w.canDecide()) {
            throw new ForbiddenResponse("Your role (" + w.role() + ") may view but not record decisions");
        }
        if (item.getStatus() == WorkItemStatus.CLOSED) {
            throw new ConflictResponse("This item is closed; a new alert about the child opens a new one");
        }
        if (item.getStatus() == WorkItemStatus.WITHDRAWN) {
            throw new ConflictResponse("Every alert of this item was withdrawn after a correction by the agency; the "
                    + "decisions recorded on it are kept, and a new alert about the child opens a new item");
        }
        MashDecision decision;
        try {
            decision = recorder.decide(w, item, DecisionRequest.parse(ctx.bodyAsClass(Map.class)));
        } catch (DecisionRequest.Invalid e) {
            throw new BadRequestResponse(e.getMessage());
        }
        board.addDecision(decision); // the feeder will see it too
        ctx.status(201).json(AlertView.DecisionLine.of(decision));
    }

    private void signOff(Context ctx, Worker w) {
        WorkItem item = item(ctx, w);
        if (!w.canSignOff()) {
            throw new ForbiddenResponse("Only a team manager signs off a decision; your role is " + w.role());
        }
        MashDecision proposed = board.decision(item.getLastDecisionId())
                .filter(FrontDoorDecisions::awaitsSignOff)
                .filter(d -> item.getStatus() == WorkItemStatus.AWAITING_SIGN_OFF)
                .orElseThrow(() -> new ConflictResponse("This item has no decision waiting for sign-off"));
        MashDecision signed;
        try {
            signed = recorder.signOff(w, proposed);
        } catch (DecisionRequest.Invalid e) {
            throw new BadRequestResponse(e.getMessage());
        }
        board.addDecision(signed);
        ctx.status(201).json(AlertView.DecisionLine.of(signed));
    }

    private WorkItem item(Context ctx, Worker w) {
        return board.get(w, ctx.pathParam("id"))
                .orElseThrow(() -> new NotFoundResponse("No such work item in your authorities"));
    }

    private WorkItemView view(WorkItem item, Instant now) {
        return WorkItemView.of(item, board.decisionsOn(item.getWorkItemId()), now);
    }
}
