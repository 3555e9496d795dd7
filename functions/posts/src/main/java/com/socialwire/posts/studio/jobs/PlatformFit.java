package com.socialwire.posts.studio.jobs;

import com.socialwire.posts.platform.ContentCheck;
import com.socialwire.posts.platform.Platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes a generated text fit one platform by the platform's own constraint check: hashtags are dropped from the last
 * until it fits, then the text is cut at a word; a text that cannot be made to fit is not used (never one that fails).
 */
final class PlatformFit {

    private static final Pattern NOT_TAG = Pattern.compile("[^\\p{L}\\p{N}_]");
    private static final int MAX_CUTS = 40;

    private PlatformFit() {
    }

    /** {@code text} with as many of {@code hashtags} as fit on {@code platform}, cut if it must be; empty if nothing fits. */
    static Optional<String> fit(String text, List<String> hashtags, Platform platform) {
        String body = text == null ? "" : text.strip();
        List<String> tags = new ArrayList<>(hashtags);
        while (true) {
            String candidate = withTags(body, tags);
            if (fits(candidate, platform)) {
                return Optional.of(candidate);
            }
            if (tags.isEmpty()) {
                break;
            }
            tags.remove(tags.size() - 1);
        }
        String t = body;
        for (int i = 0; i < MAX_CUTS && t.length() > 1; i++) {
            int length = Math.max(1, ContentCheck.length(platform, t));
            int keep = Math.min(t.length() - 1, (int) ((long) t.length() * (platform.maxCharacters() - 1) / length));
            t = cutAtWord(t, Math.max(1, keep)) + "…";
            if (fits(t, platform)) {
                return Optional.of(t);
            }
            t = t.substring(0, t.length() - 1);
        }
        return Optional.empty();
    }

    static boolean fits(String text, Platform platform) {
        return !text.isBlank() && ContentCheck.check(ContentCheck.Draft.of(text), List.of(platform.name())).isEmpty();
    }

    /** A model's hashtags as the posts API takes them: letters, digits and _, without the #. */
    static List<String> tags(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String r : raw) {
            String t = NOT_TAG.matcher(r).replaceAll("");
            if (!t.isEmpty() && t.length() <= 100 && !out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static String withTags(String body, List<String> tags) {
        if (tags.isEmpty()) {
            return body;
        }
        StringBuilder s = new StringBuilder(body).append("\n\n");
        for (int i = 0; i < tags.size(); i++) {
            s.append(i == 0 ? "" : " ").append('#').append(tags.get(i));
        }
        return s.toString();
    }

    private static String cutAtWord(String text, int max) {
        int space = text.lastIndexOf(' ', max);
        return (space > max / 2 ? text.substring(0, space) : text.substring(0, max)).strip();
    }
}
