package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Json;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.media.MediaRef;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.providers.instagram.GraphApi.ContainerSpec;
import com.socialwire.shared.providers.instagram.GraphApi.ContainerStatus;
import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.tenants.Tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Instagram's container steps of a delivery: the publishing quota, the media, the container, and the wait until Instagram has processed it. */
public final class InstagramContainers {

    /** Instagram fetches media from these URLs while it builds the container (and for video, while it processes). */
    static final Duration MEDIA_URL_LIFETIME = Duration.ofHours(6);

    private final PostStore posts;
    private final GraphApi graph;
    private final MediaLibrary media;
    private final DeliveryOutcomes outcomes;
    private final InstagramPublish publishing;
    private final Clock clock;
    private final Duration videoPollBudget;
    private final Duration videoPollInterval;

    /** @param videoPollBudget how long one job polls a video container before it is asked again later (0: one status read) */
    public InstagramContainers(PostStore posts, GraphApi graph, MediaLibrary media, DeliveryOutcomes outcomes, InstagramPublish publishing, Clock clock,
                        Duration videoPollBudget, Duration videoPollInterval) {
        this.posts = posts;
        this.graph = graph;
        this.media = media;
        this.outcomes = outcomes;
        this.publishing = publishing;
        this.clock = clock;
        this.videoPollBudget = videoPollBudget;
        this.videoPollInterval = videoPollInterval;
    }

    /** Creates the container of a delivery in {@code creating} (its credits held): quota first, then the media, then Graph. */
    boolean createContainer(Post p, String platform, ObjectNode d, InstagramAccount account) {
        Tenant t = account.tenant();
        String token = account.token();
        GraphResult<GraphApi.PublishingLimit> quota = graph.publishingLimit(token, t.igUserId());
        switch (quota) {
            case GraphResult.Ok<GraphApi.PublishingLimit> ok when ok.value().exhausted() -> {
                outcomes.terminal(p, platform, d, DeliveryStatus.FAILED, "PUBLISHING_QUOTA_EXHAUSTED", "Instagram's publishing limit is used up: "
                        + ok.value().quotaUsage() + " of " + ok.value().quotaTotal() + " posts in the last "
                        + (ok.value().quotaDurationSeconds() / 3600) + " h; publish again later", null);
                return false;
            }
            case GraphResult.Transient<GraphApi.PublishingLimit> tr -> {
                // nothing is made yet: give the claim back, so the retry goes straight on instead of waiting out
                // the in-flight window of a creation that never started
                ObjectNode again = d.deepCopy();
                again.put("status", DeliveryStatus.QUEUED.wire());
                again.remove("creatingAt");
                posts.setDelivery(p.tenantId, p.id, platform, d, again, clock.instant());
                throw new RetryLater("quota read: " + tr.message());
            }
            case GraphResult.TokenExpired<GraphApi.PublishingLimit> te -> {
                outcomes.tokenExpired(p, platform, d, te);
                return false;
            }
            default -> {
                // known and not exhausted, or unreadable: Instagram itself refuses a publish over the limit
            }
        }
        List<MediaRef> items = new ArrayList<>();
        for (String id : p.mediaIds()) {
            Optional<MediaRef> ref = media.find(p.tenantId, id);
            if (ref.isEmpty() || "failed".equals(ref.get().status())) {
                outcomes.terminal(p, platform, d, DeliveryStatus.FAILED, "MEDIA_UNAVAILABLE", "media " + id + " is missing or failed verification", null);
                return false;
            }
            if (!ref.get().ready()) {
                throw new RetryLater("media " + id + " is still " + ref.get().status());
            }
            items.add(ref.get());
        }
        if (items.isEmpty()) {
            outcomes.terminal(p, platform, d, DeliveryStatus.FAILED, "MEDIA_REQUIRED", "Instagram needs at least one image or video", null);
            return false;
        }
        String caption = Publisher.caption(p, platform);
        GraphResult<String> created;
        List<String> children = new ArrayList<>();
        boolean video = items.size() == 1 && items.get(0).video();
        if (items.size() == 1) {
            String url = media.fetchUrl(items.get(0), MEDIA_URL_LIFETIME);
            created = graph.createContainer(token, t.igUserId(), video ? ContainerSpec.reel(url, caption) : ContainerSpec.image(url, caption));
        } else {
            for (MediaRef item : items) {
                String url = media.fetchUrl(item, MEDIA_URL_LIFETIME);
                GraphResult<String> child = graph.createContainer(token, t.igUserId(),
                        item.video() ? ContainerSpec.carouselVideo(url) : ContainerSpec.carouselImage(url));
                if (!(child instanceof GraphResult.Ok<String> ok)) {
                    return containerFailure(p, platform, d, child);
                }
                children.add(ok.value());
            }
            video = items.stream().anyMatch(MediaRef::video);
            created = graph.createContainer(token, t.igUserId(), ContainerSpec.carousel(children, caption));
        }
        if (!(created instanceof GraphResult.Ok<String> ok)) {
            return containerFailure(p, platform, d, created);
        }
        ObjectNode next = d.deepCopy();
        next.put("status", DeliveryStatus.CONTAINER_CREATED.wire());
        next.put("containerId", ok.value());
        next.put("video", video);
        next.put("containerCreatedAt", clock.instant().toString());
        if (!children.isEmpty()) {
            next.set("children", Json.toTree(children));
        }
        // an image container is FINISHED at once: its id is stored in the same write as the publish attempt, right
        // before media_publish; one still processing (a video) is stored as created and waited for
        GraphResult<ContainerStatus> st = graph.containerStatus(token, ok.value());
        if (st instanceof GraphResult.Ok<ContainerStatus> ready && ready.value().finished()) {
            return publishing.publish(p, platform, d, next, account);
        }
        Optional<Post> saved = posts.setDelivery(p.tenantId, p.id, platform, d, next, clock.instant());
        if (saved.isPresent() && videoPollBudget.isZero() && st instanceof GraphResult.Ok<ContainerStatus> s && s.value().inProgress()) {
            throw new ContainerProcessing("container " + ok.value() + " still IN_PROGRESS"); // no poll here: asked again later
        }
        return true;
    }

