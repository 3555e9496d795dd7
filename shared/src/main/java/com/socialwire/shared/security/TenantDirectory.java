package com.socialwire.shared.security;

import com.socialwire.shared.store.Item;
import com.socialwire.shared.tenants.TenantRecords;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.AttrValue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which account a tenant belongs to, for the isolation check every tenant-scoped route gets.
 * A tenant never changes account, so answers are cached for the life of the instance.
 */
public final class TenantDirectory {

    private static final int CACHE_MAX = 10_000;

    private final Table table;
    private final Map<String, String> accountByTenant = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE_MAX;
        }
    });

    public TenantDirectory(Table table) {
        this.table = table;
    }

    public static String pk(String tenantId) {
        return TenantRecords.pk(tenantId);
    }

    public Optional<String> accountOf(String tenantId) {
        String cached = accountByTenant.get(tenantId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Map<String, AttrValue>> item = table.get(pk(tenantId), "PROFILE", false, "accountId");
        if (item.isEmpty()) {
            return Optional.empty();
        }
        String account = Item.s(item.get(), "accountId");
        accountByTenant.put(tenantId, account);
        return Optional.of(account);
    }
}
