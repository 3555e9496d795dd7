package com.socialwire.reads.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.reads.model.Captions;
import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramComment;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.reads.url.Shortcodes;
import com.socialwire.shared.Config;
import com.socialwire.shared.providers.instagram.GraphApis;
import com.socialwire.shared.providers.instagram.GraphResult;
import com.socialwire.shared.providers.instagram.HttpGraphApi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static com.socialwire.reads.provider.ProviderJson.count;
import static com.socialwire.reads.provider.ProviderJson.instant;
import static com.socialwire.reads.provider.ProviderJson.text;

/**
 * The official path for media a tenant owns: the Instagram Graph API with the tenant's Instagram user token. There is
 * no "media by shortcode" lookup, so the media is found in the account's own list
 * ({@code GET /{ig-user-id}/media?fields=id,shortcode,permalink&limit=100}, paged with {@code after}, newest first, at
 * most {@value #MAX_MEDIA_PAGES} pages), matched by {@code shortcode} (or the permalink, or {@code ig_id} = the
 * shortcode's media pk when the answer carries it), then read by its Graph id:
 * <pre>
 * GET /{media-id}?fields=id,shortcode,caption,media_type,media_product_type,permalink,timestamp,username,like_count,
 *                        comments_count,media_url,thumbnail_url,children{id,media_type,media_url,thumbnail_url}
 * GET /{media-id}/comments?fields=id,text,timestamp,username,like_count,from{id,username},replies{…same…}&amp;limit=50[&amp;after=]
 * GET /{comment-id}/replies?fields=…&amp;limit=50[&amp;after=]     when a comment's nested replies have a next page
 * </pre>
 * Errors are {@link HttpGraphApi}'s, mapped once: an object that does not exist (code 100, HTTP 400/404) or media not
 * among the account's is {@link ReadResult.NotFound}; a throttle or 429 {@link ReadResult.RateLimited}; an expired
 * token {@link ReadResult.Unavailable} with HTTP status 401 (the tenant must reconnect); anything else Unavailable.
 */
public final class GraphOwnedMedia {

    public static final String ID = "graph";
    public static final int MAX_MEDIA_PAGES = 10;
    static final String LIST_FIELDS = "id,shortcode,permalink";
    static final String MEDIA_FIELDS = "id,shortcode,caption,media_type,media_product_type,permalink,timestamp,username,like_count,"
            + "comments_count,media_url,thumbnail_url,children{id,media_type,media_url,thumbnail_url}";
    static final String COMMENT_FIELDS = "id,text,timestamp,username,like_count,from{id,username},"
            + "replies{id,text,timestamp,username,like_count,from{id,username}}";
    static final String REPLY_FIELDS = "id,text,timestamp,username,like_count,from{id,username}";
    static final String NO_TRANSCRIPT = "The Graph API gives no transcripts.";

    private final HttpGraphApi graph;
    private final Clock clock;

