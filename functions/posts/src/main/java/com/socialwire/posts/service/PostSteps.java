package com.socialwire.posts.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.store.PostStore;
import com.socialwire.posts.workflow.Workflow;
import com.socialwire.posts.workflow.Workflow.Policy;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.media.MediaRef;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What every post use case shares: the tenant and its review policy, the one status move, approval stamping, media and content checks. */
public final class PostSteps {

    private final PostStore posts;
    private final TenantProfiles tenants;
    private final MediaLibrary media;
    private final Clock clock;
    private final QuotaCheck quotas;

    public PostSteps(PostStore posts, TenantProfiles tenants, MediaLibrary media, Clock clock) {
        this(posts, tenants, media, clock, null);
    }

    /** @param quotas the platforms' posting caps checked when a post is scheduled or published now (null: none) */
    public PostSteps(PostStore posts, TenantProfiles tenants, MediaLibrary media, Clock clock, QuotaCheck quotas) {
        this.quotas = quotas;
        this.posts = posts;
        this.tenants = tenants;
        this.media = media;
        this.clock = clock;
    }

    Tenant tenant(String tenantId) {
        Tenant t = tenants.get(tenantId).orElseThrow(() -> ApiException.notFound("tenant " + tenantId));
        posts.tenantRead(t); // the counters' day needs its zone: no second read of the tenant
        return t;
    }

    static Policy policy(Tenant t, Post p) {
        return Policy.of(t.settings(), p.requiresApproval());
    }

    static String actor(Principal who) {
        if (who == null) {
            return "system";
        }
        return who.isOwner() ? "owner" : who.role().name().toLowerCase() + ":" + who.keyId();
    }

    static Instant time(String field, String value) {
        if (value == null) {
            return null;
        }
        return PostInput.instant(value).orElseThrow(() -> ApiException.validation(field + " must be an ISO-8601 date-time, e.g. 2026-12-01T00:00:00Z",
                Map.of(field, value)));
    }

    /** Moves {@code p} to {@code to} after a review step; final approval stamps the approved content. */
    void enter(Post p, PostStatus to, String action, Principal who, String reason, Instant now) {
        if (APPROVED_TO.contains(to)) {
            stampApproval(p, who, now);
        }
        transition(p, to, action, who, reason);
    }

    private static final Set<PostStatus> APPROVED_TO = Set.of(PostStatus.SCHEDULED, PostStatus.APPROVED, PostStatus.VAULTED);

    void stampApproval(Post p, Principal who, Instant now) {
        ObjectNode a = p.approval();
        a.put("approvedAt", now.toString());
        a.put("approvedBy", actor(who));
        a.put("approvedContentHash", p.contentHash());
    }

    /** The service's status move: the workflow table's {@link Workflow#move}, by {@code who}; publishing starts a new claim. */
    void transition(Post p, PostStatus to, String action, Principal who, String reason) {
        Instant now = clock.instant();
        if (quotas != null && (to == PostStatus.PUBLISHING || to == PostStatus.SCHEDULED && p.scheduledFor != null)) {
            quotas.require(p, to == PostStatus.PUBLISHING ? now : p.scheduledFor); // refused now, not failed when due
        }
        Workflow.move(p, action, to, actor(who), reason, now);
        if (to == PostStatus.PUBLISHING) {
            p.claimedAt = now;
            p.recoveries = 0; // a new claim: the sweep's count of the last one (maybe given up) does not carry over
        }
    }

    /** Replaces media ids with {id, kind, mimeType} of this tenant's media; unknown or failed media → 422. */
    void resolveMedia(Post p) {
        ArrayNode resolved = Json.array();
        Map<String, Object> problems = new LinkedHashMap<>();
        List<String> ids = p.mediaIds();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Optional<MediaRef> ref = media.find(p.tenantId, id);
            if (ref.isEmpty()) {
                problems.put("media[" + i + "]", "media " + id + " not found for this tenant");
            } else if ("failed".equals(ref.get().status())) {
                problems.put("media[" + i + "]", "media " + id + " failed verification and cannot be used");
            } else {
                ObjectNode o = resolved.addObject();
                o.put("id", id);
                o.put("kind", ref.get().kind());
                o.put("mimeType", ref.get().mimeType());
            }
        }
        if (!problems.isEmpty()) {
            throw unprocessable("the post references media it cannot use", problems);
        }
        p.doc.set("media", resolved);
    }

    /** Every target platform's constraints (422 with per-platform details). */
    void check(Post p) {
        ContentCheck.require(p.draft(), p.platforms());
    }

    static ApiException unprocessable(String message, Map<String, Object> details) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, 422, message, details, Map.of());
    }

    Clock clock() {
        return clock;
    }

    PostStore posts() {
        return posts;
    }
}
