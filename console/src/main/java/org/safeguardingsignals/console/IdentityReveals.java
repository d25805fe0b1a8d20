package org.safeguardingsignals.console;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.ServiceUnavailableResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.safeguardingsignals.console.AccessAudit.Subject;
import org.safeguardingsignals.events.AccessAction;
import org.safeguardingsignals.events.IdentityVaultEntry;
import org.safeguardingsignals.events.RevealReason;
import org.safeguardingsignals.events.ViewOutcome;
import org.safeguardingsignals.runtime.identity.IdentityVault;

/**
 * The only path to a child's NHS number: {@code POST /api/children/{pseudonym}/identity} with a coded reason. The
 * worker must be allowed to reveal (a worker or team manager), and the child must be the subject of an alert routed
 * to one of their authorities, or a member of a group of linked children as a child of one of their authorities; or
 * a school's designated safeguarding lead, for a child named in an Operation Encompass notice to one of their schools.
 * The reveal is written to the audit topic, and acknowledged by the broker, before the sealed entry is opened; a
 * refusal is audited too, naming the child only where the worker may know of them. Another authority's child in a
 * group is refused as forbidden, not as unknown: the exploitation view shows every MASH worker that the child exists,
 * and whose they are to ask.
 */
final class IdentityReveals {
    static final String PATH = "/api/children/{pseudonym}/identity";
    private static final String REASONS = Arrays.stream(RevealReason.values())
            .filter(r -> r != RevealReason.UNKNOWN)
            .map(Enum::name)
            .collect(Collectors.joining(", "));

    private final AlertBoard board;
    private final EncompassInbox inbox;
    private final LinkedGroups groups;
    private final AccessAudit audit;
    private final Optional<IdentityVault.Opener> opener;
    /** The latest sealed entry per child, as the vault topic holds them (kept sealed until a reveal). */
    private final Map<String, IdentityVaultEntry> sealed = new ConcurrentHashMap<>();

    IdentityReveals(AlertBoard board, AccessAudit audit, Optional<IdentityVault.Opener> opener) {
        this(board, new EncompassInbox(), new LinkedGroups(), audit, opener);
    }

    /**
     * With the Encompass inbox (a school's DSL may reveal a child named in a notice to their school) and the linked
     * groups (a MASH worker may reveal a grouped child of their authorities).
     */
    IdentityReveals(
            AlertBoard board,
            EncompassInbox inbox,
            LinkedGroups groups,
            AccessAudit audit,
            Optional<IdentityVault.Opener> opener) {
        this.board = board;
        this.inbox = inbox;
        this.groups = groups;
        this.audit = audit;
        this.opener = opener;
    }

    /** Whether this console can open the vault at all (it has the key). */
    boolean enabled() {
        return opener.isPresent();
    }

    /** A vault record read from the topic. */
    void add(IdentityVaultEntry entry) {
        sealed.put(entry.getChildPseudonym(), entry);
    }

    void reveal(Context ctx, Worker w) {
        String pseudonym = ctx.pathParam("pseudonym");
        if (!w.canRevealIdentity()) {
            audit.record(w, AccessAction.IDENTITY_REVEALED, ViewOutcome.REFUSED, Subject.reveal(null, null));
            throw new ForbiddenResponse("Your role (" + w.role() + ") may not see a child's identity");
        }
        RevealReason reason = reason(ctx);
        if (reason == RevealReason.UNKNOWN) {
            audit.record(w, AccessAction.IDENTITY_REVEALED, ViewOutcome.REFUSED, Subject.reveal(null, null));
            throw new BadRequestResponse(
                    "A reason is needed to see a child's identity: reason must be one of " + REASONS);
        }
        if (opener.isEmpty()) {
            throw new ServiceUnavailableResponse(
                    "This console holds no identity vault key (identity.vault.key): " + "ask your administrator");
        }
        if (!mayReveal(w, pseudonym)) {
            if (!w.receivesNotices() && groups.grouped(pseudonym)) {
                // the worker sees this child in the exploitation view: neither the refusal nor its record tells
                // them more than it does
                audit.record(w, AccessAction.IDENTITY_REVEALED, ViewOutcome.REFUSED, Subject.reveal(pseudonym, reason));
                throw new ForbiddenResponse(
                        "This child, in a group of linked children, is another authority's: ask the authority "
                                + "responsible for them");
            }
            // the same answer for "unknown" and "not yours", so that the answer does not reveal who exists
            audit.record(w, AccessAction.IDENTITY_REVEALED, ViewOutcome.REFUSED, Subject.reveal(null, reason));
            throw new NotFoundResponse("No child with this pseudonym is known in your authorities");
        }
        IdentityVaultEntry entry = sealed.get(pseudonym);
        if (entry == null) {
            audit.record(w, AccessAction.IDENTITY_REVEALED, ViewOutcome.REFUSED, Subject.reveal(pseudonym, reason));
            throw new NotFoundResponse("No identity is held for this child yet: the vault has no entry for them");
        }
        String nhsNumber;
        try {
            nhsNumber = opener.get().open(entry); // in memory only until the audit has the reveal
        } catch (IllegalArgumentException e) {
            audit.record(w, AccessAction.IDENTITY_REVEALED, ViewOutcome.REFUSED, Subject.reveal(pseudonym, reason));
            throw new IllegalStateException("The vault entry of " + pseudonym + " could not be opened", e);
        }
        audit.record(w, AccessAction.IDENTITY_REVEALED, ViewOutcome.SHOWN, Subject.reveal(pseudonym, reason));
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("childPseudonym", pseudonym, "nhsNumber", nhsNumber, "reason", reason.name()));
    }

    /** A DSL: a child named in a notice to their school; a MASH worker: a child of theirs by alert or by group. */
    private boolean mayReveal(Worker w, String pseudonym) {
        return w.receivesNotices()
                ? inbox.knows(w, pseudonym)
                : board.knows(w, pseudonym) || groups.ofWorkersAuthorities(w, pseudonym);
    }

    private static RevealReason reason(Context ctx) {
        Object asked;
        try {
            asked = ctx.bodyAsClass(Map.class).get("reason");
        } catch (RuntimeException e) {
            return RevealReason.UNKNOWN;
        }
        try {
            return RevealReason.valueOf(String.valueOf(asked));
        } catch (IllegalArgumentException e) {
            return RevealReason.UNKNOWN;
        }
    }
}
