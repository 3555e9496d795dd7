package com.socialwire.shared.media;

/**
 * A tenant's media item as other contexts (posts, publishing) use it.
 *
 * @param status   uploading | processing | ready | failed
 * @param kind     image | gif | video
 * @param mimeType the verified type once ready (the declared one before)
 * @param s3Key    the object's key in the media bucket, or null for a registered external URL
 * @param externalUrl the registered URL, or null for an upload
 * @param thumbnailKey the key of its JPEG thumbnail in the media bucket once the processor made one, else null
 */
public record MediaRef(String id, String tenantId, String status, String kind, String mimeType, String s3Key,
                       String externalUrl, Integer width, Integer height, Long sizeBytes, String altText, String thumbnailKey) {

    public boolean ready() {
        return "ready".equals(status);
    }

    public boolean video() {
        return "video".equals(kind);
    }
}
