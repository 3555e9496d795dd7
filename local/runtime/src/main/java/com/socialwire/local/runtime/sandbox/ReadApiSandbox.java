package com.socialwire.local.runtime.sandbox;

import com.socialwire.reads.url.Shortcodes;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * LOCAL READ API SANDBOX: the third-party Instagram read API the reads context calls ({@code HttpReadProvider}'s
 * contract: {@code GET /v1/instagram/media}, {@code …/media/transcript}, {@code …/media/comments},
 * {@code …/media/comments/replies}, key in {@code x-api-key}), answering in Instagram's app-API shape with made-up,
 * deterministic data per shortcode: the same shortcode always gives the same post, reel or carousel, caption, counts
 * and comments. Nothing is read from Instagram; every answer says so ({@code "sandbox"}, the caption, the
 * {@code x-sandbox} header). Shortcodes starting {@code Priv} answer as a private post (no media), {@code Gone} as a
 * removed one (404), {@code Many} has 620 comments. Media files are placeholder SVG cards at {@code /cdn/…}. To try each
 * kind: {@code DDBn4GchLot} an image, {@code CtZs0Y3v2lx} a carousel, {@code C9aBcDeFgH1} a reel with a transcript,
 * {@code C8tN4vJv1Yq} a reel without one, {@code CAbCdEfGhIj} a video ({@link #DEMO}).
 */
public final class ReadApiSandbox implements PlatformSandbox {

    public static final String KEY = "sbx-readapi-key";
    public static final String LABEL = "LOCAL READ API SANDBOX: made-up data for this shortcode; nothing was read from Instagram";
    /** Shortcodes of each kind, for trying the sandbox (pinned by its test). */
    public static final Map<String, String> DEMO = Map.of("DDBn4GchLot", "image", "CtZs0Y3v2lx", "carousel",
            "C9aBcDeFgH1", "reel with transcript", "C8tN4vJv1Yq", "reel without transcript", "CAbCdEfGhIj", "video");
    static final int PAGE = 25;
    static final int REPLY_PAGE = 2;

    private static final String[][] CREATORS = {
            {"crumb.and.co", "Crumb & Co Bakery"}, {"studio_lumen", "Studio Lumen"}, {"surf.daily", "Surf Daily"},
            {"trailmix.travels", "Trailmix Travels"}, {"north.fit", "North Fitness"}};
    private static final String[] CAPTIONS = {
            "3 mistakes beginners make with sourdough 🍞 with @bakewithlena #baking #sourdough #bread",
            "Studio diary, week 46 ✨ swipe for the process. Thanks @print.house! #printmaking #studiolife",
            "Morning glass at the point 🌊 #surf #oceanlife",
            "48 hours in Lisbon: where we ate, what we skipped. Tag someone who needs this @lisbon.eats #travel #lisbon #foodguide",
            "Your 12-minute no-equipment warm-up 💪 save it for later #fitness #homeworkout"};
    private static final String[] COMMENTS = {"love this", "where is this?", "😍😍", "how long did it take?", "price?", "amazing work",
            "saving this", "tutorial please", "not sure about the colors tbh", "this made my day", "follow back pls", "which lens?",
            "need this in my life", "🔥", "bookmarked"};

    private final Clock clock;
    private volatile String base = "";

    public ReadApiSandbox() {
        this(Clock.systemUTC());
    }

    ReadApiSandbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "readapi";
    }

    @Override
    public String label() {
        return "Instagram read API";
    }

    @Override
    public Map<String, String> environment(String base) {
        this.base = base;
        return Map.of("READ_PROVIDER_BASE_URL", base, "READ_PROVIDER_KEY", KEY);
    }

    @Override
    public SandboxOAuth oauth() {
        return null;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        if (request.method().equals("GET") && request.path().startsWith("/cdn/")) {
            return cdn(request.path());
        }
        if (!KEY.equals(request.header("x-api-key").orElse(null))) {
            return labelled(401, Map.of("error", "invalid_api_key", "message", "missing or wrong x-api-key (the sandbox's is " + KEY + ")"));
        }
        String shortcode = request.query().get("shortcode");
        if (!request.method().equals("GET")) {
            return labelled(405, Map.of("error", "method_not_allowed"));
        }
        if (shortcode == null || !Shortcodes.isShortcode(shortcode)) {
            return labelled(400, Map.of("error", "bad_request", "message", "shortcode is required"));
        }
        if (shortcode.startsWith("Gone")) {
            return labelled(404, Map.of("error", "not_found", "message", "Post not found"));
        }
        return switch (request.path()) {
            case "/v1/instagram/media" -> shortcode.startsWith("Priv")
                    ? labelled(200, Map.of("data", nullMedia(), "status", "ok"))
                    : labelled(200, Map.of("items", List.of(media(shortcode)), "num_results", 1, "status", "ok"));
            case "/v1/instagram/media/transcript" -> labelled(200, Map.of("success", true, "transcripts", transcripts(shortcode)));
            case "/v1/instagram/media/comments" -> labelled(200, comments(shortcode, request.query().get("cursor")));
            case "/v1/instagram/media/comments/replies" -> labelled(200, replies(shortcode, request.query().get("comment_id"),
                    request.query().get("cursor")));
            default -> labelled(404, Map.of("error", "not_found", "message", "no such read API path"));
        };
    }

    private static Map<String, Object> nullMedia() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("xdt_shortcode_media", null);
        return data;
    }

    /** What kind of media a shortcode is in the sandbox: 0 image, 1 carousel, 2 reel, 3 video. */
    static int kind(String shortcode) {
        return Math.floorMod(seed(shortcode), 4);
    }

    private static long seed(String shortcode) {
        return Shortcodes.mediaPk(shortcode).longValue() ^ shortcode.hashCode();
    }

    Map<String, Object> media(String shortcode) {
        Random r = new Random(seed(shortcode));
        int kind = kind(shortcode);
        String pk = Shortcodes.mediaPk(shortcode).toString();
        String[] creator = CREATORS[r.nextInt(CREATORS.length)];
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("taken_at", Instant.parse("2026-01-01T00:00:00Z").plus(r.nextInt(300 * 24), ChronoUnit.HOURS).getEpochSecond());
        m.put("pk", pk);
        m.put("id", pk + "_" + (40_000_000 + Math.abs(creator[0].hashCode() % 1_000_000)));
        m.put("code", shortcode);
        m.put("media_type", switch (kind) {
            case 1 -> 8;
            case 2, 3 -> 2;
            default -> 1;
        });
        m.put("product_type", switch (kind) {
            case 1 -> "carousel_container";
            case 2 -> "clips";
            case 3 -> "igtv";
            default -> "feed";
        });
        m.put("user", user(40_000_000L + Math.abs(creator[0].hashCode() % 1_000_000), creator[0], creator[1] + " (local sandbox)", r));
        m.put("caption", Map.of("text", CAPTIONS[r.nextInt(CAPTIONS.length)] + " (LOCAL SANDBOX: made-up data)", "created_at", m.get("taken_at")));
        boolean hidden = r.nextInt(6) == 0;
        m.put("like_and_view_counts_disabled", hidden);
        m.put("like_count", hidden ? 0 : 50 + r.nextInt(50_000));
        m.put("comment_count", commentTotal(shortcode));
        m.put("accessibility_caption", "Placeholder card from the local read API sandbox.");
        m.put("image_versions2", Map.of("candidates", List.of(image(pk, 0, 1080, 1350), image(pk, 0, 640, 800))));
        if (kind == 1) {
            List<Object> children = new ArrayList<>();
            int n = 2 + r.nextInt(4);
            for (int i = 1; i <= n; i++) {
                Map<String, Object> child = new LinkedHashMap<>();
                child.put("id", pk + i + "_1");
                child.put("media_type", i == 2 ? 2 : 1);
                child.put("image_versions2", Map.of("candidates", List.of(image(pk, i, 1080, 1350))));
                if (i == 2) {
                    child.put("video_versions", List.of(video(pk, i)));
                    child.put("video_duration", 9.5);
                }
                children.add(child);
            }
            m.put("carousel_media_count", n);
            m.put("carousel_media", children);
        }
        if (kind >= 2) {
            m.put("video_versions", List.of(video(pk, 0)));
            m.put("video_duration", 8 + r.nextInt(80) + 0.5);
            m.put("play_count", hidden ? null : 1_000 + r.nextInt(500_000));
            m.put("reshare_count", r.nextInt(2_000));
            m.put("clips_metadata", r.nextBoolean()
                    ? Map.of("audio_type", "licensed_music", "music_info", Map.of("music_asset_info",
                            Map.of("title", "Sandbox Song", "display_artist", "The Local Band")))
                    : Map.of("audio_type", "original_sounds", "original_sound_info",
                            Map.of("original_audio_title", "Original audio", "ig_artist", Map.of("username", creator[0]))));
        }
        return m;
    }

    private static Map<String, Object> user(long pk, String username, String fullName, Random r) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("pk", Long.toString(pk));
        u.put("username", username);
        u.put("full_name", fullName);
        u.put("is_private", false);
        u.put("is_verified", r.nextInt(4) == 0);
        u.put("follower_count", 500 + r.nextInt(2_000_000));
        u.put("profile_pic_url", null);
        return u;
    }

    /** A CDN link that expires like Instagram's ({@code oe=} hex epoch seconds, three days from the hour). */
    private String cdnUrl(String file) {
        long oe = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(3, ChronoUnit.DAYS).getEpochSecond();
        return base + "/cdn/" + file + "?stp=dst-jpg_e35&_nc_sid=sbx&oe=" + Long.toHexString(oe).toUpperCase(java.util.Locale.ROOT);
    }

    private Map<String, Object> image(String pk, int index, int width, int height) {
        return Map.of("width", width, "height", height, "url", cdnUrl(pk + "_" + index + ".svg"));
    }

    private Map<String, Object> video(String pk, int index) {
        return Map.of("type", 101, "width", 720, "height", 1280, "url", cdnUrl(pk + "_" + index + ".mp4"));
    }

    private List<Object> transcripts(String shortcode) {
        if (kind(shortcode) < 2 || Math.floorMod(seed(shortcode), 8) >= 4) {
            return List.of();
        }
        return List.of(Map.of("shortcode", shortcode, "language", "en", "text",
                "(LOCAL SANDBOX transcript) Here's the one thing nobody tells you when you start: go slower than you think. "
                        + "Second, write down what you changed each time. Third, share it and ask for feedback."));
    }

    /** How many top-level comments a shortcode has: 12 to 251, or 620 for shortcodes starting {@code Many}. */
    public static int commentTotal(String shortcode) {
        return shortcode.startsWith("Many") ? 620 : 12 + Math.floorMod(seed(shortcode) >> 3, 240);
    }

    private Map<String, Object> comments(String shortcode, String cursor) {
        int total = commentTotal(shortcode);
        int from = offset(cursor, "c:");
        List<Object> items = new ArrayList<>();
        String pk = Shortcodes.mediaPk(shortcode).toString();
        for (int i = from; i < Math.min(total, from + PAGE); i++) {
            Random r = new Random(seed(shortcode) * 31 + i);
            Map<String, Object> c = comment(shortcode, i, -1, r);
            int replies = i % 10 == 3 ? 3 : 0;
            c.put("child_comment_count", replies);
            c.put("preview_child_comments", replies == 0 ? List.of() : List.of(reply(shortcode, i, 0)));
            c.put("media_id", pk);
            items.add(c);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("comments", items);
        page.put("comment_count", total);
        boolean more = from + PAGE < total;
        page.put("has_more_headload_comments", more);
        if (more) {
            page.put("next_min_id", "c:" + (from + PAGE));
        }
        page.put("status", "ok");
        return page;
    }

    private Map<String, Object> replies(String shortcode, String commentId, String cursor) {
        int index = commentIndex(shortcode, commentId);
        List<Object> items = new ArrayList<>();
        int from = offset(cursor, "r:");
        int count = index >= 0 && index % 10 == 3 ? 3 : 0;
        for (int k = from; k < Math.min(count, from + REPLY_PAGE); k++) {
            items.add(reply(shortcode, index, k));
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("child_comments", items);
        page.put("child_comment_count", count);
        boolean more = from + REPLY_PAGE < count;
        page.put("has_more_tail_child_comments", more);
        if (more) {
            page.put("next_max_child_cursor", "r:" + (from + REPLY_PAGE));
        }
        page.put("status", "ok");
        return page;
    }

    private Map<String, Object> comment(String shortcode, int i, int replyOf, Random r) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("pk", commentId(shortcode, i, replyOf));
        c.put("text", COMMENTS[r.nextInt(COMMENTS.length)] + (i % 9 == 0 ? " @friend_" + (i % 5) : ""));
        c.put("created_at", Instant.parse("2026-10-01T00:00:00Z").getEpochSecond() + i * 311L);
        c.put("user", user(70_000_000L + i, "sandbox_fan_" + i, "Sandbox Fan " + i, r));
        c.put("comment_like_count", r.nextInt(120));
        return c;
    }

    private Map<String, Object> reply(String shortcode, int parent, int k) {
        Map<String, Object> c = comment(shortcode, k, parent, new Random(seed(shortcode) * 37 + parent * 11L + k));
        c.put("parent_comment_id", commentId(shortcode, parent, -1));
        c.put("text", "@sandbox_fan_" + parent + " reply " + (k + 1) + " (local sandbox)");
        return c;
    }

    /** Comment ids: 18 then the comment's index (and reply number), unique per shortcode. */
    private static String commentId(String shortcode, int i, int replyOf) {
        long base = 18_000_000_000_000_000L + Math.floorMod(seed(shortcode), 1_000_000L) * 1_000_000L;
        return Long.toString(replyOf < 0 ? base + i * 10L : base + replyOf * 10L + 1 + i);
    }

    private static int commentIndex(String shortcode, String commentId) {
        try {
            long base = 18_000_000_000_000_000L + Math.floorMod(seed(shortcode), 1_000_000L) * 1_000_000L;
            long d = Long.parseLong(commentId) - base;
            return d >= 0 && d % 10 == 0 && d / 10 < commentTotal(shortcode) ? (int) (d / 10) : -1;
        } catch (NumberFormatException | NullPointerException e) {
            return -1;
        }
    }

    private static int offset(String cursor, String prefix) {
        if (cursor == null || !cursor.startsWith(prefix)) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(cursor.substring(prefix.length())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a cursor of this sandbox");
        }
    }

    private static SandboxResponse labelled(int status, Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sandbox", LABEL);
        out.putAll(body);
        return SandboxResponse.json(status, out).withHeader("x-sandbox", "LOCAL READ API SANDBOX");
    }

    private static SandboxResponse cdn(String path) {
        if (!path.endsWith(".svg")) {
            return labelled(404, Map.of("error", "not_found", "message", "the sandbox serves no video files"));
        }
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1080\" height=\"1350\" viewBox=\"0 0 1080 1350\">"
                + "<rect width=\"1080\" height=\"1350\" fill=\"#2b2d42\"/><text x=\"540\" y=\"675\" font-family=\"sans-serif\" font-size=\"56\" "
                + "fill=\"#edf2f4\" text-anchor=\"middle\">LOCAL READ API SANDBOX</text></svg>";
        return new SandboxResponse(200, Map.of("content-type", "image/svg+xml", "x-sandbox", "LOCAL READ API SANDBOX"),
                svg.getBytes(StandardCharsets.UTF_8), 0);
    }
}
