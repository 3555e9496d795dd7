package com.socialwire.shared.providers.bluesky;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AT Protocol (XRPC) calls Socialwire makes for a Bluesky account: connecting with an app password, keeping the
 * session alive, uploading images and publishing posts exactly once. Every call answers a typed {@link XrpcResult}.
 * <p>Exactly once: choose the post's record key yourself ({@link Tid#forDelivery}), arm it, then {@link #createPost}
 * once. When that answers {@link XrpcResult.Unknown} (timeout, broken connection, 5xx), ask {@link #getPost} for the
 * same key: found (and {@link BlueskyPost#sameAs} the post) means published; {@code Optional.empty()} means it was not, and createPost with the same key is safe
 * (if the first one lands late after all, the second fails: the PDS refuses a key it already holds).
 */
public interface BlueskyApi {

    /** Where an account lives unless its owner names a self-hosted PDS. */
    String DEFAULT_SERVICE = "https://bsky.social";

    /** An app password's form, as Bluesky makes them (Settings → App Passwords): four groups of four letters or digits. */
    Pattern APP_PASSWORD = Pattern.compile("[a-zA-Z0-9]{4}-[a-zA-Z0-9]{4}-[a-zA-Z0-9]{4}-[a-zA-Z0-9]{4}");

    /** Whether {@code secret} has an app password's form; anything else may be the account's main password and is never sent. */
    static boolean isAppPassword(String secret) {
        return secret != null && APP_PASSWORD.matcher(secret).matches();
    }

    /**
     * {@code com.atproto.server.createSession} on {@code serviceUrl} (e.g. {@value #DEFAULT_SERVICE}) with a handle, DID
     * or email and an app password. A secret not in app-password form is refused before any call
     * ({@link XrpcResult.Rejected} with status 0 and error {@code NotAnAppPassword}); a wrong or revoked one is
     * {@link XrpcResult.AuthRefused}. The answer names the account's own PDS (its DID document's {@code #atproto_pds}),
     * where every later call goes. Bluesky allows 30 logins per 5 minutes and 300 a day per account: log in once, then
     * {@link #refreshSession}.
     */
    XrpcResult<BlueskySession> createSession(String serviceUrl, String identifier, String appPassword);

    /**
     * {@code com.atproto.server.refreshSession} with {@code session}'s refresh token: a new access token <em>and a new
     * refresh token</em>. Save the answer before using it. A refresh token that expired or was revoked (the app password
     * removed) is {@link XrpcResult.AuthRefused}: the account must be reconnected. The reference PDS keeps a used refresh
     * token for a 2-hour grace period, answering it with the same next token id, so a refresh repeated after a lost
     * answer continues the same chain instead of forking it.
     */
    XrpcResult<BlueskySession> refreshSession(BlueskySession session);

    /** {@code com.atproto.server.getSession}: who the access token belongs to, and whether the account is active. */
    XrpcResult<SessionInfo> getSession(BlueskySession session);

    /** {@code com.atproto.identity.resolveHandle}: a handle's DID ({@link XrpcResult.Rejected} when it resolves to none). */
    XrpcResult<String> resolveHandle(String serviceUrl, String handle);

    /**
     * The account's own profile record ({@code app.bsky.actor.profile/self}), read from its PDS so no AppView is needed:
     * the name and avatar to show for a connected account; {@code Optional.empty()} when it has none yet.
     */
    XrpcResult<Optional<Profile>> getProfile(String pdsUrl, String did);

    /** What an account shows of itself; {@code avatar} null without one. */
    record Profile(String displayName, String description, Blob avatar) {
        /** The avatar as the account's PDS serves it ({@code com.atproto.sync.getBlob}), or null without one. */
        public String avatarUrl(String pdsUrl, String did) {
            return avatar == null ? null : pdsUrl + "/xrpc/com.atproto.sync.getBlob?did=" + did + "&cid=" + avatar.cid();
        }
    }

    /** {@code com.atproto.repo.describeRepo}: a repository's DID, handle and collections, by DID or handle. */
    XrpcResult<RepoInfo> describeRepo(String serviceUrl, String repo);

    /**
     * {@code com.atproto.repo.uploadBlob}: an image's bytes (JPEG, PNG, GIF or WEBP, at most {@value #MAX_IMAGE_BYTES}
     * bytes, Bluesky's limit for post images and link-card thumbnails; refused here otherwise). Side-effect free until a
     * record refers to the blob, so it can be retried freely.
     */
    XrpcResult<Blob> uploadBlob(BlueskySession session, byte[] bytes, String mimeType);

    /** Bluesky's limit on one image in a post or a link card's thumbnail. */
    int MAX_IMAGE_BYTES = 1_000_000;

    /** The image types {@link #uploadBlob} takes. */
    List<String> IMAGE_TYPES = List.of("image/jpeg", "image/png", "image/gif", "image/webp");

    /**
     * {@code com.atproto.repo.createRecord} of {@code post} in the session's repository under {@code rkey} (a TID): the
     * one irreversible call. Never retried here; {@link XrpcResult.Unknown} when its outcome is unknown (see the class
     * comment).
     */
    XrpcResult<PostRef> createPost(BlueskySession session, String rkey, BlueskyPost post);

    /**
     * {@code com.atproto.repo.getRecord} of the post {@code rkey} in {@code did}'s repository on {@code pdsUrl} (no
     * token needed): the post if it exists, {@code Optional.empty()} if the PDS says {@code RecordNotFound}.
     */
    XrpcResult<Optional<PostRef>> getPost(String pdsUrl, String did, String rkey);

    /** {@code com.atproto.repo.deleteRecord} of the post {@code rkey}: true once it is gone (deleting a missing post is fine). */
    XrpcResult<Boolean> deletePost(BlueskySession session, String rkey);

    /**
     * {@code app.bsky.notification.listNotifications} of the session's account, newest first, {@code limit} (1 to 100)
     * at most, older ones after {@code cursor} (null: the newest). An AppView answers it: through the account's PDS,
     * which proxies it to the AppView {@code proxy} names in the {@code atproto-proxy} header (e.g.
     * {@value #APPVIEW_PROXY}), or, with {@code appViewUrl}, straight from that service (a local notifications index;
     * the session's access token is its bearer). {@code reasons}: only these ({@code mention}, {@code reply},
     * {@code quote}…); an AppView that ignores the filter is filtered again by the caller.
     */
    XrpcResult<Notifications> listNotifications(BlueskySession session, String appViewUrl, String proxy, List<String> reasons,
                                                String cursor, int limit);

    /** The Bluesky AppView's service reference, for the {@code atproto-proxy} header. */
    String APPVIEW_PROXY = "did:web:api.bsky.app#bsky_appview";

    /** One page of notifications as the lexicon shapes them ({@code uri, cid, author, reason, record, indexedAt…}); {@code cursor} null at the end. */
    record Notifications(List<JsonNode> notifications, String cursor) {
        public Notifications {
            notifications = List.copyOf(notifications);
        }
    }

    /** What getSession says of an access token. */
    record SessionInfo(String did, String handle, boolean active, String status) {
    }

    /** What describeRepo says of a repository. */
    record RepoInfo(String did, String handle, boolean handleIsCorrect, List<String> collections) {
    }

    /** A post in a repository: {@code at://did/app.bsky.feed.post/rkey}, its CID and, from getPost, the record itself. */
    record PostRef(String uri, String cid, String did, String rkey, JsonNode value) {
        /** The post's web address, {@code https://bsky.app/profile/{handle or did}/post/{rkey}}. */
        public String permalink(String handleOrDid) {
            return "https://bsky.app/profile/" + (handleOrDid == null ? did : handleOrDid) + "/post/" + rkey;
        }
    }
}
