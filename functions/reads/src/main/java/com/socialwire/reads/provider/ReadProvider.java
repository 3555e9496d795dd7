package com.socialwire.reads.provider;

import com.socialwire.reads.model.CommentsRead;
import com.socialwire.reads.model.InstagramMedia;

/**
 * Where public Instagram media is read from. There is no official lookup from a shortcode to media an app's user does
 * not own, so reads go through a pluggable provider (a configurable third-party read API over HTTP, the Graph API for
 * media a tenant owns, a labelled sandbox locally). Calls are read-only and may be repeated.
 */
public interface ReadProvider {

    /** A sanitized id for responses and the ledger ({@code readapi}, {@code graph}, {@code local-sandbox}); never a URL or key. */
    String id();

    /**
     * The media behind {@code shortcode}. {@code providerTranscript}: include a transcript if the provider has one (a reel);
     * no transcription is done here.
     */
    ReadResult<InstagramMedia> media(String shortcode, boolean providerTranscript);

    /** Up to {@code limit} comments of the media, with their replies when {@code includeReplies}. */
    ReadResult<CommentsRead> comments(String shortcode, int limit, boolean includeReplies);
}
