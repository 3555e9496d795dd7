package com.socialwire.posts.platform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.util.List;
import java.util.Locale;

/**
 * What one social platform accepts in a post; the registry of all of them is {@link Platforms}, the check of a draft
 * against them is {@link ContentCheck}.
 *
 * @param name                canonical lower-case name ({@code twitter}, never the alias {@code x})
 * @param maxCharacters       the limit on the post text (caption, description) as {@link #counting} counts it,
 *                            hashtags appended by Socialwire included
 * @param maxTitleCharacters  the limit on the post's {@code title} in characters (code points) where the platform
 *                            publishes one (Reddit, YouTube, Pinterest, Dribbble, TikTok photo posts), {@code null}
 *                            where a title is not used
 * @param maxMediaItems       how many media items one post may carry (a carousel, gallery or multi-image post)
 * @param supportedMediaTypes the MIME types a media item may have
 * @param supportsThreads     whether {@code threadParts} (a chain of replies) can be published
 * @param supportsHashtags    whether a draft's hashtags are appended to the text; where {@code false} they are left
 *                            out for this platform (neither appended nor counted)
 * @param supportsCarousel    whether several items form one swipeable post (carousel, gallery); informational, the
 *                            count itself is {@code maxMediaItems}
 * @param requiresMedia       whether a post needs at least one media item; these media-first platforms are also the
 *                            only ones where the text may be empty
 * @param maxHashtags         the most distinct hashtags the published text may hold, {@code null} for no limit
 * @param maxThreadParts      the most parts of a thread, 0 where threads are not supported
 * @param active              whether Socialwire can publish there now; the others validate, but publishing answers
 *                            "not connected yet"
 * @param mixedMedia          whether images and videos may share one post; where {@code false} a video or animated GIF
 *                            must be the only item
 * @param urlCharacters       how many characters every {@code http(s)://} URL counts for, whatever its length; {@code
 *                            null} where a URL counts as written
 * @param counting            how the text's length is measured
 * @param notes               what else a writer should know, for people and agents reading {@code GET /v1/platforms}
 * @param approvedApp         where publishing needs an app the platform has approved (Reddit, Dribbble), what that
 *                            means for the operator; null where any registered app publishes
 */
public record Platform(String name, int maxCharacters, Integer maxTitleCharacters, int maxMediaItems, List<String> supportedMediaTypes,
                       boolean supportsThreads, boolean supportsHashtags, boolean supportsCarousel,
                       boolean requiresMedia, Integer maxHashtags, int maxThreadParts, boolean active,
                       boolean mixedMedia, Integer urlCharacters, Counting counting, String notes, String approvedApp) {

    /** A platform any registered app publishes to. */
    public Platform(String name, int maxCharacters, Integer maxTitleCharacters, int maxMediaItems, List<String> supportedMediaTypes,
                    boolean supportsThreads, boolean supportsHashtags, boolean supportsCarousel,
                    boolean requiresMedia, Integer maxHashtags, int maxThreadParts, boolean active,
                    boolean mixedMedia, Integer urlCharacters, Counting counting, String notes) {
        this(name, maxCharacters, maxTitleCharacters, maxMediaItems, supportedMediaTypes, supportsThreads, supportsHashtags, supportsCarousel,
                requiresMedia, maxHashtags, maxThreadParts, active, mixedMedia, urlCharacters, counting, notes, null);
    }

    /** How a platform measures text length. */
    public enum Counting {
        /** Unicode code points (an emoji outside the BMP counts once, not as two UTF-16 units). */
        CHARACTERS("characters"),
        /** User-perceived characters (extended grapheme clusters): a family emoji or a flag counts once. */
        GRAPHEMES("graphemes"),
        /**
         * X's weighted count: most Latin, Greek, Cyrillic and general punctuation count 1, everything else (CJK, emoji)
         * counts 2, an emoji sequence counts 2 as a whole; text is NFC-normalized first.
         */
        WEIGHTED("weighted");

        private final String json;

        Counting(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }
    }

    public Platform {
        supportedMediaTypes = List.copyOf(supportedMediaTypes);
        if (maxHashtags != null && maxHashtags <= 0) {
            maxHashtags = null;
        }
        if (!supportsThreads) {
            maxThreadParts = 0;
        }
    }

    /** Whether the post text may be empty (a media-only post): only on media-first platforms. */
    public boolean allowsEmptyText() {
        return requiresMedia;
    }

    public boolean supportsMediaType(String mimeType) {
        return mimeType != null && supportedMediaTypes.contains(mimeType.strip().toLowerCase(Locale.ROOT));
    }

    /** The shape of {@code GET /v1/platforms/{platform}}. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("platform", name);
        o.put("active", active);
        o.put("maxCharacters", maxCharacters);
        o.put("textCounting", counting.json());
        if (maxTitleCharacters == null) {
            o.putNull("maxTitleCharacters");
        } else {
            o.put("maxTitleCharacters", maxTitleCharacters);
        }
        if (urlCharacters == null) {
            o.putNull("urlCharacters");
        } else {
            o.put("urlCharacters", urlCharacters);
        }
        o.put("allowsEmptyText", allowsEmptyText());
        o.put("maxMediaItems", maxMediaItems);
        ArrayNode types = o.putArray("supportedMediaTypes");
        supportedMediaTypes.forEach(types::add);
        o.put("requiresMedia", requiresMedia);
        o.put("supportsCarousel", supportsCarousel);
        o.put("mixedMedia", mixedMedia);
        o.put("supportsThreads", supportsThreads);
        o.put("maxThreadParts", maxThreadParts);
        o.put("supportsHashtags", supportsHashtags);
        if (maxHashtags == null) {
            o.putNull("maxHashtags");
        } else {
            o.put("maxHashtags", maxHashtags);
        }
        o.put("notes", notes);
        o.put("requiresApprovedApp", approvedApp != null);
        if (approvedApp == null) {
            o.putNull("approvedAppNote");
        } else {
            o.put("approvedAppNote", approvedApp);
        }
        return o;
    }
}
