package com.socialwire.shared.media;

import com.socialwire.shared.aws.S3GetUrls;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.AttrValue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Read access to a tenant's media for other contexts: find an item by id (tenant-scoped: another
 * tenant's id is simply absent) and a URL a third party can fetch it from (a presigned GET for
 * uploads, the registered URL for external media). The media function owns the writes; the row
 * layout and attribute names are defined here, once.
 *
 * <pre>
 * media item   PK TENANT#{tenantId}   SK MEDIA#{mediaId}
 *              attributes: id, tenantId, status, kind, mimeType, s3Key, externalUrl, width, height, sizeBytes, altText,
 *              thumbnailKey, ...
 * </pre>
 */
public final class MediaLibrary {

    public static final String SK_PREFIX = "MEDIA#";

    private final Table table;
    private final S3GetUrls getUrls;
    private final String bucket;

    public MediaLibrary(Table table, S3GetUrls getUrls, String bucket) {
        this.table = table;
        this.getUrls = getUrls;
        this.bucket = bucket;
    }

    /**
     * A library that only finds items (a context that checks a media id names one of the tenant's items, e.g. a
     * tenant's logo): it builds no S3 client and has no URLs to give ({@link #fetchUrl} refuses).
     */
    public static MediaLibrary lookup(Table table) {
        return new MediaLibrary(table, null, null);
    }

    public static String pk(String tenantId) {
        return "TENANT#" + tenantId;
    }

    public static String sk(String mediaId) {
        return SK_PREFIX + mediaId;
    }

    public Optional<MediaRef> find(String tenantId, String mediaId) {
        if (mediaId == null || !mediaId.startsWith("med_")) {
            return Optional.empty();
        }
        return table.get(pk(tenantId), sk(mediaId)).filter(i -> !"deleted".equals(Item.s(i, "status"))).map(MediaLibrary::ref);
    }

    public static MediaRef ref(Map<String, AttrValue> i) {
        Long w = Item.n(i, "width");
        Long h = Item.n(i, "height");
        return new MediaRef(Item.s(i, "id"), Item.s(i, "tenantId"), Item.s(i, "status"), Item.s(i, "kind"), Item.s(i, "mimeType"),
                Item.s(i, "s3Key"), Item.s(i, "externalUrl"), w == null ? null : w.intValue(), h == null ? null : h.intValue(),
                Item.n(i, "sizeBytes"), Item.s(i, "altText"), Item.s(i, "thumbnailKey"));
    }

    /** A URL the item can be fetched from for {@code lifetime}: presigned GET for an upload, the registered URL otherwise. */
    public String fetchUrl(MediaRef ref, Duration lifetime) {
        return fetchUrl(ref.s3Key(), ref.externalUrl(), lifetime);
    }

    public String fetchUrl(String s3Key, String externalUrl, Duration lifetime) {
        if (s3Key == null) {
            return externalUrl;
        }
        if (getUrls == null) {
            throw new IllegalStateException("a lookup-only media library gives no URLs");
        }
        return getUrls.url(bucket, s3Key, lifetime);
    }

    public String bucket() {
        return bucket;
    }
}
