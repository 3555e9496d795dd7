package com.socialwire.posts.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostLimits;
import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.publish.PublishJobs;
import com.socialwire.posts.regen.Regenerator;
import com.socialwire.posts.store.CommentStore;
import com.socialwire.posts.store.PostStore;
import com.socialwire.posts.workflow.Workflow;
import com.socialwire.posts.workflow.Workflow.Policy;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.Usage;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.media.MediaRef;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Posts of a tenant: create, edit, list, cancel, and every transition of the approval workflow
 * ({@link Workflow}), each recorded in the post's audit trail. Content is checked against every
 * target platform (422 with per-platform details); approval is bound to the content it approved.
 */
public final class PostService {

    /** How long a media URL handed to a platform (or a download bundle) stays valid. */
    static final Duration FETCH_URL_LIFETIME = Duration.ofHours(6);

    private final PostStore posts;
    private final CommentStore comments;
    private final TenantProfiles tenants;
    private final MediaLibrary media;
    private final PublishJobs jobs;
    private final Regenerator regenerator;
    private final Metering metering;
    private final Clock clock;

    public PostService(PostStore posts, CommentStore comments, TenantProfiles tenants, MediaLibrary media, PublishJobs jobs,
                       Regenerator regenerator, Metering metering, Clock clock) {
        this.posts = posts;
        this.comments = comments;
        this.tenants = tenants;
        this.media = media;
        this.jobs = jobs;
        this.regenerator = regenerator;
        this.metering = metering;
        this.clock = clock;
    }

