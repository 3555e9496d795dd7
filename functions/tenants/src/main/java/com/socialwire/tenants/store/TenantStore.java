package com.socialwire.tenants.store;

import com.socialwire.shared.store.Write;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.tenants.TenantRecords;
import com.socialwire.shared.tenants.TenantZones;
import com.socialwire.shared.store.Counters;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantSettings;
import com.socialwire.shared.store.AttrValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tenants in the single table (keys in {@link Table}'s doc). An Instagram user id belongs to at
 * most one tenant, enforced by a lock row written in the same transaction as the tenant, because
 * Meta's webhooks are routed to a tenant by that id.
 */
public final class TenantStore {

    private static final String PROFILE = TenantRecords.PROFILE;
    private static final String LOCK_SK = TenantRecords.IG_USER_LOCK_SK;

    private final Table table;
    private final Counters counters;

    public TenantStore(Table table) {
        this.table = table;
        this.counters = new Counters(table);
    }

    /** A tenant as stored: its public view and the encrypted envelope of its Instagram token (or null). */
    public record Stored(Tenant tenant, String tokenEnvelope) {
    }

    public static String pk(String tenantId) {
        return TenantRecords.pk(tenantId);
    }

    static String listKey(String accountId) {
        return TenantRecords.listKey(accountId);
    }

    /** Until when Meta throttles this tenant's Graph calls, as the workers last recorded it. */
    public Optional<java.time.Instant> throttledUntil(String tenantId) {
        return table.get(pk(tenantId), PROFILE).map(i -> Item.instant(i, "graphThrottledUntil"));
    }

    /** Several tenants by id, in the order given; missing ones are skipped. */
    public List<Tenant> getAll(List<String> tenantIds) {
        List<Tenant> out = new ArrayList<>();
        for (String id : tenantIds) {
            load(id).map(Stored::tenant).ifPresent(out::add);
        }
        return out;
    }

    static String lockKey(String igUserId) {
        return TenantRecords.igUserLockKey(igUserId);
    }

    public Optional<Stored> load(String tenantId) {
        return table.get(pk(tenantId), PROFILE).map(i -> new Stored(TenantRecords.fromItem(i), Item.s(i, "igAccessTokenEnc")));
    }

    public Page<Tenant> list(String accountId, int limit, String cursor) {
        return table.query(Table.GSI1, Table.GSI1PK, listKey(accountId), limit, cursor, false).map(TenantRecords::fromItem);
    }

    public void create(Stored created) {
        Tenant tenant = created.tenant();
        List<Write> writes = new ArrayList<>();
        writes.add(new Write.Put(TenantRecords.toItem(tenant, created.tokenEnvelope()), "attribute_not_exists(PK)", Map.of(), Map.of()));
        writes.addAll(TenantZones.writes(null, tenant)); // the report run finds active tenants by zone, never by a Scan
        if (tenant.igUserId() != null) {
            writes.add(lockPut(tenant));
        }
        writes.add(counters.add("tenants", 1));
        write(writes);
    }

    /**
     * Replaces {@code before} with {@code after} if nobody changed it in between (no lost updates
     * between concurrent PATCHes); moves the Instagram user lock if the id changed.
     */
    public void update(Stored before, Stored after) {
        Tenant updated = after.tenant();
        long expectedVersion = before.tenant().version();
        String previousIgUserId = before.tenant().igUserId();
        List<Write> writes = new ArrayList<>();
        writes.add(new Write.Put(TenantRecords.toItem(updated, after.tokenEnvelope()), "version = :expected", Map.of(),
                Map.of(":expected", AttrValue.fromN(Long.toString(expectedVersion)))));
        writes.addAll(TenantZones.writes(before.tenant(), updated));
        boolean idChanged = previousIgUserId == null ? updated.igUserId() != null : !previousIgUserId.equals(updated.igUserId());
        if (idChanged) {
            if (previousIgUserId != null) {
                writes.add(new Write.Delete(Table.key(lockKey(previousIgUserId), LOCK_SK), "tenantId = :me", Map.of(),
                        Map.of(":me", AttrValue.fromS(updated.id()))));
            }
            if (updated.igUserId() != null) {
                writes.add(lockPut(updated));
            }
        }
        write(writes);
    }


    private Write lockPut(Tenant tenant) {
        return new Write.Put(Item.create().s(Table.PK, lockKey(tenant.igUserId())).s(Table.SK, LOCK_SK)
                .s("tenantId", tenant.id()).s("accountId", tenant.accountId()).build(), "attribute_not_exists(PK)", Map.of(), Map.of());
    }

    private void write(List<Write> writes) {
        try {
            table.transact(writes);
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons.size() > 1 && reasons.subList(1, reasons.size()).stream()
                    .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                // only the Instagram user lock puts carry a condition after the tenant itself
                throw new ApiException(com.socialwire.shared.http.ErrorCode.CONFLICT,
                        "this Instagram account (igUserId) is already connected to another tenant",
                        Map.of("igUserId", "already in use"));
            }
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                throw ApiException.conflict("the tenant was changed by another request; read it again and retry");
            }
            throw e;
        }
    }

}
