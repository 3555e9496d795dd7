package com.socialwire.posts.review.page;

/** Renders the review page and its message pages (expired, revoked, not found). SKELETON: bodies come with the page work. */
public final class ReviewPage {

    /** The page of a live link (200). */
    public Html render(ReviewView view) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** A page that shows only a message: expired (410), revoked (410), unknown (404), refused (403), too many (429). */
    public Html message(int status, String title, String text) {
        throw new UnsupportedOperationException("skeleton");
    }
}
