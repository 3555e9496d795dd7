package com.socialwire.reads.url;

/**
 * What an Instagram URL or bare shortcode names, normalized: the same media always gives the same target, whatever the
 * host ({@code www.}, {@code m.}), path form ({@code /p/}, {@code /reel/}, {@code /reels/}, {@code /tv/}), query string
 * or trailing slash it came with.
 *
 * @param shortcode    the media's shortcode, as Instagram spells it (case matters)
 * @param kind         {@code post} | {@code reel} | {@code tv} (from the path) or {@code unknown} (a bare shortcode)
 * @param canonicalUrl {@code https://www.instagram.com/p/{shortcode}/} or {@code …/reel/{shortcode}/}
 */
public record InstagramTarget(String shortcode, String kind, String canonicalUrl) {
}
