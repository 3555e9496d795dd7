package com.socialwire.local.runtime.sandbox;

import com.socialwire.shared.Ids;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * LOCAL REDDIT SANDBOX: the Reddit calls Socialwire's {@code RedditConnector} and {@code RedditPublisher} make, answered
 * as www.reddit.com/dev/api documents them — {@code /api/v1/me}, {@code /subreddits/mine/moderator|subscriber},
 * {@code /api/media/asset.json} and the media store it leases, {@code /api/submit} (refusals as HTTP 200 with
 * {@code json.errors}), {@code /user/{name}/submitted} — with the permanent grant of {@link SandboxOAuth} (an hour's
 * access token, a refresh token that does not rotate). Like Reddit, it throttles a call without a descriptive
 * User-Agent (429). The person moderates r/SandboxBakery and subscribes to r/Breadit; nothing reaches Reddit.
 */
public final class RedditSandbox implements PlatformSandbox {

    public static final String CLIENT_ID = "sbx-reddit-client";
    static final String MODERATED = "SandboxBakery";
    static final String SUBSCRIBED = "Breadit";

    private final SandboxOAuth oauth;
    private final List<Map<String, Object>> posts = new ArrayList<>();
    private final Clock clock;
    private volatile String base = "";

    public RedditSandbox() {
        this(Clock.systemUTC());
    }

    RedditSandbox(Clock clock) {
        this.clock = clock;
        this.oauth = new SandboxOAuth("reddit", "Reddit", CLIENT_ID, "sbx-reddit-secret", "/api/v1/authorize", "/api/v1/access_token",
                false, Duration.ofHours(1), new SandboxOAuth.User("t2_sbx1", "sandbox_baker", "Sandbox Baker"), clock);
    }

    @Override
    public String name() {
        return "reddit";
    }

    @Override
    public String label() {
        return "Reddit";
    }

    @Override
    public Map<String, String> environment(String base) {
        this.base = base;
        return Map.of("REDDIT_CLIENT_ID", CLIENT_ID, "REDDIT_CLIENT_SECRET", oauth.clientSecret(), "REDDIT_AUTH_BASE", base,
                "REDDIT_API_BASE", base, "REDDIT_USER_AGENT", "web:socialwire-local:1.0 (by /u/sandbox_baker)");
    }

