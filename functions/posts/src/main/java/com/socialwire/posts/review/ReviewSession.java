package com.socialwire.posts.review;

import com.socialwire.shared.security.Principal;
import com.socialwire.shared.security.Role;

import java.time.Instant;
import java.util.Set;

/**
 * A verified review link: the client approver it was made for, acting with the {@code client} role for one tenant
 * (and, when {@code campaignId} is set, that campaign's posts only). Its principal's key id is the link's id, so every
 * post history entry and comment it makes reads {@code client:rvl_…}.
 *
 * @param tokenHash the SHA-256 (hex) of the link's token: what the page's CSRF token and rate limit are bound to
 */
public record ReviewSession(String linkId, String accountId, String tenantId, String campaignId, String approverName,
                            String approverEmail, Instant expiresAt, String tokenHash) {

    /** Who the workflow sees: a client of this tenant only. */
    public Principal principal() {
        return Principal.key(accountId, linkId, Role.CLIENT, Set.of(tenantId));
    }

    /** Whether {@code postCampaignId} is within this link (a link without a campaign covers every post of the tenant). */
    public boolean covers(String postCampaignId) {
        return campaignId == null || campaignId.equals(postCampaignId);
    }

    @Override
    public String toString() { // never the approver's e-mail in a log line
        return "ReviewSession[" + linkId + " tenant " + tenantId + (campaignId == null ? "" : " campaign " + campaignId) + "]";
    }
}