    Tenant tenant(String tenantId) {
        return tenants.get(tenantId).orElseThrow(() -> ApiException.notFound("tenant " + tenantId));
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

    // ------------------------------------------------------------------ create / read / update / cancel

    public Post create(Principal who, String tenantId, ObjectNode body) {
        PostInput in = PostInput.parse(body, true);
        return create(who, tenantId, in, "api");
    }

    Post create(Principal who, String tenantId, PostInput in, String source) {
        Tenant tenant = tenant(tenantId);
        Instant now = clock.instant();
        ObjectNode doc = Json.object();
        doc.putObject("content").put("text", "").putObject("platformOverrides");
        doc.putArray("platforms");
        doc.putArray("accountIds");
        doc.putArray("hashtags");
        doc.putArray("media");
        doc.putArray("threadParts");
        doc.putArray("labels");
        doc.putArray("tags");
        doc.put("category", "other");
        doc.putNull("campaignId");
        doc.putNull("requiresApproval");
        doc.setAll(in.doc);
        doc.put("source", source);
        doc.put("createdBy", actor(who));
        doc.put("regenerationCount", 0);
        Post p = new Post(Ids.next("post"), tenantId, tenant.accountId(), now, Workflow.DRAFT, 0,
                in.scheduledFor.flatMap(x -> x).orElse(null), now, doc, Json.object(), List.of());
        if (p.scheduledFor != null && !p.scheduledFor.isAfter(now)) {
            throw unprocessable("scheduledFor must be in the future", Map.of("scheduledFor", p.scheduledFor.toString()));
        }
        resolveMedia(p);
        check(p);
        PostLimits.requireDocWithin(p.doc, PostLimits.CONTENT_BYTES);
        p.record(now, "create", null, Workflow.DRAFT, actor(who), null);
        if ("scheduled".equals(in.status)) {
            // "scheduled" on create is a submit: the approval stages still apply
            String to = Workflow.submit(Workflow.DRAFT, policy(tenant, p), p.scheduledFor != null);
            enter(p, tenant, to, "submit", who, null, now);
        }
        posts.create(p);
        return p;
    }

    public Post get(String tenantId, String postId) {
        return posts.require(tenantId, postId);
    }

    public Page<Post> list(String tenantId, String status, String platform, String from, String to, String campaignId, int limit, String cursor) {
        if (status != null && !Workflow.STATUSES.contains(status)) {
            throw ApiException.validation("status must be one of " + Workflow.STATUSES, Map.of("status", status));
        }
        String p = platform == null ? null : Platforms.find(platform).map(Platform::name)
                .orElseThrow(() -> ApiException.validation("Unsupported platform: " + platform, Map.of("platform", platform)));
        return posts.list(tenantId, status, p, time("from", from), time("to", to), campaignId, limit, cursor);
    }

    static Instant time(String field, String value) {
        if (value == null) {
            return null;
        }
        return PostInput.instant(value).orElseThrow(() -> ApiException.validation(field + " must be an ISO-8601 date-time, e.g. 2026-12-01T00:00:00Z",
                Map.of(field, value)));
    }

    public Post update(Principal who, String tenantId, String postId, ObjectNode body) {
        PostInput in = PostInput.parse(body, false);
        Tenant tenant = tenant(tenantId);
        return posts.update(tenantId, postId, p -> {
            Instant now = clock.instant();
            String before = p.contentHash();
            String from = p.status;
            if (in.status != null && !in.status.equals(p.status)) {
                String to = Workflow.legacyStatus(p.status, in.status);
                p.record(now, "update-status", from, to, actor(who), null);
                p.status = to;
            }
            p.doc.setAll(in.doc.deepCopy());
            if (in.scheduledFor.isPresent()) {
                Instant when = in.scheduledFor.get().orElse(null);
                if (when != null && !when.isAfter(now) && !when.equals(p.scheduledFor)) {
                    throw unprocessable("scheduledFor must be in the future", Map.of("scheduledFor", when.toString()));
                }
                p.scheduledFor = when;
            }
            resolveMedia(p);
            check(p);
            PostLimits.requireDocWithin(p.doc, PostLimits.CONTENT_BYTES);
            boolean changed = !before.equals(p.contentHash());
            String to = Workflow.afterEdit(p.status, policy(tenant, p), changed, p.scheduledFor != null);
            if (!to.equals(p.status)) {
                p.record(now, changed ? "edit-requires-review" : "update", p.status, to, actor(who),
                        changed ? "content changed after approval" : null);
                if (changed) {
                    p.approval().remove(List.of("approvedAt", "approvedBy", "approvedContentHash", "qaApprovedAt", "qaApprovedBy",
                            "clientApprovedAt", "clientApprovedBy"));
                }
                p.status = to;
            } else {
                p.record(now, "update", from, p.status, actor(who), null);
            }
            p.updatedAt = now;
        });
    }

    public Post cancel(Principal who, String tenantId, String postId) {
        return posts.update(tenantId, postId, p -> {
            if (Workflow.CANCELLED.equals(p.status)) {
                return;
            }
            String to = Workflow.cancel(p.status);
            transition(p, to, "cancel", who, null);
        });
    }

    // ------------------------------------------------------------------ approval workflow

    public Post submit(Principal who, String tenantId, String postId) {
        Tenant t = tenant(tenantId);
        Post saved = posts.update(tenantId, postId, p -> {
            check(p);
            String to = Workflow.submit(p.status, policy(t, p), p.scheduledFor != null);
            enter(p, t, to, "submit", who, null, clock.instant());
        });
        return saved;
    }

    public Post qaApprove(Principal who, String tenantId, String postId) {
        Tenant t = tenant(tenantId);
        return posts.update(tenantId, postId, p -> {
            String to = Workflow.qaApprove(p.status, policy(t, p), p.scheduledFor != null);
            Instant now = clock.instant();
            p.approval().put("qaApprovedAt", now.toString()).put("qaApprovedBy", actor(who));
            enter(p, t, to, "qa-approve", who, null, now);
        });
    }

    public Post clientApprove(Principal who, String tenantId, String postId) {
        Tenant t = tenant(tenantId);
        return posts.update(tenantId, postId, p -> {
            String to = Workflow.clientApprove(p.status, policy(t, p), p.scheduledFor != null);
            Instant now = clock.instant();
            p.approval().put("clientApprovedAt", now.toString()).put("clientApprovedBy", actor(who));
            enter(p, t, to, "client-approve", who, null, now);
        });
    }

    public Post qaReject(Principal who, String tenantId, String postId, ObjectNode body) {
        return reject(who, tenantId, postId, body, true);
    }

    public Post clientReject(Principal who, String tenantId, String postId, ObjectNode body) {
        return reject(who, tenantId, postId, body, false);
    }

    private Post reject(Principal who, String tenantId, String postId, ObjectNode body, boolean qa) {
        PostLimits.requireWithin(PostLimits.tooLong(body, "reason", PostLimits.REASON));
        JsonBody b = new JsonBody(body, Set.of("reason"));
        String reason = b.string("reason", true, 3, PostLimits.REASON).orElse(null);
        b.check();
        tenant(tenantId);
        ObjectNode comment = newComment(who, reason, null, qa ? "qa_rejection" : "client_rejection");
        Post saved = posts.update(tenantId, postId, p -> {
            String to = qa ? Workflow.qaReject(p.status) : Workflow.clientReject(p.status);
            ObjectNode a = p.approval();
            a.put("rejectionCount", a.path("rejectionCount").asInt(0) + 1);
            a.put("lastRejectionReason", reason);
            p.doc.put("regenerationRequested", p.doc.path("regenerationCount").asInt(0) + 1);
            transition(p, to, qa ? "qa-reject" : "client-reject", who, reason);
        });
        comments.put(tenantId, postId, comment);
        jobs.regenerate(saved);
        return saved;
    }

    /** Legacy single-stage approval (pending_approval): approve → approved, reject → draft; no regeneration. */
    public Post legacyApprove(Principal who, String tenantId, String postId, ObjectNode body) {
        JsonBody b = new JsonBody(body, Set.of("action"));
        String action = b.oneOf("action", true, Set.of("approve", "reject")).orElse(null);
        b.check();
        return posts.update(tenantId, postId, p -> {
            boolean approve = "approve".equals(action);
            String to = Workflow.legacyApprove(p.status, approve);
            if (!approve) {
                p.approval().remove(List.of("approvedAt", "approvedBy", "approvedContentHash"));
            }
            transition(p, to, approve ? "approve" : "approve(reject)", who, null);
            if (approve) {
                stampApproval(p, who, clock.instant());
            }
        });
    }

    /** Manual regeneration (synchronous, paid): rewrites the post from its open feedback and returns it to qa_review. */
    public Map<String, Object> regenerate(Principal who, String tenantId, String postId) {
        Tenant t = tenant(tenantId);
        Post before = posts.require(tenantId, postId);
        Workflow.regenerate(before.status);
        Post p = posts.update(tenantId, postId, x -> transition(x, Workflow.regenerate(x.status), "regenerate", who, null));
        RegenerationResult r = applyRegeneration(t, p, "regen:" + p.id + ":manual:" + Ids.base62(10), who);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.post().id);
        out.put("status", r.post().status);
        out.put("regenerationCount", r.post().doc.path("regenerationCount").asInt());
        out.put("oldText", r.oldText());
        out.put("newText", r.post().text());
        out.put("feedbackUsed", r.feedbackUsed());
        out.put("offlineGenerator", regenerator.llm().offline());
        out.put("usage", r.usage());
        if (r.error() != null) {
            out.put("error", r.error());
        }
        out.put("post", r.post().toJson());
        if (r.status() != 0) {
            throw new ApiException(r.status() == 402 ? ErrorCode.INSUFFICIENT_CREDITS : ErrorCode.PROVIDER_UNAVAILABLE, r.status(), r.error(),
                    Map.of("postId", postId, "status", r.post().status), Map.of());
        }
        return out;
    }

