package com.socialwire.shared.tenants;

import com.socialwire.shared.store.Write;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.AttrValue;

import java.util.Map;
import java.util.Optional;

/**
 * Tenants as the other contexts read them: the profile, the decrypted Instagram token (only
 * in memory, only to call Meta), which tenant an Instagram account belongs to, and marking a
 * token expired when Meta says so.
 */
public final class TenantProfiles {

    private final Table table;
    private final SecretCipher cipher;

    public TenantProfiles(Table table, SecretCipher cipher) {
        this.table = table;
        this.cipher = cipher;
    }

    public Optional<Tenant> get(String tenantId) {
        return table.get(TenantRecords.pk(tenantId), TenantRecords.PROFILE).map(TenantRecords::fromItem);
    }

    /** The names of {@code tenantIds} (one BatchGetItem per 100), by id; a tenant that does not exist is left out. */
    public Map<String, String> names(java.util.Collection<String> tenantIds) {
        java.util.List<Map<String, AttrValue>> keys = new java.util.ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(tenantIds)) {
            keys.add(Table.key(TenantRecords.pk(id), TenantRecords.PROFILE));
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (Map<String, AttrValue> i : table.items(keys)) {
            out.put(Item.s(i, Table.PK).substring(TenantRecords.pk("").length()), Item.s(i, "name"));
        }
        return out;
    }

    /** A tenant and, read from the same row, its token — decrypted only if asked for. */
    public record Loaded(Tenant tenant, java.util.function.Supplier<Optional<String>> token) {
    }

    /** One read for what a worker needs: the profile and a lazily decrypted token. */
    public Optional<Loaded> load(String tenantId) {
        return table.get(TenantRecords.pk(tenantId), TenantRecords.PROFILE).map(i -> {
            String envelope = Item.s(i, "igAccessTokenEnc");
            return new Loaded(TenantRecords.fromItem(i), com.socialwire.shared.Lazy.of(() ->
                    Optional.ofNullable(envelope).map(e -> cipher.decrypt(e, tokenContext(tenantId)))));
        });
    }

    /** The tenant's Instagram access token, decrypted, or empty if it has none. */
    public Optional<String> accessToken(String tenantId) {
        return table.get(TenantRecords.pk(tenantId), TenantRecords.PROFILE)
                .map(i -> Item.s(i, "igAccessTokenEnc"))
                .map(envelope -> cipher.decrypt(envelope, tokenContext(tenantId)));
    }

    /** The tenant whose Instagram account id this is (webhooks name the account, not the tenant). */
    public Optional<String> tenantForIgUser(String igUserId) {
        return table.get(TenantRecords.igUserLockKey(igUserId), TenantRecords.IG_USER_LOCK_SK).map(i -> Item.s(i, "tenantId"));
    }

    /** Meta said the token is expired or revoked (code 190): say so on the tenant, once. */
    public void markTokenExpired(String tenantId) {
        table.updateIf(new Write.Update(Table.key(TenantRecords.pk(tenantId), TenantRecords.PROFILE),
                "SET igTokenStatus = :expired, version = version + :one", "attribute_exists(PK) AND igTokenStatus <> :expired",
                Map.of(), Map.of(":expired", AttrValue.fromS(Tenant.TOKEN_EXPIRED), ":one", AttrValue.fromN("1"))));
        // a failed condition: already expired (or no such tenant), nothing to change
    }

    /** Meta is throttling this tenant's calls until {@code until}; the tenant's health shows it. */
    public void markThrottled(String tenantId, java.time.Instant until) {
        table.update(new Write.Update(Table.key(TenantRecords.pk(tenantId), TenantRecords.PROFILE), "SET graphThrottledUntil = :until",
                "attribute_exists(PK)", Map.of(), Map.of(":until", AttrValue.fromS(until.toString()))));
    }

    public static String tokenContext(String tenantId) {
        return "tenant:" + tenantId + ":igAccessToken";
    }
}
