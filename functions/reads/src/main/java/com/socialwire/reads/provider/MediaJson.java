package com.socialwire.reads.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.reads.model.Captions;
import com.socialwire.reads.model.InstagramMedia;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.socialwire.reads.provider.ProviderJson.bool;
import static com.socialwire.reads.provider.ProviderJson.count;
import static com.socialwire.reads.provider.ProviderJson.decimal;
import static com.socialwire.reads.provider.ProviderJson.firstCount;
import static com.socialwire.reads.provider.ProviderJson.id;
import static com.socialwire.reads.provider.ProviderJson.instant;
import static com.socialwire.reads.provider.ProviderJson.integer;
import static com.socialwire.reads.provider.ProviderJson.text;

/**
 * Instagram's own media JSON, as read providers pass it on, to {@link InstagramMedia}. Two shapes exist and both are
 * read:
 * <ul>
 *   <li>the app API's item ({@code /api/v1/media/{pk}/info/} → {@code items[0]}): {@code pk}, {@code code},
 *       {@code media_type} 1 image / 2 video / 8 carousel, {@code product_type} ({@code clips} = reel),
 *       {@code caption.text}, {@code user}, {@code taken_at}, {@code like_count}, {@code comment_count},
 *       {@code play_count}, {@code image_versions2.candidates}, {@code video_versions}, {@code carousel_media},
 *       {@code clips_metadata};</li>
 *   <li>the web's GraphQL {@code xdt_shortcode_media} (formerly {@code graphql.shortcode_media}): {@code __typename}
 *       {@code XDTGraphImage|Video|Sidecar}, {@code shortcode}, {@code edge_media_to_caption}, {@code owner},
 *       {@code taken_at_timestamp}, {@code edge_media_preview_like}, {@code edge_media_to_comment},
 *       {@code video_play_count}, {@code display_url}, {@code video_url}, {@code edge_sidecar_to_children},
 *       {@code clips_music_attribution_info}.</li>
 * </ul>
 * Counts the owner hides ({@code like_and_view_counts_disabled}) are null, never the 0 or 3 Instagram then shows.
 */
final class MediaJson {

    static final String LIKES_HIDDEN = "The owner hides like and view counts: likes and views are null.";
    static final String SHORT_LIVED = "Media URLs are the provider's CDN links and expire (see each asset's expiresAt): download them now or read again.";

    /** A mapped media and the gaps it showed, in words for {@code limitations}. */
    record Mapped(InstagramMedia media, List<String> limitations) {
    }

    private MediaJson() {
    }

    /** The media object inside a provider answer (either shape, wrapped or not), or null when it holds none. */
    static JsonNode find(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        for (JsonNode candidate : new JsonNode[]{root.path("data").path("xdt_shortcode_media"), root.path("xdt_shortcode_media"),
                root.path("graphql").path("shortcode_media"), root.path("data").path("shortcode_media"),
                root.path("items").path(0), root.path("data").path("items").path(0), root.path("data")}) {
            if (candidate.isObject() && (candidate.has("shortcode") || candidate.has("code") || candidate.has("media_type")
                    || candidate.has("__typename"))) {
                return candidate;
            }
        }
        return null;
    }

    static Mapped map(JsonNode m, String requestedShortcode, Instant now) {
        boolean web = m.has("__typename") || m.has("shortcode") || m.has("display_url");
        List<String> limitations = new ArrayList<>();
        String shortcode = firstNonNull(text(m, "code"), text(m, "shortcode"), requestedShortcode);
        String type = web ? webType(m) : appType(m);
        String caption = web ? text(m.path("edge_media_to_caption").path("edges").path(0).path("node"), "text")
                : m.path("caption").isObject() ? text(m.path("caption"), "text") : text(m, "caption_text");
        boolean hidden = Boolean.TRUE.equals(bool(m, "like_and_view_counts_disabled"));
        Long likes = hidden ? null : web ? either(count(m.path("edge_media_preview_like"), "count"), count(m.path("edge_liked_by"), "count"))
                : count(m, "like_count");
        Long comments = web ? either(count(m.path("edge_media_to_comment"), "count"), count(m.path("edge_media_to_parent_comment"), "count"))
                : count(m, "comment_count");
        Long views = hidden ? null : firstCount(m, "view_count", "video_view_count");
        Long plays = hidden ? null : firstCount(m, "play_count", "ig_play_count", "video_play_count");
        Long shares = firstCount(m, "reshare_count", "share_count");
        if (hidden) {
            limitations.add(LIKES_HIDDEN);
        }
        InstagramMedia.Metrics metrics = new InstagramMedia.Metrics(likes, comments, views, plays, shares, now);
        List<InstagramMedia.Asset> assets = web ? webAssets(m) : appAssets(m);
        List<InstagramMedia.Asset> children = new ArrayList<>();
        if (web) {
            for (JsonNode edge : m.path("edge_sidecar_to_children").path("edges")) {
                List<InstagramMedia.Asset> a = webAssets(edge.path("node"));
                if (!a.isEmpty()) {
                    children.add(a.get(0));
                }
            }
        } else {
            for (JsonNode child : m.path("carousel_media")) {
                List<InstagramMedia.Asset> a = appAssets(child);
                if (!a.isEmpty()) {
                    children.add(a.get(0));
                }
            }
        }
        if (!assets.isEmpty() || !children.isEmpty()) {
            limitations.add(SHORT_LIVED);
        }
        String canonical = "https://www.instagram.com/" + ("reel".equals(type) ? "reel/" : "p/") + shortcode + "/";
        String mediaId = id(m, "pk");
        if (mediaId == null) {
            String raw = id(m, "id");
            mediaId = raw == null ? null : raw.contains("_") ? raw.substring(0, raw.indexOf('_')) : raw;
        }
        InstagramMedia media = new InstagramMedia(shortcode, mediaId, canonical, canonical, type, caption,
                Captions.hashtags(caption), Captions.mentions(caption), owner(web ? m.path("owner") : m.path("user")),
                web ? instant(m, "taken_at_timestamp") : instant(m, "taken_at"), metrics, assets, children,
                web ? webAudio(m) : appAudio(m), null, null);
        return new Mapped(media, limitations);
    }

