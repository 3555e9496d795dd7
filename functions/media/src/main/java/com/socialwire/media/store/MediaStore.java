package com.socialwire.media.store;

import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.TenantRecords;
import com.socialwire.media.model.AiGeneration;
import com.socialwire.media.model.Brand;
import com.socialwire.media.model.MediaItem;
import com.socialwire.media.model.MediaQuota;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.AttrValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Media items in the single table, in the row layout {@link MediaLibrary} defines (posts read them
 * through it): {@code TENANT#{tenantId}} / {@code MEDIA#{mediaId}} with the attributes {@code id,
 * tenantId, status, kind, mimeType, s3Key, externalUrl, width, height, sizeBytes, altText} and this
 * function's own. Listed newest first through GSI1 ({@code TENANT#{id}#MEDIA} / {@code {createdAt}#{mediaId}})
 * and by status through GSI2 ({@code TENANT#{id}#MEDIA#{status}}, same sort key): a query of one
 * tenant's partition, never a scan. An AI image (source {@code ai}) also holds {@code generation}, a map: {@code model,
 * offline, prompt, templateId, size, priceCardVersion, reservedMicroCredits, settledMicroCredits}.
 *
 * <p>A deleted item stays as a tombstone ({@code status = deleted}, out of both indexes, removed by
 * TTL after a day) so that an S3 event for it that arrives late — a redelivery, or an upload to a
 * presigned URL issued before the delete — is recognised and its object removed. An upload that
 * never arrives is not removed behind the counter's back: the service marks it failed.
 *
 * <p>The tenant's storage usage is one counter item ({@code TENANT#{id}} / {@code MEDIA_USAGE}:
 * {@code usedBytes}, {@code items}), changed in the same transaction as the item whose
 * {@code quotaBytes} changes, on the condition that the item still holds what was read — so an
 * item is counted once and released once, however its writers race.
 */
public final class MediaStore {

    /** How long a tombstone stays. */
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

    static final String USAGE_SK = "MEDIA_USAGE";

