package com.socialwire.media.model;

import java.time.Instant;

/**
 * A tenant's media item: an upload (bytes in the media bucket, verified by the processor) or a
 * registered external URL (not fetched, so never verified).
 *
 * @param source           {@code upload} or {@code external}
 * @param status           uploading | processing | ready | failed | deleted (a tombstone, never shown)
 * @param kind             image | gif | video
 * @param mimeType         the verified type once processed (the declared one before; may be null for an external URL)
 * @param declaredMimeType what the caller said the upload would be
 * @param sizeBytes        declared for an upload until it is processed, then the object's size
 * @param verified         true once the processor has checked the bytes of an upload and found them as declared
 * @param objectETag       the ETag of the object version the processor verified (a redelivered event for it is a no-op)
 * @param quotaBytes       the bytes this item holds of its tenant's storage quota (the declared size of an upload until
 *                         it fails or is deleted, 0 for an external URL or a failed upload); null for an item from
 *                         before the quota, which the usage counter never counted
 * @param generation       how an {@code ai} image was made; null for any other item
 */
public record MediaItem(String id, String tenantId, String source, String status, String kind, String mimeType,
                        String declaredMimeType, String filename, String originalFilename, String s3Key, String externalUrl,
                        Integer width, Integer height, Long sizeBytes, String altText, boolean verified,
                        String thumbnailKey, String thumbnailNote, String failureReason, String objectETag,
                        Instant createdAt, Instant updatedAt, Instant processedAt, Long quotaBytes, AiGeneration generation) {

    public static final String UPLOAD = "upload";
    public static final String EXTERNAL = "external";
    /** An image the AI image route generated: its bytes are written to the bucket as an upload's are, and processed alike. */
    public static final String AI = "ai";

    /** An item that is not an AI image. */
    public MediaItem(String id, String tenantId, String source, String status, String kind, String mimeType,
                     String declaredMimeType, String filename, String originalFilename, String s3Key, String externalUrl,
                     Integer width, Integer height, Long sizeBytes, String altText, boolean verified,
                     String thumbnailKey, String thumbnailNote, String failureReason, String objectETag,
                     Instant createdAt, Instant updatedAt, Instant processedAt, Long quotaBytes) {
        this(id, tenantId, source, status, kind, mimeType, declaredMimeType, filename, originalFilename, s3Key, externalUrl, width,
                height, sizeBytes, altText, verified, thumbnailKey, thumbnailNote, failureReason, objectETag, createdAt, updatedAt,
                processedAt, quotaBytes, null);
    }

    public static final String UPLOADING = "uploading";
    public static final String PROCESSING = "processing";
    public static final String READY = "ready";
    public static final String FAILED = "failed";
    public static final String DELETED = "deleted";

    public boolean deleted() {
        return DELETED.equals(status);
    }

    /** Its bytes are in the media bucket, verified by the processor: an upload or an AI image. */
    public boolean upload() {
        return UPLOAD.equals(source) || AI.equals(source);
    }

    /** Processed already (ready or failed): only a new version of the object processes it again. */
    public boolean settled() {
        return READY.equals(status) || FAILED.equals(status);
    }

    /** Still waiting for its bytes or for the processor. */
    public boolean pending() {
        return UPLOADING.equals(status) || PROCESSING.equals(status);
    }

    /** Whether the tenant's usage counter counts this item (every item created since the quota exists). */
    public boolean counted() {
        return quotaBytes != null;
    }

    /** The bytes of quota the item holds in {@code status}: an upload's size unless it failed. */
    Long quotaFor(String status, long size) {
        return quotaBytes == null ? null : upload() && !FAILED.equals(status) ? size : 0L;
    }

    /** What the processor found in the object: ready with what it measured, or failed with why. */
    public MediaItem processed(String status, String mimeType, String kind, Integer width, Integer height, long sizeBytes,
                               String thumbnailKey, String thumbnailNote, String failureReason, String objectETag, Instant now) {
        boolean ready = READY.equals(status);
        return new MediaItem(id, tenantId, source, status, ready ? kind : this.kind, ready ? mimeType : this.mimeType,
                declaredMimeType, filename, originalFilename, s3Key, externalUrl, width, height, sizeBytes, altText, ready,
                thumbnailKey, thumbnailNote, failureReason, objectETag, createdAt, now, now, quotaFor(status, sizeBytes), generation);
    }

    /** Failed for {@code reason} without a verdict on its bytes (they could not be processed, or never arrived). */
    public MediaItem failed(String reason, Instant now) {
        return new MediaItem(id, tenantId, source, FAILED, kind, mimeType, declaredMimeType, filename, originalFilename, s3Key,
                externalUrl, width, height, sizeBytes, altText, false, null, null, reason, objectETag, createdAt, now, now,
                quotaFor(FAILED, 0), generation);
    }
}
