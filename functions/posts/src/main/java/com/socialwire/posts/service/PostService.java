package com.socialwire.posts.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostLimits;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.store.PostStore;
import com.socialwire.posts.workflow.Workflow;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.tenants.Tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts of a tenant: create, edit, read, list, cancel, the vault and the download bundle, each change recorded in
 * the post's audit trail. Content is checked against every target platform (422 with per-platform details).
 * The approval workflow is {@link ApprovalService}, rewrites {@link RegenerationService}, scheduling and publish now
 * {@link PublishingService}, review comments {@link ReviewComments}.
 */
public final class PostService {

    /** How long a media URL handed to a platform (or a download bundle) stays valid. */
    static final Duration FETCH_URL_LIFETIME = Duration.ofHours(6);

    private final PostSteps steps;
    private final PostStore posts;
    private final MediaLibrary media;
    private final Clock clock;

    public PostService(PostSteps steps, MediaLibrary media) {
        this.steps = steps;
        this.posts = steps.posts();
        this.media = media;
        this.clock = steps.clock();
    }

    public Post create(Principal who, String tenantId, ObjectNode body) {
        PostInput in = PostInput.parse(body, true);
        return create(who, tenantId, in, "api");
    }

    /**
     * Creates the post {@code postId} (from {@link com.socialwire.shared.Ids#derived}) once: a repeated
     * call (a retried job, a feed polled again) returns the post the first call made, whatever happened
     * to it since. Used by the content studio's jobs and feeds, whose drafts go through the same
     * checks and approval workflow as a post made by a key; {@code source} says where it came from.
     */
    public Post createOnce(Principal who, String tenantId, String postId, ObjectNode body, String source) {
        Optional<Post> existing = posts.get(tenantId, postId);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return create(who, tenantId, PostInput.parse(body, true), source, postId);
        } catch (PostStore.Conflict c) {
            return posts.require(tenantId, postId);
        }
    }

    Post create(Principal who, String tenantId, PostInput in, String source) {
        return create(who, tenantId, in, source, Ids.next("post"));
    }

    private Post create(Principal who, String tenantId, PostInput in, String source, String postId) {
        Tenant tenant = steps.tenant(tenantId);
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
        doc.putNull("title");
        doc.putNull("link");
        doc.setAll(in.doc);
        doc.put("source", source);
        doc.put("createdBy", PostSteps.actor(who));
        doc.put("regenerationCount", 0);
        Post p = new Post(postId, tenantId, tenant.accountId(), now, PostStatus.DRAFT, 0,
                in.scheduledFor.flatMap(x -> x).orElse(null), now, doc, Json.object(), List.of());
        if (p.scheduledFor != null && !p.scheduledFor.isAfter(now)) {
            throw PostSteps.unprocessable("scheduledFor must be in the future", Map.of("scheduledFor", p.scheduledFor.toString()));
        }
        steps.resolveMedia(p);
        steps.check(p);
        PostLimits.requireDocWithin(p.doc, PostLimits.CONTENT_BYTES);
        p.record(now, "create", null, PostStatus.DRAFT, PostSteps.actor(who), null);
        if (in.requested() == PostStatus.SCHEDULED) {
            // "scheduled" on create is a submit: the approval stages still apply
            PostStatus to = Workflow.submit(PostStatus.DRAFT, PostSteps.policy(tenant, p), p.scheduledFor != null);
            steps.enter(p, to, "submit", who, null, now);
        }
        posts.create(p);
        return p;
    }

    public Post get(String tenantId, String postId) {
        return posts.require(tenantId, postId);
    }

    public Page<Post> list(String tenantId, String status, String platform, String from, String to, String campaignId, int limit, String cursor) {
        PostStatus wanted = status == null ? null : PostStatus.parse(status).orElseThrow(() ->
                ApiException.validation("status must be one of " + PostStatus.WIRE_NAMES, Map.of("status", status)));
        String p = platform == null ? null : Platforms.find(platform).map(Platform::name)
                .orElseThrow(() -> ApiException.validation("Unsupported platform: " + platform, Map.of("platform", platform)));
        return posts.list(tenantId, wanted, p, PostSteps.time("from", from), PostSteps.time("to", to), campaignId, limit, cursor);
    }

    public Post update(Principal who, String tenantId, String postId, ObjectNode body) {
        PostInput in = PostInput.parse(body, false);
        Tenant tenant = steps.tenant(tenantId);
        return posts.update(tenantId, postId, p -> {
            Instant now = clock.instant();
            String before = p.contentHash();
            PostStatus from = p.status;
            if (in.statusText != null && in.requested() != p.status) {
                Workflow.move(p, "update-status", Workflow.legacyStatus(p.status, in.statusText), PostSteps.actor(who), null, now);
            }
            p.doc.setAll(in.doc.deepCopy());
            if (in.scheduledFor.isPresent()) {
                Instant when = in.scheduledFor.get().orElse(null);
                if (when != null && !when.isAfter(now) && !when.equals(p.scheduledFor)) {
                    throw PostSteps.unprocessable("scheduledFor must be in the future", Map.of("scheduledFor", when.toString()));
                }
                p.scheduledFor = when;
            }
            steps.resolveMedia(p);
            steps.check(p);
            PostLimits.requireDocWithin(p.doc, PostLimits.CONTENT_BYTES);
            boolean changed = !before.equals(p.contentHash());
            PostStatus to = Workflow.afterEdit(p.status, PostSteps.policy(tenant, p), changed, p.scheduledFor != null);
            if (to != p.status) {
                if (changed) {
                    p.approval().remove(List.of("approvedAt", "approvedBy", "approvedContentHash", "qaApprovedAt", "qaApprovedBy",
                            "clientApprovedAt", "clientApprovedBy"));
                }
                Workflow.move(p, changed ? "edit-requires-review" : "update", to, PostSteps.actor(who),
                        changed ? "content changed after approval" : null, now);
            } else {
                p.record(now, "update", from, p.status, PostSteps.actor(who), null);
            }
            p.updatedAt = now;
        });
    }

    public Post cancel(Principal who, String tenantId, String postId) {
        return posts.update(tenantId, postId, p -> {
            if (p.status == PostStatus.CANCELLED) {
                return;
            }
            PostStatus to = Workflow.cancel(p.status);
            steps.transition(p, to, "cancel", who, null);
        });
    }

    public Page<Post> vault(String tenantId, String platform, String label, String deliveryMode, String from, String to, int limit, String cursor) {
        if (deliveryMode != null && !Workflow.DELIVERY_MODES.contains(deliveryMode)) {
            throw ApiException.validation("deliveryMode must be one of " + Workflow.DELIVERY_MODES, Map.of("deliveryMode", deliveryMode));
        }
        Tenant t = steps.tenant(tenantId);
        if (deliveryMode != null && !deliveryMode.equals(t.settings().deliveryMode())) {
            return new Page<>(List.of(), null);
        }
        String p = platform == null ? null : Platforms.find(platform).map(Platform::name)
                .orElseThrow(() -> ApiException.validation("Unsupported platform: " + platform, Map.of("platform", platform)));
        Page<Post> page = posts.list(tenantId, null, p, PostSteps.time("from", from), PostSteps.time("to", to), null, limit, cursor);
        List<Post> items = page.items().stream().filter(x -> Workflow.VAULT.contains(x.status))
                .filter(x -> label == null || x.strings("labels").contains(label)).toList();
        return new Page<>(items, page.nextCursor());
    }

    /** The post as a portable JSON bundle (download_only / both delivery): content, title, link, hashtags, platforms, media URLs. */
    public ObjectNode download(String tenantId, String postId) {
        Post p = posts.require(tenantId, postId);
        ObjectNode out = Json.object();
        out.put("postId", p.id);
        out.put("tenantId", p.tenantId);
        out.put("status", p.status.wire());
        out.set("content", p.content().deepCopy());
        out.put("title", p.title());
        out.put("link", p.link());
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

}
