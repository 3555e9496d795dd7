package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.store.Page;

/**
 * Review links of a tenant: made by an agency key ({@code POST /v1/tenants/{id}/review-links}), listed, revoked; and the
 * check of a token a page request carries. SKELETON: bodies come with the links work.
 */
public final class ReviewLinks {

    /**
     * Makes a link: body {campaignId?, expiresInDays (1..30, default 7), approverName, approverEmail}; returns
     * {id, url, expiresAt, tenantId, campaignId, approverName, approverEmail, createdAt, createdBy, status} — the url
     * (with the token) only in this answer.
     *
     * @param publicBase the scheme and host the url starts with (REVIEW_BASE_URL, else the request's own)
     */
    public ObjectNode create(Principal who, String tenantId, ObjectNode body, String publicBase) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The tenant's links, newest first, without tokens: {id, tenantId, campaignId, approverName, approverEmail, expiresAt, status, …}. */
    public Page<ObjectNode> list(String tenantId, int limit, String cursor) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Revokes a link (idempotent; an unknown id is 404). Its token shows the revoked page from now on. */
    public ObjectNode revoke(Principal who, String tenantId, String linkId) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** What {@code token} is: one read by its hash. Never throws for a malformed token (that is {@link LinkCheck.Unknown}). */
    public LinkCheck check(String token) {
        throw new UnsupportedOperationException("skeleton");
    }
}