    /** What one regeneration did. {@code status} is non-zero when the API should answer an error (402/503). */
    public record RegenerationResult(Post post, String oldText, int feedbackUsed, Usage usage, String error, int status) {
    }

    /**
     * Runs a regeneration of a post in {@code regenerating} and moves it back to qa_review, with
     * the rewritten text (or the old text and the reason when it could not be rewritten). Used by
     * the manual route and the content worker. Throws {@link com.socialwire.shared.jobs.RetryLater}
     * when the model is unavailable and {@code who} is the worker.
     */
    public RegenerationResult applyRegeneration(Tenant t, Post p, String operationId, Principal who) {
        return applyRegeneration(t, p, operationId, who, false);
    }

    /**
     * As above; on the worker's {@code lastAttempt} (the job's last receive before its DLQ) an
     * unavailable model ends the regeneration with the reason instead of retrying, so the post never
     * stays {@code regenerating}.
     */
    public RegenerationResult applyRegeneration(Tenant t, Post p, String operationId, Principal who, boolean lastAttempt) {
        List<ObjectNode> open = comments.all(p.tenantId, p.id).stream().filter(c -> !c.path("agentPickedUp").asBoolean(false)).toList();
        List<String> feedback = new ArrayList<>();
        for (ObjectNode c : open) {
            String anchor = c.path("anchor").path("type").asText("");
            String where = "text".equals(anchor) ? " (about: \"" + c.path("anchor").path("text").asText() + "\")"
                    : "image".equals(anchor) ? " (about an image)" : "";
            feedback.add(c.path("kind").asText("comment").replace('_', ' ') + ": " + c.path("text").asText() + where);
        }
        int max = p.platforms().stream().map(Platforms::find).flatMap(Optional::stream).mapToInt(Platform::maxCharacters).min().orElse(2200);
        String oldText = p.text();
        Regenerator.Outcome outcome = regenerator.run(t, p, feedback, max, operationId);
        if (outcome instanceof Regenerator.Outcome.Unavailable u) {
            if (who == null && !lastAttempt) {
                throw new com.socialwire.shared.jobs.RetryLater("model unavailable: " + u.message());
            }
        }
        Instant now = clock.instant();
        String[] error = {null};
        int[] status = {0};
        Usage[] usage = {null};
        Post saved = posts.update(p.tenantId, p.id, x -> {
            if (!Workflow.REGENERATING.equals(x.status)) {
                return;
            }
            ObjectNode last = x.doc.putObject("lastRegeneration");
            last.put("at", now.toString());
            // what the rewrite started from, bounded: the item must not grow with the feedback's length
            last.put("oldText", PostLimits.clip(oldText, PostLimits.REASON));
            ArrayNode used = last.putArray("feedbackUsed");
            feedback.stream().limit(PostLimits.FEEDBACK_KEPT).forEach(f -> used.add(PostLimits.clip(f, PostLimits.HISTORY_REASON)));
            if (feedback.size() > PostLimits.FEEDBACK_KEPT) {
                last.put("feedbackLeftOut", feedback.size() - PostLimits.FEEDBACK_KEPT);
            }
            switch (outcome) {
                case Regenerator.Outcome.Rewritten r -> {
                    x.text(r.text());
                    if (PostLimits.bytes(x.doc) > PostLimits.DOC_BYTES) {
                        // a save would be refused and the post stay regenerating: keep the old text
                        x.text(oldText);
                        error[0] = "the rewrite is too long to store; the text is unchanged";
                    }
                    x.doc.put("regenerationCount", x.doc.path("regenerationCount").asInt(0) + 1);
                    last.put("model", r.model());
                    last.put("offlineGenerator", r.offline());
                    usage[0] = r.usage();
                }
                case Regenerator.Outcome.NoCredits n -> {
                    error[0] = "not enough credits to regenerate (" + n.requiredMicroCredits() + " micro-credits needed); the text is unchanged";
                    status[0] = 402;
                }
                case Regenerator.Outcome.BudgetSpent b -> error[0] = "the tenant's daily LLM budget is spent; the text is unchanged";
                case Regenerator.Outcome.Unavailable u -> {
                    error[0] = "the model is unavailable; the text is unchanged";
                    status[0] = 503;
                }
                case Regenerator.Outcome.Failed f -> {
                    error[0] = f.message() + "; the text is unchanged";
                    usage[0] = f.usage();
                }
            }
            if (error[0] != null) {
                last.put("error", error[0]);
            }
            transition(x, Workflow.regenerated(x.status), "regeneration-complete", who, error[0]);
        });
        if (outcome instanceof Regenerator.Outcome.Rewritten) {
            for (ObjectNode c : open) {
                c.put("agentPickedUp", true);
                c.put("agentPickedUpAt", now.toString());
                comments.put(p.tenantId, p.id, c);
            }
        }
        return new RegenerationResult(saved, oldText, feedback.size(), usage[0], error[0], status[0]);
    }

