package com.socialwire.posts.review;

import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.media.MediaRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The picture the review page shows for a media item, served through the page's own path (its CSP allows images
 * from itself only): the processor's JPEG thumbnail, else the image itself when it is an upload of a safe raster
 * type of at most {@value #MAX_IMAGE_BYTES} bytes. Videos without a thumbnail and registered external URLs have no
 * preview (their card says so).
 */
public final class MediaPreviews {

    private static final Logger LOG = LoggerFactory.getLogger(MediaPreviews.class);

    public static final long MAX_IMAGE_BYTES = 2_000_000;
    /** Types a browser shows as an image and never runs (no SVG: it can carry script). */
    static final Set<String> SAFE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    /** Reads one object of the media bucket (S3 GetObject in the wiring). */
    @FunctionalInterface
    public interface Objects {
        byte[] get(String bucket, String key);
    }

    /** A preview's bytes and type. */
    public record Image(byte[] bytes, String contentType) { }

    private final MediaLibrary media;
    private final Objects objects;

    public MediaPreviews(MediaLibrary media, Objects objects) {
        this.media = media;
        this.objects = objects;
    }

    /** The tenant's media item {@code mediaId}, if it exists. */
    public Optional<MediaRef> find(String tenantId, String mediaId) {
        return media.find(tenantId, mediaId);
    }

    /** Whether {@link #read} has something to show for {@code ref}. */
    public static boolean previewable(MediaRef ref) {
        return ref != null && ref.ready() && (ref.thumbnailKey() != null || imageKey(ref) != null);
    }

    /** The preview's bytes, or empty when there is none (or the object cannot be read now). */
    public Optional<Image> read(MediaRef ref) {
        if (!previewable(ref)) {
            return Optional.empty();
        }
        String key = ref.thumbnailKey() != null ? ref.thumbnailKey() : imageKey(ref);
        String type = ref.thumbnailKey() != null ? "image/jpeg" : ref.mimeType().toLowerCase(Locale.ROOT);
        try {
            byte[] bytes = objects.get(media.bucket(), key);
            if (bytes == null || bytes.length == 0 || (ref.thumbnailKey() == null && bytes.length > MAX_IMAGE_BYTES)) {
                return Optional.empty();
            }
            return Optional.of(new Image(bytes, type));
        } catch (RuntimeException e) { // a missing object or an S3 hiccup: the page shows no preview
            LOG.warn("review preview of {} unreadable: {}", ref.id(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** The upload's own key when it is a small image of a safe type, else null. */
    private static String imageKey(MediaRef ref) {
        if (ref.s3Key() == null || !"image".equals(ref.kind()) || ref.mimeType() == null
                || !SAFE_TYPES.contains(ref.mimeType().toLowerCase(Locale.ROOT))
                || ref.sizeBytes() == null || ref.sizeBytes() > MAX_IMAGE_BYTES) {
            return null;
        }
        return ref.s3Key();
    }
}
