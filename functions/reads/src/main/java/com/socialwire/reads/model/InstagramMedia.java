package com.socialwire.reads.model;

import java.time.Instant;
import java.util.List;

/**
 * One public Instagram post, carousel or reel, normalized for agents. A value the provider did not give is null, never
 * a made-up 0 or empty string. Fields are only ever added.
 *
 * @param type        {@code image} | {@code video} | {@code carousel} | {@code reel}
 * @param assets      the media's own files (short-lived provider URLs, labelled by {@link Asset#expiresAt})
 * @param children    a carousel's items, in order (empty otherwise)
 * @param transcript  a reel's transcript, or null
 * @param comments    the latest comments when asked for, else null
 */
public record InstagramMedia(String shortcode, String mediaId, String url, String canonicalUrl, String type, String caption,
                             List<String> hashtags, List<String> mentions, Owner owner, Instant timestamp, Metrics metrics,
                             List<Asset> assets, List<Asset> children, Audio audio, Transcript transcript,
                             List<InstagramComment> comments) {

    public InstagramMedia {
        hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        assets = assets == null ? List.of() : List.copyOf(assets);
        children = children == null ? List.of() : List.copyOf(children);
        comments = comments == null ? null : List.copyOf(comments);
    }

    /** Who posted it, as public as the provider showed. */
    public record Owner(String id, String username, String fullName, Boolean verified, Long followers, String profilePicUrl) {
    }

    /** Counts when the provider shows them (likes can be hidden: null). */
    public record Metrics(Long likes, Long comments, Long views, Long plays, Long shares, Instant asOf) {
    }

    /**
     * One image or video file. {@code url} is the provider's and short-lived: {@code expiresAt} when known, and
     * {@code shortLived} always true for provider CDN links.
     */
    public record Asset(String type, String url, Integer width, Integer height, Double durationSeconds, boolean shortLived,
                        Instant expiresAt, String altText) {
    }

    /** A reel's music or original audio. */
    public record Audio(String title, String artist, boolean original) {
    }

    /** A reel's transcript and where it came from: {@code provider} or {@code transcription}. */
    public record Transcript(String text, String language, String source, Double durationSeconds) {
    }
}
