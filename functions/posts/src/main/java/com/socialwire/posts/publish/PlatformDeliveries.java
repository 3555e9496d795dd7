package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.platform.Platforms;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.media.MediaRef;
import com.socialwire.shared.providers.ProviderError;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformPublisher.Outgoing;
import com.socialwire.shared.social.PlatformPublisher.Prepared;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The delivery of a post to every platform other than Instagram, through that platform's {@link PlatformPublisher},
 * in the one pattern of platforms.md §0.1. Stored on the post and advanced only by compare-and-set, like Instagram's:
 * <pre>
 * (none | queued) → preparing (credits held; the publisher's state between preparation steps kept in {@code state})
 *        → publishing (armedAt, dedupeKey, accountId and the prepared state stored in one write BEFORE the call)
 *        → published (externalId, permalink; the post's end in the same write when it was its last platform)
 * a lost answer → (after the call's in-flight time) reconcile: found → published (recovered); not found → publish
 *        again with the same dedupeKey; partly made (a thread's first parts) → publish again with the state that
 *        records them; the platform cannot tell → needs_review (never a guess, never a second post);
 *        still being made (TikTok's processing, followed by the handle the call left in {@code state}) → asked again
 *        later; ended by the platform without a post → failed with the publisher's reason
 * refused token → the account reconnect_required and the delivery failed RECONNECT_REQUIRED (publish again after
 *        reconnecting); any other refusal → failed with the platform's code and category (never its text)
 * </pre>
 * Preparation makes nothing the audience sees, so it is repeated freely; the one irreversible call is made only from
 * a delivery that this worker armed by its own write, and a delivery found armed is reconciled, never re-sent blind.
 */
public final class PlatformDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformDeliveries.class);

    /** How long the platforms may fetch a medium from its URL while a delivery prepares. */
    static final Duration MEDIA_URL_LIFETIME = Duration.ofHours(6);

    private final PostStore posts;
    private final DeliveryOutcomes outcomes;
    private final MediaLibrary media;
    private final Metering metering;
    private final PlatformAccounts accounts;
    private final Map<String, PlatformPublisher> publishers;
    private final Clock clock;
    private final Duration inFlight;

    /**
     * @param publishers the platforms this worker publishes to, by canonical name (Instagram is not among them)
     * @param inFlight   how long after a publishing call another delivery must assume it may still be running
     */
    public PlatformDeliveries(PostStore posts, DeliveryOutcomes outcomes, MediaLibrary media, Metering metering, PlatformAccounts accounts,
                              Map<String, PlatformPublisher> publishers, Clock clock, Duration inFlight) {
        this.posts = posts;
        this.outcomes = outcomes;
        this.media = media;
        this.metering = metering;
        this.accounts = accounts;
        this.publishers = Map.copyOf(publishers);
        this.clock = clock;
        this.inFlight = inFlight;
    }

    /** True if this worker publishes to {@code platform} (a publisher and the accounts to use it with). */
    public boolean handles(String platform) {
        return accounts != null && publishers.containsKey(platform);
    }

    /** One step of a delivery this worker handles, claimed (preparing) or armed (publishing); false when this job is done. */
    boolean step(Post p, String platform, ObjectNode d, DeliveryStatus state) {
        return switch (state) {
            case PREPARING -> prepare(p, platform, d);
            case PUBLISHING -> resolve(p, platform, d);
            default -> {
                outcomes.terminal(p, platform, d, DeliveryStatus.FAILED, "UNKNOWN_STATE", "unknown delivery state " + d.path("status").asText(), null);
                yield false;
            }
        };
    }

    /** Preparation, then (ready) the armed publishing call. */
    private boolean prepare(Post p, String platform, ObjectNode d) {
        Optional<Call> call = call(p, platform, d);
        if (call.isEmpty()) {
            return false;
        }
        Call c = call.get();
        PlatformResult<Prepared> r = publishers.get(platform).prepare(c.target(), c.post(), c.state());
        switch (r) {
            case PlatformResult.Ok<Prepared>(Prepared.Ready ready) -> {
                return arm(p, platform, d, ready.state(), c.target(), c.post());
            }
            case PlatformResult.Ok<Prepared>(Prepared.Waiting waiting) -> {
                ObjectNode next = d.deepCopy();
                next.set("state", waiting.state());
                next.put("waitingFor", waiting.what());
                if (posts.setDelivery(p.tenantId, p.id, platform, d, next, clock.instant()).isEmpty()) {
                    return true; // another delivery moved first: look again
                }
                throw new ContainerProcessing(platform + " is still processing: " + waiting.what());
            }
            case PlatformResult.AuthFailed<Prepared> a -> {
                return refused(p, platform, d, c.target(), a, DeliveryStatus.FAILED);
            }
            case PlatformResult.Rejected<Prepared> rj -> {
                failure(p, platform, d, "PLATFORM_REJECTED", platform + " refused the media or the post" + ownWords(rj), rj);
                return false;
            }
            default -> {
                keepProgress(p, platform, d, c.state());
                throw new RetryLater(platform + " preparation: " + describe(r));
            }
        }
    }

    /** What a preparation step that failed half-way made (an upload, a video segment) is kept, so its retry goes on from there. */
    private void keepProgress(Post p, String platform, ObjectNode d, ObjectNode state) {
        if (!state.equals(d.path("state")) && !(state.isEmpty() && d.path("state").isMissingNode())) {
            ObjectNode next = d.deepCopy();
            next.set("state", state);
            posts.setDelivery(p.tenantId, p.id, platform, d, next, clock.instant()); // lost to another delivery: it has moved on
        }
    }

    /**
     * Stores the attempt (its time, the dedupe key, the account and the prepared state) and only then makes the
     * irreversible call; a delivery that loses that write to another does not call.
     */
    private boolean arm(Post p, String platform, ObjectNode d, ObjectNode state, Target target, Outgoing out) {
        ObjectNode attempt = d.deepCopy();
        attempt.put("status", DeliveryStatus.PUBLISHING.wire());
        attempt.set("state", state);
        attempt.remove("waitingFor");
        attempt.put("socialAccountId", target.account().accountId());
        attempt.put("dedupeKey", d.hasNonNull("dedupeKey") ? d.path("dedupeKey").asText() : dedupeKey(p, platform, d));
        attempt.put("publishAttemptAt", clock.instant().toString());
        attempt.put("publishAttempts", d.path("publishAttempts").asInt(0) + 1);
        Optional<Post> saved = posts.setDelivery(p.tenantId, p.id, platform, d, attempt, clock.instant());
        if (saved.isEmpty()) {
            return true;
        }
        ObjectNode armed = attempt.deepCopy();
        PlatformResult<Published> r = publishers.get(platform).publish(target, out, state, attempt.path("dedupeKey").asText());
        boolean handle = !attempt.equals(armed);
        if (handle) {
            // the call gave a handle (TikTok's publish_id): kept before anything else, so a reconciliation follows it
            saved = posts.setDelivery(p.tenantId, p.id, platform, armed, attempt, clock.instant());
            if (saved.isEmpty()) {
                return true; // another delivery moved meanwhile: it reconciles
            }
        }
        if (handle && r instanceof PlatformResult.Unknown<Published> making) {
            // the platform took the post and makes it asynchronously: its handle is followed later, like a container
            throw new ContainerProcessing(platform + ": " + making.message());
        }
        switch (r) {
            case PlatformResult.Ok<Published> ok -> {
                return recordPublished(saved.get(), platform, attempt, ok.value(), false);
            }
            case PlatformResult.AuthFailed<Published> a -> {
                // refused before it acted (the platform checks the token first)
                return refused(saved.get(), platform, attempt, target, a, DeliveryStatus.FAILED);
            }
            case PlatformResult.Rejected<Published> rj -> {
                failure(saved.get(), platform, attempt, "PLATFORM_REJECTED", platform + " refused the post" + ownWords(rj), rj);
                return false;
            }
            // a timeout, a reset or a 5xx after sending: it may have taken effect; the next delivery reconciles first
            default -> throw new RetryLater(platform + " publish outcome unknown: " + describe(r));
        }
    }

    /** A delivery found armed: its call's outcome is unknown, so the platform is asked before anything else. */
    private boolean resolve(Post p, String platform, ObjectNode d) {
        Instant armedAt = Instant.parse(d.path("publishAttemptAt").asText());
        if (clock.instant().isBefore(armedAt.plus(inFlight))) {
            throw new RetryLater("a publish attempt of " + armedAt + " to " + platform + " may still be in flight");
        }
        Optional<Call> call = call(p, platform, d);
        if (call.isEmpty()) {
            return false;
        }
        Call c = call.get();
        PlatformResult<Reconciled> r = publishers.get(platform).reconcile(c.target(), c.post(), c.state(), d.path("dedupeKey").asText(), armedAt);
        switch (r) {
            case PlatformResult.Ok<Reconciled>(Reconciled.Found found) -> {
                LOG.info("post {} {}: the attempt of {} did publish ({}); recorded without publishing again", p.id, platform, armedAt,
                        found.post().externalId());
                return recordPublished(p, platform, d, found.post(), true);
            }
            case PlatformResult.Ok<Reconciled>(Reconciled.NotFound notFound) -> {
                return arm(p, platform, d, c.state(), c.target(), c.post());
            }
            case PlatformResult.Ok<Reconciled>(Reconciled.Partial partial) -> {
                // the first parts exist: armed again with the state that records them, so only the rest is made
                return arm(p, platform, d, partial.state(), c.target(), c.post());
            }
            case PlatformResult.Ok<Reconciled>(Reconciled.CannotTell cannot) -> {
                needsReview(p, platform, d, cannot.why());
                return false;
            }
            case PlatformResult.Ok<Reconciled>(Reconciled.Waiting waiting) -> {
                throw new ContainerProcessing(platform + " is still making the post: " + waiting.what());
            }
            case PlatformResult.Ok<Reconciled>(Reconciled.Failed failed) -> {
                failure(p, platform, d, "PLATFORM_REJECTED", platform + " did not publish the post: " + failed.reason(),
                        new PlatformResult.Rejected<>(0, failed.code(), failed.reason()));
                return false;
            }
            case PlatformResult.AuthFailed<Reconciled> a -> {
                accounts.refused(c.target().account(), refusal(platform, a));
                needsReview(p, platform, d, platform + " refused the account's token when asked whether the post went out");
                return false;
            }
            case PlatformResult.Rejected<Reconciled> rj -> {
                LOG.warn("post {} {}: reconciliation refused: {}", p.id, platform, rj);
                needsReview(p, platform, d, platform + " refused to say whether the post went out (" + ProviderError.of(platform, rj).code() + ")");
                return false;
            }
            default -> throw new RetryLater(platform + " reconciliation: " + describe(r));
        }
    }

    /**
     * The stuck-post sweep's last word on an armed delivery: one reconciliation; published if it did go out, else
     * needs_review (a delivery whose call may have taken effect never ends failed). Other states are the caller's.
     */
    boolean giveUp(Post p, String platform, ObjectNode d, String reason) {
        Optional<Call> call = call(p, platform, d);
        if (call.isEmpty()) {
            return true; // ended by the lookup itself
        }
        Call c = call.get();
        PlatformResult<Reconciled> r = publishers.get(platform).reconcile(c.target(), c.post(), c.state(), d.path("dedupeKey").asText(),
                Instant.parse(d.path("publishAttemptAt").asText()));
        if (r instanceof PlatformResult.Ok<Reconciled>(Reconciled.Found found)) {
            recordPublished(p, platform, d, found.post(), true);
        } else {
            needsReview(p, platform, d, reason + "; " + platform + " could not confirm whether the post went out");
        }
        return true;
    }

    /** What a call to the platform for a delivery needs: the account and token, the post as it gets it, the prepared state (a copy). */
    private record Call(Target target, Outgoing post, ObjectNode state) {
    }

    /** The delivery's {@link Call}, or empty when the delivery has ended (no account, a medium gone); throws to retry later. */
    private Optional<Call> call(Post p, String platform, ObjectNode d) {
        Optional<Target> target = target(p, platform, d);
        Optional<Outgoing> out = target.isEmpty() ? Optional.empty() : outgoing(p, platform, d);
        if (out.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode state = d.path("state").isObject() ? ((ObjectNode) d.path("state")).deepCopy() : Json.object();
        return Optional.of(new Call(target.get(), out.get(), state));
    }

    /** True if the tenant has an account to publish this delivery with; else the delivery has ended saying why (or retries later). */
    boolean connected(Post p, String platform, ObjectNode d) {
        return target(p, platform, d).isPresent();
    }

    /** The account and token for the delivery, or the delivery ended (not connected, reconnect required) or retried later. */
    private Optional<Target> target(Post p, String platform, ObjectNode d) {
        List<String> named = p.strings("accountIds");
        if (d != null && d.hasNonNull("socialAccountId")) {
            named = List.of(d.path("socialAccountId").asText()); // an armed delivery stays with the account it armed
        }
        switch (accounts.lookup(p.tenantId, platform, named)) {
            case PlatformAccounts.Lookup.Ready ready -> {
                return Optional.of(ready.target());
            }
            case PlatformAccounts.Lookup.Missing missing -> {
                DeliveryStatus status = DeliveryStatus.of(d) == DeliveryStatus.PUBLISHING ? DeliveryStatus.NEEDS_REVIEW
                        : "NOT_CONNECTED".equals(missing.code()) ? DeliveryStatus.NOT_CONNECTED : DeliveryStatus.FAILED;
                outcomes.terminal(p, platform, d, status, missing.code(), missing.reason(), null);
                return Optional.empty();
            }
            case PlatformAccounts.Lookup.Later later -> throw new RetryLater(later.why());
        }
    }

    /** The post as {@code platform} gets it, or the delivery ended (a medium gone) or retried later (one still processing). */
    private Optional<Outgoing> outgoing(Post p, String platform, ObjectNode d) {
        List<PlatformPublisher.Media> items = new ArrayList<>();
        for (String id : p.mediaIds()) {
            Optional<MediaRef> ref = media.find(p.tenantId, id);
            if (ref.isEmpty() || "failed".equals(ref.get().status())) {
                end(p, platform, d, DeliveryStatus.FAILED, "MEDIA_UNAVAILABLE", "media " + id + " is missing or failed verification");
                return Optional.empty();
            }
            if (!ref.get().ready()) {
                throw new RetryLater("media " + id + " is still " + ref.get().status());
            }
            MediaRef m = ref.get();
            items.add(new PlatformPublisher.Media(m.id(), media.fetchUrl(m, MEDIA_URL_LIFETIME), m.mimeType(),
                    m.sizeBytes() == null ? 0 : m.sizeBytes(), m.altText(), m.width(), m.height(), null));
        }
        var target = Platforms.require(platform);
        List<String> thread = ContentCheck.composeThread(p.draft(), target);
        String text = thread.isEmpty() ? ContentCheck.compose(p.draft(), target) : thread.get(0);
        List<String> parts = thread.isEmpty() ? List.of() : thread.subList(1, thread.size());
        return Optional.of(new Outgoing(p.tenantId, p.id, text, parts, items, textOrNull(p.doc.path("title")),
                textOrNull(p.doc.path("link")), p.scheduledFor, textOrNull(p.doc.path("format"))));
    }

    private static String textOrNull(JsonNode n) {
        return n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
    }

    /** Ends an armed delivery as needs_review: a person must look on the platform; the hold is given back. */
    private void needsReview(Post p, String platform, ObjectNode d, String why) {
        outcomes.terminal(p, platform, d, DeliveryStatus.NEEDS_REVIEW, "NEEDS_REVIEW", why + "; check the " + platform
                + " account before publishing this post there again", null);
    }

    /** The platform refused the token: the account needs reconnecting, and the delivery ends with that. */
    private boolean refused(Post p, String platform, ObjectNode d, Target target, PlatformResult<?> r, DeliveryStatus status) {
        accounts.refused(target.account(), refusal(platform, r));
        ProviderError error = ProviderError.of(platform, r);
        LOG.warn("post {} {}: token refused ({} {}): {}", p.id, platform, error.code(), error.category(), r);
        outcomes.terminal(p, platform, d, status, "RECONNECT_REQUIRED", platform + " refused the account's token; reconnect the "
                + platform + " account and publish again (" + error.code() + ")", error);
        return false;
    }

    private static String refusal(String platform, PlatformResult<?> r) {
        return platform + " refused the token (" + ProviderError.of(platform, r).code() + ")";
    }

    private void failure(Post p, String platform, ObjectNode d, String code, String what, PlatformResult<?> r) {
        ProviderError error = ProviderError.of(platform, r);
        LOG.warn("post {} {}: {} ({} {}): {}", p.id, platform, code, error.code(), error.category(), r);
        outcomes.terminal(p, platform, d, DeliveryStatus.FAILED, code, what + " (" + error.code() + ", " + error.category() + ")", error);
    }

    private void end(Post p, String platform, ObjectNode d, DeliveryStatus status, String code, String reason) {
        outcomes.terminal(p, platform, d, status, code, reason, null);
    }

    /** Records {@code d} published in one write (with the post's end when it was its last platform), then settles its hold. */
    private boolean recordPublished(Post p, String platform, ObjectNode d, Published published, boolean recovered) {
        ObjectNode done = d.deepCopy();
        done.put("status", DeliveryStatus.PUBLISHED.wire());
        done.put("externalId", published.externalId());
        done.put("permalink", published.url());
        done.put("publishedAt", clock.instant().toString());
        if (recovered) {
            done.put("recovered", true);
        }
        if (!outcomes.endWith(p, platform, d, done)) {
            return true;
        }
        if (d.hasNonNull("holdId")) {
            metering.settle(new Metering.Hold(p.accountId, d.path("holdId").asText(), d.path("heldMicroCredits").asLong()),
                    d.path("heldMicroCredits").asLong());
        }
        return false;
    }

    /**
     * The key a platform de-duplicates this delivery's publishing call by (Bluesky's record key, Mastodon's
     * Idempotency-Key): the same for every attempt of one delivery, new when the post is published again (its delivery
     * starts over with a new {@code queuedAt}).
     */
    static String dedupeKey(Post p, String platform, ObjectNode d) {
        String seed = p.tenantId + "|" + p.id + "|" + platform + "|" + d.path("queuedAt").asText("");
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * ": why" for a refusal the publisher wrote itself (no HTTP status: a reason written for a person, like TikTok's
     * "the creator has reached TikTok's daily post limit"), else nothing (a platform's own text is never shown).
     */
    private static String ownWords(PlatformResult.Rejected<?> r) {
        return r.httpStatus() == 0 && r.message() != null && !r.message().isBlank() ? ": " + r.message() : "";
    }

    private static String describe(PlatformResult<?> r) {
        return switch (r) {
            case PlatformResult.Transient<?> t -> "unavailable (" + t.httpStatus() + " " + t.code() + ")";
            case PlatformResult.Unknown<?> u -> "outcome unknown";
            default -> r.getClass().getSimpleName();
        };
    }
}
