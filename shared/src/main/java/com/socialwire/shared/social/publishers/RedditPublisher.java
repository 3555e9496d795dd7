package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reddit's {@link PlatformPublisher} (www.reddit.com/dev/api: {@code POST /api/submit}, {@code GET /user/{username}/submitted};
 * the account's OAuth token on {@code oauth.reddit.com}, with the descriptive User-Agent of {@link
 * com.socialwire.shared.social.connectors.RedditConnector#withUserAgent}). The account is where the post goes: a
 * subreddit, or the person's profile {@code u_<name>}.
 * <ul>
 *   <li>preparation uploads an image to Reddit's media store: {@code POST /api/media/asset.json} ({@code filepath},
 *       {@code mimetype}) leases an upload ({@code args.action}, {@code args.fields}), the bytes go there in a
 *       multipart POST with those fields, and its {@code Location} is the image's URL, kept in the state so a retried
 *       preparation uploads nothing twice. Galleries and videos are not published yet;</li>
 *   <li>the publishing call is {@code POST /api/submit} ({@code api_type=json}, {@code sr}, {@code kind} self, link or
 *       image, {@code title}, {@code text} or {@code url}). Reddit answers refusals with HTTP 200 and
 *       {@code json.errors [[CODE, message, field]]}: {@code RATELIMIT} is transient for the wait it names, the others
 *       ({@code SUBREDDIT_NOEXIST}, {@code NO_LINKS}, {@code ALREADY_SUB}…) are refusals. A self or link post answers
 *       {@code json.data.{id, name, url}}; an image post answers only where to watch it, so its id is recovered by the
 *       reconciliation;</li>
 *   <li>there is no idempotency key: a lost answer is reconciled by the person's newest submissions
 *       ({@code GET /user/{name}/submitted?sort=new}, the name from {@code /api/v1/me}), matching subreddit, title and a
 *       creation after the attempt. An image post can take minutes to show there, so one not found is never taken as
 *       "not published" (it ends needs_review after {@link #MEDIA_SETTLE}).</li>
 * </ul>
 * A post's title is its {@code title}; without one, the text's first line is the title (up to 300 characters) and the
 * rest is the body.
 */
public final class RedditPublisher implements PlatformPublisher {

    static final int MAX_TITLE = 300;
    /** Reddit's limit on images (20 MB) per its upload lease. */
    static final long MAX_IMAGE_BYTES = 20L * 1024 * 1024;
    /** The newest submissions read in one page (Reddit's maximum). */
    static final int PAGE = 100;
    /** How far before the attempt a submission may be dated (clocks differ). */
    static final Duration BEFORE = Duration.ofMinutes(2);
    /** Until this long after the attempt, a self or link post missing from the listing proves nothing. */
    static final Duration SETTLE = Duration.ofSeconds(20);
    /** An image post shows in the listing only after Reddit processed it. */
    static final Duration MEDIA_SETTLE = Duration.ofMinutes(10);

    private static final Pattern WAIT = Pattern.compile("(\\d+)\\s*(second|minute|hour)", Pattern.CASE_INSENSITIVE);
    private static final Pattern LOCATION = Pattern.compile("<Location>([^<]+)</Location>");

    private final PlatformHttp http;
    private final MediaBytes media;
    private final String apiBase;

    /**
     * @param http    carrying Reddit's User-Agent ({@code RedditConnector.withUserAgent})
     * @param apiBase {@code https://oauth.reddit.com} ({@code RedditConnector.API_BASE}), a stub in tests
     */
    public RedditPublisher(PlatformHttp http, MediaBytes media, String apiBase) {
        this.http = http;
        this.media = media;
        this.apiBase = ProviderHttp.trimBase(apiBase);
    }

    @Override
    public String platform() {
        return "reddit";
    }

    @Override
    public PlatformResult<Prepared> prepare(Target target, Outgoing post, ObjectNode state) {
        if (!post.parts().isEmpty()) {
            return new PlatformResult.Rejected<>(0, "THREADS_UNSUPPORTED", "Reddit posts have no threads");
        }
        if (post.media().size() > 1) {
            return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "Reddit galleries are not published yet: one image per post");
        }
        if (post.media().isEmpty() || state.hasNonNull("imageUrl")) {
            return new PlatformResult.Ok<>(new Prepared.Ready(state));
        }
        Media m = post.media().getFirst();
        if (!List.of("image/jpeg", "image/png", "image/gif").contains(m.contentType())) {
            return new PlatformResult.Rejected<>(0, "MEDIA_UNSUPPORTED", "Reddit " + m.contentType()
                    + " media are not published yet (one JPEG, PNG or GIF image)");
        }
        PlatformResult<byte[]> bytes = media.fetch(m, MAX_IMAGE_BYTES, "Reddit");
        if (!(bytes instanceof PlatformResult.Ok<byte[]>(byte[] b))) {
            return bytes.failure();
        }
        PlatformResult<String> url = upload(target, m, b);
        if (!(url instanceof PlatformResult.Ok<String>(String imageUrl))) {
            return url.failure();
        }
        state.put("imageUrl", imageUrl);
        return new PlatformResult.Ok<>(new Prepared.Ready(state));
    }

    @Override
    public PlatformResult<Published> publish(Target target, Outgoing post, ObjectNode state, String dedupeKey) {
        PostTitle t = PostTitle.of(post, MAX_TITLE);
        if (t.title().isBlank()) {
            return new PlatformResult.Rejected<>(0, "TITLE_REQUIRED", "a Reddit post needs a title (or a first line of text)");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_type", "json");
        form.put("sr", target.account().externalId());
        form.put("title", t.title());
        boolean image = state.hasNonNull("imageUrl");
        if (image) {
            form.put("kind", "image");
            form.put("url", state.path("imageUrl").asText());
        } else if (post.link() != null) {
            form.put("kind", "link");
            form.put("url", post.link());
        } else {
            form.put("kind", "self");
            form.put("text", t.body());
        }
        form.put("sendreplies", "true");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiBase + "/api/submit"))
                .POST(PlatformHttp.formBody(form))
                .header("Content-Type", PlatformHttp.formContentType())
                .header("Authorization", "Bearer " + target.accessToken());
        PlatformResult<JsonNode> r = http.send(request, "POST /api/submit", true, List.of(target.accessToken()),
                json -> json.path("json").isObject() ? json.path("json") : null);
        if (!(r instanceof PlatformResult.Ok<JsonNode>(JsonNode answer))) {
            return r.failure();
        }
        PlatformResult<Published> refused = refusal(answer);
        if (refused != null) {
            return refused;
        }
        JsonNode data = answer.path("data");
        String name = ProviderHttp.text(data, "name");
        if (name == null) {
            // an image post answers only where to watch it being processed: Reddit took it, its id comes from the listing
            return new PlatformResult.Unknown<>("POST /api/submit: Reddit accepted the " + form.get("kind")
                    + " post without its id; it is looked up among the account's submissions");
        }
        String url = ProviderHttp.text(data, "url");
        return new PlatformResult.Ok<>(new Published(name, url != null ? url : "https://www.reddit.com/comments/" + name.replaceFirst("^t3_", "")));
    }

    @Override
    public PlatformResult<Reconciled> reconcile(Target target, Outgoing post, ObjectNode state, String dedupeKey, Instant armedAt) {
        Instant now = http.clock().instant();
        boolean image = state.hasNonNull("imageUrl");
        if (now.isBefore(armedAt.plus(SETTLE))) {
            return tooEarly(now, armedAt.plus(SETTLE));
        }
        PlatformResult<String> me = http.get(URI.create(apiBase + "/api/v1/me?raw_json=1"), target.accessToken(), Map.of(),
                "GET /api/v1/me", json -> ProviderHttp.text(json, "name"));
        if (!(me instanceof PlatformResult.Ok<String>(String username))) {
            return me.failure();
        }
        PlatformResult<JsonNode> listed = http.get(URI.create(apiBase + "/user/" + PlatformHttp.component(username)
                        + "/submitted?sort=new&limit=" + PAGE + "&raw_json=1"), target.accessToken(), Map.of(),
                "GET /user/:name/submitted", json -> json.path("data").path("children").isArray() ? json.path("data") : null);
        if (!(listed instanceof PlatformResult.Ok<JsonNode>(JsonNode listing))) {
            return listed.failure();
        }
        String title = PostTitle.of(post, MAX_TITLE).title();
        String subreddit = target.account().externalId();
        Instant since = armedAt.minus(BEFORE);
        List<JsonNode> matches = new ArrayList<>();
        boolean reachesBack = listing.path("children").size() < PAGE || listing.path("after").isNull() || listing.path("after").isMissingNode();
        for (JsonNode child : listing.path("children")) {
            JsonNode p = child.path("data");
            Instant created = Instant.ofEpochMilli((long) (p.path("created_utc").asDouble(0) * 1000));
            if (created.isBefore(since)) {
                reachesBack = true;
                continue;
            }
            if (title.equals(p.path("title").asText(null)) && subreddit.equalsIgnoreCase(p.path("subreddit").asText(""))) {
                matches.add(p);
            }
        }
        if (matches.size() == 1) {
            JsonNode p = matches.getFirst();
            String permalink = p.path("permalink").asText("");
            return new PlatformResult.Ok<>(new Reconciled.Found(new Published(p.path("name").asText("t3_" + p.path("id").asText()),
                    permalink.startsWith("/") ? "https://www.reddit.com" + permalink : p.path("url").asText(permalink))));
        }
        if (matches.size() > 1) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell(matches.size() + " Reddit posts in " + subreddit
                    + " since the attempt have this title"));
        }
        if (!reachesBack) {
            return new PlatformResult.Ok<>(new Reconciled.CannotTell("the account made more than " + PAGE + " posts since the attempt"));
        }
        if (image) {
            // Reddit lists an image post only once processed: missing is not proof it was not made
            return now.isBefore(armedAt.plus(MEDIA_SETTLE)) ? tooEarly(now, armedAt.plus(MEDIA_SETTLE))
                    : new PlatformResult.Ok<>(new Reconciled.CannotTell("Reddit lists no image post with this title "
                    + MEDIA_SETTLE.toMinutes() + " minutes after the attempt; it may still be processing"));
        }
        return new PlatformResult.Ok<>(new Reconciled.NotFound());
    }

    private static <T> PlatformResult<T> tooEarly(Instant now, Instant until) {
        return new PlatformResult.Transient<>(0, "too_early", "Reddit lists a new post only after a while",
                Math.max(1, Duration.between(now, until).toSeconds()));
    }

    /**
     * {@code json.errors} of a 200 answer as what it means, or null when there are none: {@code RATELIMIT} is transient
     * ({@code json.ratelimit} seconds, else the wait its message names), {@code USER_REQUIRED} a token Reddit does not
     * take, any other code a refusal of the post.
     */
    static <T> PlatformResult<T> refusal(JsonNode answer) {
        JsonNode errors = answer.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return null;
        }
        JsonNode first = errors.get(0);
        String code = ProviderHttp.clip(first.path(0).asText("REDDIT_ERROR"), 80);
        String message = "reddit " + code + ": " + ProviderHttp.clip(first.path(1).asText(""), 300)
                + (first.path(2).isTextual() ? " (" + ProviderHttp.clip(first.path(2).asText(), 40) + ")" : "");
        return switch (code) {
            case "RATELIMIT" -> new PlatformResult.Transient<>(200, code, message, waitSeconds(answer, first.path(1).asText("")));
            case "USER_REQUIRED" -> new PlatformResult.AuthFailed<>(200, code, message);
            default -> new PlatformResult.Rejected<>(200, code, message);
        };
    }

    static long waitSeconds(JsonNode answer, String message) {
        if (answer.path("ratelimit").isNumber()) {
            return Math.max(1, (long) Math.ceil(answer.path("ratelimit").asDouble()));
        }
        Matcher m = WAIT.matcher(message);
        if (!m.find()) {
            return 60;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "hour" -> n * 3600;
            case "minute" -> n * 60;
            default -> n;
        };
    }

    /**
     * The image into Reddit's media store: a lease ({@code POST /api/media/asset.json}), then the bytes to the lease's
     * {@code action} with its {@code fields}; the store answers its {@code Location} (else the action and the key).
     */
    private PlatformResult<String> upload(Target target, Media m, byte[] bytes) {
        String filename = MultipartForm.filename("image", m.contentType());
        HttpRequest.Builder lease = HttpRequest.newBuilder(URI.create(apiBase + "/api/media/asset.json"))
                .POST(PlatformHttp.formBody(Map.of("filepath", filename, "mimetype", m.contentType())))
                .header("Content-Type", PlatformHttp.formContentType())
                .header("Authorization", "Bearer " + target.accessToken());
        // a lease makes nothing the audience sees: a lost answer just leases again
        PlatformResult<JsonNode> leased = http.send(lease, "POST /api/media/asset.json", false, List.of(target.accessToken()),
                json -> json.path("args").hasNonNull("action") && json.path("args").path("fields").isArray() ? json.path("args") : null);
        if (!(leased instanceof PlatformResult.Ok<JsonNode>(JsonNode args))) {
            return leased.failure();
        }
        String action = args.path("action").asText();
        String store = action.startsWith("//") ? "https:" + action : action;
        MultipartForm form = new MultipartForm();
        String key = null;
        for (JsonNode f : args.path("fields")) {
            String name = f.path("name").asText();
            form.field(name, f.path("value").asText());
            if ("key".equals(name)) {
                key = f.path("value").asText();
            }
        }
        form.file("file", filename, m.contentType(), bytes);
        String fallback = key == null ? null : ProviderHttp.trimBase(store) + "/" + key;
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(store)).POST(form.publisher()).header("Content-Type", form.contentType());
        return http.exchange(put, "POST media store", false, List.of(), response -> {
            Matcher loc = LOCATION.matcher(response.body() == null ? "" : response.body());
            String location = loc.find() ? loc.group(1).replace("&amp;", "&") : response.headers().firstValue("Location").orElse(fallback);
            return location == null || location.isBlank() ? null : location;
        });
    }
}
