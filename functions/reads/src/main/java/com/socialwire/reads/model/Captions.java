package com.socialwire.reads.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hashtags and mentions of a caption as Instagram links them: {@code #} then letters (any script), digits or
 * {@code _}; {@code @} then a username ({@code A-Z a-z 0-9 . _}, at most 30, no trailing dot), not inside a word or an
 * e-mail address. Each is listed once (first spelling kept, compared without case), in caption order, without its sign.
 */
public final class Captions {

    private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_&#])#([\\p{L}\\p{M}\\p{N}_]{1,100})");
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.@])@([A-Za-z0-9._]{1,30})");
    /** A caption is at most 2,200 characters on Instagram; more than this is not read for tags. */
    private static final int MAX_SCAN = 10_000;

    private Captions() {
    }

    public static List<String> hashtags(String caption) {
        List<String> out = new ArrayList<>();
        if (caption == null) {
            return out;
        }
        Set<String> seen = new LinkedHashSet<>();
        Matcher m = HASHTAG.matcher(clip(caption));
        while (m.find()) {
            String tag = m.group(1);
            // "#2024" alone is not a hashtag on Instagram: it needs a letter or '_'
            if (tag.chars().allMatch(Character::isDigit)) {
                continue;
            }
            if (seen.add(tag.toLowerCase(Locale.ROOT))) {
                out.add(tag);
            }
        }
        return out;
    }

    public static List<String> mentions(String caption) {
        List<String> out = new ArrayList<>();
        if (caption == null) {
            return out;
        }
        Set<String> seen = new LinkedHashSet<>();
        Matcher m = MENTION.matcher(clip(caption));
        while (m.find()) {
            String name = m.group(1);
            while (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            if (!name.isEmpty() && seen.add(name.toLowerCase(Locale.ROOT))) {
                out.add(name);
            }
        }
        return out;
    }

    private static String clip(String caption) {
        return caption.length() > MAX_SCAN ? caption.substring(0, MAX_SCAN) : caption;
    }
}
