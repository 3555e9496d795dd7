package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.store.Page;

/**
 * What approvers did through review links, for the agency ({@code GET /v1/tenants/{id}/review-activity}). SKELETON:
 * bodies come with the links work.
 */
public final class ReviewActivity {

    /**
     * Records one action once: {@code eventId} (the form's nonce with the action) makes a repeated delivery a no-op.
     *
     * @param action approved | rejected | commented | rescheduled | published | approved_all | opened
     * @param detail the reason, comment text, new time, … (bounded; null: none)
     */
    public void record(ReviewSession session, String postId, String action, String detail, String eventId) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * The tenant's activity, newest first: {id, at, action, postId, campaignId, linkId, approverName, approverEmail, detail};
     * optional filters by post and link.
     */
    public Page<ObjectNode> list(String tenantId, String postId, String linkId, int limit, String cursor) {
        throw new UnsupportedOperationException("skeleton");
    }
}