    private boolean containerFailure(Post p, String platform, ObjectNode d, GraphResult<?> r) {
        switch (r) {
            case GraphResult.Transient<?> t -> throw new RetryLater("container: " + t.message());
            case GraphResult.Unknown<?> u -> throw new RetryLater("container: " + u.message());
            case GraphResult.TokenExpired<?> te -> outcomes.tokenExpired(p, platform, d, te);
            case GraphResult.Rejected<?> rj -> outcomes.providerFailure(p, platform, d, "INSTAGRAM_REJECTED", "Instagram refused the media", rj);
            case GraphResult.Ok<?> ok -> throw new IllegalStateException("not a failure");
        }
        return false;
    }

    /** Waits (a bounded time) for the container to be FINISHED, then publishes it. */
    boolean publishWhenReady(Post p, String platform, ObjectNode d) {
        Optional<InstagramAccount> ctx = outcomes.account(p, platform, d);
        if (ctx.isEmpty()) {
            return false;
        }
        String token = ctx.get().token();
        String containerId = d.path("containerId").asText();
        Instant deadline = clock.instant().plus(videoPollBudget);
        while (true) {
            GraphResult<ContainerStatus> st = graph.containerStatus(token, containerId);
            if (!(st instanceof GraphResult.Ok<ContainerStatus> ok)) {
                return outcomes.statusFailure(p, platform, d, st);
            }
            ContainerStatus s = ok.value();
            if (s.finished()) {
                break;
            }
            if (s.published()) {
                // only reachable if state was lost; never publish a published container again
                return publishing.recordPublished(p, platform, d, ctx.get(), null, true);
            }
            if ("EXPIRED".equals(s.statusCode())) {
                ObjectNode again = d.deepCopy();
                again.put("status", DeliveryStatus.QUEUED.wire());
                again.remove(List.of("containerId", "children", "containerCreatedAt"));
                posts.setDelivery(p.tenantId, p.id, platform, d, again, clock.instant());
                return true;
            }
            if (!s.inProgress()) {
                outcomes.containerEnded(p, platform, d, s, "Instagram could not process the media");
                return false;
            }
            if (!clock.instant().plus(videoPollInterval).isBefore(deadline)) {
                throw new ContainerProcessing("container " + containerId + " still IN_PROGRESS");
            }
            sleep(videoPollInterval);
        }
        return publishing.publish(p, platform, d, d, ctx.get());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLater("interrupted");
        }
    }
}
