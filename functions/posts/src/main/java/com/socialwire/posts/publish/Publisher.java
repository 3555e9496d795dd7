package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.platform.Platform;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.store.PostStore;
import com.socialwire.posts.workflow.Workflow;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.media.MediaRef;
import com.socialwire.shared.providers.ProviderError;
import com.socialwire.shared.providers.instagram.GraphApi;
import com.socialwire.shared.providers.instagram.GraphApi.ContainerSpec;
import com.socialwire.shared.providers.instagram.GraphApi.ContainerStatus;
import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The publish worker's logic for one (post, platform) job, exactly once however often the job
 * arrives. Each platform's delivery is a small state machine stored on the post and advanced only
 * by compare-and-set, so two deliveries of a job cannot both take a step:
 *
 * <pre>
 * (none) → queued (credits held) → container_created (container id stored BEFORE publishing)
 *        → publishing (attempt time stored, then media_publish) → published (externalId, permalink)
 * any step → failed (reason; credits refunded) ; inactive platform → not_connected
 * </pre>
 * A retry that finds {@code publishing} does not know whether media_publish took effect, so it
 * asks Instagram for the container's status first: PUBLISHED → recorded as published (the media
 * id looked up among the account's newest media), FINISHED → not published, publish it.
 * An Instagram container can be published once, which backs this up at Meta's end.
 */