    public GraphOwnedMedia(HttpGraphApi graph, Clock clock) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Over {@code GRAPH_API_BASE_URL} (default {@value GraphApis#DEFAULT_BASE_URL}) with {@code GRAPH_API_TIMEOUT_MS}. */
    public static GraphOwnedMedia fromConfig(Config config, Clock clock) {
        return new GraphOwnedMedia(new HttpGraphApi(config.get("GRAPH_API_BASE_URL", GraphApis.DEFAULT_BASE_URL),
                Duration.ofMillis(HttpReadProvider.timeoutMs(config, "GRAPH_API_TIMEOUT_MS", GraphApis.DEFAULT_TIMEOUT_MS))), clock);
    }

    /** The reads of one connected account ({@code igUserId}, its decrypted {@code accessToken}). */
    public ReadProvider forAccount(String accessToken, String igUserId) {
        return forAccount(accessToken, igUserId, null);
    }

    /**
     * The same; {@code tokenRefused} (or null) runs when Graph refuses the token as expired or revoked (code 190: the
     * read answers {@link #TOKEN_REFUSED}), for the caller to mark the tenant's token expired.
     */
    public ReadProvider forAccount(String accessToken, String igUserId, Runnable tokenRefused) {
        return new Account(accessToken, igUserId, tokenRefused);
    }

    /** HTTP status of the {@link ReadResult.Unavailable} a read answers when the account's token is expired or revoked. */
    public static final int TOKEN_REFUSED = 401;

    /** The reads of an account whose token is known to be expired: each answers {@link #TOKEN_REFUSED} without calling Graph. */
    public static ReadProvider expiredAccount() {
        return ExpiredAccount.INSTANCE;
    }

    private static final class ExpiredAccount implements ReadProvider {
        static final ExpiredAccount INSTANCE = new ExpiredAccount();

        @Override
        public String id() {
            return ID;
        }

        @Override
        public ReadResult<InstagramMedia> media(String shortcode, boolean providerTranscript) {
            return new ReadResult.Unavailable<>(TOKEN_REFUSED, "the account's Instagram token is marked expired");
        }

        @Override
        public ReadResult<CommentsRead> comments(String shortcode, int limit, boolean includeReplies) {
            return new ReadResult.Unavailable<>(TOKEN_REFUSED, "the account's Instagram token is marked expired");
        }
    }

    private final class Account implements ReadProvider {
        private final String token;
        private final String igUserId;
        private final Runnable tokenRefused;

        Account(String token, String igUserId, Runnable tokenRefused) {
            this.token = token;
            this.igUserId = igUserId;
            this.tokenRefused = tokenRefused;
        }

        /** {@code r}, having told {@link #tokenRefused} when it says Graph refused the token. */
        private <T> ReadResult<T> noted(ReadResult<T> r) {
            if (tokenRefused != null && r instanceof ReadResult.Unavailable<T> u && u.httpStatus() == TOKEN_REFUSED) {
                tokenRefused.run();
            }
            return r;
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public ReadResult<InstagramMedia> media(String shortcode, boolean providerTranscript) {
            return noted(readMedia(shortcode, providerTranscript));
        }

        private ReadResult<InstagramMedia> readMedia(String shortcode, boolean providerTranscript) {
            ReadResult<String> found = find(token, igUserId, shortcode);
            if (!(found instanceof ReadResult.Ok<String> id)) {
                return found.failure();
            }
            ReadResult<InstagramMedia> read = read(graph.get(token, id.value(), "", MEDIA_FIELDS, null,
                    json -> mediaOf(json, shortcode, igUserId)));
            if (!(read instanceof ReadResult.Ok<InstagramMedia> ok)) {
                return read;
            }
            List<String> limitations = new ArrayList<>();
            if (!ok.value().assets().isEmpty() || !ok.value().children().isEmpty()) {
                limitations.add(MediaJson.SHORT_LIVED);
            }
            if (providerTranscript && ("reel".equals(ok.value().type()) || "video".equals(ok.value().type()))) {
                limitations.add(NO_TRANSCRIPT);
            }
            return new ReadResult.Ok<>(ok.value(), "media", 1, limitations);
        }

        @Override
        public ReadResult<CommentsRead> comments(String shortcode, int limit, boolean includeReplies) {
            ReadResult<String> found = find(token, igUserId, shortcode);
            if (!(found instanceof ReadResult.Ok<String> id)) {
                return noted(found.failure());
            }
            return noted(CommentPaging.collect(shortcode, limit, includeReplies, new CommentPaging.Source() {
                @Override
                public ReadResult<CommentPaging.Page> comments(String cursor) {
                    return read(graph.get(token, id.value(), "/comments", COMMENT_FIELDS, page(cursor), json -> commentPage(json, null)));
                }

                @Override
                public ReadResult<CommentPaging.Page> replies(String commentId, String cursor) {
                    return read(graph.get(token, commentId, "/replies", REPLY_FIELDS, page(cursor), json -> commentPage(json, commentId)));
                }
            }));
        }
    }

    /** The Graph id of the account's media with {@code shortcode}, looked for in its media list. */
    ReadResult<String> find(String token, String igUserId, String shortcode) {
        if (!Shortcodes.isShortcode(shortcode)) {
            return new ReadResult.NotFound<>("not an Instagram shortcode");
        }
        String pk = Shortcodes.mediaPk(shortcode).toString();
        String after = null;
        for (int page = 0; page < MAX_MEDIA_PAGES; page++) {
            ReadResult<MediaPage> r = read(graph.get(token, igUserId, "/media", LIST_FIELDS, "limit=100" + (after == null ? ""
                    : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)), GraphOwnedMedia::mediaPage));
            if (!(r instanceof ReadResult.Ok<MediaPage> ok)) {
                return r.failure();
            }
            for (JsonNode m : ok.value().data()) {
                String permalink = text(m, "permalink");
                if (shortcode.equals(text(m, "shortcode")) || pk.equals(text(m, "ig_id"))
                        || (permalink != null && (permalink.contains("/p/" + shortcode + "/") || permalink.contains("/reel/" + shortcode + "/")))) {
                    return new ReadResult.Ok<>(text(m, "id"), null, null, null);
                }
            }
            after = ok.value().after();
            if (after == null) {
                return new ReadResult.NotFound<>("not among the account's media");
            }
        }
        return new ReadResult.NotFound<>("not among the account's newest " + MAX_MEDIA_PAGES * 100 + " media");
    }

    private record MediaPage(List<JsonNode> data, String after) {
    }

    private static MediaPage mediaPage(JsonNode json) {
        JsonNode data = json.get("data");
        if (data == null || !data.isArray()) {
            return null;
        }
        List<JsonNode> items = new ArrayList<>();
        data.forEach(items::add);
        return new MediaPage(items, next(json));
    }

    /** The {@code after} cursor while Graph says there is a next page ({@code paging.next}), else null. */
    private static String next(JsonNode json) {
        JsonNode paging = json.path("paging");
        return paging.hasNonNull("next") ? text(paging.path("cursors"), "after") : null;
    }

    private static String page(String cursor) {
        return "limit=50" + (cursor == null ? "" : "&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }

    private InstagramMedia mediaOf(JsonNode m, String shortcode, String igUserId) {
        String id = text(m, "id");
        if (id == null) {
            return null;
        }
        String type = switch (m.path("media_type").asText("")) {
            case "CAROUSEL_ALBUM" -> "carousel";
            case "VIDEO" -> "REELS".equals(m.path("media_product_type").asText("")) ? "reel" : "video";
            default -> "REELS".equals(m.path("media_product_type").asText("")) ? "reel" : "image";
        };
        String caption = text(m, "caption");
        String code = text(m, "shortcode") != null ? text(m, "shortcode") : shortcode;
        String canonical = "https://www.instagram.com/" + ("reel".equals(type) ? "reel/" : "p/") + code + "/";
        List<InstagramMedia.Asset> children = new ArrayList<>();
        for (JsonNode c : m.path("children").path("data")) {
            List<InstagramMedia.Asset> a = assets(c);
            if (!a.isEmpty()) {
                children.add(a.get(0));
            }
        }
        InstagramMedia.Metrics metrics = new InstagramMedia.Metrics(count(m, "like_count"), count(m, "comments_count"), null, null,
                null, clock.instant());
        return new InstagramMedia(code, id, text(m, "permalink") != null ? text(m, "permalink") : canonical, canonical, type, caption,
                Captions.hashtags(caption), Captions.mentions(caption),
                new InstagramMedia.Owner(igUserId, text(m, "username"), null, null, null, null), instant(m, "timestamp"), metrics,
                "carousel".equals(type) ? List.of() : assets(m), children, null, null, null);
    }

    /** A Graph media's files: {@code media_url} (image or video) and a video's {@code thumbnail_url} as its cover. */
    private static List<InstagramMedia.Asset> assets(JsonNode m) {
        List<InstagramMedia.Asset> out = new ArrayList<>();
        boolean video = "VIDEO".equals(m.path("media_type").asText(""));
        String url = text(m, "media_url");
        if (url != null) {
            out.add(new InstagramMedia.Asset(video ? "video" : "image", url, null, null, null, true, ProviderJson.cdnExpiry(url), null));
        }
        String thumb = text(m, "thumbnail_url");
        if (video && thumb != null) {
            out.add(new InstagramMedia.Asset("cover", thumb, null, null, null, true, ProviderJson.cdnExpiry(thumb), null));
        }
        return out;
    }

    private static CommentPaging.Page commentPage(JsonNode json, String parentId) {
        JsonNode data = json.get("data");
        if (data == null || !data.isArray()) {
            return null;
        }
        List<InstagramComment> items = new ArrayList<>();
        Set<String> more = new HashSet<>();
        for (JsonNode c : data) {
            InstagramComment comment = comment(c, parentId);
            if (comment == null) {
                continue;
            }
            if (parentId == null && next(c.path("replies")) != null) {
                more.add(comment.id());
            }
            items.add(comment);
        }
        return new CommentPaging.Page(items, next(json), null, more);
    }

    private static InstagramComment comment(JsonNode c, String parentId) {
        String id = text(c, "id");
        if (id == null) {
            return null;
        }
        List<InstagramComment> replies = new ArrayList<>();
        if (parentId == null) {
            for (JsonNode r : c.path("replies").path("data")) {
                InstagramComment reply = comment(r, id);
                if (reply != null) {
                    replies.add(reply);
                }
            }
        }
        JsonNode from = c.path("from");
        String username = text(c, "username") != null ? text(c, "username") : text(from, "username");
        // Graph gives no reply count: a comment's nested replies (and their paging) say how many there are
        Long replyCount = parentId == null && next(c.path("replies")) == null ? (long) replies.size() : null;
        return new InstagramComment(id, parentId, text(c, "text"),
                new InstagramMedia.Owner(text(from, "id"), username, null, null, null, null), instant(c, "timestamp"),
                count(c, "like_count"), replyCount, null, replies);
    }

    /** A Graph answer as a read's: Ok, NotFound (no such object), RateLimited, or Unavailable (expired token: status 401). */
    private static <T> ReadResult<T> read(GraphResult<T> r) {
        return switch (r) {
            case GraphResult.Ok<T> ok -> new ReadResult.Ok<>(ok.value(), null, null, null);
            case GraphResult.Rejected<T> rej -> rej.httpStatus() == 404 || rej.code() == 100 || rej.httpStatus() == 0
                    ? new ReadResult.NotFound<>("the Graph API has no such media for this account")
                    : new ReadResult.Unavailable<>(rej.httpStatus(), rej.message());
            case GraphResult.Transient<T> t -> t.httpStatus() == 429 || HttpGraphApi.isThrottle(t.code()) && t.code() > 2
                    ? new ReadResult.RateLimited<>(t.retryAfterSeconds()) : new ReadResult.Unavailable<>(t.httpStatus(), t.message());
            case GraphResult.TokenExpired<T> e -> new ReadResult.Unavailable<>(TOKEN_REFUSED, "the account's Instagram token is expired or revoked: "
                    + e.message());
            case GraphResult.Unknown<T> u -> new ReadResult.Unavailable<>(0, u.message());
        };
    }
}
