package com.socialwire.shared.security;

import java.util.Set;

/** Who is calling, once their key has been checked. */
public record Principal(Kind kind, String accountId, String keyId, Role role, Set<String> tenantIds) {

    public enum Kind { ANONYMOUS, OWNER, KEY }

    public static final Principal ANONYMOUS = new Principal(Kind.ANONYMOUS, null, null, null, Set.of());

    /** The platform owner: holder of the key whose hash is {@code OWNER_ADMIN_KEY_SHA256}. It has no account. */
    public static Principal owner() {
        return new Principal(Kind.OWNER, null, "owner", null, Set.of());
    }

    public static Principal key(String accountId, String keyId, Role role, Set<String> tenantIds) {
        return new Principal(Kind.KEY, accountId, keyId, role, tenantIds == null ? Set.of() : Set.copyOf(tenantIds));
    }

    public boolean isOwner() {
        return kind == Kind.OWNER;
    }

    /** Whether this caller may see {@code tenantId} of {@code tenantAccountId}: same account, and listed for a client key. */
    public boolean canSee(String tenantAccountId, String tenantId) {
        if (kind != Kind.KEY || accountId == null || !accountId.equals(tenantAccountId)) {
            return false;
        }
        return role != Role.CLIENT || tenantIds.contains(tenantId);
    }

    /** The subject requests are counted against for rate limits. */
    public String rateKey() {
        return kind == Kind.OWNER ? "owner" : keyId;
    }
}
