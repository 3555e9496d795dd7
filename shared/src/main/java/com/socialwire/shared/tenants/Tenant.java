package com.socialwire.shared.tenants;

import java.time.Instant;
import java.util.List;

/**
 * A client brand of an agency account, as the API shows it. The Instagram access token is never
 * part of it: callers see only {@code igTokenStatus} and {@code tokenExpiresAt}.
 */
public record Tenant(
        String id,
        String accountId,
        String name,
        String igHandle,
        String igUserId,
        String igTokenStatus,
        Instant tokenExpiresAt,
        String brandVoice,
        List<String> noGoTopics,
        String status,
        String timezone,
        TenantSettings settings,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public static final String TOKEN_NONE = "none";
    public static final String TOKEN_VALID = "valid";
    public static final String TOKEN_EXPIRED = "expired";

    public Tenant withTokenStatus(String status) {
        return new Tenant(id, accountId, name, igHandle, igUserId, status, tokenExpiresAt, brandVoice, noGoTopics,
                this.status, timezone, settings, version, createdAt, updatedAt);
    }
}
