package com.socialwire.posts.platform;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one post against every platform it targets and says, per platform, all that does not fit.
 *
 * <p>The rules, per target platform {@code p} ({@link Platforms} has the numbers):
 * <ul>
 *   <li><b>Text.</b> The text for {@code p} is {@code platformOverrides[p]} (keys may be aliases such as {@code x};
 *       only a {@code null} value counts as absent) or else {@code text}. Where {@code p.supportsHashtags()}, the
 *       draft's hashtags that the text does not already hold are appended, after one space, joined by spaces, with a
 *       {@code #} added where missing ({@link #compose}). That result, measured as {@code p} measures
 *       ({@link #length}: X weighs URLs as 23 and CJK/emoji as 2, Mastodon URLs as 23, Bluesky counts graphemes, the
 *       rest code points), must be at most {@code maxCharacters} ({@code TEXT_TOO_LONG}). The text before hashtags may
 *       be blank only on media-first platforms ({@link Platform#allowsEmptyText()}: Instagram, TikTok, Pinterest,
 *       YouTube, Dribbble), elsewhere {@code EMPTY_TEXT}.</li>
 *   <li><b>Threads.</b> Non-empty {@code threadParts} on a platform without threads: {@code THREADS_UNSUPPORTED}
 *       (and the text is checked as a single post). On one with threads, the thread replaces the text: hashtags not
 *       already in any part are appended to the first part, every part must be non-blank ({@code EMPTY_TEXT}) and fit
 *       {@code maxCharacters} ({@code THREAD_PART_TOO_LONG}), and there may be at most {@code maxThreadParts}
 *       ({@code TOO_MANY_THREAD_PARTS}). Media go with the first part.</li>
 *   <li><b>Media.</b> At least one item where {@code requiresMedia} ({@code MEDIA_REQUIRED}); at most
 *       {@code maxMediaItems} ({@code TOO_MANY_MEDIA}); every MIME type in {@code supportedMediaTypes}
 *       ({@code MEDIA_TYPE_UNSUPPORTED}); where {@code !mixedMedia} a video or animated GIF is the only item: with an
 *       image beside it {@code MIXED_MEDIA}, with another video or GIF {@code TOO_MANY_MEDIA}.</li>
 *   <li><b>Title.</b> Where {@code p} publishes a title ({@code maxTitleCharacters} set), the draft's title, counted
 *       in code points, is at most that ({@code TITLE_TOO_LONG}): the strictest platform of the post decides.</li>
 *   <li><b>Hashtags.</b> Where {@code maxHashtags} is set, the distinct hashtags in the published text (written and
 *       appended) are at most that many ({@code TOO_MANY_HASHTAGS}).</li>
 *   <li><b>Platforms.</b> A name {@link Platforms#find} does not know: {@code PLATFORM_UNKNOWN}; a platform named
 *       twice (say {@code x} and {@code twitter}) is checked once.</li>
 * </ul>
 * Stateless; every method is static.
 */
public final class ContentCheck {

    public static final String TEXT_TOO_LONG = "TEXT_TOO_LONG";
    public static final String EMPTY_TEXT = "EMPTY_TEXT";
    public static final String MEDIA_REQUIRED = "MEDIA_REQUIRED";
    public static final String TOO_MANY_MEDIA = "TOO_MANY_MEDIA";
    public static final String MEDIA_TYPE_UNSUPPORTED = "MEDIA_TYPE_UNSUPPORTED";
    public static final String MIXED_MEDIA = "MIXED_MEDIA";
    public static final String THREADS_UNSUPPORTED = "THREADS_UNSUPPORTED";
    public static final String THREAD_PART_TOO_LONG = "THREAD_PART_TOO_LONG";
    public static final String TOO_MANY_THREAD_PARTS = "TOO_MANY_THREAD_PARTS";
    public static final String TOO_MANY_HASHTAGS = "TOO_MANY_HASHTAGS";
    public static final String PLATFORM_UNKNOWN = "PLATFORM_UNKNOWN";
    public static final String TITLE_TOO_LONG = "TITLE_TOO_LONG";

    /** A hashtag as platforms see one: {@code #} then letters, digits or underscores, not glued to a word before it. */
    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_#&])#[\\p{L}\\p{N}_]+");

    /**
     * One media item of a draft.
     *
     * @param mimeType e.g. {@code image/jpeg}; stored lower-case and stripped
     * @param kind     {@code image} | {@code gif} (animated) | {@code video}; when {@code null} or blank it follows
     *                 the MIME type ({@code video/*} video, {@code image/gif} gif, else image)
     */
    public record MediaItem(String mimeType, String kind) {

        public MediaItem {
            mimeType = mimeType == null ? "" : mimeType.strip().toLowerCase(Locale.ROOT);
            if (kind == null || kind.isBlank()) {
                kind = mimeType.startsWith("video/") ? "video" : mimeType.equals("image/gif") ? "gif" : "image";
            } else {
                kind = kind.strip().toLowerCase(Locale.ROOT);
            }
        }

        /** A video or an animated GIF: what X, Bluesky and Mastodon post on its own. */
        public boolean videoLike() {
            return kind.equals("video") || kind.equals("gif");
        }
    }

    /**
     * The parts of a post that platforms constrain. {@code null}s become empty; lists and maps are copied.
     *
     * @param platformOverrides text per platform name (aliases allowed), replacing {@code text} there
     * @param hashtags          with or without the leading {@code #}
     * @param title             the post's own title, or {@code null}
     */
    public record Draft(String text, Map<String, String> platformOverrides, List<String> hashtags,
                        List<String> threadParts, List<MediaItem> media, String title) {

        public Draft {
            text = text == null ? "" : text;
            platformOverrides = platformOverrides == null ? Map.of() : copy(platformOverrides);
            hashtags = hashtags == null ? List.of() : hashtags.stream().filter(h -> h != null && !h.isBlank()).toList();
            threadParts = threadParts == null ? List.of() : threadParts.stream().map(t -> t == null ? "" : t).toList();
            media = media == null ? List.of() : media.stream().filter(m -> m != null).toList();
        }

        /** A draft without a title. */
        public Draft(String text, Map<String, String> platformOverrides, List<String> hashtags, List<String> threadParts,
                     List<MediaItem> media) {
            this(text, platformOverrides, hashtags, threadParts, media, null);
        }

        /** A draft with text only. */
        public static Draft of(String text) {
            return new Draft(text, null, null, null, null);
        }

        private static Map<String, String> copy(Map<String, String> m) {
            Map<String, String> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (k != null && v != null) {
                    out.put(k, v);
                }
            });
            return java.util.Collections.unmodifiableMap(out);
        }
    }

    /**
     * One thing about a draft that does not fit one platform.
     *
     * @param platform the canonical name, or the name as given for {@code PLATFORM_UNKNOWN}
     * @param field    where in the post body: {@code content}, {@code platformOverrides.<platform>},
     *                 {@code threadParts}, {@code threadParts[i]}, {@code media}, {@code media[i]}, {@code hashtags},
     *                 {@code platforms}, {@code title}
     * @param code     one of this class's constants
     */
    public record Violation(String platform, String field, String code, String message) {

        /** {@code {"field","code","message"}}, the entry of the 422's details. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", field);
            m.put("code", code);
            m.put("message", message);
            return m;
        }
    }

    private ContentCheck() {
    }

    /** Everything that does not fit, platform by platform in the order given, each platform's findings in rule order. */
    public static List<Violation> check(Draft draft, List<String> platforms) {
        List<Violation> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : platforms == null ? List.<String>of() : platforms) {
            Platform p = Platforms.find(name).orElse(null);
            if (p == null) {
                String shown = Platforms.shown(name);
                if (seen.add("?" + shown)) {
                    out.add(new Violation(shown, "platforms", PLATFORM_UNKNOWN, "Unknown platform: " + shown));
                }
            } else if (seen.add(p.name())) {
                check(draft, p, out);
            }
        }
        return out;
    }

    /**
     * As {@link #check}, throwing on any finding: 422 {@code VALIDATION_ERROR} "content does not fit N platform(s)"
     * with details {@code {"platforms": {"<platform>": [{"field","code","message"}, ...]}}}.
     */
    public static void require(Draft draft, List<String> platforms) {
        List<Violation> violations = check(draft, platforms);
        if (violations.isEmpty()) {
            return;
        }
        Map<String, List<Map<String, Object>>> byPlatform = new LinkedHashMap<>();
        for (Violation v : violations) {
            byPlatform.computeIfAbsent(v.platform(), k -> new ArrayList<>()).add(v.toMap());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("platforms", byPlatform);
        throw new ApiException(ErrorCode.VALIDATION_ERROR, 422,
                "content does not fit " + byPlatform.size() + " platform(s)", details, Map.of());
    }

    /** The text measured the way {@code platform} measures it (see {@link Platform.Counting}). */
    public static int length(Platform platform, String text) {
        return TextLength.of(platform, text);
    }

    /** The override for {@code platform} (an exact-name key first, then any alias), or {@code null}. */
    public static String override(Draft draft, Platform platform) {
        String exact = draft.platformOverrides().get(platform.name());
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : draft.platformOverrides().entrySet()) {
            if (Platforms.find(e.getKey()).filter(platform::equals).isPresent()) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The single-post text as it would be published on {@code platform}: override or text, plus missing hashtags. */
    public static String compose(Draft draft, Platform platform) {
        String override = override(draft, platform);
        String text = override != null ? override : draft.text();
        return withHashtags(text, platform.supportsHashtags() ? missingHashtags(draft.hashtags(), text) : List.of());
    }

    /**
     * The thread as it would be published on {@code platform}: the parts, with hashtags that no part holds appended
     * to the first; empty when the draft has no thread or the platform has no threads.
     */
    public static List<String> composeThread(Draft draft, Platform platform) {
        if (draft.threadParts().isEmpty() || !platform.supportsThreads()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>(draft.threadParts());
        if (platform.supportsHashtags()) {
            parts.set(0, withHashtags(parts.get(0), missingHashtags(draft.hashtags(), String.join("\n", parts))));
        }
        return List.copyOf(parts);
    }

    private static void check(Draft d, Platform p, List<Violation> out) {
        String name = p.name();
        List<String> published;
        if (!d.threadParts().isEmpty() && p.supportsThreads()) {
            published = composeThread(d, p);
            if (published.size() > p.maxThreadParts()) {
                out.add(new Violation(name, "threadParts", TOO_MANY_THREAD_PARTS,
                        name + " takes at most " + p.maxThreadParts() + " thread parts; this thread has "
                                + published.size()));
            }
            for (int i = 0; i < published.size(); i++) {
                String field = "threadParts[" + i + "]";
                if (d.threadParts().get(i).isBlank()) {
                    out.add(new Violation(name, field, EMPTY_TEXT, "thread part " + (i + 1) + " is empty"));
                    continue;
                }
                int length = length(p, published.get(i));
                if (length > p.maxCharacters()) {
                    out.add(new Violation(name, field, THREAD_PART_TOO_LONG, "thread part " + (i + 1)
                            + tooLong(p, length, !published.get(i).equals(d.threadParts().get(i)))));
                }
            }
        } else {
            if (!d.threadParts().isEmpty()) {
                out.add(new Violation(name, "threadParts", THREADS_UNSUPPORTED,
                        name + " does not publish threads; send this post without threadParts"));
            }
            String override = override(d, p);
            String field = override != null ? "platformOverrides." + name : "content";
            String text = override != null ? override : d.text();
            String composed = compose(d, p);
            published = List.of(composed);
            if (text.isBlank() && !p.allowsEmptyText()) {
                out.add(new Violation(name, field, EMPTY_TEXT, name + " needs text"));
            }
            int length = length(p, composed);
            if (length > p.maxCharacters()) {
                out.add(new Violation(name, field, TEXT_TOO_LONG,
                        "the text" + tooLong(p, length, !composed.equals(text))));
            }
        }
        if (d.title() != null && p.maxTitleCharacters() != null) {
            int length = d.title().codePointCount(0, d.title().length());
            if (length > p.maxTitleCharacters()) {
                out.add(new Violation(name, "title", TITLE_TOO_LONG, String.format(Locale.ROOT,
                        "the title is %,d characters; %s's title limit is %,d", length, name, p.maxTitleCharacters())));
            }
        }
        checkMedia(d.media(), p, out);
        if (p.supportsHashtags() && p.maxHashtags() != null) {
            int count = hashtagsIn(String.join("\n", published)).size();
            if (count > p.maxHashtags()) {
                out.add(new Violation(name, "hashtags", TOO_MANY_HASHTAGS,
                        name + " allows at most " + p.maxHashtags() + " hashtags; this post has " + count));
            }
        }
    }

    private static String tooLong(Platform p, int length, boolean withHashtags) {
        String how = switch (p.counting()) {
            case WEIGHTED -> " (URLs count " + p.urlCharacters() + ", CJK characters and emoji 2)";
            case GRAPHEMES -> " (counted in graphemes)";
            case CHARACTERS -> p.urlCharacters() != null ? " (URLs count " + p.urlCharacters() + ")" : "";
        };
        return String.format(Locale.ROOT, " is %,d characters on %s%s%s; the limit is %,d", length, p.name(), how,
                withHashtags ? " with the hashtags appended" : "", p.maxCharacters());
    }

    private static void checkMedia(List<MediaItem> media, Platform p, List<Violation> out) {
        String name = p.name();
        if (media.isEmpty()) {
            if (p.requiresMedia()) {
                out.add(new Violation(name, "media", MEDIA_REQUIRED, name + " needs " + whatMedia(p)));
            }
            return;
        }
        for (int i = 0; i < media.size(); i++) {
            MediaItem m = media.get(i);
            if (!p.supportsMediaType(m.mimeType())) {
                out.add(new Violation(name, "media[" + i + "]", MEDIA_TYPE_UNSUPPORTED,
                        name + " does not take " + (m.mimeType().isEmpty() ? "media without a type" : m.mimeType())
                                + "; it takes " + String.join(", ", p.supportedMediaTypes())));
            }
        }
        if (media.size() > p.maxMediaItems()) {
            out.add(new Violation(name, "media", TOO_MANY_MEDIA, name + " takes at most " + p.maxMediaItems()
                    + (p.maxMediaItems() == 1 ? " media item" : " media items") + "; this post has " + media.size()));
        }
        long videos = media.stream().filter(MediaItem::videoLike).count();
        if (!p.mixedMedia() && p.maxMediaItems() > 1 && videos > 0 && media.size() > 1) {
            if (videos < media.size()) {
                out.add(new Violation(name, "media", MIXED_MEDIA,
                        name + " does not mix images with a video or animated GIF: post up to " + p.maxMediaItems()
                                + " images, or one video or GIF on its own"));
            } else if (media.size() <= p.maxMediaItems()) {
                out.add(new Violation(name, "media", TOO_MANY_MEDIA,
                        name + " takes one video or animated GIF per post; this post has " + videos));
            }
        }
    }

    private static String whatMedia(Platform p) {
        boolean images = p.supportedMediaTypes().stream().anyMatch(t -> t.startsWith("image/"));
        boolean videos = p.supportedMediaTypes().stream().anyMatch(t -> t.startsWith("video/"));
        String what = images && videos ? "an image or a video" : videos ? "a video" : "an image";
        return what + " (" + String.join(", ", p.supportedMediaTypes()) + ")";
    }

    /** The distinct hashtags in a text, lower-cased, in order of appearance. */
    static Set<String> hashtagsIn(String text) {
        Set<String> tags = new LinkedHashSet<>();
        Matcher m = HASHTAG.matcher(text);
        while (m.find()) {
            tags.add(m.group().toLowerCase(Locale.ROOT));
        }
        return tags;
    }

    /** The draft's hashtags, each with one leading {@code #}, that {@code text} does not hold yet; no repeats. */
    private static List<String> missingHashtags(List<String> hashtags, String text) {
        Set<String> seen = new HashSet<>();
        List<String> missing = new ArrayList<>();
        for (String h : hashtags) {
            String tag = h.strip();
            while (tag.startsWith("#")) {
                tag = tag.substring(1);
            }
            if (tag.isEmpty() || !seen.add(tag.toLowerCase(Locale.ROOT))) {
                continue;
            }
            tag = "#" + tag;
            Pattern written = Pattern.compile("(?<![\\p{L}\\p{N}_#&])" + Pattern.quote(tag) + "(?![\\p{L}\\p{N}_])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            if (!written.matcher(text).find()) {
                missing.add(tag);
            }
        }
        return missing;
    }

    private static String withHashtags(String text, List<String> tags) {
        if (tags.isEmpty()) {
            return text;
        }
        String joined = String.join(" ", tags);
        return text.isBlank() ? joined : text.stripTrailing() + " " + joined;
    }
}
