package com.socialwire.media.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.LocalContext;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.S3Clients;
import com.socialwire.local.stores.Template;
import com.socialwire.media.handler.MediaProcessorHandler;
import com.socialwire.media.model.MediaItem;
import com.socialwire.media.model.MediaQuota;
import com.socialwire.media.processing.MediaProcessor;
import com.socialwire.media.storage.MediaObjects;
import com.socialwire.media.storage.S3MediaObjects;
import com.socialwire.media.store.MediaStore;
import com.socialwire.shared.Config;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.S3GetUrls;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tenant's storage quota and the end of every upload, against DynamoDB Local and S3Proxy: the
 * usage counter moves in the same transaction as the item, uploads and registrations beyond it are
 * refused with what is used, and deletes, failed processing, abandoned uploads and events given up
 * by Lambda all give back what they held — nothing stays pending, nothing is counted twice.
 */
class MediaQuotaIT {

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static final LocalContext CONTEXT = new LocalContext("MediaProcessorFunction", 1536, 60);
    static final MediaQuota SMALL = new MediaQuota(1_000, 3);
    static MediaStore store;
    static MediaObjects objects;
    static S3Client s3;
    static String bucket;
    static MediaLibrary library;
    static final MovableClock clock = new MovableClock();
    static MediaProcessor processor;

    @BeforeAll
    static void start() {
        LocalEnvironment env = LocalEnvironment.shared();
        Config config = env.functionConfig("MediaFunction");
        AwsClients aws = new AwsClients(config);
        Table table = new Table(aws.dynamoDb(), config.require("TABLE_NAME"));
        bucket = config.require("MEDIA_BUCKET");
        s3 = S3Clients.s3(aws);
        store = new MediaStore(table);
        objects = new S3MediaObjects(Lazy.of(aws::s3), bucket);
        library = new MediaLibrary(table, S3GetUrls.of(aws), bucket);
        processor = new MediaProcessor(store, name -> objects, clock);
    }

    static MediaService service(MediaQuota quota) {
        return new MediaService(store, objects, library, quota, clock);
    }

    static ObjectNode upload(long size) {
        return (ObjectNode) Json.tree("{\"filename\":\"a.png\",\"mimeType\":\"image/png\",\"sizeBytes\":" + size + "}");
    }

    static ObjectNode url(int i) {
        return (ObjectNode) Json.tree("{\"url\":\"https://cdn.example.com/" + i + ".png\",\"type\":\"image\"}");
    }

    @Test
    void uploadsBeyondTheTenantStorageQuotaAre413QuotaExceededWithUsedAndLimit() {
        MediaService media = service(SMALL);
        String tenant = Ids.next("tnt");
        media.requestUpload(tenant, upload(600));
        ApiException e = assertThrows(ApiException.class, () -> media.requestUpload(tenant, upload(500)));
        assertEquals("QUOTA_EXCEEDED", e.code().name());
        assertEquals(413, e.status());
        assertEquals(600L, e.details().get("usedBytes"));
        assertEquals(1_000L, e.details().get("limitBytes"));
        assertEquals(500L, e.details().get("requestedBytes"));
        assertEquals(new MediaQuota.Usage(600, 1), store.usage(tenant), "the refused request counted nothing");
        assertEquals(1, store.list(tenant, null, null, 10, null).items().size(), "and created nothing");
    }

    @Test
    void urlRegistrationsBeyondTheItemQuotaAre422QuotaExceeded() {
        MediaService media = service(SMALL);
        String tenant = Ids.next("tnt");
        for (int i = 0; i < 3; i++) {
            media.register(tenant, url(i));
        }
        ApiException e = assertThrows(ApiException.class, () -> media.register(tenant, url(3)));
        assertEquals("QUOTA_EXCEEDED", e.code().name());
        assertEquals(422, e.status());
        assertEquals(3L, e.details().get("usedItems"));
        assertEquals(3L, e.details().get("limitItems"));
    }

    @Test
    void deletingMediaReleasesItsQuota() {
        MediaService media = service(SMALL);
        String tenant = Ids.next("tnt");
        String big = (String) media.requestUpload(tenant, upload(600)).get("id");
        assertThrows(ApiException.class, () -> media.requestUpload(tenant, upload(500)));
        media.delete(tenant, big);
        assertEquals(new MediaQuota.Usage(0, 0), store.usage(tenant));
        media.requestUpload(tenant, upload(500));
        assertEquals(new MediaQuota.Usage(500, 1), store.usage(tenant));
        assertThrows(ApiException.class, () -> media.delete(tenant, big), "a second delete is 404 and releases nothing");
        assertEquals(new MediaQuota.Usage(500, 1), store.usage(tenant));
    }

