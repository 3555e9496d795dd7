package com.socialwire.shared.security;

/** What a route demands of its caller. Every route declares one; there is no default. */
public enum Access {
    /** Anyone, no key: health checks and webhooks that carry their own signatures. */
    PUBLIC,
    /** Only the platform owner key. */
    OWNER
}
