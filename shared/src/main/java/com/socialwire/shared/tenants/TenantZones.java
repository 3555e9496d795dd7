package com.socialwire.shared.tenants;

import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The active tenants by IANA time zone: one small row per active tenant under its zone
 * ({@code TENANTS#ACTIVE#TZ#{zone}} / {@code TENANT#{tenantId}}), written in the tenant's own transaction by the tenants
 * context and read by key condition by the reports context's report run, which needs the tenants whose local 07:00 just
 * passed without scanning the table. A paused or inactive tenant has no row; a tenant that changes zone moves.
 */
public final class TenantZones {

    static final String PREFIX = "TENANTS#ACTIVE#TZ#";

    private TenantZones() {
    }

    public static String pk(String zone) {
        return PREFIX + zone;
    }

    static String sk(String tenantId) {
        return TenantRecords.pk(tenantId);
    }

    /**
     * The writes that keep a tenant's zone row in step with a change from {@code before} (null: created) to {@code after}:
     * an active tenant's row is put (again: a tenant written before these rows existed gets one on its next change), a
     * tenant no longer active or in another zone loses its old one.
     */
    public static List<Write> writes(Tenant before, Tenant after) {
        List<Write> writes = new ArrayList<>();
        boolean active = TenantStatus.ACTIVE.equals(after.status()) && after.timezone() != null;
        if (before != null && TenantStatus.ACTIVE.equals(before.status()) && before.timezone() != null
                && (!active || !Objects.equals(before.timezone(), after.timezone()))) {
            writes.add(new Write.Delete(Table.key(pk(before.timezone()), sk(before.id()))));
        }
        if (active) {
            writes.add(new Write.Put(Item.create().s(Table.PK, pk(after.timezone())).s(Table.SK, sk(after.id()))
                    .s("tenantId", after.id()).s("accountId", after.accountId()).build()));
        }
        return writes;
    }

    /** One page of the ids of the active tenants in {@code zone} (by key condition), from {@code startKey} (null: the first). */
    public static Page page(Table table, String zone, int limit, Map<String, AttrValue> startKey) {
        LeanDynamoDb.RawPage raw = table.queryPage(null, "#pk = :pk", Map.of("#pk", Table.PK), Map.of(":pk", AttrValue.fromS(pk(zone))),
                limit, startKey, true);
        List<String> ids = new ArrayList<>(raw.items().size());
        for (Map<String, AttrValue> i : raw.items()) {
            ids.add(Item.s(i, "tenantId"));
        }
        return new Page(ids, raw.lastKey());
    }

    /** Tenant ids and where the next page starts (null: none). */
    public record Page(List<String> tenantIds, Map<String, AttrValue> nextKey) {
    }
}