    // ------------------------------------------------------------------ scheduling and publishing

    public Post reschedule(Principal who, String tenantId, String postId, ObjectNode body) {
        JsonBody b = new JsonBody(body, Set.of("scheduledFor", "scheduledAt"));
        String raw = b.string(body.has("scheduledAt") && !body.has("scheduledFor") ? "scheduledAt" : "scheduledFor", true, 1, 64).orElse(null);
        b.check();
        Instant when = PostInput.instant(raw).orElseThrow(() -> ApiException.validation(
                "scheduledFor must be a valid ISO-8601 date-time with an offset", Map.of("scheduledFor", raw)));
        Instant now = clock.instant();
        if (!when.isAfter(now)) {
            throw unprocessable("scheduledFor must be in the future", Map.of("scheduledFor", when.toString()));
        }
        Tenant t = tenant(tenantId);
        return posts.update(tenantId, postId, p -> {
            String to = Workflow.reschedule(p.status, policy(t, p));
            p.scheduledFor = when;
            if (Workflow.FAILED.equals(p.status)) {
                resetUnpublished(p);
            }
            transition(p, to, "reschedule", who, "to " + when);
        });
    }

    /**
     * Publish now: claims the post (→ publishing), holds the credits of every platform that will
     * really be published (402 and nothing changes if the account cannot cover them), and queues
     * one publish job per platform. Platforms already published stay published.
     */
    public Map<String, Object> publishNow(Principal who, String tenantId, String postId) {
        Tenant t = tenant(tenantId);
        Post p = posts.require(tenantId, postId);
        Workflow.publishNow(p.status, policy(t, p));
        check(p);
        List<Metering.Hold> holds = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (String platform : p.platforms()) {
            ObjectNode d = p.delivery(platform);
            if (DeliveryStatus.of(d) == DeliveryStatus.PUBLISHED) {
                continue;
            }
            targets.add(platform);
        }
        long fee = metering.card().fee("publish");
        Map<String, String> holdIds = new LinkedHashMap<>();
        for (String platform : targets) {
            if (!Platforms.require(platform).active()) {
                continue;
            }
            String op = "publish:" + p.id + ":" + platform + ":" + Ids.base62(10);
            Optional<Metering.Hold> h = metering.hold(t.accountId(), op, fee, "publish " + p.id + " to " + platform);
            if (h.isEmpty()) {
                holds.forEach(x -> metering.refund(x, "publish not started"));
                throw new ApiException(ErrorCode.INSUFFICIENT_CREDITS, "not enough credits to publish to " + platform + "; top up first",
                        Map.of("requiredMicroCredits", fee * targets.stream().filter(x -> Platforms.require(x).active()).count(),
                                "availableMicroCredits", metering.ledger().balance(t.accountId()).availableMicroCredits()));
            }
            holds.add(h.get());
            holdIds.put(platform, op);
        }
        Instant now = clock.instant();
        Post saved;
        try {
            saved = posts.update(tenantId, postId, x -> {
                Workflow.publishNow(x.status, policy(t, x));
                for (String platform : targets) {
                    ObjectNode d = Json.object();
                    d.put("status", "queued");
                    d.put("queuedAt", now.toString());
                    if (holdIds.containsKey(platform)) {
                        d.put("holdId", holdIds.get(platform));
                        d.put("heldMicroCredits", fee);
                    }
                    x.deliveries.set(platform, d);
                }
                x.claimedAt = now;
                if (x.approval().path("approvedAt").isMissingNode() && !policy(t, x).needsApproval()) {
                    stampApproval(x, who, now);
                }
                transition(x, Workflow.PUBLISHING, "publish", who, null);
            });
        } catch (RuntimeException e) {
            holds.forEach(x -> metering.refund(x, "publish not started"));
            throw e;
        }
        boolean queued = true;
        try {
            jobs.publish(saved, targets);
        } catch (RuntimeException e) {
            // the post is claimed and its credits held: the stuck-post sweep queues its jobs within minutes
            queued = false;
        }
        long reserved = holds.stream().mapToLong(Metering.Hold::reservedMicroCredits).sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("post", saved.toJson());
        out.put("queuedPlatforms", targets);
        if (!queued) {
            out.put("note", "the publish jobs could not be queued just now; the publish run re-queues them within "
                    + (com.socialwire.posts.publish.PublishRun.STUCK_AFTER.toMinutes() + 1) + " minutes");
        }
        out.put("usage", new Usage(metering.card().version(), reserved, 0, 0));
        return out;
    }

