package com.socialwire.media.processing;

import com.socialwire.media.model.MediaItem;
import com.socialwire.media.model.MediaKeys;
import com.socialwire.media.model.MediaTypes;
import com.socialwire.media.storage.MediaObjects;
import com.socialwire.media.store.MediaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * What happens to an uploaded object (one S3 ObjectCreated record): the item it belongs to is found
 * from its key, the object's real type is read from its first bytes and compared with what was
 * declared, its size is checked, an image is measured and gets a JPEG thumbnail under
 * {@code thumbnails/} — and the item becomes {@code ready} or {@code failed} with the reason.
 *
 * <p>A bad file is a result ({@code failed}, and its bytes are deleted), never an exception; an
 * exception means the object could not be read or the item not written, and the caller lets Lambda
 * deliver the event again. Every step may run twice: the item records the ETag of the version it
 * verified, so a redelivered event is a no-op, and the write is conditional, so a deleted item
 * stays deleted (its late objects are removed) and an older version never overwrites a newer one.
 */
public final class MediaProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(MediaProcessor.class);

    /** Bytes read to recognise a type (magic numbers, WEBP header, ftyp box). */
    static final int SNIFF_BYTES = 4096;
    /** An image up to this size is read whole, measured and thumbnailed; a larger one is only measured from its first bytes. */
    static final long MAX_THUMBNAIL_SOURCE_BYTES = 64L << 20;
    static final int LARGE_IMAGE_HEADER_BYTES = 1 << 20;

    /** What became of one object: {@code ready}, {@code failed}, {@code removed} (no live item: bytes deleted) or {@code skipped}. */
    public record Result(String key, String mediaId, String outcome, String detail, long millis) {
    }

    /** The verdict on an object's bytes before it is recorded. */
    record Verdict(boolean ready, String mimeType, Integer width, Integer height, byte[] thumbnail, String thumbnailNote,
                   String failureReason) {
        static Verdict failed(String reason) {
            return new Verdict(false, null, null, null, null, null, reason);
        }

        static Verdict ready(String mimeType, Sniffer.Size size, byte[] thumbnail, String note) {
            return new Verdict(true, mimeType, size == null ? null : size.width(), size == null ? null : size.height(), thumbnail, note, null);
        }
    }

    private final MediaStore store;
    private final Function<String, MediaObjects> buckets;
    private final Clock clock;

    public MediaProcessor(MediaStore store, Function<String, MediaObjects> buckets, Clock clock) {
        this.store = store;
        this.buckets = buckets;
        this.clock = clock;
    }

    /** The live item an object belongs to, or — when there is none — the result that ends the work on it. */
    private record Owner(MediaItem item, Result done) {
    }

    private Owner owner(MediaObjects objects, String key, long started) {
        Optional<MediaKeys.Parsed> parsed = MediaKeys.parse(key);
        if (parsed.isEmpty()) {
            return new Owner(null, result(started, key, null, "skipped", "not a media upload key"));
        }
        String tenantId = parsed.get().tenantId();
        String mediaId = parsed.get().mediaId();
        Optional<MediaItem> found = store.get(tenantId, mediaId);
        if (found.isEmpty() || found.get().deleted()) {
            removeBytes(objects, key, tenantId, mediaId);
            return new Owner(null, result(started, key, mediaId, "removed",
                    "no live media item for this object (deleted or never requested); its bytes are removed"));
        }
        if (!key.equals(found.get().s3Key())) {
            return new Owner(null, result(started, key, mediaId, "skipped", "not the object key of " + mediaId));
        }
        return new Owner(found.get(), null);
    }

    public Result process(String bucket, String key) {
        long started = System.nanoTime();
        MediaObjects objects = buckets.apply(bucket);
        Owner owner = owner(objects, key, started);
        if (owner.done() != null) {
            return owner.done();
        }
        MediaItem item = owner.item();
        String tenantId = item.tenantId();
        String mediaId = item.id();
        Optional<MediaObjects.Head> head = objects.head(key);
        if (head.isEmpty()) {
            return result(started, key, mediaId, "skipped", "the object is gone");
        }
        MediaObjects.Head h = head.get();
        if (item.settled() && h.eTag().equals(item.objectETag())) {
            return result(started, key, mediaId, "skipped", "this version was already processed (" + item.status() + ")");
        }
        if (MediaItem.UPLOADING.equals(item.status())) {
            store.markProcessing(item, clock.instant());
        }
        Verdict v;
        try {
            v = inspect(objects, item, h);
        } catch (MediaObjects.Changed changed) {
            return result(started, key, mediaId, "skipped", "the object was replaced while it was read; the new version has its own event");
        }
        String thumbnailKey = MediaKeys.thumbnail(tenantId, mediaId);
        if (v.thumbnail() != null) {
            objects.put(thumbnailKey, v.thumbnail(), "image/jpeg");
        }
        MediaItem next = v.ready()
                ? item.processed(MediaItem.READY, v.mimeType(), MediaTypes.kindOf(v.mimeType()).orElseThrow(), v.width(), v.height(),
                        h.size(), v.thumbnail() == null ? null : thumbnailKey, v.thumbnailNote(), null, h.eTag(), clock.instant())
                : item.processed(MediaItem.FAILED, null, null, null, null, h.size(), null, null, v.failureReason(), h.eTag(), clock.instant());
        if (!store.recordProcessed(item, next, h.lastModified())) {
            Optional<MediaItem> now = store.get(tenantId, mediaId);
            if (now.isEmpty() || now.get().deleted()) {
                removeBytes(objects, key, tenantId, mediaId);
                return result(started, key, mediaId, "removed", "the item was deleted while its object was processed; its bytes are removed");
            }
            return result(started, key, mediaId, "skipped", "already recorded (" + now.get().status() + ")");
        }
        if (v.thumbnail() == null && item.thumbnailKey() != null) {
            objects.delete(thumbnailKey); // the thumbnail of a version this one replaced
        }
        if (!v.ready()) {
            objects.delete(key); // bytes that are not what was declared are not kept
            return result(started, key, mediaId, "failed", v.failureReason());
        }
        return result(started, key, mediaId, "ready", v.mimeType() + (v.width() == null ? "" : " " + v.width() + "x" + v.height())
                + (v.thumbnail() == null ? "" : ", thumbnail " + v.thumbnail().length + " bytes"));
    }

    /**
     * The last word on an object Lambda could not process in any of its attempts (the record came
     * back through the function's on-failure destination): a pending item ends {@code failed} with
     * {@code reason} and gives back its quota, and its bytes are removed, so nothing stays
     * {@code uploading} forever. So does a ready item whose current bytes are this unverified newer
     * version. Anything else (already settled, replaced, deleted) is left as it is.
     */
    public Result giveUp(String bucket, String key, String eTag, String reason) {
        long started = System.nanoTime();
        MediaObjects objects = buckets.apply(bucket);
        for (int attempt = 0; attempt < 3; attempt++) {
            Owner owner = owner(objects, key, started);
            MediaItem item = owner.item();
            if (item == null) {
                return owner.done();
            }
            boolean unverifiedVersion = eTag != null && !eTag.isBlank() && !eTag.equals(item.objectETag())
                    && objects.head(key).map(h -> h.eTag().equals(eTag)).orElse(false);
            if (!item.pending() && !unverifiedVersion) {
                return result(started, key, item.id(), "skipped", "already " + item.status());
            }
            if (store.markFailed(item, reason, clock.instant())) {
                removeBytes(objects, key, item.tenantId(), item.id());
                return result(started, key, item.id(), "failed", reason);
            }
        }
        throw new IllegalStateException("the media item of " + key + " kept changing while it was marked failed");
    }

    Verdict inspect(MediaObjects objects, MediaItem item, MediaObjects.Head h) {
        String declared = item.declaredMimeType();
        if (h.size() > MediaTypes.MAX_BYTES) {
            return Verdict.failed("the object is " + h.size() + " bytes; the limit is " + MediaTypes.MAX_BYTES + " (512 MB)");
        }
        if (item.sizeBytes() != null && h.size() != item.sizeBytes()) {
            return Verdict.failed("declared " + item.sizeBytes() + " bytes but the object has " + h.size());
        }
        byte[] start = objects.read(item.s3Key(), h.eTag(), SNIFF_BYTES);
        Optional<String> sniffed = Sniffer.mimeType(start);
        if (sniffed.isEmpty()) {
            return Verdict.failed("declared " + declared + " but the bytes are not a supported image or video"
                    + " (JPEG, PNG, GIF, WEBP, MP4 or QuickTime)");
        }
        String detected = sniffed.get();
        if (!MediaTypes.allowed(detected)) {
            return Verdict.failed("declared " + declared + " but the bytes are " + detected + ", which is not supported");
        }
        if (!MediaTypes.fulfils(declared, detected)) {
            return Verdict.failed("declared " + declared + " but the bytes are " + detected);
        }
        if (MediaTypes.video(detected)) {
            return Verdict.ready(detected, null, null, "no thumbnail: videos are verified by type, not decoded");
        }
        if (detected.equals("image/webp")) {
            Optional<Sniffer.Size> size = Sniffer.webpSize(start);
            if (size.isEmpty()) {
                return Verdict.failed("the bytes start like image/webp but its header states no readable size");
            }
            return Images.overPixelLimit(size.get().width(), size.get().height()).map(why -> Verdict.failed("image/webp refused: " + why))
                    .orElseGet(() -> Verdict.ready(detected, size.get(), null, "no thumbnail: WEBP is measured from its header; the JDK cannot decode it"));
        }
        boolean whole = h.size() <= MAX_THUMBNAIL_SOURCE_BYTES;
        byte[] bytes = whole ? objects.read(item.s3Key(), h.eTag(), (int) h.size())
                : objects.read(item.s3Key(), h.eTag(), LARGE_IMAGE_HEADER_BYTES);
        try {
            Images.Probe p = Images.probe(bytes, detected, whole);
            String note = p.thumbnailNote() != null ? p.thumbnailNote()
                    : whole ? null : "no thumbnail: images over " + (MAX_THUMBNAIL_SOURCE_BYTES >> 20) + " MB are measured, not decoded";
            return Verdict.ready(detected, new Sniffer.Size(p.width(), p.height()), p.thumbnail(), note);
        } catch (Images.Unreadable u) {
            return Verdict.failed("the bytes start like " + detected + " but are not a readable image: " + u.getMessage());
        } catch (Images.Refused r) {
            return Verdict.failed(detected + " refused: " + r.getMessage());
        }
    }

    /** The object and any thumbnail of an item that is not (or no longer) there. */
    private static void removeBytes(MediaObjects objects, String key, String tenantId, String mediaId) {
        objects.delete(key);
        objects.delete(MediaKeys.thumbnail(tenantId, mediaId));
    }

    private static Result result(long started, String key, String mediaId, String outcome, String detail) {
        Result r = new Result(key, mediaId, outcome, detail, (System.nanoTime() - started) / 1_000_000);
        LOG.info("media object {} ({}): {} - {} in {} ms", key, mediaId, outcome, detail, r.millis());
        return r;
    }
}
