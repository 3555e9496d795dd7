package com.socialwire.posts.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.publish.PublishJobs;
import com.socialwire.posts.store.PostStore;
import com.socialwire.posts.workflow.Workflow;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.Usage;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.http.JsonBody;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.tenants.Tenant;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scheduling a post (reschedule) and publishing it now: the credits held, the post claimed, one publish job per platform. */
public final class PublishingService {

    private static final Logger LOG = LoggerFactory.getLogger(PublishingService.class);

    /** What a client (an approver) may publish now: what has been approved, never a draft or a post under review. */
    static final Set<PostStatus> CLIENT_PUBLISHABLE = Set.of(PostStatus.APPROVED, PostStatus.SCHEDULED);

    private final PostSteps steps;
    private final PostStore posts;
    private final PublishJobs jobs;
    /** The ledger and price card, built by the first publish, not with the handler. */
    private final Supplier<Metering> metering;
    private final Clock clock;

    public PublishingService(PostSteps steps, PublishJobs jobs, Supplier<Metering> metering) {
        this.steps = steps;
        this.posts = steps.posts();
        this.jobs = jobs;
        this.metering = metering;
        this.clock = steps.clock();
    }

    public Post reschedule(Principal who, String tenantId, String postId, ObjectNode body) {
        return reschedule(who, tenantId, postId, body, null);
    }

    /** A new time for the post, only while it is at {@code expectedVersion} (null: any; else 409 when it changed). */
    public Post reschedule(Principal who, String tenantId, String postId, ObjectNode body, Long expectedVersion) {
        JsonBody b = new JsonBody(body, Set.of("scheduledFor", "scheduledAt"));
        String raw = b.string(body.has("scheduledAt") && !body.has("scheduledFor") ? "scheduledAt" : "scheduledFor", true, 1, 64).orElse(null);
        b.check();
        Instant when = PostInput.instant(raw).orElseThrow(() -> ApiException.validation(
                "scheduledFor must be a valid ISO-8601 date-time with an offset", Map.of("scheduledFor", raw)));
        Instant now = clock.instant();
        if (!when.isAfter(now)) {
            throw PostSteps.unprocessable("scheduledFor must be in the future", Map.of("scheduledFor", when.toString()));
        }
        Tenant t = steps.tenant(tenantId);
        return posts.update(tenantId, postId, expectedVersion, p -> {
            PostStatus to = Workflow.reschedule(p.status, PostSteps.policy(t, p));
            p.scheduledFor = when;
            if (p.status == PostStatus.FAILED) {
                resetUnpublished(p);
            }
            steps.transition(p, to, "reschedule", who, "to " + when);
        });
    }

    /**
     * Publish now: claims the post (→ publishing), holds the credits of every platform that will
     * really be published (402 and nothing changes if the account cannot cover them), and queues
     * one publish job per platform. Platforms already published stay published.
     */
    public Map<String, Object> publishNow(Principal who, String tenantId, String postId) {
        return publishNow(who, tenantId, postId, null);
    }

    /** Publish now, only while the post is at {@code expectedVersion} (null: any; else 409 when it changed, nothing held). */
    public Map<String, Object> publishNow(Principal who, String tenantId, String postId, Long expectedVersion) {
        Tenant t = steps.tenant(tenantId);
        Post p = posts.require(tenantId, postId);
        PostStore.expect(p, expectedVersion);
        if (who != null && who.role() == com.socialwire.shared.security.Role.CLIENT && !CLIENT_PUBLISHABLE.contains(p.status)) {
            throw new ApiException(ErrorCode.INVALID_TRANSITION, "a client publishes only a post that is approved or scheduled; this one is "
                    + p.status.wire(), Map.of("status", p.status.wire()));
        }
        Workflow.publishNow(p.status, PostSteps.policy(t, p));
        steps.check(p);
        Metering metering = this.metering.get();
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
            saved = posts.update(tenantId, postId, expectedVersion, x -> {
                Workflow.publishNow(x.status, PostSteps.policy(t, x));
                for (String platform : targets) {
                    ObjectNode d = Json.object();
                    d.put("status", DeliveryStatus.QUEUED.wire());
                    d.put("queuedAt", now.toString());
                    if (holdIds.containsKey(platform)) {
                        d.put("holdId", holdIds.get(platform));
                        d.put("heldMicroCredits", fee);
                    }
                    x.deliveries.set(platform, d);
                }
                x.claimedAt = now;
                if (x.approval().path("approvedAt").isMissingNode() && !PostSteps.policy(t, x).needsApproval()) {
                    steps.stampApproval(x, who, now);
                }
                steps.transition(x, PostStatus.PUBLISHING, "publish", who, null);
            });
        } catch (RuntimeException e) {
            holds.forEach(x -> metering.refund(x, "publish not started"));
            throw e;
        }
        boolean queued = true;
        try {
            jobs.publish(saved, targets);
        } catch (RuntimeException e) {
            // the post is claimed and its credits held: the stuck-post sweep queues its jobs within minutes (or
            // gives up with a reason and a refund). An outage is expected weather; a refusal (AccessDenied, a
            // missing queue) is a deployment fault an operator must see, so it is logged as an error.
            queued = false;
            if (JobQueue.unavailable(e)) {
                LOG.warn("publish now: the content queue is unavailable; post {} waits for the sweep", saved.id, e);
            } else {
                LOG.error("publish now: the content queue refused post {}'s jobs; the sweep retries them", saved.id, e);
            }
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
}
