package com.socialwire.accounts.model;

import com.socialwire.shared.security.ApiKeyStore.ApiKey;

import java.time.Instant;
import java.util.List;

/** An API key as the API shows it: metadata and status, never the key or its hash. */
public record KeyView(String id, String name, String role, List<String> tenantIds, String prefix, String status,
                      Instant createdAt, Instant expiresAt, Instant revokedAt) {

    public static KeyView of(ApiKey k, Instant now) {
        String status = k.revokedAt() != null ? "revoked" : k.expiresAt() != null && !k.expiresAt().isAfter(now) ? "expired" : "active";
        return new KeyView(k.id(), k.name(), k.role().json(), k.tenantIds().stream().sorted().toList(), k.prefix(), status,
                k.createdAt(), k.expiresAt(), k.revokedAt());
    }
}
