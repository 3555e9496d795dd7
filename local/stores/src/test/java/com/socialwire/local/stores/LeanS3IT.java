package com.socialwire.local.stores;

import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsCallObserver;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The functions' S3 client ({@link LeanS3}) reads and writes what the SDK's client reads and writes, on the local S3
 * server (S3Proxy, which checks SigV4), as MediaFunction's identity: a seeded loop of objects of random keys, bytes,
 * content types and metadata, each written by one client and read by both — head (size, ETag, last modification,
 * type, metadata), whole and ranged reads, a read conditional on the current ETag — and the errors the media code
 * meets compared status by status and code by code: a read of another version (412 {@code PreconditionFailed}), a
 * missing key (head and get, 404 {@code NoSuchKey}); deleting a missing key succeeds for both. Its presigned upload
 * is accepted with the signed type and length and refused with another type.
 */
class LeanS3IT {

    private static final int ROUNDS = 12;
    private static final String ALPHABET = "abcXYZ019-_.~ +=&?#%*!'()$,;:@[]{}|^`<>\"é日本🙂";
    private static final List<String> TYPES = Arrays.asList("image/png", "image/jpeg", "application/octet-stream",
            "text/plain; charset=utf-8", null);

    static S3Client sdk;
    static LeanS3 lean;
    static String bucket;
    static final List<String> observed = new ArrayList<>();