    static void resetUnpublished(Post p) {
        for (String platform : p.platforms()) {
            ObjectNode d = p.delivery(platform);
            if (d != null && DeliveryStatus.of(d) != DeliveryStatus.PUBLISHED) {
                p.deliveries.remove(platform);
            }
        }
    }

    // ------------------------------------------------------------------ comments, vault, download

    public ObjectNode addComment(Principal who, String tenantId, String postId, ObjectNode body) {
        PostLimits.requireWithin(PostLimits.tooLong(body, "text", PostLimits.COMMENT));
        JsonBody b = new JsonBody(body, Set.of("text", "anchor"));
        String text = b.string("text", true, 1, PostLimits.COMMENT).orElse(null);
        ObjectNode anchor = null;
        JsonNode a = body.get("anchor");
        if (a != null && !a.isNull()) {
            Optional<JsonBody> ab = b.object("anchor", Set.of("type", "text", "offset", "mediaUrl", "mediaId"));
            if (ab.isPresent()) {
                String type = ab.get().oneOf("type", true, Set.of("text", "image")).orElse(null);
                anchor = Json.object();
                anchor.put("type", type);
                if ("text".equals(type)) {
                    String sel = a.path("text").asText("");
                    if (sel.isBlank()) {
                        b.reject("anchor.text", "is required for a text anchor");
                    }
                    anchor.put("text", sel.length() > 400 ? sel.substring(0, 400) : sel);
                    anchor.put("offset", Math.max(0, a.path("offset").asInt(0)));
                } else if ("image".equals(type)) {
                    String url = a.path("mediaUrl").asText("");
                    String mediaId = a.path("mediaId").asText("");
                    if (url.isBlank() && mediaId.isBlank()) {
                        b.reject("anchor", "an image anchor needs mediaId or mediaUrl");
                    }
                    if (!mediaId.isBlank()) {
                        anchor.put("mediaId", mediaId);
                    }
                    if (!url.isBlank()) {
                        anchor.put("mediaUrl", url.length() > 1000 ? url.substring(0, 1000) : url);
                    }
                }
            }
        }
        b.check();
        posts.require(tenantId, postId);
        ObjectNode c = newComment(who, text, anchor, "comment");
        comments.put(tenantId, postId, c);
        return c;
    }

