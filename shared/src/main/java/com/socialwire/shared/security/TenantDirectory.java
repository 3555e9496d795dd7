package com.socialwire.shared.security;

import com.socialwire.shared.store.Item;
import com.socialwire.shared.tenants.TenantRecords;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.AttrValue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Which account a tenant belongs to, for the isolation check every tenant-scoped route gets.
 * A tenant never changes account, so answers are cached for the life of the instance.
 *
 * <p>{@link #prefetch} starts the read of a tenant not cached yet beside the API key's lookup and the rate limit's
 * update (one round trip instead of three in a row on a cold instance or a new tenant); {@link #accountOf} takes its
 * answer. The read is of one attribute, eventually consistent, and tells the caller nothing until the key is valid.
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

    /**
     * Starts reading {@code tenantId}'s account on a thread of its own, for {@link #accountOf(String, Future)} to take;
     * null when it is cached. A read nobody takes (the key was refused) is dropped: only a tenant found is cached.
     */
    public Future<Optional<String>> prefetch(String tenantId) {
        if (accountByTenant.containsKey(tenantId)) {
            return null;
        }
        FutureTask<Optional<String>> read = new FutureTask<>(new Read(tenantId));
        Thread t = new Thread(read, "tenant-directory");
        t.setDaemon(true);
        t.start();
        return read;
    }

    public Optional<String> accountOf(String tenantId) {
        return accountOf(tenantId, null);
    }

    /** The account of {@code tenantId}, from the cache, else {@code started} (a {@link #prefetch} of it, or null), else a read. */
    public Optional<String> accountOf(String tenantId, Future<Optional<String>> started) {
        String cached = accountByTenant.get(tenantId);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (started != null) {
            try {
                return started.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r; // the store's own failure, as if read here
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading tenant " + tenantId, e);
            }
        }
        return read(tenantId);
    }

    private Optional<String> read(String tenantId) {
        Optional<Map<String, AttrValue>> item = table.get(pk(tenantId), "PROFILE", false, "accountId");
        if (item.isEmpty()) {
            return Optional.empty();
        }
        String account = Item.s(item.get(), "accountId");
        accountByTenant.put(tenantId, account);
        return Optional.of(account);
    }

    private final class Read implements Callable<Optional<String>> {
        private final String tenantId;

        Read(String tenantId) {
            this.tenantId = tenantId;
        }

        @Override
        public Optional<String> call() {
            return read(tenantId);
        }
    }
}
