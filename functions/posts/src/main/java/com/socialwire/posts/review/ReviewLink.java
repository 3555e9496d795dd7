package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;

import java.time.Instant;

/**
 * A review link as stored: whom it was made for, until when, and whether it was revoked. {@code tokenHash} stays in
 * the table: {@link #view} never shows it.
 */
public record ReviewLink(String id, String tenantId, String accountId, String campaignId, String approverName, String approverEmail,
                         Instant expiresAt, Instant createdAt, String createdBy, Instant revokedAt, String revokedBy, String tokenHash) {

    public static final String ACTIVE = "active";
    public static final String EXPIRED = "expired";
    public static final String REVOKED = "revoked";

    /** active | expired | revoked at {@code now} (a revoked link reads revoked even once past its expiry). */
    public String status(Instant now) {
        if (revokedAt != null) {
            return REVOKED;
        }
        return now.isBefore(expiresAt) ? ACTIVE : EXPIRED;
    }

    /** The session a page request with this link's token acts in. */
    ReviewSession session() {
        return new ReviewSession(id, accountId, tenantId, campaignId, approverName, approverEmail, expiresAt, tokenHash);
    }

    /** The API's view: {id, tenantId, campaignId, approverName, approverEmail, expiresAt, createdAt, createdBy, status, revokedAt?, revokedBy?}. */
    public ObjectNode view(Instant now) {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("tenantId", tenantId);
        o.put("campaignId", campaignId);
        o.put("approverName", approverName);
        o.put("approverEmail", approverEmail);
        o.put("expiresAt", IsoInstant.format(expiresAt));
        o.put("createdAt", IsoInstant.format(createdAt));
        o.put("createdBy", createdBy);
        o.put("status", status(now));
        if (revokedAt != null) {
            o.put("revokedAt", IsoInstant.format(revokedAt));
            o.put("revokedBy", revokedBy);
        }
        return o;
    }

    @Override
    public String toString() { // no e-mail, no hash in a log line
        return "ReviewLink[" + id + " tenant " + tenantId + "]";
    }
}