    ObjectNode newComment(Principal who, String text, ObjectNode anchor, String kind) {
        Instant now = clock.instant();
        ObjectNode c = Json.object();
        c.put("id", "cmt_" + PostStore.ts(now).replaceAll("[^0-9]", "") + Ids.base62(8));
        c.put("text", text);
        c.put("kind", kind);
        c.put("userId", who == null ? "system" : who.keyId());
        c.put("userRole", who == null || who.role() == null ? (who != null && who.isOwner() ? "owner" : "system") : who.role().name().toLowerCase());
        c.put("createdAt", now.toString());
        c.put("agentPickedUp", false);
        c.putNull("agentPickedUpAt");
        if (anchor != null) {
            c.set("anchor", anchor);
        }
        return c;
    }

    public Page<ObjectNode> listComments(String tenantId, String postId, int limit, String cursor) {
        posts.require(tenantId, postId);
        return comments.list(tenantId, postId, limit, cursor);
    }

    public ObjectNode pickUpComment(String tenantId, String postId, String commentId, ObjectNode body) {
        JsonBody b = new JsonBody(body, Set.of("agentPickedUp"));
        boolean picked = b.bool("agentPickedUp").orElse(true);
        b.check();
        ObjectNode c = comments.get(tenantId, postId, commentId).orElseThrow(() -> ApiException.notFound("comment " + commentId));
        c.put("agentPickedUp", picked);
        if (picked) {
            c.put("agentPickedUpAt", clock.instant().toString());
        } else {
            c.putNull("agentPickedUpAt");
        }
        comments.put(tenantId, postId, c);
        return c;
    }