    private static String appType(JsonNode m) {
        int mediaType = m.path("media_type").asInt(0);
        String product = m.path("product_type").asText("");
        return switch (mediaType) {
            case 8 -> "carousel";
            case 2 -> "clips".equals(product) ? "reel" : "video";
            default -> "clips".equals(product) ? "reel" : "image";
        };
    }

    private static String webType(JsonNode m) {
        String t = m.path("__typename").asText("");
        if (t.endsWith("Sidecar") || m.has("edge_sidecar_to_children")) {
            return "carousel";
        }
        if (t.endsWith("Video") || m.path("is_video").asBoolean(false)) {
            return "clips".equals(m.path("product_type").asText("")) ? "reel" : "video";
        }
        return "image";
    }

    static InstagramMedia.Owner owner(JsonNode u) {
        if (u == null || !u.isObject()) {
            return null;
        }
        Long followers = count(u, "follower_count");
        if (followers == null) {
            followers = count(u.path("edge_followed_by"), "count");
        }
        return new InstagramMedia.Owner(id(u, "pk", "pk_id", "id"), text(u, "username"), text(u, "full_name"),
                bool(u, "is_verified"), followers, text(u, "profile_pic_url"));
    }

    /** The app shape's files: a video's best rendition then its cover, or an image's best candidate. */
    private static List<InstagramMedia.Asset> appAssets(JsonNode m) {
        List<InstagramMedia.Asset> out = new ArrayList<>();
        String alt = text(m, "accessibility_caption");
        JsonNode video = largest(m.path("video_versions"), "width");
        if (video != null && text(video, "url") != null) {
            out.add(asset("video", text(video, "url"), integer(video, "width"), integer(video, "height"),
                    decimal(m, "video_duration"), alt));
        }
        JsonNode image = largest(m.path("image_versions2").path("candidates"), "width");
        if (image != null && text(image, "url") != null) {
            out.add(asset(video == null ? "image" : "cover", text(image, "url"), integer(image, "width"), integer(image, "height"), null, alt));
        }
        return out;
    }

    private static List<InstagramMedia.Asset> webAssets(JsonNode m) {
        List<InstagramMedia.Asset> out = new ArrayList<>();
        String alt = text(m, "accessibility_caption");
        Integer width = integer(m.path("dimensions"), "width");
        Integer height = integer(m.path("dimensions"), "height");
        String videoUrl = text(m, "video_url");
        if (videoUrl != null) {
            out.add(asset("video", videoUrl, width, height, decimal(m, "video_duration"), alt));
        }
        String display = text(m, "display_url");
        JsonNode best = largest(m.path("display_resources"), "config_width");
        if (best != null && text(best, "src") != null) {
            display = text(best, "src");
            width = integer(best, "config_width");
            height = integer(best, "config_height");
        }
        if (display != null) {
            out.add(asset(videoUrl == null ? "image" : "cover", display, width, height, null, alt));
        }
        return out;
    }

    private static InstagramMedia.Asset asset(String type, String url, Integer width, Integer height, Double duration, String alt) {
        return new InstagramMedia.Asset(type, url, width, height, duration, true, ProviderJson.cdnExpiry(url), alt);
    }

    /** The widest of {@code candidates} by {@code widthField}, or null when there are none. */
    private static JsonNode largest(JsonNode candidates, String widthField) {
        JsonNode best = null;
        for (JsonNode c : candidates) {
            if (best == null || c.path(widthField).asInt(0) > best.path(widthField).asInt(0)) {
                best = c;
            }
        }
        return best;
    }

    private static InstagramMedia.Audio appAudio(JsonNode m) {
        JsonNode clips = m.path("clips_metadata");
        JsonNode music = clips.path("music_info").path("music_asset_info");
        if (music.isObject() && text(music, "title") != null) {
            return new InstagramMedia.Audio(text(music, "title"), text(music, "display_artist"), false);
        }
        JsonNode original = clips.path("original_sound_info");
        if (original.isObject()) {
            return new InstagramMedia.Audio(text(original, "original_audio_title"), text(original.path("ig_artist"), "username"), true);
        }
        return null;
    }

    private static InstagramMedia.Audio webAudio(JsonNode m) {
        JsonNode a = m.path("clips_music_attribution_info");
        if (!a.isObject()) {
            return null;
        }
        boolean original = a.path("uses_original_audio").asBoolean(false);
        return new InstagramMedia.Audio(text(a, "song_name"), text(a, "artist_name"), original);
    }

    private static Long either(Long first, Long second) {
        return first != null ? first : second;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
