package com.socialwire.local.runtime.sandbox;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LOCAL SANDBOX of a Mastodon instance (nothing reaches any instance), served at {@code /_local/mastodon}: the instance
 * a tenant names is {@code http://127.0.0.1:<port>/_local/mastodon} (a local server may live under a path when
 * {@code SOCIAL_ALLOW_LOCAL_HTTP} is on, as it is in the local runtime). It answers the calls of
 * {@code MastodonConnector} and {@code MastodonPublisher} as docs.joinmastodon.org documents them:
 * <ul>
 *   <li>{@code POST /api/v1/apps}: the registration (every registration answers the sandbox's one app, whose id and
 *       secret the consent and token endpoints know);</li>
 *   <li>{@code /oauth/authorize} (the consent page) and {@code POST /oauth/token} with PKCE; tokens do not expire and
 *       come without a refresh token;</li>
 *   <li>{@code GET /api/v1/accounts/verify_credentials};</li>
 *   <li>{@code POST /api/v2/media} answers 202 with {@code url: null} (processing); the first
 *       {@code GET /api/v1/media/:id} answers 206 (still processing), later ones 200 with the URL; a status may attach
 *       only processed media (else 422);</li>
 *   <li>{@code POST /api/v1/statuses} ({@code in_reply_to_id} for a thread's next part) honours {@code Idempotency-Key}:
 *       a repeat with the same key by the same account answers the status the first made, without a second one;</li>
 *   <li>{@code GET /api/v1/accounts/:id/statuses} newest first, {@code GET /api/v1/statuses/:id} (with LOCAL SANDBOX
 *       replies, reblogs and favourites counts) and {@code GET /api/v1/statuses/:id/source};</li>
 *   <li>{@code GET /api/v1/notifications} ({@code types[]}, {@code min_id} — the page immediately newer —,
 *       {@code since_id}, {@code max_id}, {@code limit} 40 by default, at most 80), newest first with a {@code Link}
 *       header, as the account's mentions arrive;</li>
 *   <li>an unknown or revoked token: 401 {@code {"error":"The access token is invalid"}}.</li>
 * </ul>
 * {@code GET /_local/mastodon/_posts} lists what was posted. {@code POST /_local/mastodon/_mentions}
 * {@code {text, from?, inReplyTo?, visibility?, to?}} makes someone else's status mentioning the account (LOCAL SANDBOX:
 * {@code from} an acct, default {@value #STRANGER}; {@code inReplyTo} one of the account's status ids, making it a reply;
 * {@code to} the account's id, default the sandbox's person) and its mention notification, for a test or a demo of the
 * inbox.
 */
public final class MastodonSandbox implements PlatformSandbox {

    public static final SandboxOAuth.User USER = new SandboxOAuth.User("113500000000000001", "bloombakery", "Bloom Bakery");
    private static final Pattern MEDIA = Pattern.compile("/api/v1/media/([0-9]+)");
    private static final Pattern ACCOUNT_STATUSES = Pattern.compile("/api/v1/accounts/([0-9]+)/statuses");
    private static final Pattern SOURCE = Pattern.compile("/api/v1/statuses/([0-9]+)/source");
    private static final Pattern STATUS = Pattern.compile("/api/v1/statuses/([0-9]+)");
    /** Who mentions the account when a seeded mention names nobody. */
    public static final String STRANGER = "noiob@awoo.space";
    static final int MAX_NOTIFICATIONS = 80;

    /** A mention notification: its id, the person it is for, and the status. */
    private record Notification(String id, String recipient, String statusId, java.time.Instant createdAt) {
    }

    /** An uploaded attachment: its owner, description, and how many times its processing state was read. */
    private record Attachment(String owner, String description, int reads) {
        boolean processed() {
            return reads > 1;
        }
    }

    private final SandboxOAuth oauth;
    private final SandboxPosts posts;
    private final Map<String, Attachment> media = new ConcurrentHashMap<>();
    private final Map<String, String> idempotency = new ConcurrentHashMap<>();
    /** Accounts of other instances that mention the sandbox's people, by id. */
    private final Map<String, SandboxOAuth.User> strangers = new ConcurrentHashMap<>();
    /** Every mention notification, oldest first. */
    private final List<Notification> notifications = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong notificationIds = new java.util.concurrent.atomic.AtomicLong(34_975_000L);
    private volatile String base = "http://127.0.0.1/_local/mastodon";

    public MastodonSandbox() {
        this(Clock.systemUTC());
    }

    public MastodonSandbox(Clock clock) {
        this.oauth = new SandboxOAuth("mastodon", "Mastodon", "sandbox-mastodon-app", "sandbox-mastodon-secret", "/oauth/authorize",
                "/oauth/token", false, null, USER, clock);
        this.posts = new SandboxPosts(113_600_000_000_000_000L, clock);
    }

    @Override
    public String name() {
        return "mastodon";
    }

    @Override
    public String label() {
        return "Mastodon";
    }

    /** Mastodon needs no client configured (the app registers itself): only that a local instance may be named. */
    @Override
    public Map<String, String> environment(String base) {
        this.base = base;
        return Map.of("MASTODON_ENABLED", "true", "SOCIAL_ALLOW_LOCAL_HTTP", "true");
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
        String instance = request.header("host").map(h -> "http://" + h + "/_local/mastodon").orElse(base);
        if (route.equals("POST /api/v1/apps")) {
            return app(request.form());
        }
        if (route.equals("POST /_mentions")) {
            return seedMention(request.json(), instance);
        }
        SandboxOAuth.User user = oauth.user(request).orElse(null);
        if (user == null) {
            return SandboxResponse.json(401, Map.of("error", "The access token is invalid"));
        }
        Matcher m;
        if (route.equals("GET /api/v1/accounts/verify_credentials")) {
            Map<String, Object> me = new LinkedHashMap<>(account(user, instance));
            me.put("followers_count", 75 + posts.by(user.id()).size()); // LOCAL SANDBOX count
            me.put("statuses_count", posts.by(user.id()).size());
            return SandboxResponse.json(200, me);
        }
        if (route.equals("POST /api/v2/media")) {
            return upload(user, request, instance);
        }
        if (route.equals("POST /api/v1/statuses")) {
            return status(user, request, instance);
        }
        if (route.equals("GET /api/v1/notifications")) {
            return notifications(user, request, instance);
        }
        if (request.method().equals("GET") && (m = MEDIA.matcher(request.path())).matches()) {
            return mediaStatus(user, m.group(1), instance);
        }
        if (request.method().equals("GET") && (m = ACCOUNT_STATUSES.matcher(request.path())).matches()) {
            int limit = Math.clamp(Long.parseLong(request.query().getOrDefault("limit", "20")), 1, 40);
            List<Map<String, Object>> out = new ArrayList<>();
            SandboxOAuth.User author = oauth.userById(m.group(1)).orElse(null);
            if (author == null) {
                return SandboxResponse.json(404, Map.of("error", "Record not found"));
            }
            posts.by(author.id()).stream().limit(limit).forEach(p -> out.add(json(p, author, instance)));
            return SandboxResponse.json(200, out);
        }
        if (request.method().equals("GET") && (m = STATUS.matcher(request.path())).matches()) {
            return posts.find(m.group(1)).map(p -> SandboxResponse.json(200, json(p, author(p.author()).orElse(user), instance)))
                    .orElseGet(() -> SandboxResponse.json(404, Map.of("error", "Record not found")));
        }
        if (request.method().equals("GET") && (m = SOURCE.matcher(request.path())).matches()) {
            return posts.find(m.group(1)).filter(p -> p.author().equals(user.id()))
                    .map(p -> SandboxResponse.json(200, Map.of("id", p.id(), "text", p.text(), "spoiler_text", "")))
                    .orElseGet(() -> SandboxResponse.json(404, Map.of("error", "Record not found")));
        }
        return SandboxResponse.json(404, Map.of("error", "Not Found (LOCAL MASTODON SANDBOX)"));
    }

    private SandboxResponse app(Map<String, String> form) {
        String redirect = form.getOrDefault("redirect_uris", "");
        if (form.getOrDefault("client_name", "").isBlank() || redirect.isBlank()) {
            return SandboxResponse.json(422, Map.of("error", "Validation failed: Application name can't be blank, Redirect URI can't be blank"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", "1");
        out.put("name", form.get("client_name"));
        out.put("website", form.get("website"));
        out.put("scopes", List.of(form.getOrDefault("scopes", "read").split(" ")));
        out.put("redirect_uri", redirect);
        out.put("redirect_uris", List.of(redirect.split("\\s+")));
        out.put("client_id", oauth.clientId());
        out.put("client_secret", oauth.clientSecret());
        out.put("client_secret_expires_at", 0);
        return SandboxResponse.json(200, out);
    }

    private static Map<String, Object> account(SandboxOAuth.User user, String instance) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", user.id());
        a.put("username", user.handle());
        a.put("acct", user.handle());
        a.put("display_name", user.name());
        a.put("locked", false);
        a.put("bot", false);
        a.put("url", instance + "/@" + user.handle());
        a.put("avatar", instance + "/avatars/" + user.handle() + ".png");
        a.put("note", "<p>LOCAL MASTODON SANDBOX account</p>");
        return a;
    }

    private SandboxResponse upload(SandboxOAuth.User user, SandboxRequest request, String instance) {
        String text = new String(request.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!request.header("content-type").orElse("").startsWith("multipart/form-data") || !text.contains("name=\"file\"")) {
            return SandboxResponse.json(422, Map.of("error", "Validation failed: File can't be blank"));
        }
        Matcher d = Pattern.compile("name=\"description\"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r]*)\r\n").matcher(text);
        String description = d.find() ? new String(d.group(1).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8) : null;
        String id = posts.nextId();
        media.put(id, new Attachment(user.id(), description, 0));
        return SandboxResponse.json(202, attachment(id, media.get(id), instance));
    }

    private SandboxResponse mediaStatus(SandboxOAuth.User user, String id, String instance) {
        Attachment a = media.computeIfPresent(id, (k, v) -> v.owner().equals(user.id()) ? new Attachment(v.owner(), v.description(), v.reads() + 1) : v);
        if (a == null || !a.owner().equals(user.id())) {
            return SandboxResponse.json(404, Map.of("error", "Record not found"));
        }
        return SandboxResponse.json(a.processed() ? 200 : 206, attachment(id, a, instance));
    }

    private static Map<String, Object> attachment(String id, Attachment a, String instance) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("type", "image");
        out.put("url", a.processed() ? instance + "/system/media_attachments/" + id + "/original.jpg" : null);
        out.put("preview_url", instance + "/system/media_attachments/" + id + "/small.jpg");
        out.put("description", a.description());
        return out;
    }

    private SandboxResponse status(SandboxOAuth.User user, SandboxRequest request, String instance) {
        Map<String, String> form = request.form();
        String text = form.getOrDefault("status", "");
        List<String> ids = new ArrayList<>();
        for (String pair : request.text().split("&")) {
            if (pair.startsWith("media_ids%5B%5D=") || pair.startsWith("media_ids[]=")) {
                ids.add(java.net.URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (text.isBlank() && ids.isEmpty()) {
            return SandboxResponse.json(422, Map.of("error", "Validation failed: Text can't be blank"));
        }
        if (text.codePointCount(0, text.length()) > 500) {
            return SandboxResponse.json(422, Map.of("error", "Validation failed: Text character limit of 500 exceeded"));
        }
        for (String id : ids) {
            Attachment a = media.get(id);
            if (a == null || !a.owner().equals(user.id())) {
                return SandboxResponse.json(422, Map.of("error", "Validation failed: media " + id + " not found"));
            }
            if (!a.processed()) {
                return SandboxResponse.json(422, Map.of("error", "Cannot attach files that have not finished processing. Try again in a moment!"));
            }
        }
        String parent = form.getOrDefault("in_reply_to_id", "");
        if (!parent.isEmpty() && posts.find(parent).isEmpty()) {
            return SandboxResponse.json(404, Map.of("error", "Record not found"));
        }
        Map<String, String> extra = new LinkedHashMap<>();
        if (!parent.isEmpty()) {
            extra.put("in_reply_to_id", parent);
        }
        String visibility = form.getOrDefault("visibility", "public");
        if (!List.of("public", "unlisted", "private", "direct").contains(visibility)) {
            return SandboxResponse.json(422, Map.of("error", "Validation failed: Visibility is not included in the list"));
        }
        extra.put("visibility", visibility);
        String key = request.header("Idempotency-Key").map(k -> user.id() + "/" + k).orElse(null);
        synchronized (idempotency) {
            String earlier = key == null ? null : idempotency.get(key);
            SandboxPosts.Post p = earlier != null ? posts.find(earlier).orElseThrow() : posts.add(user.id(), text, ids, extra);
            if (key != null) {
                idempotency.putIfAbsent(key, p.id());
            }
            return SandboxResponse.json(200, json(p, user, instance));
        }
    }

    private Map<String, Object> json(SandboxPosts.Post p, SandboxOAuth.User author, String instance) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", p.id());
        s.put("created_at", p.createdAt().truncatedTo(ChronoUnit.MILLIS).toString());
        s.put("visibility", p.extra().getOrDefault("visibility", "public"));
        String parent = p.extra().get("in_reply_to_id");
        s.put("in_reply_to_id", parent);
        s.put("in_reply_to_account_id", parent == null ? null : posts.find(parent).map(SandboxPosts.Post::author).orElse(null));
        s.put("uri", instance + "/users/" + author.handle() + "/statuses/" + p.id());
        s.put("url", instance + "/@" + author.handle() + "/" + p.id());
        s.put("content", "<p>" + p.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>");
        s.put("account", account(author, instance));
        List<Map<String, Object>> attached = new ArrayList<>();
        p.media().forEach(id -> attached.add(attachment(id, media.get(id), instance)));
        s.put("media_attachments", attached);
        // LOCAL SANDBOX counts, growing with the status's age (SandboxPosts#metric)
        s.put("replies_count", posts.metric(p, "replies"));
        s.put("reblogs_count", posts.metric(p, "reposts"));
        s.put("favourites_count", posts.metric(p, "likes"));
        return s;
    }

    private java.util.Optional<SandboxOAuth.User> author(String id) {
        return oauth.userById(id).or(() -> java.util.Optional.ofNullable(strangers.get(id)));
    }

    /** LOCAL SANDBOX: someone of another instance mentions (or answers) one of the sandbox's people. */
    private SandboxResponse seedMention(com.fasterxml.jackson.databind.JsonNode spec, String instance) {
        String text = spec.path("text").asText("");
        if (text.isBlank()) {
            throw new IllegalArgumentException("text is required");
        }
        SandboxOAuth.User to = oauth.userById(spec.path("to").asText(USER.id()))
                .orElseThrow(() -> new IllegalArgumentException("no sandbox Mastodon account " + spec.path("to").asText()));
        String acct = spec.path("from").asText(STRANGER);
        if (!acct.matches("[A-Za-z0-9_]{1,30}(@[A-Za-z0-9.-]{1,100})?")) {
            throw new IllegalArgumentException("from must be an acct like " + STRANGER);
        }
        String strangerId = Long.toString(23_000L + Math.floorMod(acct.hashCode(), 10_000));
        SandboxOAuth.User stranger = strangers.computeIfAbsent(strangerId, id -> new SandboxOAuth.User(id, acct, acct.split("@")[0]));
        Map<String, String> extra = new LinkedHashMap<>();
        String parent = spec.path("inReplyTo").asText("");
        if (!parent.isEmpty()) {
            if (posts.find(parent).filter(p -> p.author().equals(to.id())).isEmpty()) {
                throw new IllegalArgumentException("inReplyTo must be a status of " + to.handle());
            }
            extra.put("in_reply_to_id", parent);
        }
        extra.put("visibility", spec.path("visibility").asText("public"));
        String body = text.contains("@" + to.handle()) ? text : "@" + to.handle() + " " + text;
        SandboxPosts.Post status = posts.add(stranger.id(), body, List.of(), extra);
        Notification n = new Notification(Long.toString(notificationIds.incrementAndGet()), to.id(), status.id(), status.createdAt());
        synchronized (notifications) {
            notifications.add(n);
        }
        return SandboxResponse.json(200, notification(n, instance));
    }

    private Map<String, Object> notification(Notification n, String instance) {
        SandboxPosts.Post status = posts.find(n.statusId()).orElseThrow();
        SandboxOAuth.User from = author(status.author()).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", n.id());
        out.put("type", "mention");
        out.put("created_at", n.createdAt().truncatedTo(ChronoUnit.MILLIS).toString());
        out.put("group_key", "ungrouped-" + n.id());
        out.put("account", account(from, instance));
        out.put("status", json(status, from, instance));
        return out;
    }

    /** {@code GET /api/v1/notifications}: the person's mentions, newest first, paged by id as Mastodon pages them. */
    private SandboxResponse notifications(SandboxOAuth.User user, SandboxRequest request, String instance) {
        Map<String, String> q = request.query();
        String types = request.rawQuery() == null ? "" : request.rawQuery();
        if (types.contains("types") && !types.contains("=mention")) {
            return SandboxResponse.json(200, List.of()); // the sandbox makes mention notifications only
        }
        int limit = Math.clamp(Long.parseLong(q.getOrDefault("limit", "40")), 1, MAX_NOTIFICATIONS);
        long min = Long.parseLong(q.getOrDefault("min_id", "-1"));
        long since = Long.parseLong(q.getOrDefault("since_id", "-1"));
        long max = Long.parseLong(q.getOrDefault("max_id", Long.toString(Long.MAX_VALUE)));
        List<Notification> mine;
        synchronized (notifications) {
            mine = notifications.stream().filter(n -> n.recipient().equals(user.id())).filter(n -> Long.parseLong(n.id()) > Math.max(min, since))
                    .filter(n -> Long.parseLong(n.id()) < max).toList();
        }
        // min_id: the page immediately after it (the oldest ones); otherwise the newest ones
        List<Notification> page = min >= 0 ? mine.subList(0, Math.min(limit, mine.size()))
                : mine.subList(Math.max(0, mine.size() - limit), mine.size());
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = page.size() - 1; i >= 0; i--) {
            out.add(notification(page.get(i), instance));
        }
        SandboxResponse answer = SandboxResponse.json(200, out);
        if (!page.isEmpty()) {
            answer = answer.withHeader("Link", "<" + instance + "/api/v1/notifications?max_id=" + page.getFirst().id() + ">; rel=\"next\", <"
                    + instance + "/api/v1/notifications?min_id=" + page.getLast().id() + ">; rel=\"prev\"");
        }
        return answer;
    }
}
