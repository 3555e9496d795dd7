package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.providers.instagram.GraphApi.ContainerStatus;
import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.tenants.TenantProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Instagram's publish step of a delivery and its proof: media_publish with the attempt stored first, an attempt whose
 * answer was lost resolved by asking the container (PUBLISHED is recorded, never published again), the published
 * media found among the account's newest, credits settled once, the permalink read.
 */
public final class InstagramPublish {

    private static final Logger LOG = LoggerFactory.getLogger(InstagramPublish.class);

    private final PostStore posts;
    private final TenantProfiles tenants;
    private final GraphApi graph;
    private final Metering metering;
    private final DeliveryOutcomes outcomes;
    private final Clock clock;
    private final Duration inFlight;

    /** @param inFlight how long after a media_publish attempt another delivery must assume it may still be running */
    public InstagramPublish(PostStore posts, TenantProfiles tenants, GraphApi graph, Metering metering, DeliveryOutcomes outcomes, Clock clock,
                     Duration inFlight) {
        this.posts = posts;
        this.tenants = tenants;
        this.graph = graph;
        this.metering = metering;
        this.outcomes = outcomes;
        this.clock = clock;
        this.inFlight = inFlight;
    }

    /**
     * Stores the attempt ({@code d}, the delivery as stored, becomes {@code from} in state publishing), then media_publish.
     * {@code from} may carry what is not stored yet (a container id just created), which this one write then stores.
     */
    boolean publish(Post p, String platform, ObjectNode d, ObjectNode from, InstagramAccount ctx) {
        ObjectNode attempt = from.deepCopy();
        attempt.put("status", DeliveryStatus.PUBLISHING.wire());
        attempt.put("publishAttemptAt", clock.instant().toString());
        attempt.put("publishAttempts", d.path("publishAttempts").asInt(0) + 1);
        Optional<Post> saved = posts.setDelivery(p.tenantId, p.id, platform, d, attempt, clock.instant());
        if (saved.isEmpty()) {
            return true; // another delivery moved first: look again
        }
        GraphResult<String> r = graph.publishContainer(ctx.token(), ctx.tenant().igUserId(), attempt.path("containerId").asText());
        switch (r) {
            case GraphResult.Ok<String> ok -> {
                return recordPublished(saved.get(), platform, attempt, ctx, ok.value(), false);
            }
            case GraphResult.Transient<String> t -> throw new RetryLater("media_publish outcome unknown (" + t.httpStatus() + "): " + t.message());
            case GraphResult.Unknown<String> u -> throw new RetryLater("media_publish outcome unknown: " + u.message());
            case GraphResult.TokenExpired<String> te -> {
                outcomes.tokenExpired(saved.get(), platform, attempt, te);
                return false;
            }
            case GraphResult.Rejected<String> rj -> {
                GraphResult<ContainerStatus> st = graph.containerStatus(ctx.token(), attempt.path("containerId").asText());
                if (st instanceof GraphResult.Ok<ContainerStatus> ok && ok.value().published()) {
                    return recordPublished(saved.get(), platform, attempt, ctx, null, true);
                }
                outcomes.providerFailure(saved.get(), platform, attempt, "INSTAGRAM_REJECTED", "Instagram refused to publish", rj);
                return false;
            }
        }
    }

    /** A previous media_publish's outcome is unknown: ask the container before anything else. */
    boolean resolveAttempt(Post p, String platform, ObjectNode d) {
        Instant attemptAt = Instant.parse(d.path("publishAttemptAt").asText());
        if (clock.instant().isBefore(attemptAt.plus(inFlight))) {
            throw new RetryLater("a media_publish attempt of " + attemptAt + " may still be in flight");
        }
        Optional<InstagramAccount> ctx = outcomes.account(p, platform, d);
        if (ctx.isEmpty()) {
            return false;
        }
        GraphResult<ContainerStatus> st = graph.containerStatus(ctx.get().token(), d.path("containerId").asText());
        if (!(st instanceof GraphResult.Ok<ContainerStatus> ok)) {
            return outcomes.statusFailure(p, platform, d, st);
        }
        ContainerStatus s = ok.value();
        if (s.published()) {
            LOG.info("post {} {}: container {} is PUBLISHED; recording it without publishing again", p.id, platform, s.id());
            return recordPublished(p, platform, d, ctx.get(), null, true);
        }
        if (s.finished()) {
            return publish(p, platform, d, d, ctx.get());
        }
        if (s.inProgress()) {
            throw new RetryLater("container still IN_PROGRESS");
        }
        outcomes.containerEnded(p, platform, d, s, "Instagram could not publish the media");
        return false;
    }

    /**
     * Records {@code d} published: the permalink read first (a nicety: failing to read it never makes a published post
     * failed), then one write — the delivery published and, when it was the post's last open platform, the post's end
     * with it — then the credits settled.
     */
    boolean recordPublished(Post p, String platform, ObjectNode d, InstagramAccount ctx, String mediaId, boolean recovered) {
        ObjectNode done = d.deepCopy();
        done.put("status", DeliveryStatus.PUBLISHED.wire());
        if (recovered) {
            done.put("recovered", true);
            if (mediaId == null) {
                mediaId = findPublished(ctx, p, platform, d);
            }
        }
        done.put("externalId", mediaId);
        done.putNull("permalink");
        if (mediaId != null) {
            GraphResult<String> link = graph.permalink(ctx.token(), mediaId);
            if (link instanceof GraphResult.Ok<String> ok) {
                done.put("permalink", ok.value());
            } else {
                done.put("permalinkError", "could not read the permalink yet");
            }
        }
        done.put("publishedAt", clock.instant().toString());
        if (!outcomes.endWith(p, platform, d, done)) {
            return true; // another delivery moved first: look again
        }
        if (d.hasNonNull("holdId")) {
            metering.settle(new Metering.Hold(p.accountId, d.path("holdId").asText(), d.path("heldMicroCredits").asLong()),
                    d.path("heldMicroCredits").asLong());
        }
        return false;
    }

    /** The media id of a post published by an attempt whose answer was lost: the account's newest media with this caption. */
    private String findPublished(InstagramAccount ctx, Post p, String platform, ObjectNode d) {
        GraphResult<List<GraphApi.PublishedMedia>> recent = graph.recentMedia(ctx.token(), ctx.tenant().igUserId(), 25);
        if (recent instanceof GraphResult.Ok<List<GraphApi.PublishedMedia>> ok) {
            String caption = Publisher.caption(p, platform);
            for (GraphApi.PublishedMedia m : ok.value()) {
                if (caption.equals(m.caption())) {
                    return m.id();
                }
            }
        }
        return null;
    }

    /** True if the container of an attempt whose outcome is unknown turns out PUBLISHED (then recorded as published). */
    boolean publishedAfterAll(Post p, String platform, ObjectNode d) {
        Optional<TenantProfiles.Loaded> loaded = tenants.load(p.tenantId);
        Optional<String> token = loaded.flatMap(l -> l.token().get());
        if (loaded.isEmpty() || token.isEmpty() || loaded.get().tenant().igUserId() == null) {
            return false;
        }
        GraphResult<ContainerStatus> st = graph.containerStatus(token.get(), d.path("containerId").asText());
        if (st instanceof GraphResult.Ok<ContainerStatus> ok && ok.value().published()) {
            recordPublished(p, platform, d, new InstagramAccount(loaded.get().tenant(), token.get()), null, true);
            return true;
        }
        return false;
    }
}