    @BeforeAll
    static void start() {
        LocalEnvironment env = LocalEnvironment.shared();
        Config config = env.functionConfig("MediaFunction");
        AwsClients aws = new AwsClients(config);
        bucket = config.require("MEDIA_BUCKET");
        sdk = S3Clients.s3(aws);
        AwsCallObserver observer = new AwsCallObserver() {
            @Override
            public SdkRequest beforeCall(String service, String operation, SdkRequest request) {
                observed.add("before " + service + " " + operation);
                return request;
            }

            @Override
            public void succeeded(String service, String operation, SdkRequest request, software.amazon.awssdk.core.SdkResponse response,
                                  String accessKeyId) {
                observed.add("ok " + service + " " + operation + " " + accessKeyId);
            }

            @Override
            public void failed(String service, String operation, SdkRequest request, Throwable error, String accessKeyId) {
                observed.add("failed " + service + " " + operation + " " + ((AwsServiceException) error).statusCode());
            }
        };
        lean = new LeanS3(aws.region(), aws.credentials(), aws.endpoint("S3_ENDPOINT"), List.of(observer), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        sdk.close();
    }

    @Test
    void objectsWrittenByEitherClientReadTheSameThroughBothAndErrorsMatchTheSdks() {
        Random random = new Random(20261204);
        for (int round = 0; round < ROUNDS; round++) {
            String key = "media/leans3it/" + System.nanoTime() + "/" + randomKey(random);
            byte[] bytes = new byte[random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(200_000)];
            random.nextBytes(bytes);
            String type = TYPES.get(random.nextInt(TYPES.size()));
            boolean leanWrites = round % 2 == 0;
            String where = "round " + round + ", key " + key + ", " + bytes.length + " bytes of " + type + ", written by "
                    + (leanWrites ? "LeanS3" : "the SDK");
            if (leanWrites) {
                lean.putObject(bucket, key, bytes, type);
            } else {
                sdk.putObject(b -> b.bucket(bucket).key(key).contentType(type).metadata(Map.of("alt", "round " + key.length())),
                        RequestBody.fromBytes(bytes));
            }

            HeadObjectResponse expected = sdk.headObject(b -> b.bucket(bucket).key(key));
            LeanS3.ObjectHead head = lean.headObject(bucket, key);
            assertEquals(expected.contentLength(), head.contentLength(), where);
            assertEquals(expected.eTag(), head.eTag(), where);
            assertEquals(expected.lastModified(), head.lastModified(), where);
            assertEquals(expected.contentType(), head.contentType(), where);
            assertEquals(expected.metadata(), head.metadata(), where);

            assertArrayEquals(bytes, lean.getObject(bucket, key, null, null), where);
            assertArrayEquals(sdk.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(), lean.getObject(bucket, key, null, null), where);
            if (bytes.length > 0) {
                long from = random.nextInt(bytes.length);
                String range = "bytes=" + from + "-" + (from + random.nextInt(10_000));
                assertArrayEquals(sdk.getObjectAsBytes(b -> b.bucket(bucket).key(key).range(range)).asByteArray(),
                        lean.getObject(bucket, key, range, null), where + ", " + range);
                String first = "bytes=0-4095"; // what the processor sniffs, of the version it verified
                assertArrayEquals(sdk.getObjectAsBytes(b -> b.bucket(bucket).key(key).range(first).ifMatch(expected.eTag())).asByteArray(),
                        lean.getObject(bucket, key, first, expected.eTag()), where);
            }

            String otherVersion = "\"0123456789abcdef0123456789abcdef\"";
            sameError(() -> sdk.getObjectAsBytes(b -> b.bucket(bucket).key(key).ifMatch(otherVersion)),
                    () -> lean.getObject(bucket, key, null, otherVersion), 412, where);

            if (leanWrites) {
                sdk.deleteObject(b -> b.bucket(bucket).key(key));
            } else {
                lean.deleteObject(bucket, key);
            }
            sameError(() -> sdk.headObject(b -> b.bucket(bucket).key(key)), () -> lean.headObject(bucket, key), 404, where);
            sameError(() -> sdk.getObjectAsBytes(b -> b.bucket(bucket).key(key)), () -> lean.getObject(bucket, key, null, null), 404, where);
            lean.deleteObject(bucket, key); // a missing key deletes fine, as with the SDK
            sdk.deleteObject(b -> b.bucket(bucket).key(key));
        }
    }

    /** Both fail with the same status and S3 error code; the SDK's is its S3Exception, ours the SDK's AwsServiceException. */
    private static void sameError(Runnable bySdk, Supplier<?> byLean, int status, String where) {
        S3Exception expected = assertThrows(S3Exception.class, bySdk::run, where);
        AwsServiceException actual = assertThrows(AwsServiceException.class, byLean::get, where);
        assertEquals(status, expected.statusCode(), where);
        assertEquals(expected.statusCode(), actual.statusCode(), where);
        assertEquals(expected.awsErrorDetails().errorCode(), actual.awsErrorDetails().errorCode(), where);
        assertEquals(expected.awsErrorDetails().errorMessage(), actual.awsErrorDetails().errorMessage(), where);
        assertEquals("S3", actual.awsErrorDetails().serviceName(), where);
        assertNotNull(actual.requestId(), where);
    }

    @Test
    void aPresignedUploadIsAcceptedWithItsSignedTypeAndLengthOnlyAndReadsBackTheSame() throws Exception {
        String key = "media/leans3it/" + System.nanoTime() + "/upload me.png";
        byte[] bytes = "\u0089PNG fake but fine for S3".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        LeanS3.Presigned put = lean.presignPutObject(bucket, key, "image/png", bytes.length, Duration.ofMinutes(5));
        assertEquals(Map.of("Content-Type", "image/png", "Content-Length", Integer.toString(bytes.length)), put.signedHeaders());

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(put.url())).header("Content-Type", "image/jpeg")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode(), refused.body());
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(put.url())).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, accepted.statusCode(), accepted.body());

        assertArrayEquals(bytes, sdk.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        assertEquals("image/png", lean.headObject(bucket, key).contentType());
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(
                lean.presignGetObject(bucket, key, Duration.ofMinutes(5)).url())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(bytes, download.body());
        lean.deleteObject(bucket, key);
    }

    @Test
    void everyCallIsObservedAsAnS3CallOfTheSignersKey() {
        String key = "media/leans3it/" + System.nanoTime() + "/observed";
        observed.clear();
        lean.putObject(bucket, key, new byte[] {1, 2, 3}, null);
        lean.headObject(bucket, key);
        lean.deleteObject(bucket, key);
        assertThrows(AwsServiceException.class, () -> lean.getObject(bucket, key, null, null));
        String caller = observed.get(1).substring(observed.get(1).lastIndexOf(' ') + 1);
        assertTrue(!caller.isBlank());
        assertEquals(List.of("before S3 PutObject", "ok S3 PutObject " + caller, "before S3 HeadObject", "ok S3 HeadObject " + caller,
                "before S3 DeleteObject", "ok S3 DeleteObject " + caller, "before S3 GetObject", "failed S3 GetObject 404"), observed);
    }

    private static String randomKey(Random random) {
        int length = 1 + random.nextInt(random.nextInt(8) == 0 ? 300 : 40);
        StringBuilder key = new StringBuilder();
        while (key.length() < length) {
            key.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return key.toString();
    }
}
