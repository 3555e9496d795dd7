package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.tenants.Tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The publish worker's logic for one (post, platform) job, exactly once however often the job
 * arrives. Each platform's delivery is a small state machine stored on the post and advanced only
 * by compare-and-set, so two deliveries of a job cannot both take a step:
 *
 * <pre>
 * (none | queued) → creating (credits held, the container's creation claimed: one write)
 *        → container_created (only a container Instagram is still processing, a video)
 *        → publishing (container id and attempt time stored in one write BEFORE media_publish)
 *        → published (externalId, permalink; the post's end in the same write when it was the last platform)
 * any step → failed (reason; credits refunded) ; inactive platform → not_connected
 * </pre>
 * Every other platform with a publisher goes through {@link PlatformDeliveries} (preparing → publishing → published,
 * reconciled when an answer is lost, needs_review when the platform cannot tell), after the same hold and claim.
 * A retry that finds {@code publishing} does not know whether media_publish took effect, so it
 * asks Instagram for the container's status first: PUBLISHED → recorded as published (the media
 * id looked up among the account's newest media), FINISHED → not published, publish it.
 * An Instagram container can be published once, which backs this up at Meta's end. The Instagram steps are
 * {@link InstagramContainers} and {@link InstagramPublish}; how a delivery ends, {@link DeliveryOutcomes}.
 */
public final class Publisher {

    private final PostStore posts;
    private final Metering metering;
    private final DeliveryOutcomes outcomes;
    private final InstagramContainers containers;
    private final InstagramPublish publishing;
    private final Clock clock;
    private final Duration inFlight;
    private final PublishJobs requeue;
    private final PlatformDeliveries platforms;

    /**
     * @param inFlight how long after a media_publish attempt another delivery must assume it may still be running
     *                 (the Graph client's timeout plus a margin)
     */
    public Publisher(PostStore posts, Metering metering, DeliveryOutcomes outcomes, InstagramContainers containers, InstagramPublish publishing,
                     Clock clock, Duration inFlight) {
        this(posts, metering, outcomes, containers, publishing, clock, inFlight, null);
    }

    /** @param requeue where a job waiting for a container is put again, delayed (null: SQS redelivers it) */
    public Publisher(PostStore posts, Metering metering, DeliveryOutcomes outcomes, InstagramContainers containers, InstagramPublish publishing,
                     Clock clock, Duration inFlight, PublishJobs requeue) {
        this(posts, metering, outcomes, containers, publishing, clock, inFlight, requeue, null);
    }

    /** @param platforms the deliveries to every other platform with a publisher (null: those end not_connected) */
    public Publisher(PostStore posts, Metering metering, DeliveryOutcomes outcomes, InstagramContainers containers, InstagramPublish publishing,
                     Clock clock, Duration inFlight, PublishJobs requeue, PlatformDeliveries platforms) {
        this.platforms = platforms;
        this.requeue = requeue;
        this.posts = posts;
        this.metering = metering;
        this.outcomes = outcomes;
        this.containers = containers;
        this.publishing = publishing;
        this.clock = clock;
        this.inFlight = inFlight;
    }

    /** Publishes {@code platform} of a publishing post, or finds it already done. Throws {@link RetryLater} to be redelivered. */
    public void handle(String tenantId, String postId, String platform) {
        handle(tenantId, postId, platform, 0);
    }

    /**
     * The same for the {@code polls}-th delayed copy of the job: a container still processing after this job's poll
     * budget is asked again later by a delayed copy of the job ({@link #pollDelaySeconds}), up to {@value #MAX_POLLS}
     * copies (about the stuck-post sweep's 5 minutes, after which it re-drives the post); without a queue, or past
     * them, SQS redelivers the job. Waiting in SQS costs three requests and an invocation ($0.0000028), sleeping
     * in the worker 1 GB-s per second ($0.0000133 at 1024 MB).
     */
    public void handle(String tenantId, String postId, String platform, int polls) {
        try {
            advance(tenantId, postId, platform);
        } catch (ContainerProcessing processing) {
            if (requeue == null || polls >= MAX_POLLS) {
                throw new RetryLater(processing.getMessage());
            }
            requeue.later(tenantId, postId, platform, polls + 1, pollDelaySeconds(polls));
        }
    }

    /** Delayed copies of a job waiting for a container, at most (their delays add up to about 5 minutes). */
    static final int MAX_POLLS = 8;

    /** How long the {@code polls}-th copy waits: 10 s, then 10 s more each time, at most a minute. */
    static int pollDelaySeconds(int polls) {
        return Math.min(60, 10 * (polls + 1));
    }

    private void advance(String tenantId, String postId, String platform) {
        for (int step = 0; step < 12; step++) {
            Optional<Post> loaded = posts.get(tenantId, postId);
            if (loaded.isEmpty()) {
                return;
            }
            Post p = loaded.get();
            if (p.status != PostStatus.PUBLISHING || !p.platforms().contains(platform)) {
                return;
            }
            ObjectNode d = p.delivery(platform);
            DeliveryStatus state = DeliveryStatus.of(d);
            if (state.terminal()) {
                outcomes.finish(tenantId, postId);
                return;
            }
            Platform target = Platforms.require(platform);
            if (platforms != null && platforms.handles(platform)) {
                if (!(state == DeliveryStatus.NONE || state == DeliveryStatus.QUEUED ? queued(p, platform, d, false)
                        : platforms.step(p, platform, d, state))) {
                    return;
                }
                continue;
            }
            if (!target.active() || !"instagram".equals(target.name())) {
                // inactive, or a platform this worker has no publisher for: nothing is sent there
                outcomes.terminal(p, platform, d, DeliveryStatus.NOT_CONNECTED, "NOT_CONNECTED",
                        "publishing to " + platform + " is not connected yet; the post was not sent there", null);
                return;
            }
            if (!step(p, platform, d, state)) {
                return;
            }
        }
        throw new RetryLater("publish of " + postId + " to " + platform + " did not settle");
    }

    /** One step of the delivery state machine; false when this job is done. */
    private boolean step(Post p, String platform, ObjectNode d, DeliveryStatus state) {
        Instant now = clock.instant();
        switch (state) {
            case NONE, QUEUED -> {
                return queued(p, platform, d, true);
            }
            case CREATING -> {
                // another delivery is creating the container; if it died doing so, start over (a spare container is harmless)
                Instant at = Instant.parse(d.path("creatingAt").asText());
                if (now.isBefore(at.plus(inFlight.multipliedBy(4)))) {
                    throw new RetryLater("another delivery is creating the container");
                }
                ObjectNode again = d.deepCopy();
                again.put("status", DeliveryStatus.QUEUED.wire());
                posts.setDelivery(p.tenantId, p.id, platform, d, again, now);
                return true;
            }
            case CONTAINER_CREATED -> {
                return containers.publishWhenReady(p, platform, d);
            }
            case PUBLISHING -> {
                return publishing.resolveAttempt(p, platform, d);
            }
            default -> {
                outcomes.terminal(p, platform, d, DeliveryStatus.FAILED, "UNKNOWN_STATE", "unknown delivery state " + d.path("status").asText(), null);
                return false;
            }
        }
    }

    /**
     * A delivery not started yet (none: the publish run's claim; queued: publish now's, its credits held): its credits
     * held (no Graph call without them), then one delivery claims the container's creation — the hold's id, the
     * credits and the claim in one write. A hold of ours whose write lost to another delivery is given back; one whose
     * write never happened (the worker died) expires and the reservation sweep gives it back.
     */
    private boolean queued(Post p, String platform, ObjectNode d, boolean instagram) {
        Optional<InstagramAccount> ctx = instagram ? outcomes.account(p, platform, d) : Optional.empty();
        if (instagram && ctx.isEmpty()) {
            return false;
        }
        Optional<Tenant> tenant = instagram ? Optional.of(ctx.get().tenant()) : outcomes.activeTenant(p, platform, d);
        if (tenant.isEmpty() || !instagram && !platforms.connected(p, platform, d)) {
            return false; // ended, uncharged: no hold is taken for a platform the tenant has not connected
        }
        Tenant t = tenant.get();
        boolean ours = d == null || !d.hasNonNull("holdId");
        String holdId = ours ? "publish:" + p.id + ":" + platform + ":" + Ids.base62(10) : d.path("holdId").asText();
        long fee = ours ? metering.card().fee("publish") : d.path("heldMicroCredits").asLong();
        // ours: a draw of the batch's hold (its id, op@batch:..., is what settle and refund find: in this batch, or the hold
        // the batch carries it on as); taken before (publish now's, a retry's): that hold, or — expired or refunded while
        // the job waited — its renewal under the next id of its chain, which settle and refund by holdId find
        String reference = "publish " + p.id + " to " + platform;
        Optional<Metering.Hold> hold = ours ? metering.hold(t.accountId(), holdId, fee, reference)
                : metering.holdOwn(t.accountId(), holdId, fee, reference);
        if (hold.isEmpty()) {
            outcomes.terminal(p, platform, d, DeliveryStatus.FAILED, "INSUFFICIENT_CREDITS", "not enough credits to publish; top up and publish again", null);
            return false;
        }
        // one delivery creates the container; a duplicate delivery waits for it instead of making another
        Instant now = clock.instant();
        ObjectNode creating = d == null ? Json.object() : d.deepCopy();
        if (d == null) {
            creating.put("queuedAt", now.toString());
        }
        creating.put("status", (instagram ? DeliveryStatus.CREATING : DeliveryStatus.PREPARING).wire());
        creating.put("holdId", ours ? hold.get().operationId() : holdId);
        creating.put("heldMicroCredits", fee);
        creating.put(instagram ? "creatingAt" : "preparingAt", now.toString());
        Optional<Post> saved = posts.setDelivery(p.tenantId, p.id, platform, d, creating, now);
        if (saved.isEmpty()) {
            if (ours) {
                metering.refund(hold.get(), "another delivery of the job took the publish");
            }
            return true;
        }
        return !instagram || containers.createContainer(saved.get(), platform, creating, ctx.get());
    }

    /** The stuck-post sweep's last resort: fails every unfinished platform. True if it ended something. */
    public boolean giveUp(String tenantId, String postId, String reason) {
        Optional<Post> loaded = posts.get(tenantId, postId);
        if (loaded.isEmpty() || loaded.get().status != PostStatus.PUBLISHING) {
            return false;
        }
        Post p = loaded.get();
        boolean any = false;
        for (String platform : p.platforms()) {
            ObjectNode d = p.delivery(platform);
            if (!DeliveryStatus.of(d).terminal()) {
                if (DeliveryStatus.of(d) == DeliveryStatus.PUBLISHING && platforms != null && platforms.handles(platform)) {
                    // an armed delivery never ends "failed": the platform is asked one last time, else a person looks
                    any |= platforms.giveUp(p, platform, d, reason);
                    p = posts.get(tenantId, postId).orElse(p);
                    continue;
                }
                if (DeliveryStatus.of(d) == DeliveryStatus.PUBLISHING) {
                    // a published post must never end "failed": ask Instagram one last time
                    if (publishing.publishedAfterAll(p, platform, d)) {
                        any = true;
                        p = posts.get(tenantId, postId).orElse(p);
                        continue;
                    }
                    outcomes.terminal(p, platform, d, DeliveryStatus.FAILED, "OUTCOME_UNKNOWN", reason + "; check Instagram for container "
                            + d.path("containerId").asText() + " before publishing again", null);
                } else {
                    outcomes.terminal(p, platform, d, DeliveryStatus.FAILED, "GAVE_UP", reason, null);
                }
                any = true;
                p = posts.get(tenantId, postId).orElse(p);
            }
        }
        outcomes.finish(tenantId, postId);
        return any;
    }

    /** Ends a publishing post once every platform has ended: published, partially_published or failed. */
    public void finish(String tenantId, String postId) {
        outcomes.finish(tenantId, postId);
    }

    /** {@link DeliveryOutcomes#failAlone}: a post the publish run could not handle fails alone. */
    public boolean failAlone(String tenantId, String postId, String code, String reason) {
        return outcomes.failAlone(tenantId, postId, code, reason);
    }

    /** {@code d} (or a new delivery) ended failed with {@code code} and {@code reason}. */
    public static ObjectNode failed(ObjectNode d, String code, String reason, Instant now) {
        return DeliveryOutcomes.failed(d, code, reason, now);
    }

    /** The caption Instagram gets: exactly the text the platform rules checked (override or text, plus the missing hashtags). */
    static String caption(Post p, String platform) {
        return ContentCheck.compose(p.draft(), Platforms.require(platform));
    }
}
