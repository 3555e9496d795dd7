package com.socialwire.reads.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramMedia;
import com.socialwire.reads.url.Shortcodes;
import com.socialwire.shared.Config;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.oauth.PlatformHttp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A configurable third-party Instagram read API over HTTP ({@code READ_PROVIDER_BASE_URL}, key {@code READ_PROVIDER_KEY}
 * sent as {@code x-api-key}, {@code READ_PROVIDER_TIMEOUT_MS} per call, default 10 s). The contract, the one the
 * URL-first read services share (they pass Instagram's own JSON on):
 * <pre>
 * GET {base}/v1/instagram/media?shortcode={sc}                                   the media: {"items":[{…app item…}]} or {"data":{"xdt_shortcode_media":{…}}}
 * GET {base}/v1/instagram/media/transcript?shortcode={sc}                        {"transcripts":[{"shortcode","text","language"?}]} (empty or 404: none)
 * GET {base}/v1/instagram/media/comments?shortcode={sc}[&amp;cursor={c}]             {"comments":[…],"next_cursor"|"next_min_id"…,"has_more"…} or edge_media_to_parent_comment
 * GET {base}/v1/instagram/media/comments/replies?shortcode={sc}&amp;comment_id={id}[&amp;cursor={c}]   {"child_comments":[…],"next_cursor"…}
 * </pre>
 * Errors are mapped once: 404/410/451 and a 200 without media (Instagram answers {@code xdt_shortcode_media: null} for
 * private, removed and login-only posts) are {@link ReadResult.NotFound}; 429 is {@link ReadResult.RateLimited} with
 * its {@code Retry-After}; 5xx, 401/403 (our key refused), other 4xx, timeouts, refused connections and answers that
 * are not the JSON above are {@link ReadResult.Unavailable}, with a detail for our logs that never holds the key.
 * A transcript that fails is a limitation of the read, never its failure.
 */
public final class HttpReadProvider implements ReadProvider {

    public static final String ID = "readapi";
    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    static final String KEY_HEADER = "x-api-key";
    static final String NO_TRANSCRIPT = "The provider has no transcript for this reel.";
    static final String TRANSCRIPT_FAILED = "The provider's transcript could not be read; the reel is returned without it.";

    private final PlatformHttp http;
    private final String base;
    private final String key;
    private final Clock clock;
    private final String misconfigured;

    public HttpReadProvider(HttpClient client, String baseUrl, String key, Duration timeout, Clock clock) {
        this.base = ProviderHttp.trimBase(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.key = key == null || key.isBlank() ? null : key.strip();
        // The read service builds this on a request: a setting the HTTP client cannot use must not throw there (a 500 per
        // read) but make every read Unavailable (the sanitized 503, refunded), saying which setting (never the key).
        this.misconfigured = !httpUrl(this.base) ? "READ_PROVIDER_BASE_URL is not an http(s) URL"
                : this.key != null && !headerSafe(this.key) ? "READ_PROVIDER_KEY holds characters an HTTP header cannot carry" : null;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = new PlatformHttp(client, timeout, clock);
    }

    /**
     * From {@code READ_PROVIDER_BASE_URL} (required), {@code READ_PROVIDER_KEY} (optional: a sandbox needs none) and
     * {@code READ_PROVIDER_TIMEOUT_MS} (default {@value #DEFAULT_TIMEOUT_MS}, also for a value that is not a positive number:
     * this is built on a request, where throwing would be a 500 per read).
     */
    public static HttpReadProvider fromConfig(Config config, Clock clock) {
        return new HttpReadProvider(ProviderHttp.newClient(), config.require("READ_PROVIDER_BASE_URL"),
                config.get("READ_PROVIDER_KEY").orElse(null), Duration.ofMillis(timeoutMs(config, "READ_PROVIDER_TIMEOUT_MS", DEFAULT_TIMEOUT_MS)), clock);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ReadResult<InstagramMedia> media(String shortcode, boolean providerTranscript) {
        if (!Shortcodes.isShortcode(shortcode)) {
            return new ReadResult.NotFound<>("not an Instagram shortcode");
        }
        ReadResult<MediaJson.Mapped> read = get("/v1/instagram/media", Map.of("shortcode", shortcode), "GET media", json -> {
            JsonNode m = MediaJson.find(json);
            return m == null ? absent(json) : MediaJson.map(m, shortcode, clock.instant());
        });
        if (!(read instanceof ReadResult.Ok<MediaJson.Mapped> ok)) {
            return read.failure();
        }
        InstagramMedia mapped = ok.value().media();
        InstagramMedia media = mapped;
        List<String> limitations = new ArrayList<>(ok.value().limitations());
        String unit = "media";
        if (providerTranscript && ("reel".equals(media.type()) || "video".equals(media.type()))) {
            unit = "media+transcript";
            ReadResult<InstagramMedia.Transcript> t = get("/v1/instagram/media/transcript", Map.of("shortcode", shortcode),
                    "GET transcript", json -> transcript(json, mapped));
            if (t instanceof ReadResult.Ok<InstagramMedia.Transcript> found && found.value() != NONE) {
                media = withTranscript(media, found.value());
            } else {
                limitations.add(t instanceof ReadResult.Ok || t instanceof ReadResult.NotFound ? NO_TRANSCRIPT : TRANSCRIPT_FAILED);
            }
        }
        return new ReadResult.Ok<>(media, unit, 1, limitations);
    }

    @Override
    public ReadResult<CommentsRead> comments(String shortcode, int limit, boolean includeReplies) {
        if (!Shortcodes.isShortcode(shortcode)) {
            return new ReadResult.NotFound<>("not an Instagram shortcode");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return CommentPaging.collect(shortcode, limit, includeReplies, new CommentPaging.Source() {
            @Override
            public ReadResult<CommentPaging.Page> comments(String cursor) {
                return get("/v1/instagram/media/comments", params("shortcode", shortcode, "cursor", cursor), "GET comments",
                        json -> CommentJson.page(json, shortcode, null));
            }

            @Override
            public ReadResult<CommentPaging.Page> replies(String commentId, String cursor) {
                return get("/v1/instagram/media/comments/replies", params("shortcode", shortcode, "comment_id", commentId, "cursor", cursor),
                        "GET replies", json -> CommentJson.page(json, shortcode, commentId));
            }
        });
    }

    @Override
    public String toString() {
        return "HttpReadProvider[" + base + "]";
    }

    /** A 2xx answer that parsed but holds no media: private, removed or login-only. */
    private static final MediaJson.Mapped ABSENT = new MediaJson.Mapped(null, List.of());
    /** A transcript answer that holds none. */
    private static final InstagramMedia.Transcript NONE = new InstagramMedia.Transcript(null, null, "none", null);

    private static MediaJson.Mapped absent(JsonNode json) {
        // {"data":{"xdt_shortcode_media":null}}, {"items":[]}, {"data":null}: Instagram's way of saying "nothing public here"
        boolean nothing = json.path("data").path("xdt_shortcode_media").isNull() || json.path("xdt_shortcode_media").isNull()
                || (json.path("items").isArray() && json.path("items").isEmpty()) || json.path("data").isNull();
        return nothing ? ABSENT : null;
    }

    private static InstagramMedia.Transcript transcript(JsonNode json, InstagramMedia media) {
        JsonNode list = json.path("transcripts");
        JsonNode t = list.isArray() ? list.path(0) : json.path("transcript");
        if (t.isTextual()) {
            return t.asText().isBlank() ? NONE : new InstagramMedia.Transcript(t.asText(), null, "provider", duration(media));
        }
        if (!t.isObject() && (list.isArray() || json.has("transcript"))) {
            return NONE;
        }
        String text = ProviderJson.text(t, "text");
        if (text == null && t.isObject()) {
            return NONE;
        }
        return text == null ? null : text.isBlank() ? NONE
                : new InstagramMedia.Transcript(text, ProviderJson.text(t, "language"), "provider", duration(media));
    }

    private static Double duration(InstagramMedia media) {
        for (InstagramMedia.Asset a : media.assets()) {
            if (a.durationSeconds() != null) {
                return a.durationSeconds();
            }
        }
        return null;
    }

    static InstagramMedia withTranscript(InstagramMedia m, InstagramMedia.Transcript t) {
        return new InstagramMedia(m.shortcode(), m.mediaId(), m.url(), m.canonicalUrl(), m.type(), m.caption(), m.hashtags(),
                m.mentions(), m.owner(), m.timestamp(), m.metrics(), m.assets(), m.children(), m.audio(), t, m.comments());
    }

    /** A timeout setting in ms, or {@code fallback} when it is unset or not a positive number (never an exception on a request). */
    static long timeoutMs(Config config, String name, long fallback) {
        try {
            long ms = config.getLong(name, fallback);
            return ms > 0 ? ms : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static boolean httpUrl(String base) {
        try {
            URI uri = new URI(base + "/");
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Printable ASCII without spaces, as API keys are. */
    private static boolean headerSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return value.length() <= 4096;
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                out.put(kv[i], kv[i + 1]);
            }
        }
        return out;
    }

    /** One GET, its answer mapped once to a {@link ReadResult}; {@code parse} answers null for a body it cannot read. */
    private <T> ReadResult<T> get(String path, Map<String, String> query, String what, Function<JsonNode, T> parse) {
        if (misconfigured != null) {
            return new ReadResult.Unavailable<>(0, misconfigured);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path + "?" + PlatformHttp.encode(query))).GET();
        if (key != null) {
            request.header(KEY_HEADER, key);
        }
        PlatformResult<T> r = http.send(request, what, false, key == null ? List.of() : List.of(key), parse);
        // an if-chain, not a type switch: its bootstrap spins a class with the ClassFile API at a cold start's first read
        if (r instanceof PlatformResult.Ok<T> ok) {
            return ok.value() == ABSENT
                    ? new ReadResult.NotFound<>("no public media behind this shortcode") : new ReadResult.Ok<>(ok.value(), null, null, null);
        }
        if (r instanceof PlatformResult.Transient<T> t) {
            return t.httpStatus() == 429 ? new ReadResult.RateLimited<>(t.retryAfterSeconds())
                    : new ReadResult.Unavailable<>(t.httpStatus(), t.message());
        }
        if (r instanceof PlatformResult.Rejected<T> rej) {
            return switch (rej.httpStatus()) {
                case 404, 410, 451 -> new ReadResult.NotFound<>("the provider has no public media here (HTTP " + rej.httpStatus() + ")");
                default -> new ReadResult.Unavailable<>(rej.httpStatus(), rej.message());
            };
        }
        if (r instanceof PlatformResult.AuthFailed<T> a) {
            return new ReadResult.Unavailable<>(a.httpStatus(), "the provider refused our key: " + a.message());
        }
        PlatformResult.Unknown<T> u = (PlatformResult.Unknown<T>) r;
        return new ReadResult.Unavailable<>(0, u.message());
    }
}
