package com.socialwire.media.store;

import com.socialwire.media.model.MediaItem;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Media items in the single table, in the row layout {@link MediaLibrary} defines (posts read them
 * through it): {@code TENANT#{tenantId}} / {@code MEDIA#{mediaId}} with the attributes {@code id,
 * tenantId, status, kind, mimeType, s3Key, externalUrl, width, height, sizeBytes, altText} and this
 * function's own. Listed newest first through GSI1 ({@code TENANT#{id}#MEDIA} / {@code {createdAt}#{mediaId}})
 * and by status through GSI2 ({@code TENANT#{id}#MEDIA#{status}}, same sort key): a query of one
 * tenant's partition, never a scan.
 *
 * <p>A deleted item stays as a tombstone ({@code status = deleted}, out of both indexes, removed by
 * TTL after a day) so that an S3 event for it that arrives late — a redelivery, or an upload to a
 * presigned URL issued before the delete — is recognised and its object removed. An upload that
 * never arrives is removed by TTL a day after it was requested.
 */
public final class MediaStore {

    /** How long a tombstone, or an upload that never arrives, stays. */
    public static final Duration KEEP_UNFINISHED = Duration.ofDays(1);

    private final Table table;

    public MediaStore(Table table) {
        this.table = table;
    }

    static String listKey(String tenantId) {
        return MediaLibrary.pk(tenantId) + "#MEDIA";
    }

    static String statusKey(String tenantId, String status) {
        return listKey(tenantId) + "#" + status;
    }

    /** Creates a new item (its id is new, so it cannot exist). */
    public void create(MediaItem item) {
        table.client().putItem(b -> b.tableName(table.name()).item(toItem(item)).conditionExpression("attribute_not_exists(PK)"));
    }

    /** The item, tombstones included (the caller decides what a deleted item means). */
    public Optional<MediaItem> get(String tenantId, String mediaId) {
        return table.get(MediaLibrary.pk(tenantId), MediaLibrary.sk(mediaId)).map(MediaStore::fromItem);
    }

    public Page<MediaItem> list(String tenantId, String status, String kind, int limit, String cursor) {
        String filter = kind == null ? null : "#kind = :kind";
        Map<String, String> names = kind == null ? Map.of() : Map.of("#kind", "kind");
        Map<String, AttributeValue> values = kind == null ? Map.of() : Map.of(":kind", AttributeValue.fromS(kind));
        Page<Map<String, AttributeValue>> page = status == null
                ? table.query(Table.GSI1, Table.GSI1PK, listKey(tenantId), limit, cursor, false, filter, names, values)
                : table.query(Table.GSI2, Table.GSI2PK, statusKey(tenantId, status), limit, cursor, false, filter, names, values);
        return page.map(MediaStore::fromItem);
    }

    /** uploading → processing; false if the item is anywhere else. */
    public boolean markProcessing(MediaItem item, Instant now) {
        try {
            table.client().updateItem(b -> b.tableName(table.name())
                    .key(Table.key(MediaLibrary.pk(item.tenantId()), MediaLibrary.sk(item.id())))
                    .updateExpression("SET #status = :processing, GSI2PK = :byStatus, updatedAt = :now")
                    .conditionExpression("#status = :uploading")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":processing", AttributeValue.fromS(MediaItem.PROCESSING),
                            ":uploading", AttributeValue.fromS(MediaItem.UPLOADING),
                            ":byStatus", AttributeValue.fromS(statusKey(item.tenantId(), MediaItem.PROCESSING)),
                            ":now", AttributeValue.fromS(now.toString()))));
            return true;
        } catch (ConditionalCheckFailedException elsewhere) {
            return false;
        }
    }

    /**
     * Records what the processor found in the object version {@code processed.objectETag()} last
     * modified at {@code objectModified}: only if the item still exists and is not deleted, was not
     * already recorded for this version (a redelivered or concurrent event is a no-op), and no newer
     * version was recorded meanwhile. False if the condition did not hold.
     */
    public boolean recordProcessed(MediaItem processed, Instant lastModified) {
        Instant objectModified = lastModified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // S3's precision; compared as text
        Map<String, AttributeValue> item = new HashMap<>(toItem(processed));
        item.put("objectModifiedAt", AttributeValue.fromS(objectModified.toString()));
        try {
            table.client().putItem(b -> b.tableName(table.name()).item(item)
                    .conditionExpression("attribute_exists(PK) AND #status <> :deleted"
                            + " AND (attribute_not_exists(objectETag) OR objectETag <> :etag)"
                            + " AND (attribute_not_exists(objectModifiedAt) OR objectModifiedAt <= :modified)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":deleted", AttributeValue.fromS(MediaItem.DELETED),
                            ":etag", AttributeValue.fromS(processed.objectETag()),
                            ":modified", AttributeValue.fromS(objectModified.toString()))));
            return true;
        } catch (ConditionalCheckFailedException notNow) {
            return false;
        }
    }

    /** Turns a live item into a tombstone; false if there is none (absent or already deleted). */
    public boolean markDeleted(String tenantId, String mediaId, Instant now) {
        try {
            table.client().updateItem(b -> b.tableName(table.name())
                    .key(Table.key(MediaLibrary.pk(tenantId), MediaLibrary.sk(mediaId)))
                    .updateExpression("SET #status = :deleted, updatedAt = :now, deletedAt = :now, " + Table.TTL + " = :ttl"
                            + " REMOVE GSI1PK, GSI1SK, GSI2PK, GSI2SK")
                    .conditionExpression("attribute_exists(PK) AND #status <> :deleted")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":deleted", AttributeValue.fromS(MediaItem.DELETED),
                            ":now", AttributeValue.fromS(now.toString()),
                            ":ttl", AttributeValue.fromN(Long.toString(now.plus(KEEP_UNFINISHED).getEpochSecond())))));
            return true;
        } catch (ConditionalCheckFailedException none) {
            return false;
        }
    }

    static Map<String, AttributeValue> toItem(MediaItem m) {
        String order = m.createdAt() + "#" + m.id();
        return Item.create()
                .s(Table.PK, MediaLibrary.pk(m.tenantId())).s(Table.SK, MediaLibrary.sk(m.id()))
                .s(Table.GSI1PK, listKey(m.tenantId())).s(Table.GSI1SK, order)
                .s(Table.GSI2PK, statusKey(m.tenantId(), m.status())).s(Table.GSI2SK, order)
                .s("type", "media")
                .s("id", m.id()).s("tenantId", m.tenantId()).s("source", m.source()).s("status", m.status())
                .s("kind", m.kind()).s("mimeType", m.mimeType()).s("declaredMimeType", m.declaredMimeType())
                .s("filename", m.filename()).s("originalFilename", m.originalFilename())
                .s("s3Key", m.s3Key()).s("externalUrl", m.externalUrl())
                .n("width", m.width()).n("height", m.height()).n("sizeBytes", m.sizeBytes())
                .s("altText", m.altText()).bool("verified", m.verified())
                .s("thumbnailKey", m.thumbnailKey()).s("thumbnailNote", m.thumbnailNote())
                .s("failureReason", m.failureReason()).s("objectETag", m.objectETag())
                .instant("createdAt", m.createdAt()).instant("updatedAt", m.updatedAt()).instant("processedAt", m.processedAt())
                // an upload that never arrives goes away by itself; a processed item is kept
                .n(Table.TTL, MediaItem.UPLOADING.equals(m.status()) ? m.createdAt().plus(KEEP_UNFINISHED).getEpochSecond() : null)
                .build();
    }

    static MediaItem fromItem(Map<String, AttributeValue> i) {
        Long w = Item.n(i, "width");
        Long h = Item.n(i, "height");
        return new MediaItem(Item.s(i, "id"), Item.s(i, "tenantId"), Optional.ofNullable(Item.s(i, "source")).orElse(
                Item.s(i, "s3Key") == null ? MediaItem.EXTERNAL : MediaItem.UPLOAD), Item.s(i, "status"), Item.s(i, "kind"),
                Item.s(i, "mimeType"), Item.s(i, "declaredMimeType"), Item.s(i, "filename"), Item.s(i, "originalFilename"),
                Item.s(i, "s3Key"), Item.s(i, "externalUrl"), w == null ? null : w.intValue(), h == null ? null : h.intValue(),
                Item.n(i, "sizeBytes"), Item.s(i, "altText"), Boolean.TRUE.equals(Item.bool(i, "verified")),
                Item.s(i, "thumbnailKey"), Item.s(i, "thumbnailNote"), Item.s(i, "failureReason"), Item.s(i, "objectETag"),
                Item.instant(i, "createdAt"), Item.instant(i, "updatedAt"), Item.instant(i, "processedAt"));
    }
}