    @Override
    public SandboxOAuth oauth() {
        return oauth;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        String agent = request.header("user-agent").orElse("");
        if (agent.isBlank() || agent.startsWith("Java-http-client")) {
            return SandboxResponse.json(429, Map.of("message", "Too Many Requests", "error", 429));
        }
        if (request.method().equals("POST") && request.path().equals("/_media_store")) {
            String key = multipartField(request.text(), "key").orElse("rte_images/unknown");
            return new SandboxResponse(201, Map.of("content-type", "application/xml"), ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><PostResponse>"
                    + "<Location>" + base + "/_media_store/" + key + "</Location><Key>" + key + "</Key></PostResponse>").getBytes(), 0);
        }
        Optional<SandboxOAuth.User> user = oauth.user(request);
        if (user.isEmpty()) {
            return SandboxResponse.json(401, Map.of("message", "Unauthorized", "error", 401));
        }
        SandboxOAuth.User me = user.get();
        String route = request.method() + " " + request.path();
        return switch (route) {
            case "GET /api/v1/me" -> SandboxResponse.json(200, Map.of("name", me.handle(), "id", me.id().replaceFirst("^t2_", ""),
                    "icon_img", "", "link_karma", 1, "comment_karma", 1));
            case "GET /subreddits/mine/moderator" -> listing(List.of(subreddit(MODERATED, "Sandbox Bakery")));
            case "GET /subreddits/mine/subscriber" -> listing(List.of(subreddit(SUBSCRIBED, "Breadit"), subreddit(MODERATED, "Sandbox Bakery")));
            case "POST /api/media/asset.json" -> {
                String id = Ids.base62(12);
                yield SandboxResponse.json(200, Map.of("args", Map.of("action", base + "/_media_store", "fields", List.of(
                                Map.of("name", "key", "value", "rte_images/" + id), Map.of("name", "success_action_status", "value", "201"))),
                        "asset", Map.of("asset_id", id, "processing_state", "incomplete")));
            }
            case "POST /api/submit" -> submit(me, request.form());
            default -> request.method().equals("GET") && request.path().equals("/user/" + me.handle() + "/submitted")
                    ? submitted() : SandboxResponse.json(404, Map.of("message", "Not Found", "error", 404));
        };
    }

    private SandboxResponse submit(SandboxOAuth.User me, Map<String, String> form) {
        String sr = form.getOrDefault("sr", "");
        String title = form.getOrDefault("title", "");
        String kind = form.getOrDefault("kind", "");
        String subreddit = List.of(MODERATED, SUBSCRIBED, "u_" + me.handle()).stream().filter(s -> s.equalsIgnoreCase(sr)).findFirst().orElse(null);
        if (subreddit == null) {
            return errors("SUBREDDIT_NOEXIST", "that subreddit doesn't exist", "sr");
        }
        if (title.isBlank()) {
            return errors("NO_TEXT", "we need something here", "title");
        }
        if (title.length() > 300) {
            return errors("TOO_LONG", "this is too long (max: 300)", "title");
        }
        if (!List.of("self", "link", "image").contains(kind)) {
            return errors("INVALID_OPTION", "that option is not valid", "kind");
        }
        String id = Ids.base62(7).toLowerCase(Locale.ROOT);
        String permalink = "/r/" + subreddit + "/comments/" + id + "/" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "/";
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("id", id);
        post.put("name", "t3_" + id);
        post.put("title", title);
        post.put("subreddit", subreddit);
        post.put("author", me.handle());
        post.put("created_utc", clock.instant().toEpochMilli() / 1000.0);
        post.put("permalink", permalink);
        post.put("url", kind.equals("self") ? "https://www.reddit.com" + permalink : form.getOrDefault("url", ""));
        post.put("selftext", form.getOrDefault("text", ""));
        post.put("is_self", kind.equals("self"));
        synchronized (posts) {
            posts.add(0, post);
        }
        if (kind.equals("image")) {
            return SandboxResponse.json(200, Map.of("json", Map.of("errors", List.of(), "data", Map.of(
                    "user_submitted_page", "https://www.reddit.com/user/" + me.handle() + "/submitted/",
                    "websocket_url", "wss://sandbox.invalid/rte_images/" + id))));
        }
        return SandboxResponse.json(200, Map.of("json", Map.of("errors", List.of(), "data", Map.of(
                "url", "https://www.reddit.com" + permalink, "drafts_count", 0, "id", id, "name", "t3_" + id))));
    }

    private SandboxResponse submitted() {
        List<Map<String, Object>> children = new ArrayList<>();
        synchronized (posts) {
            for (Map<String, Object> p : posts.subList(0, Math.min(100, posts.size()))) {
                children.add(Map.of("kind", "t3", "data", p));
            }
        }
        return listing(children);
    }

    private static Map<String, Object> subreddit(String name, String title) {
        return Map.of("kind", "t5", "data", Map.of("display_name", name, "title", title, "name", "t5_" + name.toLowerCase(Locale.ROOT),
                "subreddit_type", "public", "community_icon", "", "icon_img", ""));
    }

    private static SandboxResponse listing(List<Map<String, Object>> children) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("after", null);
        data.put("dist", children.size());
        data.put("children", children);
        data.put("before", null);
        return SandboxResponse.json(200, Map.of("kind", "Listing", "data", data));
    }

    private static SandboxResponse errors(String code, String message, String field) {
        return SandboxResponse.json(200, Map.of("json", Map.of("errors", List.of(List.of(code, message, field)))));
    }

    /** A text field of a multipart body (the media store's {@code key}). */
    static Optional<String> multipartField(String body, String name) {
        String marker = "name=\"" + name + "\"\r\n\r\n";
        int i = body.indexOf(marker);
        if (i < 0) {
            return Optional.empty();
        }
        int start = i + marker.length();
        int end = body.indexOf("\r\n", start);
        return Optional.of(body.substring(start, end < 0 ? body.length() : end));
    }
}
