package com.socialwire.tenants.store;

import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.security.TenantDirectory;
import com.socialwire.shared.store.Counters;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.tenants.model.Tenant;
import com.socialwire.tenants.model.TenantSettings;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
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

    private static final String PROFILE = "PROFILE";
    private static final String LOCK_SK = "TENANT";

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
        return TenantDirectory.pk(tenantId);
    }

    static String listKey(String accountId) {
        return "ACCOUNT#" + accountId + "#TENANTS";
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
        return "IGUSER#" + igUserId;
    }

    public Optional<Stored> load(String tenantId) {
        return table.get(pk(tenantId), PROFILE).map(i -> new Stored(fromItem(i), Item.s(i, "igAccessTokenEnc")));
    }

    public Page<Tenant> list(String accountId, int limit, String cursor) {
        return table.query(Table.GSI1, Table.GSI1PK, listKey(accountId), limit, cursor, false).map(TenantStore::fromItem);
    }

    public void create(Stored created) {
        Tenant tenant = created.tenant();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                .item(toItem(tenant, created.tokenEnvelope()))
                .conditionExpression("attribute_not_exists(PK)").build()).build());
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
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                .item(toItem(updated, after.tokenEnvelope()))
                .conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(expectedVersion))))
                .build()).build());
        boolean idChanged = previousIgUserId == null ? updated.igUserId() != null : !previousIgUserId.equals(updated.igUserId());
        if (idChanged) {
            if (previousIgUserId != null) {
                writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                        .key(Table.key(lockKey(previousIgUserId), LOCK_SK))
                        .conditionExpression("tenantId = :me")
                        .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(updated.id())))
                        .build()).build());
            }
            if (updated.igUserId() != null) {
                writes.add(lockPut(updated));
            }
        }
        write(writes);
    }

    /** The tenant an Instagram user id belongs to (for webhook routing). */
    public Optional<String> tenantIdForIgUser(String igUserId) {
        return table.get(lockKey(igUserId), LOCK_SK).map(i -> Item.s(i, "tenantId"));
    }

    private TransactWriteItem lockPut(Tenant tenant) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                .item(Item.create().s(Table.PK, lockKey(tenant.igUserId())).s(Table.SK, LOCK_SK)
                        .s("tenantId", tenant.id()).s("accountId", tenant.accountId()).build())
                .conditionExpression("attribute_not_exists(PK)").build()).build();
    }

    private void write(List<TransactWriteItem> writes) {
        try {
            table.client().transactWriteItems(b -> b.transactItems(writes));
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

    static Map<String, AttributeValue> toItem(Tenant t, String tokenEnvelope) {
        TenantSettings s = t.settings();
        Map<String, AttributeValue> settings = Item.create()
                .bool("requiresQaApproval", s.requiresQaApproval())
                .bool("requiresClientApproval", s.requiresClientApproval())
                .s("deliveryMode", s.deliveryMode())
                .n("dailyLlmBudgetUsd", s.dailyLlmBudgetUsd())
                .bool("autoReplyComments", s.autoReplyComments())
                .bool("autoReplyDms", s.autoReplyDms())
                .build();
        Map<String, AttributeValue> item = new HashMap<>(Item.create()
                .s(Table.PK, pk(t.id())).s(Table.SK, PROFILE)
                .s(Table.GSI1PK, listKey(t.accountId())).s(Table.GSI1SK, t.createdAt() + "#" + t.id())
                .s("type", "tenant")
                .s("id", t.id()).s("accountId", t.accountId()).s("name", t.name())
                .s("igHandle", t.igHandle()).s("igUserId", t.igUserId())
                .s("igTokenStatus", tokenEnvelope == null ? Tenant.TOKEN_NONE : t.igTokenStatus())
                .s("igAccessTokenEnc", tokenEnvelope)
                .instant("tokenExpiresAt", tokenEnvelope == null ? null : t.tokenExpiresAt())
                .s("brandVoice", t.brandVoice())
                .strings("noGoTopics", t.noGoTopics())
                .s("status", t.status()).s("timezone", t.timezone())
                .map("settings", settings)
                .n("version", t.version())
                .instant("createdAt", t.createdAt()).instant("updatedAt", t.updatedAt())
                .build());
        return item;
    }

    static Tenant fromItem(Map<String, AttributeValue> i) {
        Map<String, AttributeValue> s = Item.map(i, "settings");
        TenantSettings d = TenantSettings.DEFAULTS;
        TenantSettings settings = new TenantSettings(
                orElse(Item.bool(s, "requiresQaApproval"), d.requiresQaApproval()),
                orElse(Item.bool(s, "requiresClientApproval"), d.requiresClientApproval()),
                orElse(Item.s(s, "deliveryMode"), d.deliveryMode()),
                orElse(Item.decimal(s, "dailyLlmBudgetUsd"), d.dailyLlmBudgetUsd()),
                orElse(Item.bool(s, "autoReplyComments"), d.autoReplyComments()),
                orElse(Item.bool(s, "autoReplyDms"), d.autoReplyDms()));
        return new Tenant(Item.s(i, "id"), Item.s(i, "accountId"), Item.s(i, "name"), Item.s(i, "igHandle"),
                Item.s(i, "igUserId"), orElse(Item.s(i, "igTokenStatus"), Tenant.TOKEN_NONE),
                Item.instant(i, "tokenExpiresAt"), Item.s(i, "brandVoice"), Item.strings(i, "noGoTopics"),
                Item.s(i, "status"), Item.s(i, "timezone"), settings, orElse(Item.n(i, "version"), 1L),
                Item.instant(i, "createdAt"), Item.instant(i, "updatedAt"));
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
