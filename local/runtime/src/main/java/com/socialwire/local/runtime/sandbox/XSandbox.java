package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LOCAL SANDBOX of X's API v2 (nothing reaches X), answering the calls of {@code XConnector} and {@code XPublisher}
 * as docs.x.com documents them:
 * <ul>
 *   <li>OAuth 2.0 with PKCE: {@code /i/oauth2/authorize}, {@code POST /2/oauth2/token} (HTTP Basic client auth);
 *       access tokens live 2 h, refresh tokens rotate (single use);</li>
 *   <li>{@code GET /2/users/me}: {@code {"data":{id,name,username,profile_image_url}}};</li>
 *   <li>{@code POST /2/media/upload} (multipart, answers {@code data.id}) and {@code POST /2/media/metadata} (alt text);
 *       video and GIFs by the chunked upload: {@code POST /2/media/upload/initialize}, {@code …/{id}/append} per segment,
 *       {@code …/{id}/finalize} (the segments must add up to {@code total_bytes}), then
 *       {@code GET /2/media/upload?command=STATUS} reads pending, in_progress, then succeeded;</li>
 *   <li>{@code POST /2/tweets} {@code {"text","media":{"media_ids"},"reply":{"in_reply_to_tweet_id"}}}: 201
 *       {@code {"data":{"id","text"}}} (a reply joins its parent's conversation); as X does, the
 *       stored text has every URL as a t.co link and, with media, a t.co link to them appended; the same text as one
 *       of the account's recent posts is refused (403 duplicate content);</li>
 *   <li>{@code GET /2/users/:id/tweets?start_time=…} newest first, with {@code conversation_id} and a reply's
 *       {@code referenced_tweets} (what a lost answer, a thread's part included, is reconciled by);</li>
 *   <li>{@code GET /2/users/:id/mentions} ({@code since_id}, {@code pagination_token}, {@code includes}) of the
 *       mentions {@code POST /_local/x/_mentions} makes (LOCAL SANDBOX people mentioning, answering or quoting the
 *       account);</li>
 *   <li>a missing, unknown, expired or revoked token: 401 in X's problem shape.</li>
 * </ul>
 * {@code GET /_local/x/_posts} lists what was posted.
 */
public final class XSandbox implements PlatformSandbox {

    public static final SandboxOAuth.User USER = new SandboxOAuth.User("1590000000000000001", "bloombakery", "Bloom Bakery");
    static final int DUPLICATE_WINDOW = 20;
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern USER_TWEETS = Pattern.compile("/2/users/([0-9]+)/tweets");
    private static final Pattern USER_MENTIONS = Pattern.compile("/2/users/([0-9]+)/mentions");
    /** Who mentions the account when a seeded mention names nobody (LOCAL SANDBOX). */
    public static final String STRANGER = "rye_fan";
    private static final Pattern TWEET = Pattern.compile("/2/tweets/[0-9]+");
    private static final Pattern USER_ID = Pattern.compile("/2/users/[0-9]+");
    private static final Pattern CHUNK_STEP = Pattern.compile("/2/media/upload/([0-9]+)/(append|finalize)");

    private final SandboxOAuth oauth;
    private final SandboxPosts posts;
    private final Set<String> media = ConcurrentHashMap.newKeySet();
    private final Map<String, Chunked> chunked = new ConcurrentHashMap<>();

    /** A chunked upload: its declared size, the bytes each acknowledged segment held, and how far its processing is. */
    private static final class Chunked {
        final long totalBytes;
        final Map<Integer, Integer> segments = new ConcurrentHashMap<>();
        volatile boolean finalized;
        volatile int statusReads;

        Chunked(long totalBytes) {
            this.totalBytes = totalBytes;
        }
    }

    public XSandbox() {
        this(Clock.systemUTC());
    }

    public XSandbox(Clock clock) {
        this.oauth = new SandboxOAuth("x", "X", "sandbox-x-client", "sandbox-x-secret", "/i/oauth2/authorize", "/2/oauth2/token",
                true, Duration.ofHours(2), USER, clock);
        this.posts = new SandboxPosts(1_860_000_000_000_000_000L, clock);
    }

    @Override
    public String name() {
        return "x";
    }

    @Override
    public String label() {
        return "X";
    }

    @Override
    public Map<String, String> environment(String base) {
        return Map.of("X_CLIENT_ID", oauth.clientId(), "X_CLIENT_SECRET", oauth.clientSecret(),
                "X_AUTHORIZE_URL", base + oauth.authorizePath(), "X_API_BASE", base);
    }

    @Override
    public SandboxOAuth oauth() {
        return oauth;
    }

    @Override
    public SandboxPosts posts() {
        return posts;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        String route = request.method() + " " + request.path();
        if (route.equals("POST /_mentions")) {
            return seedMention(request.json());
        }
        SandboxOAuth.User user = oauth.user(request).orElse(null);
        if (user == null) {
            return problem(401, "Unauthorized", "Unauthorized", "about:blank");
        }
        Matcher timeline = USER_TWEETS.matcher(request.path());
        Matcher mentions = USER_MENTIONS.matcher(request.path());
        if (request.method().equals("GET") && mentions.matches()) {
            return mentions(mentions.group(1), request.query());
        }
        Matcher step = CHUNK_STEP.matcher(request.path());
        if (request.method().equals("POST") && step.matches()) {
            return step.group(2).equals("append") ? append(step.group(1), request) : finalizeUpload(step.group(1));
        }
        return switch (route) {
            case "POST /2/media/upload/initialize" -> initialize(request.json());
            case "GET /2/media/upload" -> uploadStatus(request.query().getOrDefault("media_id", ""));
            case "GET /2/users/me" -> SandboxResponse.json(200, Map.of("data", Map.of("id", user.id(), "name", user.name(),
                    "username", user.handle(), "profile_image_url", "https://pbs.twimg.com/profile_images/sandbox/" + user.handle() + "_normal.jpg")));
            case "POST /2/media/upload" -> upload(request);
            case "POST /2/media/metadata" -> describe(request.json());
            case "POST /2/tweets" -> tweet(user, request.json());
            default -> request.method().equals("GET") && TWEET.matcher(request.path()).matches() ? metrics(request.path().substring(10))
                    : request.method().equals("GET") && USER_ID.matcher(request.path()).matches() ? followers(request.path().substring(9))
                    : request.method().equals("GET") && timeline.matches() ? timeline(timeline.group(1), request.query())
                    : problem(404, "Not Found Error", "The requested resource was not found (LOCAL X SANDBOX)",
                    "https://api.twitter.com/2/problems/resource-not-found");
        };
    }

    /** {@code GET /2/tweets/:id?tweet.fields=public_metrics}: the post and its (LOCAL SANDBOX) public metrics. */
    private SandboxResponse metrics(String id) {
        return posts.find(id).map(p -> SandboxResponse.json(200, Map.of("data", Map.of("id", p.id(), "text", p.text(),
                "edit_history_tweet_ids", List.of(p.id()), "public_metrics", Map.of("retweet_count", posts.metric(p, "reposts"),
                        "reply_count", posts.metric(p, "replies"), "like_count", posts.metric(p, "likes"), "quote_count", posts.metric(p, "quotes"),
                        "bookmark_count", posts.metric(p, "saves"), "impression_count", posts.metric(p, "views"))))))
                .orElseGet(() -> problem(404, "Not Found Error", "Could not find tweet with id: [" + id + "] (LOCAL X SANDBOX)",
                        "https://api.twitter.com/2/problems/resource-not-found"));
    }

    /** {@code GET /2/users/:id?user.fields=public_metrics}: the account's follower count (LOCAL SANDBOX: one per post, plus 120). */
    private SandboxResponse followers(String id) {
        return SandboxResponse.json(200, Map.of("data", Map.of("id", id, "public_metrics", Map.of("followers_count", 120 + posts.by(id).size(),
                "following_count", 80, "tweet_count", posts.by(id).size(), "listed_count", 0))));
    }

    private SandboxResponse upload(SandboxRequest request) {
        String type = request.header("content-type").orElse("");
        if (!type.startsWith("multipart/form-data") || !request.text().contains("name=\"media\"")) {
            return invalid("media is required (multipart/form-data)");
        }
        String id = posts.nextId();
        media.add(id);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("media_key", "3_" + id);
        data.put("size", request.body().length);
        data.put("expires_after_secs", 86_400);
        return SandboxResponse.json(200, Map.of("data", data));
    }

    /** {@code POST /2/media/upload/initialize} {@code {"media_type","total_bytes","media_category"}}. */
    private SandboxResponse initialize(JsonNode body) {
        long total = body.path("total_bytes").asLong(0);
        String type = body.path("media_type").asText("");
        if (total <= 0 || !(type.startsWith("video/") || type.equals("image/gif"))) {
            return invalid("total_bytes and a video/* or image/gif media_type are required");
        }
        String id = posts.nextId();
        chunked.put(id, new Chunked(total));
        return SandboxResponse.json(200, Map.of("data", Map.of("id", id, "media_key", "7_" + id, "expires_after_secs", 86_400)));
    }

    /** {@code POST /2/media/upload/{id}/append}, multipart {@code segment_index} and {@code media}: a segment again replaces itself. */
    private SandboxResponse append(String id, SandboxRequest request) {
        Chunked c = chunked.get(id);
        String body = new String(request.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        Matcher index = Pattern.compile("name=\"segment_index\"\r\n(?:[^\r\n]+\r\n)*\r\n([0-9]{1,4})\r\n").matcher(body);
        int media = body.indexOf("name=\"media\"");
        int start = media < 0 ? -1 : body.indexOf("\r\n\r\n", media);
        int end = body.lastIndexOf("\r\n--");
        if (c == null || c.finalized) {
            return invalid("media id " + id + " has no upload in progress");
        }
        if (!index.find() || start < 0 || end < start + 4) {
            return invalid("segment_index and media are required (multipart/form-data)");
        }
        c.segments.put(Integer.parseInt(index.group(1)), end - start - 4);
        return SandboxResponse.json(200, Map.of("data", Map.of("expires_at", posts.now().plusSeconds(86_400).getEpochSecond())));
    }

    private SandboxResponse finalizeUpload(String id) {
        Chunked c = chunked.get(id);
        if (c == null) {
            return invalid("media id " + id + " has no upload in progress");
        }
        long received = 0;
        for (int i = 0; i < c.segments.size(); i++) {
            Integer n = c.segments.get(i);
            if (n == null) {
                return invalid("segment " + i + " is missing");
            }
            received += n;
        }
        if (received != c.totalBytes) {
            return invalid("the segments hold " + received + " bytes, not the total_bytes " + c.totalBytes);
        }
        c.finalized = true;
        return SandboxResponse.json(200, Map.of("data", processing(id, c)));
    }

    /** {@code GET /2/media/upload?command=STATUS&media_id=}: pending, then in progress, then succeeded (the medium usable). */
    private SandboxResponse uploadStatus(String id) {
        Chunked c = chunked.get(id);
        if (c == null) {
            return invalid("media id " + id + " is unknown");
        }
        if (c.finalized) {
            c.statusReads++;
        }
        return SandboxResponse.json(200, Map.of("data", c.finalized ? processing(id, c) : Map.of("id", id, "media_key", "7_" + id)));
    }

    private Map<String, Object> processing(String id, Chunked c) {
        String state = c.statusReads == 0 ? "pending" : c.statusReads == 1 ? "in_progress" : "succeeded";
        if (state.equals("succeeded")) {
            media.add(id);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("state", state);
        if (!state.equals("succeeded")) {
            info.put("check_after_secs", 1);
            info.put("progress_percent", c.statusReads * 50);
        }
        return Map.of("id", id, "media_key", "7_" + id, "size", c.totalBytes, "processing_info", info);
    }

    private SandboxResponse describe(JsonNode body) {
        String id = body.path("id").asText("");
        if (!media.contains(id)) {
            return invalid("media id " + id + " is unknown");
        }
        return SandboxResponse.json(200, Map.of("data", Map.of("id", id, "associated_metadata",
                Map.of("alt_text", Map.of("text", body.path("metadata").path("alt_text").path("text").asText(""))))));
    }

    private SandboxResponse tweet(SandboxOAuth.User user, JsonNode body) {
        String text = body.path("text").asText("");
        List<String> ids = new ArrayList<>();
        body.path("media").path("media_ids").forEach(m -> ids.add(m.asText()));
        if (text.isBlank() && ids.isEmpty()) {
            return invalid("text or media is required");
        }
        for (String id : ids) {
            if (!media.contains(id)) {
                return invalid("media id " + id + " is unknown");
            }
        }
        String shown = URL.matcher(text).replaceAll(m -> "https://t.co/" + Integer.toHexString(m.group().hashCode()))
                + (ids.isEmpty() ? "" : " https://t.co/m" + ids.getFirst());
        if (posts.by(user.id()).stream().limit(DUPLICATE_WINDOW).anyMatch(p -> p.text().equals(shown))) {
            return problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.", "about:blank");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        String parent = body.path("reply").path("in_reply_to_tweet_id").asText("");
        if (!parent.isEmpty()) {
            SandboxPosts.Post replied = posts.find(parent).orElse(null);
            if (replied == null) {
                return invalid("in_reply_to_tweet_id " + parent + " does not exist or is not visible");
            }
            extra.put("replied_to", parent);
            extra.put("conversation_id", replied.extra().getOrDefault("conversation_id", replied.id()));
        }
        SandboxPosts.Post p = posts.add(user.id(), shown, ids, extra);
        return SandboxResponse.json(201, Map.of("data", Map.of("id", p.id(), "text", shown, "edit_history_tweet_ids", List.of(p.id()))));
    }

    private SandboxResponse timeline(String userId, Map<String, String> q) {
        Instant since;
        try {
            since = q.containsKey("start_time") ? Instant.parse(q.get("start_time")) : Instant.EPOCH;
        } catch (java.time.format.DateTimeParseException e) {
            return invalid("start_time is not an ISO 8601 time");
        }
        int max = Math.clamp(Integer.parseInt(q.getOrDefault("max_results", "10")), 5, 100);
        List<Map<String, Object>> data = new ArrayList<>();
        for (SandboxPosts.Post p : posts.by(userId)) {
            if (!p.createdAt().isBefore(since) && data.size() < max) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("id", p.id());
                t.put("text", p.text());
                t.put("created_at", p.createdAt().truncatedTo(ChronoUnit.MILLIS).toString());
                t.put("conversation_id", p.extra().getOrDefault("conversation_id", p.id()));
                if (p.extra().containsKey("replied_to")) {
                    t.put("referenced_tweets", List.of(Map.of("type", "replied_to", "id", p.extra().get("replied_to"))));
                }
                t.put("edit_history_tweet_ids", List.of(p.id()));
                data.add(t);
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("result_count", data.size());
        if (!data.isEmpty()) {
            meta.put("newest_id", data.getFirst().get("id"));
            meta.put("oldest_id", data.getLast().get("id"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (!data.isEmpty()) {
            out.put("data", data);
        }
        out.put("meta", meta);
        return SandboxResponse.json(200, out);
    }

    private static SandboxResponse invalid(String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errors", List.of(Map.of("message", message)));
        out.put("title", "Invalid Request");
        out.put("detail", "One or more parameters to your request was invalid.");
        out.put("type", "https://api.twitter.com/2/problems/invalid-request");
        return SandboxResponse.json(400, out);
    }

    /** X's problem shape ({@code title, detail, type, status}). */
    private static SandboxResponse problem(int status, String title, String detail, String type) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", title);
        out.put("detail", detail);
        out.put("type", type);
        out.put("status", status);
        return SandboxResponse.json(status, out);
    }

    /** Accounts that mention the sandbox's people, by id (LOCAL SANDBOX). */
    private final Map<String, SandboxOAuth.User> strangers = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * LOCAL SANDBOX: {@code POST /_local/x/_mentions {text, from?, inReplyTo?, quote?, to?}} — someone ({@code from}, a
     * username, default {@value #STRANGER}) posts mentioning the account ({@code to}, default the sandbox's person):
     * a reply to one of its posts ({@code inReplyTo}; X puts "@account" in front), a quote of one ({@code quote}), or a
     * post naming "@account" (added in front when the text does not).
     */
    private SandboxResponse seedMention(JsonNode spec) {
        String text = spec.path("text").asText("");
        String from = spec.path("from").asText(STRANGER);
        if (text.isBlank() || !from.matches("[A-Za-z0-9_]{1,15}")) {
            throw new IllegalArgumentException("text is required and from must be an X username");
        }
        SandboxOAuth.User to = oauth.userById(spec.path("to").asText(USER.id()))
                .orElseThrow(() -> new IllegalArgumentException("no sandbox X account " + spec.path("to").asText()));
        String strangerId = Long.toString(1_700_000_000_000_000_000L + Math.floorMod(from.hashCode(), 1_000_000));
        strangers.computeIfAbsent(strangerId, id -> new SandboxOAuth.User(id, from, from));
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("mentions", to.id());
        String parent = spec.path("inReplyTo").asText("");
        String quote = spec.path("quote").asText("");
        for (String id : List.of(parent, quote)) {
            if (!id.isEmpty() && posts.find(id).filter(p -> p.author().equals(to.id())).isEmpty()) {
                throw new IllegalArgumentException(id + " is not a post of " + to.handle());
            }
        }
        String shown = text;
        if (!parent.isEmpty()) {
            extra.put("replied_to", parent);
            extra.put("in_reply_to_user_id", to.id());
            extra.put("conversation_id", posts.find(parent).orElseThrow().extra().getOrDefault("conversation_id", parent));
            shown = "@" + to.handle() + " " + text;
        } else if (!quote.isEmpty()) {
            extra.put("quoted", quote);
        } else if (!text.toLowerCase(java.util.Locale.ROOT).contains("@" + to.handle().toLowerCase(java.util.Locale.ROOT))) {
            shown = "@" + to.handle() + " " + text;
        }
        SandboxPosts.Post p = posts.add(strangerId, shown, List.of(), extra);
        return SandboxResponse.json(200, Map.of("data", tweetJson(p)));
    }

    private static Map<String, Object> tweetJson(SandboxPosts.Post p) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", p.id());
        t.put("text", p.text());
        t.put("author_id", p.author());
        t.put("created_at", p.createdAt().truncatedTo(ChronoUnit.MILLIS).toString());
        t.put("conversation_id", p.extra().getOrDefault("conversation_id", p.id()));
        if (p.extra().containsKey("in_reply_to_user_id")) {
            t.put("in_reply_to_user_id", p.extra().get("in_reply_to_user_id"));
        }
        if (p.extra().containsKey("replied_to")) {
            t.put("referenced_tweets", List.of(Map.of("type", "replied_to", "id", p.extra().get("replied_to"))));
        } else if (p.extra().containsKey("quoted")) {
            t.put("referenced_tweets", List.of(Map.of("type", "quoted", "id", p.extra().get("quoted"))));
        }
        t.put("edit_history_tweet_ids", List.of(p.id()));
        return t;
    }

    /**
     * {@code GET /2/users/:id/mentions}: posts mentioning the account, newest first, {@code since_id},
     * {@code max_results} 5 to 100, {@code pagination_token} to older ones; {@code includes.users} (authors) and
     * {@code includes.tweets} (the quoted posts).
     */
    private SandboxResponse mentions(String userId, Map<String, String> q) {
        int max = Math.clamp(Integer.parseInt(q.getOrDefault("max_results", "10")), 5, 100);
        long since = Long.parseLong(q.getOrDefault("since_id", "0"));
        long until = Long.parseLong(q.getOrDefault("pagination_token", Long.toString(Long.MAX_VALUE)));
        List<SandboxPosts.Post> all = new ArrayList<>();
        for (SandboxOAuth.User stranger : strangers.values()) {
            posts.by(stranger.id()).stream().filter(p -> userId.equals(p.extra().get("mentions")))
                    .filter(p -> Long.parseLong(p.id()) > since && Long.parseLong(p.id()) < until).forEach(all::add);
        }
        all.sort(java.util.Comparator.comparing((SandboxPosts.Post p) -> Long.parseLong(p.id())).reversed());
        List<SandboxPosts.Post> page = all.subList(0, Math.min(max, all.size()));
        List<Map<String, Object>> data = new ArrayList<>();
        Map<String, Object> users = new LinkedHashMap<>();
        List<Map<String, Object>> quoted = new ArrayList<>();
        for (SandboxPosts.Post p : page) {
            data.add(tweetJson(p));
            SandboxOAuth.User a = strangers.get(p.author());
            users.put(a.id(), Map.of("id", a.id(), "name", a.name(), "username", a.handle()));
            posts.find(p.extra().getOrDefault("quoted", "")).ifPresent(qt -> quoted.add(Map.of("id", qt.id(), "text", qt.text(), "author_id", qt.author())));
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("result_count", data.size());
        if (!page.isEmpty()) {
            meta.put("newest_id", page.getFirst().id());
            meta.put("oldest_id", page.getLast().id());
        }
        if (all.size() > page.size()) {
            meta.put("next_token", page.getLast().id());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (!data.isEmpty()) {
            out.put("data", data);
            Map<String, Object> includes = new LinkedHashMap<>();
            includes.put("users", List.copyOf(users.values()));
            if (!quoted.isEmpty()) {
                includes.put("tweets", quoted);
            }
            out.put("includes", includes);
        }
        out.put("meta", meta);
        return SandboxResponse.json(200, out);
    }
}
