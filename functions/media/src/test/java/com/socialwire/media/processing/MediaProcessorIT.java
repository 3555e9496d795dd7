package com.socialwire.media.processing;

import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.media.model.MediaItem;
import com.socialwire.media.model.MediaKeys;
import com.socialwire.media.model.MediaQuota;
import com.socialwire.media.storage.MediaObjects;
import com.socialwire.media.store.MediaStore;
import com.socialwire.shared.Config;
import com.socialwire.shared.Ids;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The processor against DynamoDB Local (the table from template.yaml) and an in-memory bucket. */
class MediaProcessorIT {

    /** A bucket in memory: objects with their ETag, and a switch that makes reads fail as an S3 outage would. */
    static final class MemoryObjects implements MediaObjects {
        record Obj(byte[] bytes, String eTag, Instant modified) {
        }

        final Map<String, Obj> objects = new ConcurrentHashMap<>();
        volatile boolean unavailable;

        void upload(String key, byte[] bytes) {
            objects.put(key, new Obj(bytes, HexFormat.of().formatHex(Hashing.sha256(bytes)).substring(0, 32), Instant.now()));
        }

        @Override
        public PresignedUpload presignPut(String key, String contentType, long contentLength, Duration lifetime) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Head> head(String key) {
            Obj o = objects.get(key);
            return o == null ? Optional.empty() : Optional.of(new Head(o.bytes().length, o.eTag(), o.modified()));
        }

        @Override
        public byte[] read(String key, String eTag, int maxBytes) {
            if (unavailable) {
                throw new IllegalStateException("S3 is unavailable");
            }
            Obj o = objects.get(key);
            if (o == null || !o.eTag().equals(eTag)) {
                throw new Changed(key);
            }
            return Arrays.copyOf(o.bytes(), Math.min(maxBytes, o.bytes().length));
        }

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            upload(key, bytes);
        }

