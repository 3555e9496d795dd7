package com.socialwire.posts.workflow;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.tenants.TenantSettings;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The approval state machine of the social-media-manager seed, as a pure function: a post's
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
 */
public final class Workflow {

    public static final String DRAFT = "draft";
    public static final String PENDING_APPROVAL = "pending_approval";
    public static final String QA_REVIEW = "qa_review";
    public static final String CLIENT_REVIEW = "client_review";
    public static final String REGENERATING = "regenerating";
    public static final String APPROVED = "approved";
    public static final String SCHEDULED = "scheduled";
    public static final String VAULTED = "vaulted";
    public static final String PUBLISHING = "publishing";
    public static final String PUBLISHED = "published";
    public static final String PARTIALLY_PUBLISHED = "partially_published";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    public static final List<String> STATUSES = List.of(DRAFT, PENDING_APPROVAL, QA_REVIEW, CLIENT_REVIEW, REGENERATING, APPROVED,
            SCHEDULED, VAULTED, PUBLISHING, PUBLISHED, PARTIALLY_PUBLISHED, FAILED, CANCELLED);
    public static final List<String> DELIVERY_MODES = List.of("auto_publish", "download_only", "both");

    /** Statuses of content that passed final approval: what the vault shows. */
    public static final Set<String> VAULT = Set.of(APPROVED, SCHEDULED, PUBLISHING, PUBLISHED, PARTIALLY_PUBLISHED, VAULTED, FAILED);
    /** Statuses whose content may still be edited (an edit of approved content goes back to review). */
    public static final Set<String> EDITABLE = Set.of(DRAFT, PENDING_APPROVAL, QA_REVIEW, CLIENT_REVIEW, APPROVED, SCHEDULED, VAULTED, FAILED);
    /** Statuses whose approval is final (an edit of their content must be approved again). */
    public static final Set<String> APPROVED_STATES = Set.of(CLIENT_REVIEW, APPROVED, SCHEDULED, VAULTED, FAILED);

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
        public String firstReview() {
            return qa ? QA_REVIEW : client ? CLIENT_REVIEW : null;
        }
    }

    private Workflow() {
    }

    /** Where final approval leads: the vault (download only), the schedule (a date is set) or approved (no date). */
    public static String afterApproval(Policy p, boolean hasDate) {
        if (p.downloadOnly()) {
            return VAULTED;
        }
        return hasDate ? SCHEDULED : APPROVED;
    }

    public static String submit(String status, Policy p, boolean hasDate) {
        require(status, "submit", DRAFT);
        String review = p.firstReview();
        return review != null ? review : afterApproval(p, hasDate);
    }

    public static String qaApprove(String status, Policy p, boolean hasDate) {
        require(status, "qa-approve", QA_REVIEW);
        return p.client ? CLIENT_REVIEW : afterApproval(p, hasDate);
    }

    public static String qaReject(String status) {
        require(status, "qa-reject", QA_REVIEW);
        return REGENERATING;
    }

    public static String clientApprove(String status, Policy p, boolean hasDate) {
        require(status, "client-approve", CLIENT_REVIEW, PENDING_APPROVAL);
        return afterApproval(p, hasDate);
    }

    public static String clientReject(String status) {
        require(status, "client-reject", CLIENT_REVIEW, PENDING_APPROVAL);
        return REGENERATING;
    }

    public static String regenerate(String status) {
        require(status, "regenerate", QA_REVIEW, CLIENT_REVIEW, PENDING_APPROVAL);
        return REGENERATING;
    }

    /** The automated end of a regeneration. */
    public static String regenerated(String status) {
        require(status, "regeneration-complete", REGENERATING);
        return QA_REVIEW;
    }

    /** Legacy single-stage approval: approve → approved, reject → draft (no regeneration). */
    public static String legacyApprove(String status, boolean approve) {
        require(status, approve ? "approve" : "approve(reject)", PENDING_APPROVAL);
        return approve ? APPROVED : DRAFT;
    }

    /** Legacy: a draft put up for single-stage approval (PUT status=pending_approval), or taken back. */
    public static String legacyStatus(String status, String wanted) {
        if (PENDING_APPROVAL.equals(wanted)) {
            require(status, "status=pending_approval", DRAFT, PENDING_APPROVAL);
            return PENDING_APPROVAL;
        }
        if (DRAFT.equals(wanted)) {
            require(status, "status=draft", DRAFT, PENDING_APPROVAL);
            return DRAFT;
        }
        throw new ApiException(ErrorCode.INVALID_TRANSITION, "status cannot be set to " + wanted
                + " by an update; use the transition routes (submit, qa-approve, client-approve, publish, reschedule, DELETE)",
                Map.of("status", status, "requested", wanted));
    }

    public static String reschedule(String status, Policy p) {
        require(status, "reschedule", APPROVED, SCHEDULED, FAILED);
        if (p.downloadOnly()) {
            throw new ApiException(ErrorCode.INVALID_TRANSITION, "the tenant's deliveryMode is download_only: approved content goes to the vault, not the schedule",
                    Map.of("status", status, "action", "reschedule"));
        }
        return SCHEDULED;
    }

    /** Publish now: approved content, or a draft of a tenant that needs no approval; failed platforms may be retried. */
    public static String publishNow(String status, Policy p) {
        if (p.downloadOnly()) {
            throw new ApiException(ErrorCode.INVALID_TRANSITION, "the tenant's deliveryMode is download_only: nothing is published",
                    Map.of("status", status, "action", "publish"));
        }
        if (!p.needsApproval() && DRAFT.equals(status)) {
            return PUBLISHING;
        }
        require(status, "publish", APPROVED, SCHEDULED, FAILED, PARTIALLY_PUBLISHED);
        return PUBLISHING;
    }

    public static String cancel(String status) {
        if (Set.of(PUBLISHING, PUBLISHED, PARTIALLY_PUBLISHED).contains(status)) {
            throw invalid(status, "cancel", List.of("any status but publishing, published, partially_published"));
        }
        return CANCELLED;
    }

    /** Where an edit that changes approved content sends the post. */
    public static String afterEdit(String status, Policy p, boolean contentChanged, boolean hasDate) {
        if (!EDITABLE.contains(status)) {
            throw invalid(status, "update", List.copyOf(EDITABLE));
        }
        if (contentChanged && p.needsApproval() && APPROVED_STATES.contains(status)) {
            return p.firstReview();
        }
        if (SCHEDULED.equals(status) && !hasDate) {
            return APPROVED;
        }
        if (APPROVED.equals(status) && hasDate && !p.downloadOnly()) {
            return SCHEDULED;
        }
        return status;
    }

    private static void require(String status, String action, String... allowed) {
        for (String a : allowed) {
            if (a.equals(status)) {
                return;
            }
        }
        throw invalid(status, action, List.of(allowed));
    }

    static ApiException invalid(String status, String action, List<String> allowed) {
        return new ApiException(ErrorCode.INVALID_TRANSITION, action + " is not allowed from status " + status,
                Map.of("status", status, "action", action, "allowedFrom", allowed));
    }
}
