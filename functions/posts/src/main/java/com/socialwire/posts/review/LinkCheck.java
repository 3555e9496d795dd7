package com.socialwire.posts.review;

import java.time.Instant;

/** What a review token turned out to be. Nothing but {@link Valid} shows or changes anything. */
public sealed interface LinkCheck {

    /** A live link. */
    record Valid(ReviewSession session) implements LinkCheck { }

    /** A real link past its {@code expiresAt}. */
    record Expired(Instant expiredAt) implements LinkCheck { }

    /** A real link the agency revoked. */
    record Revoked(Instant revokedAt) implements LinkCheck { }

    /** Not a token we issued (malformed, tampered with, or never made). */
    record Unknown() implements LinkCheck { }
}
