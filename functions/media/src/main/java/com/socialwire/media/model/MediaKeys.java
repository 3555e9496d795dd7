package com.socialwire.media.model;

import com.socialwire.shared.Ids;

import java.util.Optional;

/**
 * Where a media item's bytes live in the bucket. Uploads go under {@code media/} (the prefix the
 * processor's S3 event listens on); thumbnails under {@code thumbnails/}, outside it, so writing a
 * thumbnail never triggers the processor again.
 */
public final class MediaKeys {

    public static final String UPLOAD_PREFIX = "media/";
    public static final String THUMBNAIL_PREFIX = "thumbnails/";

    /** A media object key, split. */
    public record Parsed(String tenantId, String mediaId, String filename) {
    }

    private MediaKeys() {
    }

    public static String upload(String tenantId, String mediaId, String safeFilename) {
        return UPLOAD_PREFIX + tenantId + "/" + mediaId + "/" + safeFilename;
    }

    public static String thumbnail(String tenantId, String mediaId) {
        return THUMBNAIL_PREFIX + tenantId + "/" + mediaId + ".jpg";
    }

    /** {@code media/{tenantId}/{mediaId}/{filename}}, or empty for any other key. */
    public static Optional<Parsed> parse(String key) {
        if (key == null || !key.startsWith(UPLOAD_PREFIX)) {
            return Optional.empty();
        }
        String[] parts = key.split("/", -1);
        if (parts.length != 4 || !Ids.looksLike("tnt", parts[1]) || !Ids.looksLike("med", parts[2]) || parts[3].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(parts[1], parts[2], parts[3]));
    }
}
