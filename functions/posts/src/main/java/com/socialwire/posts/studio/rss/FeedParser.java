package com.socialwire.posts.studio.rss;

import java.io.InputStream;
import java.net.URI;

/**
 * Reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 documents into {@link ParsedFeed}. Our seam over the parsing library
 * (Rome, {@link RomeFeedParser}): it is in low-maintenance mode, and nothing of it leaks past this interface.
 */
public interface FeedParser {

    /** Thrown for a document that is not a feed we can read (malformed XML, a DOCTYPE, an unknown format). */
    final class Unreadable extends Exception {
        public Unreadable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /**
     * Parses {@code body}, decoding it by BOM, the HTTP {@code contentType} (may be null) and the XML prolog; relative
     * links are resolved against the document's own base or {@code base} (the URL it was fetched from).
     */
    ParsedFeed parse(InputStream body, String contentType, URI base) throws Unreadable;
}
