package com.socialwire.engagement.store;

import com.socialwire.engagement.model.InboxItem;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.TenantRecords;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Inbox items in the single table: {@code TENANT#{id}} / {@code INBOX#{itemId}}, listed newest
 * first through GSI1 ({@code TENANT#{id}#INBOX}) and by status through GSI2
 * ({@code TENANT#{id}#INBOX#{status}}). An item's id is derived from what Meta calls the comment
 * or message, so a redelivered webhook or job finds the same item instead of making a second.
 * Writes are conditional on the item's version: a worker and a human never overwrite each other.
 */
public final class InboxStore {

    private final Table table;

    public InboxStore(Table table) {
        this.table = table;
    }

    /** The stable item id for Meta's {@code externalId} of {@code type} in a tenant. */
    public static String idFor(String tenantId, String type, String externalId) {
        byte[] h = Hashing.sha256((tenantId + "|" + type + "|" + externalId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String digits = new BigInteger(1, java.util.Arrays.copyOf(h, 15)).toString(36);
        return "inb_" + "0".repeat(Math.max(0, 23 - digits.length())) + digits;
    }

    static String sk(String itemId) {
        return "INBOX#" + itemId;
    }

    static String listKey(String tenantId) {
        return "TENANT#" + tenantId + "#INBOX";
    }

    /** Creates the item unless it exists; true if this call created it. */
    public boolean createIfAbsent(InboxItem item) {
        try {
            table.client().putItem(b -> b.tableName(table.name()).item(toItem(item))
                    .conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    public Optional<InboxItem> get(String tenantId, String itemId) {
        return table.get(TenantRecords.pk(tenantId), sk(itemId)).map(InboxStore::fromItem);
    }

    /** Replaces the item if it is still at its version: the saved item (next version), or empty if someone changed it meanwhile. */
    public Optional<InboxItem> save(InboxItem updated) {
        InboxItem next = new InboxItem(updated.id(), updated.tenantId(), updated.platform(), updated.type(), updated.externalId(),
                updated.fromUser(), updated.content(), updated.postId(), updated.status(), updated.priority(), updated.sentiment(),
                updated.action(), updated.reason(), updated.error(), updated.flags(), updated.reply(), updated.receivedAt(), updated.createdAt(),
                updated.updatedAt(), updated.version() + 1);
        try {
            table.client().putItem(b -> b.tableName(table.name()).item(toItem(next))
                    .conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(updated.version())))));
            return Optional.of(next);
        } catch (ConditionalCheckFailedException changed) {
            return Optional.empty();
        }
    }

    public boolean delete(String tenantId, String itemId) {
        try {
            table.client().deleteItem(b -> b.tableName(table.name()).key(Table.key(TenantRecords.pk(tenantId), sk(itemId)))
                    .conditionExpression("attribute_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException missing) {
            return false;
        }
    }

    public Page<InboxItem> list(String tenantId, String status, String type, String platform, int limit, String cursor) {
        StringBuilder filter = new StringBuilder();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        if (type != null) {
            filter.append("#type = :type");
            names.put("#type", "itemType");
            values.put(":type", AttributeValue.fromS(type));
        }
        if (platform != null) {
            filter.append(filter.isEmpty() ? "" : " AND ").append("platform = :platform");
            values.put(":platform", AttributeValue.fromS(platform));
        }
        String f = filter.isEmpty() ? null : filter.toString();
        Page<Map<String, AttributeValue>> page = status == null
                ? table.query(Table.GSI1, Table.GSI1PK, listKey(tenantId), limit, cursor, false, f, names, values)
                : table.query(Table.GSI2, Table.GSI2PK, listKey(tenantId) + "#" + status, limit, cursor, false, f, names, values);
        return page.map(InboxStore::fromItem);
    }

    static Map<String, AttributeValue> toItem(InboxItem i) {
        String order = i.createdAt() + "#" + i.id();
        return Item.create()
                .s(Table.PK, TenantRecords.pk(i.tenantId())).s(Table.SK, sk(i.id()))
                .s(Table.GSI1PK, listKey(i.tenantId())).s(Table.GSI1SK, order)
                .s(Table.GSI2PK, listKey(i.tenantId()) + "#" + i.status()).s(Table.GSI2SK, order)
                .s("type", "inboxItem").s("itemType", i.type()).s("platform", i.platform())
                .n("version", i.version())
                .s("doc", Json.write(i))
                .build();
    }

    static InboxItem fromItem(Map<String, AttributeValue> item) {
        InboxItem doc = Json.read(Item.s(item, "doc"), InboxItem.class);
        long version = Optional.ofNullable(Item.n(item, "version")).orElse(doc.version());
        return new InboxItem(doc.id(), doc.tenantId(), doc.platform(), doc.type(), doc.externalId(), doc.fromUser(), doc.content(),
                doc.postId(), doc.status(), doc.priority(), doc.sentiment(), doc.action(), doc.reason(), doc.error(), doc.flags(), doc.reply(),
                doc.receivedAt(), doc.createdAt(), doc.updatedAt(), version);
    }
}
