package com.socialwire.posts.studio.rss;

import java.time.Instant;

/**
 * One item of a parsed feed, in our own terms (no parser type leaks past {@link FeedParser}).
 *
 * @param guid        RSS {@code guid} / Atom {@code id}, or null
 * @param link        the item's link, absolute (resolved against the feed's base), or null
 * @param title       plain text, or empty
 * @param description plain text (HTML stripped, entities decoded), or empty
 * @param author      or empty
 * @param published   publication (else update) time, or null when the feed gives none or an unreadable one
 * @param imageUrl    an absolute image URL from an enclosure or {@code media:content}/{@code media:thumbnail}, or null
 */
public record FeedItem(String guid, String link, String title, String description, String author, Instant published, String imageUrl) {
}