public final class Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    /** Instagram fetches media from these URLs while it builds the container (and for video, while it processes). */
    static final Duration MEDIA_URL_LIFETIME = Duration.ofHours(6);

    private final PostStore posts;
    private final TenantProfiles tenants;
    private final GraphApi graph;
    private final MediaLibrary media;
    private final Metering metering;
    private final Clock clock;
    private final Duration inFlight;
    private final Duration videoPollBudget;
    private final Duration videoPollInterval;

    /**
     * @param inFlight        how long after a media_publish attempt another delivery must assume it may still be running
     *                        (the Graph client's timeout plus a margin)
     * @param videoPollBudget how long one job waits for a video container before handing back to SQS
     */
    public Publisher(PostStore posts, TenantProfiles tenants, GraphApi graph, MediaLibrary media, Metering metering, Clock clock,
                     Duration inFlight, Duration videoPollBudget, Duration videoPollInterval) {
        this.posts = posts;
        this.tenants = tenants;
        this.graph = graph;
        this.media = media;
        this.metering = metering;
        this.clock = clock;
        this.inFlight = inFlight;
        this.videoPollBudget = videoPollBudget;
        this.videoPollInterval = videoPollInterval;
    }

    /** Publishes {@code platform} of a publishing post, or finds it already done. Throws {@link RetryLater} to be redelivered. */
    public void handle(String tenantId, String postId, String platform) {
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
                finish(tenantId, postId);
                return;
            }
            Platform target = Platforms.require(platform);
            if (!target.active()) {
                terminal(p, platform, d, DeliveryStatus.NOT_CONNECTED, "NOT_CONNECTED",
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
            case NONE -> {
                ObjectNode q = Json.object();
                q.put("status", DeliveryStatus.QUEUED.wire());
                q.put("queuedAt", now.toString());
                posts.setDelivery(p.tenantId, p.id, platform, null, q, now);
                return true;
            }
            case QUEUED -> {
                return createContainer(p, platform, d);
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
                return publishWhenReady(p, platform, d);
            }
            case PUBLISHING -> {
                return resolveAttempt(p, platform, d);
            }
            default -> {
                terminal(p, platform, d, DeliveryStatus.FAILED, "UNKNOWN_STATE", "unknown delivery state " + d.path("status").asText(), null);
                return false;
            }
        }
    }

    private record Context(Tenant tenant, String token) {
    }

    /** The tenant and its token, or a terminal failure (false). */
    private Optional<Context> context(Post p, String platform, ObjectNode d) {
        Optional<TenantProfiles.Loaded> loaded = tenants.load(p.tenantId);
        if (loaded.isEmpty()) {
            terminal(p, platform, d, DeliveryStatus.FAILED, "TENANT_NOT_FOUND", "the tenant no longer exists", null);
            return Optional.empty();
        }
        Tenant t = loaded.get().tenant();
        if (!"active".equals(t.status())) {
            terminal(p, platform, d, DeliveryStatus.FAILED, "TENANT_NOT_ACTIVE", "the tenant is " + t.status()
                    + ": nothing is published for it; make it active and publish again", null);
            return Optional.empty();
        }
        Optional<String> token = Tenant.TOKEN_EXPIRED.equals(t.igTokenStatus()) ? Optional.empty() : loaded.get().token().get();
        if (t.igUserId() == null || token.isEmpty()) {
            terminal(p, platform, d, DeliveryStatus.FAILED, Tenant.TOKEN_EXPIRED.equals(t.igTokenStatus()) ? "INSTAGRAM_TOKEN_EXPIRED" : "INSTAGRAM_NOT_CONNECTED",
                    Tenant.TOKEN_EXPIRED.equals(t.igTokenStatus()) ? "the tenant's Instagram token has expired; reconnect it and publish again"
                            : "the tenant has no Instagram account connected (igUserId and igAccessToken)", null);
            return Optional.empty();
        }
        return Optional.of(new Context(t, token.get()));
    }

    private boolean createContainer(Post p, String platform, ObjectNode d) {
        Optional<Context> ctx = context(p, platform, d);
        if (ctx.isEmpty()) {
            return false;
        }
        Tenant t = ctx.get().tenant();
        String token = ctx.get().token();
        // credits first: no Graph call without them
        if (!d.hasNonNull("holdId")) {
            ObjectNode withHold = d.deepCopy();
            withHold.put("holdId", "publish:" + p.id + ":" + platform + ":" + Ids.base62(10));
            withHold.put("heldMicroCredits", metering.card().fee("publish"));
            posts.setDelivery(p.tenantId, p.id, platform, d, withHold, clock.instant());
            return true;
        }
        // a hold that expired (or was refunded) while the job waited is renewed under the next id of its chain,
        // which settle and refund by holdId find
        Optional<Metering.Hold> hold = metering.hold(t.accountId(), d.path("holdId").asText(), d.path("heldMicroCredits").asLong(),
                "publish " + p.id + " to " + platform);
        if (hold.isEmpty()) {
            terminal(p, platform, d, DeliveryStatus.FAILED, "INSUFFICIENT_CREDITS", "not enough credits to publish; top up and publish again", null);
            return false;
        }
        // one delivery creates the container; a duplicate delivery waits for it instead of making another
        ObjectNode creating = d.deepCopy();
        creating.put("status", DeliveryStatus.CREATING.wire());
        creating.put("creatingAt", clock.instant().toString());
        if (posts.setDelivery(p.tenantId, p.id, platform, d, creating, clock.instant()).isEmpty()) {
            return true;
        }
        d = creating;
        GraphResult<GraphApi.PublishingLimit> quota = graph.publishingLimit(token, t.igUserId());
        switch (quota) {
            case GraphResult.Ok<GraphApi.PublishingLimit> ok when ok.value().exhausted() -> {
                terminal(p, platform, d, DeliveryStatus.FAILED, "PUBLISHING_QUOTA_EXHAUSTED", "Instagram's publishing limit is used up: "
                        + ok.value().quotaUsage() + " of " + ok.value().quotaTotal() + " posts in the last "
                        + (ok.value().quotaDurationSeconds() / 3600) + " h; publish again later", null);
                return false;
            }
            case GraphResult.Transient<GraphApi.PublishingLimit> tr -> throw new RetryLater("quota read: " + tr.message());
            case GraphResult.TokenExpired<GraphApi.PublishingLimit> te -> {
                tokenExpired(p, platform, d, te);
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
                terminal(p, platform, d, DeliveryStatus.FAILED, "MEDIA_UNAVAILABLE", "media " + id + " is missing or failed verification", null);
                return false;
            }
            if (!ref.get().ready()) {
                throw new RetryLater("media " + id + " is still " + ref.get().status());
            }
            items.add(ref.get());
        }
        if (items.isEmpty()) {
            terminal(p, platform, d, DeliveryStatus.FAILED, "MEDIA_REQUIRED", "Instagram needs at least one image or video", null);
            return false;
        }
        String caption = caption(p, platform);
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
            next.set("children", Json.mapper().valueToTree(children));
        }
        posts.setDelivery(p.tenantId, p.id, platform, d, next, clock.instant());
        return true;
    }

    private boolean containerFailure(Post p, String platform, ObjectNode d, GraphResult<?> r) {
        switch (r) {
            case GraphResult.Transient<?> t -> throw new RetryLater("container: " + t.message());
            case GraphResult.Unknown<?> u -> throw new RetryLater("container: " + u.message());
            case GraphResult.TokenExpired<?> te -> tokenExpired(p, platform, d, te);
            case GraphResult.Rejected<?> rj -> providerFailure(p, platform, d, "INSTAGRAM_REJECTED", "Instagram refused the media", rj);
            case GraphResult.Ok<?> ok -> throw new IllegalStateException("not a failure");
        }
        return false;
    }

    /** Waits (a bounded time) for the container to be FINISHED, then publishes it. */
    private boolean publishWhenReady(Post p, String platform, ObjectNode d) {
        Optional<Context> ctx = context(p, platform, d);
        if (ctx.isEmpty()) {
            return false;
        }
        String token = ctx.get().token();
        String containerId = d.path("containerId").asText();
        Instant deadline = clock.instant().plus(videoPollBudget);
        while (true) {
            GraphResult<ContainerStatus> st = graph.containerStatus(token, containerId);
            if (!(st instanceof GraphResult.Ok<ContainerStatus> ok)) {
                return statusFailure(p, platform, d, st);
            }
            ContainerStatus s = ok.value();
            if (s.finished()) {
                break;
            }
            if (s.published()) {
                // only reachable if state was lost; never publish a published container again
                return recordPublished(p, platform, d, ctx.get(), null, true);
            }
            if ("EXPIRED".equals(s.statusCode())) {
                ObjectNode again = d.deepCopy();
                again.put("status", DeliveryStatus.QUEUED.wire());
                again.remove(List.of("containerId", "children", "containerCreatedAt"));
                posts.setDelivery(p.tenantId, p.id, platform, d, again, clock.instant());
                return true;
            }
            if (!s.inProgress()) {
                containerEnded(p, platform, d, s, "Instagram could not process the media");
                return false;
            }
            if (!clock.instant().plus(videoPollInterval).isBefore(deadline)) {
                throw new RetryLater("container " + containerId + " still IN_PROGRESS");
            }
            sleep(videoPollInterval);
        }
        return publish(p, platform, d, ctx.get());
    }

    private boolean publish(Post p, String platform, ObjectNode d, Context ctx) {
        ObjectNode attempt = d.deepCopy();
        attempt.put("status", DeliveryStatus.PUBLISHING.wire());
        attempt.put("publishAttemptAt", clock.instant().toString());
        attempt.put("publishAttempts", d.path("publishAttempts").asInt(0) + 1);
        Optional<Post> saved = posts.setDelivery(p.tenantId, p.id, platform, d, attempt, clock.instant());
        if (saved.isEmpty()) {
            return true; // another delivery moved first: look again
        }
        GraphResult<String> r = graph.publishContainer(ctx.token(), ctx.tenant().igUserId(), d.path("containerId").asText());
        switch (r) {
            case GraphResult.Ok<String> ok -> {
                return recordPublished(saved.get(), platform, attempt, ctx, ok.value(), false);
            }
            case GraphResult.Transient<String> t -> throw new RetryLater("media_publish outcome unknown (" + t.httpStatus() + "): " + t.message());
            case GraphResult.Unknown<String> u -> throw new RetryLater("media_publish outcome unknown: " + u.message());
            case GraphResult.TokenExpired<String> te -> {
                tokenExpired(saved.get(), platform, attempt, te);
                return false;
            }
            case GraphResult.Rejected<String> rj -> {
                GraphResult<ContainerStatus> st = graph.containerStatus(ctx.token(), d.path("containerId").asText());
                if (st instanceof GraphResult.Ok<ContainerStatus> ok && ok.value().published()) {
                    return recordPublished(saved.get(), platform, attempt, ctx, null, true);
                }
                providerFailure(saved.get(), platform, attempt, "INSTAGRAM_REJECTED", "Instagram refused to publish", rj);
                return false;
            }
        }
    }

    /** A previous media_publish's outcome is unknown: ask the container before anything else. */
    private boolean resolveAttempt(Post p, String platform, ObjectNode d) {
        Instant attemptAt = Instant.parse(d.path("publishAttemptAt").asText());
        if (clock.instant().isBefore(attemptAt.plus(inFlight))) {
            throw new RetryLater("a media_publish attempt of " + attemptAt + " may still be in flight");
        }
        Optional<Context> ctx = context(p, platform, d);
        if (ctx.isEmpty()) {
            return false;
        }
        GraphResult<ContainerStatus> st = graph.containerStatus(ctx.get().token(), d.path("containerId").asText());
        if (!(st instanceof GraphResult.Ok<ContainerStatus> ok)) {
            return statusFailure(p, platform, d, st);
        }
        ContainerStatus s = ok.value();
        if (s.published()) {
            LOG.info("post {} {}: container {} is PUBLISHED; recording it without publishing again", p.id, platform, s.id());
            return recordPublished(p, platform, d, ctx.get(), null, true);
        }
        if (s.finished()) {
            return publish(p, platform, d, ctx.get());
        }
        if (s.inProgress()) {
            throw new RetryLater("container still IN_PROGRESS");
        }
        containerEnded(p, platform, d, s, "Instagram could not publish the media");
        return false;
    }

    private boolean statusFailure(Post p, String platform, ObjectNode d, GraphResult<ContainerStatus> st) {
        switch (st) {
            case GraphResult.TokenExpired<ContainerStatus> te -> {
                tokenExpired(p, platform, d, te);
                return false;
            }
            case GraphResult.Rejected<ContainerStatus> rj -> {
                providerFailure(p, platform, d, "INSTAGRAM_REJECTED", "Instagram does not know the container", rj);
                return false;
            }
            default -> throw new RetryLater("container status unavailable");
        }
    }

    private boolean recordPublished(Post p, String platform, ObjectNode d, Context ctx, String mediaId, boolean recovered) {
        Instant now = clock.instant();
        ObjectNode done = d.deepCopy();
        done.put("status", DeliveryStatus.PUBLISHED.wire());
        done.put("publishedAt", now.toString());
        if (recovered) {
            done.put("recovered", true);
            if (mediaId == null) {
                mediaId = findPublished(ctx, p, platform, d);
            }
        }
        done.put("externalId", mediaId);
        done.putNull("permalink");
        Optional<Post> saved = posts.setDelivery(p.tenantId, p.id, platform, d, done, now);
        if (saved.isEmpty()) {
            return true;
        }
        if (d.hasNonNull("holdId")) {
            metering.settle(new Metering.Hold(p.accountId, d.path("holdId").asText(), d.path("heldMicroCredits").asLong()),
                    d.path("heldMicroCredits").asLong());
        }
        if (mediaId != null) {
            // the permalink is a nicety: failing to read it never makes a published post failed
            GraphResult<String> link = graph.permalink(ctx.token(), mediaId);
            ObjectNode withLink = done.deepCopy();
            if (link instanceof GraphResult.Ok<String> ok) {
                withLink.put("permalink", ok.value());
            } else {
                withLink.put("permalinkError", "could not read the permalink yet");
            }
            posts.setDelivery(p.tenantId, p.id, platform, done, withLink, clock.instant());
        }
        finish(p.tenantId, p.id);
        return false;
    }

    /** The media id of a post published by an attempt whose answer was lost: the account's newest media with this caption. */
    private String findPublished(Context ctx, Post p, String platform, ObjectNode d) {
        GraphResult<List<GraphApi.PublishedMedia>> recent = graph.recentMedia(ctx.token(), ctx.tenant().igUserId(), 25);
        if (recent instanceof GraphResult.Ok<List<GraphApi.PublishedMedia>> ok) {
            String caption = caption(p, platform);
            for (GraphApi.PublishedMedia m : ok.value()) {
                if (caption.equals(m.caption())) {
                    return m.id();
                }
            }
        }
        return null;
    }

    private void tokenExpired(Post p, String platform, ObjectNode d, GraphResult<?> r) {
        tenants.markTokenExpired(p.tenantId);
        providerFailure(p, platform, d, "INSTAGRAM_TOKEN_EXPIRED", "the tenant's Instagram token has expired or was revoked; reconnect it and publish again", r);
    }

    /**
     * A delivery Graph refused ends failed with our own words and the refusal's {@link ProviderError}; Meta's text
     * (ids, parameters, trace ids) goes to the log only.
     */
    private void providerFailure(Post p, String platform, ObjectNode d, String code, String what, GraphResult<?> r) {
        ProviderError error = ProviderError.of(r);
        LOG.warn("post {} {}: {} ({} {}): {}", p.id, platform, code, error.code(), error.category(), r);
        terminal(p, platform, d, DeliveryStatus.FAILED, code, what + " (" + error.code() + ", " + error.category() + ")", error);
    }

    /**
     * A container Instagram ended (ERROR, EXPIRED...): its status code, and the Meta error code its status text names
     * ("... failed with error code 2207026"), are kept; the text itself goes to the log only.
     */
    private void containerEnded(Post p, String platform, ObjectNode d, ContainerStatus s, String what) {
        LOG.warn("post {} {}: container {} ended {}: {}", p.id, platform, s.id(), s.statusCode(), s.status());
        Matcher m = META_CODE.matcher(String.valueOf(s.status()));
        ProviderError error = m.find() ? new ProviderError("GRAPH_" + m.group(1), ProviderError.REJECTED) : null;
        terminal(p, platform, d, DeliveryStatus.FAILED, "CONTAINER_" + s.statusCode(),
                what + " (status " + s.statusCode() + (error == null ? "" : ", " + error.code()) + ")", error);
    }

    private static final Pattern META_CODE = Pattern.compile("error code (\\d{1,9})");

    /** Ends a delivery (failed or not_connected), refunds its hold, and finishes the post if every platform has ended. */
    void terminal(Post p, String platform, ObjectNode d, DeliveryStatus status, String code, String reason, ProviderError error) {
        Instant now = clock.instant();
        ObjectNode end = d == null ? Json.object() : d.deepCopy();
        end.put("status", status.wire());
        end.put("code", code);
        end.put("reason", reason);
        end.put("endedAt", now.toString());
        if (error != null) {
            end.set("error", Json.mapper().valueToTree(error));
        }
        if (posts.setDelivery(p.tenantId, p.id, platform, d, end, now).isEmpty()) {
            return;
        }
        if (d != null && d.hasNonNull("holdId")) {
            metering.refund(new Metering.Hold(p.accountId, d.path("holdId").asText(), d.path("heldMicroCredits").asLong()), reason);
        }
        finish(p.tenantId, p.id);
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
                if (DeliveryStatus.of(d) == DeliveryStatus.PUBLISHING) {
                    // a published post must never end "failed": ask Instagram one last time
                    if (publishedAfterAll(p, platform, d)) {
                        any = true;
                        p = posts.get(tenantId, postId).orElse(p);
                        continue;
                    }
                    terminal(p, platform, d, DeliveryStatus.FAILED, "OUTCOME_UNKNOWN", reason + "; check Instagram for container "
                            + d.path("containerId").asText() + " before publishing again", null);
                } else {
                    terminal(p, platform, d, DeliveryStatus.FAILED, "GAVE_UP", reason, null);
                }
                any = true;
                p = posts.get(tenantId, postId).orElse(p);
            }
        }
        finish(tenantId, postId);
        return any;
    }

    /** True if the container of an attempt whose outcome is unknown turns out PUBLISHED (then recorded as published). */
    private boolean publishedAfterAll(Post p, String platform, ObjectNode d) {
        Optional<TenantProfiles.Loaded> loaded = tenants.load(p.tenantId);
        Optional<String> token = loaded.flatMap(l -> l.token().get());
        if (loaded.isEmpty() || token.isEmpty() || loaded.get().tenant().igUserId() == null) {
            return false;
        }
        GraphResult<ContainerStatus> st = graph.containerStatus(token.get(), d.path("containerId").asText());
        if (st instanceof GraphResult.Ok<ContainerStatus> ok && ok.value().published()) {
            recordPublished(p, platform, d, new Context(loaded.get().tenant(), token.get()), null, true);
            return true;
        }
        return false;
    }

    /** Ends a publishing post once every platform has ended: published, partially_published or failed. */
    public void finish(String tenantId, String postId) {
        Optional<Post> loaded = posts.get(tenantId, postId);
        if (loaded.isEmpty() || loaded.get().status != PostStatus.PUBLISHING) {
            return;
        }
        Post current = loaded.get();
        for (String platform : current.platforms()) {
            ObjectNode d = current.delivery(platform);
            if (!DeliveryStatus.of(d).terminal()) {
                return;
            }
        }
        try {
            posts.update(tenantId, postId, p -> {
                if (p.status != PostStatus.PUBLISHING) {
                    return;
                }
                Instant first = null;
                List<String> reasons = new ArrayList<>();
                for (String platform : p.platforms()) {
                    ObjectNode d = p.delivery(platform);
                    if (!DeliveryStatus.of(d).terminal()) {
                        throw new IllegalStateException("not finished");
                    }
                    if (DeliveryStatus.of(d) == DeliveryStatus.PUBLISHED) {
                        Instant at = Instant.parse(d.path("publishedAt").asText());
                        first = first == null || at.isBefore(first) ? at : first;
                    } else {
                        reasons.add(platform + ": " + d.path("reason").asText());
                    }
                }
                PostStatus to = endStatus(p);
                if (first != null && !p.doc.hasNonNull("publishedAt")) {
                    p.doc.put("publishedAt", first.toString());
                }
                Workflow.move(p, "publish-complete", to, "worker", reasons.isEmpty() ? null : String.join("; ", reasons), clock.instant());
            });
        } catch (IllegalStateException notFinished) {
            // a platform was reset meanwhile (publish again): nothing to finish
        }
    }

    /** Where a post whose platforms have all ended goes: published (all of them), partially_published (some) or failed. */
    static PostStatus endStatus(Post p) {
        long published = p.platforms().stream().filter(x -> p.deliveryStatus(x) == DeliveryStatus.PUBLISHED).count();
        return published > 0 && published == p.platforms().size() ? PostStatus.PUBLISHED
                : published > 0 ? PostStatus.PARTIALLY_PUBLISHED : PostStatus.FAILED;
    }

    /**
     * Ends a post the publish run could not handle (its claim, its jobs or a sweep step threw), so it
     * fails alone: every platform not yet ended fails with {@code code} and {@code reason}, their held
     * credits are refunded, and the post ends failed (partially_published if a platform was published).
     * False if the post was no longer scheduled or publishing. Throws when even this write fails.
     */
    public boolean failAlone(String tenantId, String postId, String code, String reason) {
        List<Metering.Hold> refunds = new ArrayList<>();
        boolean[] ended = {false};
        posts.update(tenantId, postId, p -> {
            refunds.clear();
            ended[0] = false;
            if (!Workflow.rule("publish-run-failed").allows(p.status)) {
                return;
            }
            Instant now = clock.instant();
            for (String platform : p.platforms()) {
                ObjectNode d = p.delivery(platform);
                if (DeliveryStatus.of(d).terminal()) {
                    continue;
                }
                p.deliveries.set(platform, failed(d, code, reason, now));
                if (d != null && d.hasNonNull("holdId")) {
                    refunds.add(new Metering.Hold(p.accountId, d.path("holdId").asText(), d.path("heldMicroCredits").asLong()));
                }
            }
            Workflow.move(p, "publish-run-failed", endStatus(p), "system", reason, now);
            ended[0] = true;
        });
        refunds.forEach(h -> metering.refund(h, reason));
        return ended[0];
    }

    /** {@code d} (or a new delivery) ended failed with {@code code} and {@code reason}. */
    public static ObjectNode failed(ObjectNode d, String code, String reason, Instant now) {
        ObjectNode end = d == null ? Json.object() : d.deepCopy();
        end.put("status", DeliveryStatus.FAILED.wire());
        end.put("code", code);
        end.put("reason", reason);
        end.put("endedAt", now.toString());
        return end;
    }

    /** The caption Instagram gets: exactly the text the platform rules checked (override or text, plus the missing hashtags). */
    static String caption(Post p, String platform) {
        return ContentCheck.compose(p.draft(), Platforms.require(platform));
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
