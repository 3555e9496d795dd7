package com.socialwire.posts.studio.rss;

import java.util.List;

/** A feed as {@link FeedParser} read it: its title and its items in document order. */
public record ParsedFeed(String title, List<FeedItem> items) {
}
