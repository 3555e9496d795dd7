package com.socialwire.shared.tenants;

import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.store.AttrValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's Instagram connection — {@code igUserId}, {@code igHandle}, the sealed token and its expiry on the
 * tenant's row, and the lock row that gives the Instagram account to this one tenant (Meta's webhooks are routed by
 * it) — as writes, for the code that keeps it in step with the tenant's Instagram social account. Every write is
 * conditional: a tenant already bound to another Instagram account, or an account bound to another tenant, fails the
 * transaction (409, {@link #conflict}), never rebinds.
 */
public final class InstagramBinding {

    private InstagramBinding() {
    }

    /**
     * The writes that bind {@code tenant} to {@code igUserId} with {@code tokenEnvelope} (sealed under
     * {@link TenantProfiles#tokenContext}): the profile (only if unbound or bound to this account already) and the
     * lock (only if free or this tenant's). 409 at once if the tenant as read is bound to another account.
     */
    public static List<Write> bind(Tenant tenant, String igUserId, String username, String tokenEnvelope, Instant expiresAt,
                                   Instant now) {
        if (tenant.igUserId() != null && !tenant.igUserId().equals(igUserId)) {
            throw boundElsewhere(tenant.igUserId(), igUserId);
        }
        Map<String, AttrValue> values = new HashMap<>(Map.of(":id", AttrValue.fromS(igUserId),
                ":enc", AttrValue.fromS(tokenEnvelope), ":valid", AttrValue.fromS(Tenant.TOKEN_VALID),
                ":now", AttrValue.fromS(IsoInstant.format(now)), ":one", AttrValue.fromN("1")));
        StringBuilder set = new StringBuilder("SET igUserId = :id, igAccessTokenEnc = :enc, igTokenStatus = :valid, "
                + "updatedAt = :now, version = version + :one");
        if (username != null) {
            set.append(", igHandle = :h");
            values.put(":h", AttrValue.fromS(username));
        }
        if (expiresAt != null) {
            set.append(", tokenExpiresAt = :exp");
            values.put(":exp", AttrValue.fromS(IsoInstant.format(expiresAt)));
        } else {
            set.append(" REMOVE tokenExpiresAt");
        }
        return List.of(
                new Write.Update(profileKey(tenant.id()), set.toString(),
                        "attribute_exists(PK) AND (attribute_not_exists(igUserId) OR igUserId = :id)", Map.of(), values),
                new Write.Put(Item.create().s(Table.PK, TenantRecords.igUserLockKey(igUserId)).s(Table.SK, TenantRecords.IG_USER_LOCK_SK)
                        .s("tenantId", tenant.id()).s("accountId", tenant.accountId()).build(),
                        "attribute_not_exists(PK) OR tenantId = :me", Map.of(), Map.of(":me", AttrValue.fromS(tenant.id()))));
    }

    /** The write that puts a refreshed token on the tenant, if it is still bound to {@code igUserId}. */
    public static Write.Update token(String tenantId, String igUserId, String tokenEnvelope, Instant expiresAt) {
        Map<String, AttrValue> values = new HashMap<>(Map.of(":id", AttrValue.fromS(igUserId),
                ":enc", AttrValue.fromS(tokenEnvelope), ":valid", AttrValue.fromS(Tenant.TOKEN_VALID)));
        String set = "SET igAccessTokenEnc = :enc, igTokenStatus = :valid";
        if (expiresAt != null) {
            set += ", tokenExpiresAt = :exp";
            values.put(":exp", AttrValue.fromS(IsoInstant.format(expiresAt)));
        }
        return new Write.Update(profileKey(tenantId), set, "igUserId = :id", Map.of(), values);
    }

    /** Marks the tenant's Instagram token expired, if the tenant is still bound to {@code igUserId} (as Meta's code 190 does). */
    public static Write.Update expired(String tenantId, String igUserId) {
        return new Write.Update(profileKey(tenantId), "SET igTokenStatus = :expired", "igUserId = :id", Map.of(),
                Map.of(":id", AttrValue.fromS(igUserId), ":expired", AttrValue.fromS(Tenant.TOKEN_EXPIRED)));
    }

    /** The writes that unbind the tenant from {@code igUserId} (its token gone), if it is bound to it. */
    public static List<Write> unbind(String tenantId, String igUserId, Instant now) {
        return List.of(
                new Write.Update(profileKey(tenantId), "SET igTokenStatus = :none, updatedAt = :now, version = version + :one "
                        + "REMOVE igUserId, igAccessTokenEnc, tokenExpiresAt", "igUserId = :id", Map.of(),
                        Map.of(":id", AttrValue.fromS(igUserId), ":none", AttrValue.fromS(Tenant.TOKEN_NONE),
                                ":now", AttrValue.fromS(IsoInstant.format(now)), ":one", AttrValue.fromN("1"))),
                new Write.Delete(Table.key(TenantRecords.igUserLockKey(igUserId), TenantRecords.IG_USER_LOCK_SK), "tenantId = :me",
                        Map.of(), Map.of(":me", AttrValue.fromS(tenantId))));
    }

    /** A bind whose conditions failed: the tenant or the account is taken (read again to say which). */
    public static ApiException conflict(String igUserId) {
        return new ApiException(ErrorCode.CONFLICT, "Instagram account " + igUserId + " is connected to another tenant, or "
                + "this tenant to another Instagram account; disconnect that one first",
                Map.of("igUserId", "already bound"));
    }

    private static ApiException boundElsewhere(String bound, String wanted) {
        return new ApiException(ErrorCode.CONFLICT, "this tenant is connected to Instagram account " + bound + ", not "
                + wanted + "; disconnect it first (DELETE its social account, or PATCH the tenant's igAccessToken to null)",
                Map.of("igUserId", bound));
    }

    private static Map<String, AttrValue> profileKey(String tenantId) {
        return Table.key(TenantRecords.pk(tenantId), TenantRecords.PROFILE);
    }
}
