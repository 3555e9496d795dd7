package com.socialwire.media.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the media library accepts (the social-media-manager seed's list) and the kind each type is:
 * {@code image}, {@code gif} or {@code video}, the values of {@code ?type=} and of a registered URL's {@code type}.
 */
public final class MediaTypes {

    /** 512 MB, the largest file an upload may declare and the largest object the processor accepts. */
    public static final long MAX_BYTES = 536_870_912L;

    private static final Map<String, String> KIND = Map.of(
            "image/jpeg", "image",
            "image/png", "image",
            "image/webp", "image",
            "image/gif", "gif",
            "video/mp4", "video",
            "video/quicktime", "video");

    /** The allow-list, in a stable order for error details. */
    public static final List<String> ALLOWED = List.of("image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "video/quicktime");

    public static final List<String> KINDS = List.of("image", "gif", "video");

    private MediaTypes() {
    }

    /** Lower case, without parameters ({@code image/JPEG; q=1} is {@code image/jpeg}). */
    public static String normalize(String mimeType) {
        String s = mimeType.strip().toLowerCase(Locale.ROOT);
        int semicolon = s.indexOf(';');
        return semicolon < 0 ? s : s.substring(0, semicolon).strip();
    }

    public static boolean allowed(String mimeType) {
        return KIND.containsKey(mimeType);
    }

    public static Optional<String> kindOf(String mimeType) {
        return Optional.ofNullable(KIND.get(mimeType));
    }

    public static boolean video(String mimeType) {
        return "video".equals(KIND.get(mimeType));
    }

    /**
     * Whether bytes of {@code detected} type fulfil an upload declared as {@code declared}. Images must
     * match exactly. MP4 and QuickTime are one container family (ISO base media file format; phones
     * label .mov files either way and Instagram takes both), so a video declared as one and found to
     * be the other passes, and the item then carries the detected type.
     */
    public static boolean fulfils(String declared, String detected) {
        return declared.equals(detected) || (video(declared) && video(detected));
    }
}