        @Override
        public void delete(String key) {
            objects.remove(key);
        }
    }

    static final MediaQuota QUOTA = new MediaQuota(MediaQuota.DEFAULT_BYTES, MediaQuota.DEFAULT_ITEMS);
    static MediaStore store;
    static MemoryObjects bucket = new MemoryObjects();
    static MediaProcessor processor;

    @BeforeAll
    static void start() {
        LocalEnvironment env = LocalEnvironment.shared();
        Config config = env.functionConfig("MediaProcessorFunction");
        store = new MediaStore(new Table(new AwsClients(config).dynamoDb(), config.require("TABLE_NAME")));
        processor = new MediaProcessor(store, name -> bucket, Clock.systemUTC());
    }

    /** An item in uploading, as the upload request leaves it, and its object as the client PUT it. */
    static MediaItem uploaded(String declaredType, long declaredSize, byte[] bytes) {
        String tenant = Ids.next("tnt");
        String id = Ids.next("med");
        Instant now = Instant.now();
        String kind = declaredType.startsWith("video/") ? "video" : declaredType.equals("image/gif") ? "gif" : "image";
        MediaItem item = new MediaItem(id, tenant, MediaItem.UPLOAD, MediaItem.UPLOADING, kind, declaredType, declaredType, "f.bin", "f.bin",
                MediaKeys.upload(tenant, id, "f.bin"), null, null, null, declaredSize, null, false, null, null, null, null, now, now, null,
                declaredSize);
        assertTrue(store.create(item, QUOTA));
        if (bytes != null) {
            bucket.upload(item.s3Key(), bytes);
        }
        return item;
    }

    static MediaItem reload(MediaItem item) {
        return store.get(item.tenantId(), item.id()).orElseThrow();
    }

    static byte[] png(int w, int h) throws Exception {
        return ImagesTest.image("png", w, h, BufferedImage.TYPE_INT_RGB);
    }

    @Test
    void aPngBecomesReadyMeasuredAndThumbnailedAndARedeliveryChangesNothing() throws Exception {
        byte[] bytes = png(640, 480);
        MediaItem item = uploaded("image/png", bytes.length, bytes);
        MediaProcessor.Result r = processor.process("bucket", item.s3Key());
        assertEquals("ready", r.outcome(), r.detail());
        MediaItem ready = reload(item);
        assertEquals(MediaItem.READY, ready.status());
        assertTrue(ready.verified());
        assertEquals(640, ready.width());
        assertEquals(480, ready.height());
        assertEquals(MediaKeys.thumbnail(item.tenantId(), item.id()), ready.thumbnailKey());
        assertTrue(bucket.objects.containsKey(ready.thumbnailKey()));

        MediaProcessor.Result again = processor.process("bucket", item.s3Key());
        assertEquals("skipped", again.outcome());
        assertEquals(ready, reload(item), "a redelivered event is a no-op");
    }

    @Test
    void bytesOfAnotherTypeFailWithTheReasonAndAreNotKept() throws Exception {
        byte[] bytes = png(10, 10);
        MediaItem item = uploaded("video/mp4", bytes.length, bytes);
        assertEquals("failed", processor.process("bucket", item.s3Key()).outcome());
        MediaItem failed = reload(item);
        assertEquals(MediaItem.FAILED, failed.status());
        assertEquals("declared video/mp4 but the bytes are image/png", failed.failureReason());
        assertFalse(failed.verified());
        assertEquals("video/mp4", failed.mimeType(), "a failed item keeps what was declared");
        assertFalse(bucket.objects.containsKey(item.s3Key()));
    }

    @Test
    void aSizeOtherThanDeclaredFails() throws Exception {
        byte[] bytes = png(10, 10);
        MediaItem item = uploaded("image/png", bytes.length + 5L, bytes);
        processor.process("bucket", item.s3Key());
        assertEquals("declared " + (bytes.length + 5) + " bytes but the object has " + bytes.length, reload(item).failureReason());
    }

    @Test
    void aQuickTimeMovieDeclaredAsMp4IsReadyWithItsRealType() {
        byte[] mov = HexFormat.of().parseHex("0000001466747970717420200000020071742020" + "00000008776964650000000c6d646174deadbeef");
        MediaItem item = uploaded("video/mp4", mov.length, mov);
        processor.process("bucket", item.s3Key());
        MediaItem ready = reload(item);
        assertEquals(MediaItem.READY, ready.status());
        assertEquals("video/quicktime", ready.mimeType());
        assertEquals("video/mp4", ready.declaredMimeType());
        assertEquals("video", ready.kind());
        assertNull(ready.width());
        assertNull(ready.thumbnailKey());
    }

    @Test
    void aDeletedItemStaysDeletedAndALateUploadIsRemoved() throws Exception {
        byte[] bytes = png(20, 20);
        MediaItem item = uploaded("image/png", bytes.length, null);
        assertTrue(store.markDeleted(item, Instant.now()));
        bucket.upload(item.s3Key(), bytes); // a PUT to the presigned URL after the delete
        assertEquals("removed", processor.process("bucket", item.s3Key()).outcome());
        assertEquals(MediaItem.DELETED, reload(item).status());
        assertFalse(bucket.objects.containsKey(item.s3Key()));
        assertFalse(bucket.objects.containsKey(MediaKeys.thumbnail(item.tenantId(), item.id())));
        assertFalse(store.markDeleted(reload(item), Instant.now()), "deleting twice finds nothing");
    }

    @Test
    void anObjectWithoutAnyItemIsRemoved() throws Exception {
        String key = MediaKeys.upload(Ids.next("tnt"), Ids.next("med"), "x.png");
        bucket.upload(key, png(5, 5));
        assertEquals("removed", processor.process("bucket", key).outcome());
        assertFalse(bucket.objects.containsKey(key));
        assertEquals("skipped", processor.process("bucket", "media/not-a-tenant/x.png").outcome());
    }

    @Test
    void aReplacedObjectIsVerifiedAgainAndLosesItsThumbnailWhenItIsBad() throws Exception {
        byte[] bytes = png(64, 64);
        MediaItem item = uploaded("image/png", bytes.length, bytes);
        processor.process("bucket", item.s3Key());
        assertNotNull(reload(item).thumbnailKey());
        byte[] garbage = new byte[bytes.length];
        Arrays.fill(garbage, (byte) 'x');
        bucket.upload(item.s3Key(), garbage); // the same presigned URL, used again with other bytes
        assertEquals("failed", processor.process("bucket", item.s3Key()).outcome());
        MediaItem failed = reload(item);
        assertEquals(MediaItem.FAILED, failed.status());
        assertNull(failed.thumbnailKey());
        assertFalse(bucket.objects.containsKey(MediaKeys.thumbnail(item.tenantId(), item.id())));
    }

    @Test
    void anUnreadableObjectThrowsForARetryAndTheRetrySucceeds() throws Exception {
        byte[] bytes = png(30, 30);
        MediaItem item = uploaded("image/png", bytes.length, bytes);
        bucket.unavailable = true;
        try {
            assertThrows(IllegalStateException.class, () -> processor.process("bucket", item.s3Key()));
        } finally {
            bucket.unavailable = false;
        }
        assertEquals(MediaItem.PROCESSING, reload(item).status());
        assertEquals("ready", processor.process("bucket", item.s3Key()).outcome());
    }

    @Test
    void aDecompressionBombOf30000x30000PixelsFailsFastWithTheReason() {
        byte[] bomb = ImagesTest.pngHeader(30_000, 30_000);
        MediaItem item = uploaded("image/png", bomb.length, bomb);
        long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        MediaProcessor.Result r = processor.process("bucket", item.s3Key());
        long heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.println("MediaProcessorIT: 30000x30000 PNG header (" + bomb.length + " bytes) " + r.outcome() + " in " + r.millis()
                + " ms, heap " + ((heapAfter - heapBefore) >> 20) + " MB more");
        assertEquals("failed", r.outcome(), r.detail());
        assertTrue(heapAfter - heapBefore < 200L << 20, "nothing of its 2.7 GB raster was allocated");
        MediaItem failed = reload(item);
        assertEquals(MediaItem.FAILED, failed.status());
        assertEquals("image/png refused: its header states 30000x30000 pixels (900 megapixels); images may have at most 100 megapixels",
                failed.failureReason());
        assertFalse(bucket.objects.containsKey(item.s3Key()), "its bytes are not kept");
    }

    @Test
    void aWebpWhoseHeaderClaimsOver100MegapixelsFails() {
        byte[] webp = webpHeader(16_384, 16_384);
        MediaItem item = uploaded("image/webp", webp.length, webp);
        assertEquals("failed", processor.process("bucket", item.s3Key()).outcome());
        assertTrue(reload(item).failureReason().contains("at most 100 megapixels"), reload(item).failureReason());
    }

    /** The smallest WEBP header that states a size: RIFF, WEBP, a VP8X chunk with width-1 and height-1. */
    static byte[] webpHeader(int width, int height) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(30).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(22)
                .put("WEBPVP8X".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(10).putInt(0);
        b.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
        b.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
        return b.array();
    }
}
