package com.socialwire.shared.security;

import com.socialwire.shared.store.Write;
import com.socialwire.shared.Ids;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.store.AttrValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * API keys at rest: only the SHA-256 of a key is stored, and keys are found by that hash. A key
 * is {@code sw_live_} or {@code sw_test_} plus 32 base62 characters from a secure random source;
 * it is shown once, at creation. Lookups are cached per instance for {@link #CACHE_TTL}, so a
 * revoked key stops working everywhere within that time (and at once on the instance revoking it).
 */
public final class ApiKeyStore {

    public static final Duration CACHE_TTL = Duration.ofSeconds(30);
    public static final Pattern FORMAT = Pattern.compile("sw_(live|test)_[0-9A-Za-z]{32}");
    private static final String SK = "KEY";
    private static final int CACHE_MAX = 10_000;

    /** A key's metadata; never its hash, never the key. */
    public record ApiKey(String id, String accountId, String name, Role role, Set<String> tenantIds, String prefix,
                         Instant createdAt, Instant expiresAt, Instant revokedAt) {
        public boolean activeAt(Instant now) {
            return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
        }
    }

    private record Cached(ApiKey key, Instant loadedAt) {
    }

    private final Table table;
    private final Clock clock;
    private final Map<String, Cached> cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHE_MAX;
        }
    });

    public ApiKeyStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /** A new raw key for {@code environment} ({@code live} or {@code test}). */
    public static String generate(String environment) {
        if (!environment.equals("live") && !environment.equals("test")) {
            throw new IllegalArgumentException("key environment must be live or test");
        }
        return "sw_" + environment + "_" + Ids.base62(32);
    }

    public static String pk(String keyHash) {
        return "APIKEY#" + keyHash;
    }

    static String listKey(String accountId) {
        return "ACCOUNT#" + accountId + "#KEYS";
    }

    static String idKey(String keyId) {
        return "KEYID#" + keyId;
    }

    /** The key whose raw value hashes to {@code keyHash}, from cache if fresh. */
    public Optional<ApiKey> byHash(String keyHash) {
        Instant now = clock.instant();
        Cached c = cache.get(keyHash);
        if (c != null && c.loadedAt().plus(CACHE_TTL).isAfter(now)) {
            return Optional.ofNullable(c.key());
        }
        ApiKey key = table.get(pk(keyHash), SK).map(ApiKeyStore::fromItem).orElse(null);
        cache.put(keyHash, new Cached(key, now));
        return Optional.ofNullable(key);
    }

    /** The put of a new key, for a caller's transaction (a key is created with its account, or alone). */
    public Write.Put put(ApiKey key, String keyHash) {
        Map<String, AttrValue> item = Item.create()
                .s(Table.PK, pk(keyHash)).s(Table.SK, SK)
                .s(Table.GSI1PK, listKey(key.accountId())).s(Table.GSI1SK, key.createdAt() + "#" + key.id())
                .s(Table.GSI2PK, idKey(key.id())).s(Table.GSI2SK, SK)
                .s("type", "apiKey")
                .s("id", key.id()).s("accountId", key.accountId()).s("name", key.name())
                .s("role", key.role().json()).strings("tenantIds", List.copyOf(key.tenantIds()))
                .s("prefix", key.prefix())
                .instant("createdAt", key.createdAt()).instant("expiresAt", key.expiresAt())
                .build();
        return new Write.Put(item, "attribute_not_exists(PK)", Map.of(), Map.of());
    }

    public Page<ApiKey> list(String accountId, int limit, String cursor) {
        return table.query(Table.GSI1, Table.GSI1PK, listKey(accountId), limit, cursor, false).map(ApiKeyStore::fromItem);
    }

    /** The key with id {@code keyId} and the hash it is stored under. */
    public Optional<Map.Entry<String, ApiKey>> byId(String keyId) {
        LeanDynamoDb.RawPage r = table.queryPage(Table.GSI2, "GSI2PK = :k", Map.of(),
                Map.of(":k", AttrValue.fromS(idKey(keyId))), null, null, true);
        // the index holds the key's keys only: the key itself is read from the table
        return table.items(r.items()).stream().findFirst()
                .map(i -> Map.entry(Item.s(i, Table.PK).substring("APIKEY#".length()), fromItem(i)));
    }

    /**
     * Marks a key revoked, in one transaction with {@code alongWith} (e.g. a counter); true if
     * this call revoked it, false if it already was.
     */
    public boolean revoke(String keyHash, Instant at, List<? extends Write> alongWith) {
        List<Write> writes = new java.util.ArrayList<>();
        writes.add(new Write.Update(Table.key(pk(keyHash), SK), "SET revokedAt = :at",
                "attribute_exists(PK) AND attribute_not_exists(revokedAt)", Map.of(), Map.of(":at", AttrValue.fromS(at.toString()))));
        writes.addAll(alongWith);
        try {
            table.transact(writes);
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                return false;
            }
            throw e;
        } finally {
            cache.remove(keyHash);
        }
    }

    static ApiKey fromItem(Map<String, AttrValue> i) {
        return new ApiKey(Item.s(i, "id"), Item.s(i, "accountId"), Item.s(i, "name"), Role.parse(Item.s(i, "role")),
                Set.copyOf(Item.strings(i, "tenantIds")), Item.s(i, "prefix"), Item.instant(i, "createdAt"),
                Item.instant(i, "expiresAt"), Item.instant(i, "revokedAt"));
    }
}