    @Test
    void failedProcessingReleasesTheBytesOfItsUpload() {
        MediaService media = service(SMALL);
        String tenant = Ids.next("tnt");
        Map<String, Object> created = media.requestUpload(tenant, upload(600));
        String id = (String) created.get("id");
        String key = "media/" + tenant + "/" + id + "/a.png";
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("not a png at all", StandardCharsets.UTF_8));
        assertEquals("failed", processor.process(bucket, key).outcome());
        assertEquals(new MediaQuota.Usage(0, 1), store.usage(tenant), "bytes back, the failed item keeps its place until deleted");
        media.requestUpload(tenant, upload(1_000));
        media.delete(tenant, id);
        assertEquals(new MediaQuota.Usage(1_000, 1), store.usage(tenant));
    }

    @Test
    void anUploadThatNeverArrivesEndsFailedAndGivesBackItsQuota() {
        MediaService media = service(SMALL);
        String tenant = Ids.next("tnt");
        String id = (String) media.requestUpload(tenant, upload(900)).get("id");
        assertEquals("uploading", media.get(tenant, id).get("status"));
        Instant before = clock.now;
        try {
            clock.now = before.plus(MediaService.ABANDONED_AFTER).plusSeconds(1);
            // a request that needs the space settles the tenant's abandoned uploads first
            media.requestUpload(tenant, upload(500));
            Map<String, Object> item = media.get(tenant, id);
            assertEquals("failed", item.get("status"));
            assertEquals("the upload did not arrive before its URL expired", item.get("failureReason"));
            assertEquals(new MediaQuota.Usage(500, 2), store.usage(tenant));
        } finally {
            clock.now = Instant.now();
        }
    }

    @Test
    void theUsageCounterNeverAdmitsMoreThanTheQuotaUnderConcurrentRequests() throws Exception {
        MediaService media = service(new MediaQuota(1_000, 1_000));
        String tenant = Ids.next("tnt");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                results.add(pool.submit(() -> {
                    try {
                        media.requestUpload(tenant, upload(100));
                        return true;
                    } catch (ApiException refused) {
                        assertEquals("QUOTA_EXCEEDED", refused.code().name());
                        return false;
                    }
                }));
            }
            long admitted = 0;
            for (Future<Boolean> f : results) {
                admitted += f.get() ? 1 : 0;
            }
            assertEquals(10, admitted);
            assertEquals(new MediaQuota.Usage(1_000, 10), store.usage(tenant));
            assertEquals(10, store.list(tenant, null, null, 100, null).items().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUploadWhoseProcessingFailsEveryAttemptEndsFailedThroughTheFailureDestination() throws Exception {
        MediaService media = service(SMALL);
        String tenant = Ids.next("tnt");
        String id = (String) media.requestUpload(tenant, upload(16)).get("id");
        String key = "media/" + tenant + "/" + id + "/a.png";
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("sixteen bytes!!!", StandardCharsets.UTF_8));
        String eTag = s3.headObject(b -> b.bucket(bucket).key(key)).eTag().replace("\"", "");
        // what Lambda puts on the on-failure destination after the third failed attempt, as SQS hands it to the function
        String fixture = Files.readString(Template.locate().getParent().resolve("events/media-processor-gave-up.json"))
                .replace("socialwire-mediabucket", bucket)
                .replace("tnt_ReplaceWithARealId0000/med_ReplaceWithARealId0000/summer-launch.png", tenant + "/" + id + "/a.png")
                .replace("0123456789abcdef0123456789abcdef", eTag);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MediaProcessorHandler(processor).handleRequest(new ByteArrayInputStream(fixture.getBytes(StandardCharsets.UTF_8)), out, CONTEXT);
        assertEquals(0, Json.tree(out.toString(StandardCharsets.UTF_8)).path("batchItemFailures").size(), out.toString());

        Map<String, Object> item = media.get(tenant, id);
        assertEquals("failed", item.get("status"));
        assertEquals("the upload could not be processed in 3 attempts; upload it again", item.get("failureReason"));
        assertTrue(objects.head(key).isEmpty(), "its bytes are removed");
        assertEquals(new MediaQuota.Usage(0, 1), store.usage(tenant), "its bytes are given back");

        // the same record again (SQS delivers at least once) changes nothing
        out.reset();
        new MediaProcessorHandler(processor).handleRequest(new ByteArrayInputStream(fixture.getBytes(StandardCharsets.UTF_8)), out, CONTEXT);
        assertEquals(new MediaQuota.Usage(0, 1), store.usage(tenant));
        assertEquals(item.get("updatedAt"), media.get(tenant, id).get("updatedAt"));
        assertTrue(MediaItem.FAILED.equals(media.get(tenant, id).get("status")));
    }
}