    /**
     * Creates a new item (its id is new, so it cannot exist) and counts it against the tenant's
     * quota in one transaction; false, with nothing written, if it does not fit.
     */
    public boolean create(MediaItem item, MediaQuota quota) {
        long bytes = item.quotaBytes() == null ? 0 : item.quotaBytes();
        if (bytes > quota.maxBytes() || quota.maxItems() < 1) {
            return false;
        }
        Write put = new Write.Put(toItem(item), "attribute_not_exists(PK)", Map.of(), Map.of());
        Write count = new Write.Update(Table.key(MediaLibrary.pk(item.tenantId()), USAGE_SK), "ADD usedBytes :bytes, #items :one",
                "(attribute_not_exists(usedBytes) OR usedBytes <= :bytesLeft) AND (attribute_not_exists(#items) OR #items <= :itemsLeft)",
                Map.of("#items", "items"),
                Map.of(":bytes", n(bytes), ":one", n(1), ":bytesLeft", n(quota.maxBytes() - bytes), ":itemsLeft", n(quota.maxItems() - 1)));
        try {
            table.transact(List.of(put, count));
            return true;
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e, 1)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The tenant's brand as an AI image draws it: account, name, and its colours (hex strings) — {@code settings.brandColors}
     * when the tenant row has them, else the primary and accent colours of {@code settings.branding} (what the review page
     * shows). Empty if there is no such tenant.
     */
    public Optional<Brand> brand(String tenantId) {
        return table.get(TenantRecords.pk(tenantId), TenantRecords.PROFILE).map(i -> new Brand(tenantId, Item.s(i, "accountId"),
                Item.s(i, "name"), colors(Item.map(i, "settings"))));
    }

    static java.util.List<String> colors(java.util.Map<String, AttrValue> settings) {
        java.util.List<String> listed = Item.strings(settings, "brandColors");
        if (!listed.isEmpty()) {
            return listed;
        }
        java.util.List<String> out = new java.util.ArrayList<>(2);
        for (String field : new String[] {"primaryColor", "accentColor"}) {
            String hex = Item.s(Item.map(settings, "branding"), field);
            if (hex != null) {
                out.add(hex);
            }
        }
        return out;
    }

    /** What the tenant's library holds, by its counter. */
    public MediaQuota.Usage usage(String tenantId) {
        return table.get(MediaLibrary.pk(tenantId), USAGE_SK)
                .map(i -> new MediaQuota.Usage(Optional.ofNullable(Item.n(i, "usedBytes")).orElse(0L),
                        Optional.ofNullable(Item.n(i, "items")).orElse(0L)))
                .orElse(new MediaQuota.Usage(0, 0));
    }

    /** The item, tombstones included (the caller decides what a deleted item means). */
    public Optional<MediaItem> get(String tenantId, String mediaId) {
        return table.get(MediaLibrary.pk(tenantId), MediaLibrary.sk(mediaId)).map(MediaStore::fromItem);
    }

    public Page<MediaItem> list(String tenantId, String status, String kind, int limit, String cursor) {
        // on the whole items the keys-only index's page is read back as
        java.util.function.Predicate<Map<String, AttrValue>> keep = kind == null ? null : i -> kind.equals(Item.s(i, "kind"));
        Page<Map<String, AttrValue>> page = status == null
                ? table.query(Table.GSI1, Table.GSI1PK, listKey(tenantId), limit, cursor, false, keep)
                : table.query(Table.GSI2, Table.GSI2PK, statusKey(tenantId, status), limit, cursor, false, keep);
        return page.map(MediaStore::fromItem);
    }

    /** uploading → processing; false if the item is anywhere else. */
    public boolean markProcessing(MediaItem item, Instant now) {
        return table.updateIf(new Write.Update(Table.key(MediaLibrary.pk(item.tenantId()), MediaLibrary.sk(item.id())),
                "SET #status = :processing, GSI2PK = :byStatus, updatedAt = :now", "#status = :uploading",
                Map.of("#status", "status"),
                Map.of(":processing", AttrValue.fromS(MediaItem.PROCESSING),
                        ":uploading", AttrValue.fromS(MediaItem.UPLOADING),
                        ":byStatus", AttrValue.fromS(statusKey(item.tenantId(), MediaItem.PROCESSING)),
                        ":now", AttrValue.fromS(now.toString()))));
    }

    /**
     * Records what the processor found in the object version {@code processed.objectETag()} last
     * modified at {@code objectModified}: only if the item still exists and is not deleted, was not
     * already recorded for this version (a redelivered or concurrent event is a no-op), and no newer
     * version was recorded meanwhile. False if the condition did not hold.
     */
    public boolean recordProcessed(MediaItem before, MediaItem processed, Instant lastModified) {
        Instant objectModified = lastModified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // S3's precision; compared as text
        Map<String, AttrValue> item = new HashMap<>(toItem(processed));
        item.put("objectModifiedAt", AttrValue.fromS(objectModified.toString()));
        Map<String, AttrValue> values = new HashMap<>(Map.of(
                ":deleted", AttrValue.fromS(MediaItem.DELETED),
                ":etag", AttrValue.fromS(processed.objectETag()),
                ":modified", AttrValue.fromS(objectModified.toString())));
        String condition = "attribute_exists(PK) AND #status <> :deleted"
                + " AND (attribute_not_exists(objectETag) OR objectETag <> :etag)"
                + " AND (attribute_not_exists(objectModifiedAt) OR objectModifiedAt <= :modified)"
                + " AND " + holds(before, values);
        return write(new Write.Put(item, condition, Map.of("#status", "status"), values), before, processed.quotaBytes(), 0);
    }

    /**
     * Marks a pending (or unverified) item failed for {@code reason}, releasing the bytes it held: only
     * if it is still exactly as read ({@code updatedAt} and its quota unchanged). False otherwise.
     */
    public boolean markFailed(MediaItem before, String reason, Instant now) {
        MediaItem failed = before.failed(reason, now);
        Map<String, AttrValue> values = new HashMap<>(Map.of(
                ":failed", AttrValue.fromS(MediaItem.FAILED),
                ":byStatus", AttrValue.fromS(statusKey(before.tenantId(), MediaItem.FAILED)),
                ":reason", AttrValue.fromS(reason),
                ":no", AttrValue.fromBool(false),
                ":now", AttrValue.fromS(now.toString()),
                ":seen", AttrValue.fromS(before.updatedAt().toString()),
                ":deleted", AttrValue.fromS(MediaItem.DELETED)));
        String condition = "attribute_exists(PK) AND #status <> :deleted AND updatedAt = :seen AND " + holds(before, values);
        if (failed.counted()) {
            values.put(":after", n(failed.quotaBytes()));
        }
        return write(new Write.Update(Table.key(MediaLibrary.pk(before.tenantId()), MediaLibrary.sk(before.id())),
                "SET #status = :failed, GSI2PK = :byStatus, failureReason = :reason, verified = :no,"
                        + " updatedAt = :now, processedAt = :now" + (failed.counted() ? ", quotaBytes = :after" : "")
                        + " REMOVE thumbnailKey, thumbnailNote, " + Table.TTL,
                condition, Map.of("#status", "status"), values), before, failed.quotaBytes(), 0);
    }

    /**
     * Turns a live item into a tombstone and gives back its place and bytes in the quota; false if
     * it is no longer as read (absent, already deleted, or its quota changed meanwhile).
     */
    public boolean markDeleted(MediaItem before, Instant now) {
        Map<String, AttrValue> values = new HashMap<>(Map.of(
                ":deleted", AttrValue.fromS(MediaItem.DELETED),
                ":now", AttrValue.fromS(now.toString()),
                ":zero", n(0),
                ":ttl", AttrValue.fromN(Long.toString(now.plus(KEEP_UNFINISHED).getEpochSecond()))));
        String condition = "attribute_exists(PK) AND #status <> :deleted AND " + holds(before, values);
        return write(new Write.Update(Table.key(MediaLibrary.pk(before.tenantId()), MediaLibrary.sk(before.id())),
                "SET #status = :deleted, updatedAt = :now, deletedAt = :now, " + Table.TTL + " = :ttl"
                        + (before.counted() ? ", quotaBytes = :zero" : "") + " REMOVE GSI1PK, GSI1SK, GSI2PK, GSI2SK",
                condition, Map.of("#status", "status"), values), before, before.counted() ? 0L : null, before.counted() ? -1 : 0);
    }

    /** The condition that the item still holds what {@code before} held of the quota (adds its value to {@code values}). */
    private static String holds(MediaItem before, Map<String, AttrValue> values) {
        if (!before.counted()) {
            return "attribute_not_exists(quotaBytes)";
        }
        values.put(":held", n(before.quotaBytes()));
        return "quotaBytes = :held";
    }

    /**
     * Writes {@code change} of an item that held {@code before.quotaBytes()} and now holds
     * {@code heldAfter}, moving the difference (and {@code itemsDelta}) on the tenant's counter in the
     * same transaction. False if the item's condition did not hold.
     */
    private boolean write(Write change, MediaItem before, Long heldAfter, long itemsDelta) {
        long bytesDelta = before.counted() && heldAfter != null ? heldAfter - before.quotaBytes() : 0;
        List<Write> items = new ArrayList<>(List.of(change));
        if (bytesDelta != 0 || itemsDelta != 0) {
            items.add(new Write.Update(Table.key(MediaLibrary.pk(before.tenantId()), USAGE_SK), "ADD usedBytes :bytes, #items :items",
                    null, Map.of("#items", "items"), Map.of(":bytes", n(bytesDelta), ":items", n(itemsDelta))));
        }
        try {
            table.transact(items);
            return true;
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e, 0)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean conditionFailed(TransactionCanceledException e, int index) {
        return e.hasCancellationReasons() && e.cancellationReasons().size() > index
                && "ConditionalCheckFailed".equals(e.cancellationReasons().get(index).code());
    }

    private static AttrValue n(long value) {
        return AttrValue.fromN(Long.toString(value));
    }

    static Map<String, AttrValue> toItem(MediaItem m) {
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
                .n("quotaBytes", m.quotaBytes())
                .map("generation", generation(m.generation()))
                .build();
    }

    private static Map<String, AttrValue> generation(AiGeneration g) {
        return g == null ? null : Item.create()
                .s("model", g.model()).bool("offline", g.offline()).s("prompt", g.prompt()).s("templateId", g.templateId())
                .s("size", g.size()).s("priceCardVersion", g.priceCardVersion())
                .n("reservedMicroCredits", g.reservedMicroCredits()).n("settledMicroCredits", g.settledMicroCredits())
                .build();
    }

    private static AiGeneration generation(Map<String, AttrValue> g) {
        return g == null || g.isEmpty() ? null : new AiGeneration(Item.s(g, "model"), Boolean.TRUE.equals(Item.bool(g, "offline")),
                Item.s(g, "prompt"), Item.s(g, "templateId"), Item.s(g, "size"), Item.s(g, "priceCardVersion"),
                Optional.ofNullable(Item.n(g, "reservedMicroCredits")).orElse(0L), Optional.ofNullable(Item.n(g, "settledMicroCredits")).orElse(0L));
    }

    static MediaItem fromItem(Map<String, AttrValue> i) {
        Long w = Item.n(i, "width");
        Long h = Item.n(i, "height");
        return new MediaItem(Item.s(i, "id"), Item.s(i, "tenantId"), Optional.ofNullable(Item.s(i, "source")).orElse(
                Item.s(i, "s3Key") == null ? MediaItem.EXTERNAL : MediaItem.UPLOAD), Item.s(i, "status"), Item.s(i, "kind"),
                Item.s(i, "mimeType"), Item.s(i, "declaredMimeType"), Item.s(i, "filename"), Item.s(i, "originalFilename"),
                Item.s(i, "s3Key"), Item.s(i, "externalUrl"), w == null ? null : w.intValue(), h == null ? null : h.intValue(),
                Item.n(i, "sizeBytes"), Item.s(i, "altText"), Boolean.TRUE.equals(Item.bool(i, "verified")),
                Item.s(i, "thumbnailKey"), Item.s(i, "thumbnailNote"), Item.s(i, "failureReason"), Item.s(i, "objectETag"),
                Item.instant(i, "createdAt"), Item.instant(i, "updatedAt"), Item.instant(i, "processedAt"), Item.n(i, "quotaBytes"),
                generation(Item.map(i, "generation")));
    }
}
