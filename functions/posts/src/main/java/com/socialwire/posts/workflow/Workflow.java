package com.socialwire.posts.workflow;

import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.tenants.TenantSettings;

import static com.socialwire.posts.model.PostStatus.*;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The approval state machine of the social-media-manager seed: a post's
 * status, the tenant's settings (requiresQaApproval, requiresClientApproval, deliveryMode) and
 * the post's own {@code requiresApproval} flag decide where an action leads. Anything the diagram
 * does not allow is 409 {@code INVALID_TRANSITION}.
 *
 * <pre>
 * draft ── submit ──► qa_review (QA on) │ client_review (client only) │ scheduled/vaulted/approved (no approval)
 * qa_review ── qa-approve ──► client_review (client on) │ scheduled/vaulted/approved
 *           ── qa-reject {reason} ──► regenerating
 * client_review ── client-approve ──► scheduled (date) │ vaulted (download_only) │ approved (no date)
 *               ── client-reject {reason} ──► regenerating
 * regenerating ── (content job done) ──► qa_review
 * qa_review │ client_review │ pending_approval ── regenerate ──► regenerating ──► qa_review
 * pending_approval ── approve {approve} ──► approved │ {reject} ──► draft        (legacy)
 * approved ── reschedule ──► scheduled;  scheduled ── reschedule ──► scheduled
 * approved │ scheduled │ failed │ partially_published ── publish ──► publishing (draft too when no approval is needed)
 * scheduled ── publish run ──► publishing ──► published │ partially_published │ failed
 * any but publishing/published/partially_published ── cancel ──► cancelled
 * </pre>
 * A post's {@code requiresApproval: false} skips both review stages; {@code true} on a tenant
 * without any stage still asks for staff QA. With {@code deliveryMode: download_only} approved
 * content goes to the vault and is never auto-published.
 * <p>
 * Every allowed move is one row of {@link #TABLE} (action, the statuses it starts from, where it may lead); every
 * status change, by the API or a worker, goes through {@link #move}, which refuses what the table does not hold.
 */
public final class Workflow {

    /** One allowed move: {@code action} from any of {@code from} (in the order the API lists them) to one of {@code to}. */
    public record Transition(String action, List<PostStatus> from, Set<PostStatus> to) {

        public boolean allows(PostStatus status) {
            return from.contains(status);
        }
    }

    private static final List<PostStatus> REVIEW = List.of(QA_REVIEW, CLIENT_REVIEW, PENDING_APPROVAL);
    private static final List<PostStatus> RESCHEDULABLE = List.of(APPROVED, SCHEDULED, FAILED);
    private static final List<PostStatus> ENDED = List.of(PUBLISHED, PARTIALLY_PUBLISHED, FAILED);
    /** Final approval's destinations: {@link #afterApproval}. */
    private static final List<PostStatus> APPROVED_TO = List.of(SCHEDULED, VAULTED, APPROVED);

    /** Statuses whose content may still be edited (an edit of approved content goes back to review). */
    public static final List<PostStatus> EDITABLE = List.of(DRAFT, PENDING_APPROVAL, QA_REVIEW, CLIENT_REVIEW, APPROVED, SCHEDULED, VAULTED, FAILED);
    /** Statuses whose approval is final (an edit of their content must be approved again). */
    public static final Set<PostStatus> APPROVED_STATES = EnumSet.of(CLIENT_REVIEW, APPROVED, SCHEDULED, VAULTED, FAILED);
    /** Statuses of content that passed final approval: what the vault shows. */
    public static final Set<PostStatus> VAULT = EnumSet.of(APPROVED, SCHEDULED, PUBLISHING, PUBLISHED, PARTIALLY_PUBLISHED, VAULTED, FAILED);
    public static final List<String> DELIVERY_MODES = List.of("auto_publish", "download_only", "both");

    /** Every allowed status change, by action. Nothing changes a post's status outside this table. */
    public static final Map<String, Transition> TABLE = table(
            row("submit", List.of(DRAFT), QA_REVIEW, CLIENT_REVIEW, SCHEDULED, VAULTED, APPROVED),
            row("qa-approve", List.of(QA_REVIEW), CLIENT_REVIEW, SCHEDULED, VAULTED, APPROVED),
            row("qa-reject", List.of(QA_REVIEW), REGENERATING),
            row("client-approve", List.of(CLIENT_REVIEW, PENDING_APPROVAL), APPROVED_TO.toArray(new PostStatus[0])),
            row("client-reject", List.of(CLIENT_REVIEW, PENDING_APPROVAL), REGENERATING),
            row("regenerate", REVIEW, REGENERATING),
            row("regeneration-complete", List.of(REGENERATING), QA_REVIEW),
            row("regeneration-abandoned", List.of(REGENERATING), QA_REVIEW),
            row("approve", List.of(PENDING_APPROVAL), APPROVED),
            row("approve(reject)", List.of(PENDING_APPROVAL), DRAFT),
            row("status=pending_approval", List.of(DRAFT, PENDING_APPROVAL), PENDING_APPROVAL),
            row("status=draft", List.of(DRAFT, PENDING_APPROVAL), DRAFT),
            row("update-status", List.of(DRAFT, PENDING_APPROVAL), DRAFT, PENDING_APPROVAL),
            row("update", EDITABLE, APPROVED, SCHEDULED),
            row("edit-requires-review", List.copyOf(APPROVED_STATES), QA_REVIEW, CLIENT_REVIEW, APPROVED, SCHEDULED),
            row("reschedule", RESCHEDULABLE, SCHEDULED),
            row("campaign-auto-approve", REVIEW, APPROVED),
            row("campaign-schedule", RESCHEDULABLE, SCHEDULED),
            // a draft only when nothing needs approval ({@link #publishNow})
            row("publish", List.of(APPROVED, SCHEDULED, FAILED, PARTIALLY_PUBLISHED, DRAFT), PUBLISHING),
            row("publish-run", List.of(SCHEDULED), PUBLISHING),
            row("publish-complete", List.of(PUBLISHING), ENDED.toArray(new PostStatus[0])),
            row("publish-run-failed", List.of(SCHEDULED, PUBLISHING), ENDED.toArray(new PostStatus[0])),
            row("cancel", List.of(DRAFT, PENDING_APPROVAL, QA_REVIEW, CLIENT_REVIEW, REGENERATING, APPROVED, SCHEDULED, VAULTED, FAILED, CANCELLED),
                    CANCELLED));

    /** What decides a post's path through review. */
    public record Policy(boolean qa, boolean client, String deliveryMode) {

        public static Policy of(TenantSettings settings, Boolean postRequiresApproval) {
            boolean qa = settings.requiresQaApproval();
            boolean client = settings.requiresClientApproval();
            if (Boolean.FALSE.equals(postRequiresApproval)) {
                qa = false;
                client = false;
            } else if (Boolean.TRUE.equals(postRequiresApproval) && !qa && !client) {
                qa = true;
            }
            return new Policy(qa, client, settings.deliveryMode() == null ? "auto_publish" : settings.deliveryMode());
        }

        public boolean needsApproval() {
            return qa || client;
        }

        public boolean downloadOnly() {
            return "download_only".equals(deliveryMode);
        }

        /** The first review stage, or null when nothing needs review. */
        public PostStatus firstReview() {
            return qa ? QA_REVIEW : client ? CLIENT_REVIEW : null;
        }
    }

    private Workflow() {
    }

    /** The row of {@code action}; an action the table does not hold is a programming error. */
    public static Transition rule(String action) {
        Transition t = TABLE.get(action);
        if (t == null) {
            throw new IllegalArgumentException("no transition " + action + " in the workflow table");
        }
        return t;
    }

    /** True if the table lets {@code action} move a post from {@code from} to {@code to}. */
    public static boolean allows(String action, PostStatus from, PostStatus to) {
        Transition t = TABLE.get(action);
        return t != null && t.allows(from) && t.to().contains(to);
    }

    /**
     * Moves {@code p} to {@code to} by {@code action} and records it in the audit trail: the one place a post's status
     * changes. A start the table does not allow is 409 {@code INVALID_TRANSITION}; a destination it does not allow is
     * a programming error.
     */
    public static void move(Post p, String action, PostStatus to, String actor, String reason, Instant now) {
        Transition t = rule(action);
        require(p.status, action);
        if (!t.to().contains(to)) {
            throw new IllegalStateException(action + " cannot lead from " + p.status + " to " + to);
        }
        p.record(now, action, p.status, to, actor, reason);
        p.status = to;
        p.updatedAt = now;
    }

    /** Where final approval leads: the vault (download only), the schedule (a date is set) or approved (no date). */
    public static PostStatus afterApproval(Policy p, boolean hasDate) {
        if (p.downloadOnly()) {
            return VAULTED;
        }
        return hasDate ? SCHEDULED : APPROVED;
    }

    public static PostStatus submit(PostStatus status, Policy p, boolean hasDate) {
        require(status, "submit");
        PostStatus review = p.firstReview();
        return review != null ? review : afterApproval(p, hasDate);
    }

    public static PostStatus qaApprove(PostStatus status, Policy p, boolean hasDate) {
        require(status, "qa-approve");
        return p.client ? CLIENT_REVIEW : afterApproval(p, hasDate);
    }

    public static PostStatus qaReject(PostStatus status) {
        require(status, "qa-reject");
        return REGENERATING;
    }

    public static PostStatus clientApprove(PostStatus status, Policy p, boolean hasDate) {
        require(status, "client-approve");
        return afterApproval(p, hasDate);
    }

    public static PostStatus clientReject(PostStatus status) {
        require(status, "client-reject");
        return REGENERATING;
    }

    public static PostStatus regenerate(PostStatus status) {
        require(status, "regenerate");
        return REGENERATING;
    }

    /** The automated end of a regeneration. */
    public static PostStatus regenerated(PostStatus status) {
        require(status, "regeneration-complete");
        return QA_REVIEW;
    }

    /** Legacy single-stage approval: approve → approved, reject → draft (no regeneration). */
    public static PostStatus legacyApprove(PostStatus status, boolean approve) {
        String action = approve ? "approve" : "approve(reject)";
        require(status, action);
        return only(action);
    }

    /** Legacy: a draft put up for single-stage approval (PUT status=pending_approval), or taken back; {@code requested} is the request's text. */
    public static PostStatus legacyStatus(PostStatus status, String requested) {
        PostStatus wanted = PostStatus.parse(requested).orElse(null);
        if (wanted == PENDING_APPROVAL || wanted == DRAFT) {
            String action = "status=" + wanted.wire();
            require(status, action);
            return only(action);
        }
        throw new ApiException(ErrorCode.INVALID_TRANSITION, "status cannot be set to " + requested
                + " by an update; use the transition routes (submit, qa-approve, client-approve, publish, reschedule, DELETE)",
                Map.of("status", status.wire(), "requested", requested));
    }

    public static PostStatus reschedule(PostStatus status, Policy p) {
        require(status, "reschedule");
        if (p.downloadOnly()) {
            throw new ApiException(ErrorCode.INVALID_TRANSITION, "the tenant's deliveryMode is download_only: approved content goes to the vault, not the schedule",
                    Map.of("status", status.wire(), "action", "reschedule"));
        }
        return SCHEDULED;
    }

    /** Publish now: approved content, or a draft of a tenant that needs no approval; failed platforms may be retried. */
    public static PostStatus publishNow(PostStatus status, Policy p) {
        if (p.downloadOnly()) {
            throw new ApiException(ErrorCode.INVALID_TRANSITION, "the tenant's deliveryMode is download_only: nothing is published",
                    Map.of("status", status.wire(), "action", "publish"));
        }
        if (!p.needsApproval() && status == DRAFT) {
            return PUBLISHING;
        }
        if (status == DRAFT || !rule("publish").allows(status)) {
            throw invalid(status, "publish", rule("publish").from().stream().filter(x -> x != DRAFT).map(PostStatus::wire).toList());
        }
        return PUBLISHING;
    }

    public static PostStatus cancel(PostStatus status) {
        if (!rule("cancel").allows(status)) {
            throw invalid(status, "cancel", List.of("any status but publishing, published, partially_published"));
        }
        return CANCELLED;
    }

    /**
     * Where an edit sends the post (its own status when it stays): content changed after approval goes back to review;
     * a scheduled post without a date is approved, an approved one with a date is scheduled. The move is recorded as
     * {@code edit-requires-review} when the content changed, else {@code update}.
     */
    public static PostStatus afterEdit(PostStatus status, Policy p, boolean contentChanged, boolean hasDate) {
        if (!rule("update").allows(status)) {
            throw invalid(status, "update", EDITABLE.stream().map(PostStatus::wire).toList());
        }
        if (contentChanged && p.needsApproval() && APPROVED_STATES.contains(status)) {
            return p.firstReview();
        }
        if (status == SCHEDULED && !hasDate) {
            return APPROVED;
        }
        if (status == APPROVED && hasDate && !p.downloadOnly()) {
            return SCHEDULED;
        }
        return status;
    }

    private static PostStatus only(String action) {
        return rule(action).to().iterator().next();
    }

    private static void require(PostStatus status, String action) {
        Transition t = rule(action);
        if (!t.allows(status)) {
            throw invalid(status, action, t.from().stream().map(PostStatus::wire).toList());
        }
    }

    static ApiException invalid(PostStatus status, String action, List<String> allowed) {
        return new ApiException(ErrorCode.INVALID_TRANSITION, action + " is not allowed from status " + status.wire(),
                Map.of("status", status.wire(), "action", action, "allowedFrom", allowed));
    }

    private static Transition row(String action, List<PostStatus> from, PostStatus... to) {
        return new Transition(action, List.copyOf(from), Set.copyOf(EnumSet.copyOf(List.of(to))));
    }

    private static Map<String, Transition> table(Transition... rows) {
        Map<String, Transition> out = new LinkedHashMap<>();
        for (Transition t : rows) {
            out.put(t.action(), t);
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