    public void deleteComment(Principal who, String tenantId, String postId, String commentId) {
        ObjectNode c = comments.get(tenantId, postId, commentId).orElseThrow(() -> ApiException.notFound("comment " + commentId));
        if (who.role() == Role.CLIENT && !who.keyId().equals(c.path("userId").asText())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "a client key may delete only its own comments");
        }
        if (!comments.delete(tenantId, postId, commentId)) {
            throw ApiException.notFound("comment " + commentId);
        }
    }

    public Page<Post> vault(String tenantId, String platform, String label, String deliveryMode, String from, String to, int limit, String cursor) {
        if (deliveryMode != null && !Workflow.DELIVERY_MODES.contains(deliveryMode)) {
            throw ApiException.validation("deliveryMode must be one of " + Workflow.DELIVERY_MODES, Map.of("deliveryMode", deliveryMode));
        }
        Tenant t = tenant(tenantId);
        if (deliveryMode != null && !deliveryMode.equals(t.settings().deliveryMode())) {
            return new Page<>(List.of(), null);
        }
        String p = platform == null ? null : Platforms.find(platform).map(Platform::name)
                .orElseThrow(() -> ApiException.validation("Unsupported platform: " + platform, Map.of("platform", platform)));
        Page<Post> page = posts.list(tenantId, null, p, time("from", from), time("to", to), null, limit, cursor);
        List<Post> items = page.items().stream().filter(x -> Workflow.VAULT.contains(x.status))
                .filter(x -> label == null || x.strings("labels").contains(label)).toList();
        return new Page<>(items, page.nextCursor());
    }

    /** The post as a portable JSON bundle (download_only / both delivery): content, hashtags, platforms, media URLs. */
    public ObjectNode download(String tenantId, String postId) {
        Post p = posts.require(tenantId, postId);
        ObjectNode out = Json.object();
        out.put("postId", p.id);
        out.put("tenantId", p.tenantId);
        out.put("status", p.status);
        out.set("content", p.content().deepCopy());
        out.set("hashtags", p.doc.path("hashtags").deepCopy());
        out.set("threadParts", p.doc.path("threadParts").deepCopy());
        out.set("platforms", p.doc.path("platforms").deepCopy());
        ArrayNode m = out.putArray("media");
        for (String id : p.mediaIds()) {
            media.find(tenantId, id).ifPresent(ref -> {
                ObjectNode o = m.addObject();
                o.put("id", ref.id());
                o.put("type", ref.kind());
                o.put("mimeType", ref.mimeType());
                o.put("altText", ref.altText() == null ? "" : ref.altText());
                o.put("url", ref.ready() ? media.fetchUrl(ref, FETCH_URL_LIFETIME) : null);
                o.put("urlExpiresAt", ref.ready() && ref.s3Key() != null ? clock.instant().plus(FETCH_URL_LIFETIME).toString() : null);
            });
        }
        out.put("approvedAt", p.approval().path("approvedAt").asText(null));
        out.put("downloadFormat", "json");
        out.put("generatedAt", clock.instant().toString());
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /** Moves {@code p} to {@code to} after a review step; final approval stamps the approved content. */
    void enter(Post p, Tenant t, String to, String action, Principal who, String reason, Instant now) {
        if (Set.of(Workflow.SCHEDULED, Workflow.APPROVED, Workflow.VAULTED).contains(to)) {
            stampApproval(p, who, now);
        }
        transition(p, to, action, who, reason);
    }

    void stampApproval(Post p, Principal who, Instant now) {
        ObjectNode a = p.approval();
        a.put("approvedAt", now.toString());
        a.put("approvedBy", actor(who));
        a.put("approvedContentHash", p.contentHash());
    }

    void transition(Post p, String to, String action, Principal who, String reason) {
        Instant now = clock.instant();
        p.record(now, action, p.status, to, actor(who), reason);
        p.status = to;
        p.updatedAt = now;
        if (Workflow.PUBLISHING.equals(to)) {
            p.claimedAt = now;
            p.recoveries = 0; // a new claim: the sweep's count of the last one (maybe given up) does not carry over
        }
    }

    /** Replaces media ids with {id, kind, mimeType} of this tenant's media; unknown or failed media → 422. */
    void resolveMedia(Post p) {
        ArrayNode resolved = Json.mapper().createArrayNode();
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
}
