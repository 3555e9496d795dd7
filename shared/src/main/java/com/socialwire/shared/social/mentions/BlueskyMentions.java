package com.socialwire.shared.social.mentions;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.providers.bluesky.BlueskyApi;
import com.socialwire.shared.providers.bluesky.BlueskyPost;
import com.socialwire.shared.providers.bluesky.BlueskyPublisher;
import com.socialwire.shared.providers.bluesky.BlueskySession;
import com.socialwire.shared.providers.bluesky.Tid;
import com.socialwire.shared.providers.bluesky.XrpcResult;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bluesky's replies, mentions and quotes of the account ({@code app.bsky.notification.listNotifications} with reasons
 * {@code reply}, {@code mention}, {@code quote}), answered with a reply post made exactly once:
 * <ul>
 *   <li>poll: notifications come newest first and their {@code cursor} pages to <em>older</em> ones, so there is no
 *       "since": the stored cursor is the newest {@code indexedAt} handed over (with the URIs handed over at that
 *       millisecond), and a poll pages back until it passes it (at most {@value #MAX_PAGES} pages of 100), answering the new ones oldest first. The AppView
 *       answers it, through the account's PDS ({@code atproto-proxy: did:web:api.bsky.app#bsky_appview}) or, with
 *       {@code BLUESKY_APPVIEW_URL}, straight from that service (the local runtime's notifications index over the real
 *       local PDS, which has no AppView).</li>
 *   <li>reply: {@code com.atproto.repo.createRecord} of an {@code app.bsky.feed.post} with {@code reply {root, parent}}
 *       ({@code root} the thread's first post, from the mention's own {@code reply.root}) under a record key derived from
 *       the dedupe key and the mention's time, so every attempt targets the same record: a second create with the key
 *       fails (the reference PDS answers 500, read as an unknown outcome).</li>
 *   <li>findReply: {@code com.atproto.repo.getRecord} of that key — our reply there is {@link Reconciled.Found}, nothing
 *       is {@link Reconciled.NotFound}.</li>
 * </ul>
 * The session is the publisher's: the account's DID, handle and PDS with the access token the token care refreshes.
 */
public final class BlueskyMentions implements MentionSource {

    static final List<String> REASONS = List.of("reply", "mention", "quote");
    static final int PAGE = 100;
    static final int MAX_PAGES = 5;

    private final BlueskyApi api;
    private final String appViewUrl;
    private final Clock clock;

    /** @param appViewUrl {@code BLUESKY_APPVIEW_URL}: where notifications are read instead of through the account's PDS, or null */
    public BlueskyMentions(BlueskyApi api, String appViewUrl, Clock clock) {
        this.api = api;
        this.appViewUrl = appViewUrl == null || appViewUrl.isBlank() ? null : appViewUrl.strip();
        this.clock = clock;
    }

    @Override
    public String platform() {
        return "bluesky";
    }

    @Override
    public Duration minInterval() {
        return Duration.ofMinutes(1);
    }

    @Override
    public PlatformResult<Page> poll(Target target, String cursor, int max) {
        BlueskySession session = BlueskyPublisher.session(target);
        Frontier since = Frontier.parse(cursor);
        List<JsonNode> fresh = new ArrayList<>(); // newest first
        String page = null;
        boolean reached = false;
        for (int i = 0; i < (since == null ? 1 : MAX_PAGES) && !reached; i++) {
            XrpcResult<BlueskyApi.Notifications> r = api.listNotifications(session, appViewUrl, BlueskyApi.APPVIEW_PROXY, REASONS, page,
                    since == null ? Math.clamp(max, 1, PAGE) : PAGE);
            if (!(r instanceof XrpcResult.Ok<BlueskyApi.Notifications>(BlueskyApi.Notifications n))) {
                return r.toPlatform().failure();
            }
            for (JsonNode item : n.notifications()) {
                if (since != null && since.passedBy(indexedAt(item))) {
                    reached = true; // older than the cursor's millisecond: so is the rest
                    break;
                }
                if (since == null || since.isNew(indexedAt(item), item.path("uri").asText())) {
                    fresh.add(item);
                }
            }
            page = n.cursor();
            reached |= page == null || n.notifications().isEmpty();
        }
        List<JsonNode> oldestFirst = new ArrayList<>(fresh.reversed());
        boolean more = oldestFirst.size() > max;
        List<JsonNode> taken = oldestFirst.subList(0, Math.min(max, oldestFirst.size()));
        List<Mention> items = new ArrayList<>();
        for (JsonNode n : taken) {
            if (REASONS.contains(n.path("reason").asText())) {
                items.add(mention(target.account(), n));
            }
        }
        String next = taken.isEmpty() ? cursor : Frontier.after(since, taken, BlueskyMentions::indexedAt, n -> n.path("uri").asText()).toString();
        return new PlatformResult.Ok<>(new Page(items, next, more));
    }

    private static Mention mention(SocialAccount account, JsonNode n) {
        JsonNode record = n.path("record");
        JsonNode author = n.path("author");
        String uri = n.path("uri").asText();
        String cid = n.path("cid").asText();
        String reason = n.path("reason").asText();
        JsonNode root = record.path("reply").path("root");
        String parent = record.path("reply").path("parent").path("uri").asText(null);
        String mine = "at://" + account.externalId() + "/";
        Map<String, String> ref = new LinkedHashMap<>();
        ref.put("parentUri", uri);
        ref.put("parentCid", cid);
        ref.put("rootUri", root.path("uri").asText(uri));
        ref.put("rootCid", root.path("cid").asText(cid));
        String handle = author.path("handle").asText(null);
        String rkey = uri.substring(uri.lastIndexOf('/') + 1);
        String created = record.path("createdAt").asText(n.path("indexedAt").asText());
        return new Mention(uri, "reply".equals(reason) ? "reply" : "mention", author.path("did").asText(null), handle,
                author.path("displayName").asText(null), record.path("text").asText(""),
                "reply".equals(reason) && parent != null && parent.startsWith(mine) ? parent : null,
                "https://bsky.app/profile/" + (handle == null ? author.path("did").asText() : handle) + "/post/" + rkey,
                IsoInstant.parse(created), ref);
    }

    @Override
    public PlatformResult<Published> reply(Target target, Mention to, String text, String dedupeKey) {
        BlueskySession session = BlueskyPublisher.session(target);
        BlueskyPost post;
        try {
            post = post(session, to, text);
        } catch (IllegalArgumentException invalid) {
            return new PlatformResult.Rejected<>(0, "INVALID_POST", invalid.getMessage());
        }
        return switch (api.createPost(session, rkey(to, dedupeKey), post).toPlatform()) {
            case PlatformResult.Ok<BlueskyApi.PostRef>(BlueskyApi.PostRef ref) ->
                    new PlatformResult.Ok<>(new Published(ref.uri(), ref.permalink(target.account().handle())));
            case PlatformResult<BlueskyApi.PostRef> failed -> failed.failure();
        };
    }

    @Override
    public PlatformResult<Reconciled> findReply(Target target, Mention to, String text, String dedupeKey, Instant armedAt) {
        BlueskySession s = BlueskyPublisher.session(target);
        return switch (api.getPost(s.pdsUrl(), s.did(), rkey(to, dedupeKey)).toPlatform()) {
            case PlatformResult.Ok<Optional<BlueskyApi.PostRef>>(Optional<BlueskyApi.PostRef> found) when found.isEmpty() ->
                    new PlatformResult.Ok<>(new Reconciled.NotFound());
            case PlatformResult.Ok<Optional<BlueskyApi.PostRef>>(Optional<BlueskyApi.PostRef> found)
                    when to.externalId().equals(found.get().value() == null ? null
                    : found.get().value().path("reply").path("parent").path("uri").asText(null)) ->
                    new PlatformResult.Ok<>(new Reconciled.Found(new Published(found.get().uri(), found.get().permalink(target.account().handle()))));
            case PlatformResult.Ok<Optional<BlueskyApi.PostRef>> other ->
                    new PlatformResult.Ok<>(new Reconciled.CannotTell("another record holds this reply's key on Bluesky"));
            case PlatformResult<Optional<BlueskyApi.PostRef>> failed -> failed.failure();
        };
    }

    /** Anyone who replied to, mentioned or quoted the account may be answered: Bluesky has no rule against automated replies. */
    @Override
    public Automation automation(SocialAccount account, Mention item) {
        return Automation.ALLOWED;
    }

    /**
     * The reply's record key: the dedupe key and the mention's own time (both the same for every attempt; a TID's time
     * is only its order, the post's {@code createdAt} is now).
     */
    static String rkey(Mention to, String dedupeKey) {
        return Tid.forDelivery(dedupeKey, to.createdAt() == null ? Instant.EPOCH : to.createdAt());
    }

    private BlueskyPost post(BlueskySession session, Mention to, String text) {
        Map<String, String> r = to.replyRef();
        BlueskyPost.Ref parent = new BlueskyPost.Ref(r.getOrDefault("parentUri", to.externalId()), r.get("parentCid"));
        BlueskyPost.Ref root = r.containsKey("rootUri") ? new BlueskyPost.Ref(r.get("rootUri"), r.get("rootCid")) : parent;
        if (parent.cid() == null || root.cid() == null) {
            throw new IllegalArgumentException("a Bluesky reply needs the post's CID (replyRef parentCid/rootCid)");
        }
        return BlueskyPost.of(text, handle -> api.resolveHandle(session.pdsUrl(), handle) instanceof XrpcResult.Ok<String>(String did)
                ? Optional.of(did) : Optional.empty(), null, clock.instant(), List.of()).inReplyTo(root, parent);
    }

    private static Instant indexedAt(JsonNode n) {
        return IsoInstant.parse(n.path("indexedAt").asText());
    }
}
