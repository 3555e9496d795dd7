package com.socialwire.posts.studio.rss;

import com.socialwire.shared.net.PublicUrls;

import java.util.Optional;

/** Says what is wrong with a URL about to be fetched (empty: it may be); {@link FeedUrls} is the one in force. */
@FunctionalInterface
public interface UrlGuard {
    Optional<PublicUrls.Problem> problem(String url);
}
