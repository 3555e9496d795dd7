package com.socialwire.shared.aws;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LeanS3}'s presigned uploads are the SDK presigner's, and its reading of S3's error documents. */
class LeanS3Test {

    @Test
    void presignedUploadsAreByteIdenticalToTheS3PresignersWithTheirSignedTypeAndLength() {
        Random random = new Random(20261205);
        List<String> keys = new ArrayList<>(S3GetUrlsTest.TRICKY_KEYS);
        for (int i = 0; i < 100; i++) {
            keys.add(S3GetUrlsTest.randomKey(random));
        }
        List<String> types = List.of("image/png", "image/jpeg", "video/mp4", "video/quicktime", "image/webp");
        int compared = 0;
        for (String region : List.of("us-east-1", "eu-west-1", "cn-north-1")) {
            for (Optional<String> endpoint : List.of(Optional.<String>empty(), Optional.of("http://127.0.0.1:4566"))) {
                for (Optional<String> session : List.of(Optional.<String>empty(), Optional.of("FwoGZXIvYXdzE+session/token=="))) {
                    AwsClients aws = S3GetUrlsTest.aws(region, endpoint, session);
                    try (S3Presigner presigner = S3GetUrlsTest.presigner(aws)) {
                        for (String bucket : List.of("socialwire-media-123456789012", "media.with.dots")) {
                            for (String key : keys) {
                                String type = types.get(random.nextInt(types.size()));
                                long length = random.nextInt(4) == 0 ? 0 : 1 + random.nextLong(512L << 20);
                                Duration lifetime = Duration.ofMinutes(1 + random.nextInt(60));
                                PresignedPutObjectRequest expected = presigner.presignPutObject(r -> r.signatureDuration(lifetime)
                                        .putObjectRequest(PutObjectRequest.builder().bucket(bucket).key(key).contentType(type)
                                                .contentLength(length).build()));
                                Clock sameInstant = Clock.fixed(S3GetUrlsTest.amzDate(expected.url().toString()), ZoneOffset.UTC);
                                LeanS3.Presigned actual = new LeanS3(aws.region(), aws.credentials(), aws.endpoint("S3_ENDPOINT"), List.of(),
                                        sameInstant).presignPutObject(bucket, key, type, length, lifetime);
                                String where = "region " + region + ", endpoint " + endpoint + ", session " + session + ", bucket "
                                        + bucket + ", key " + key + ", " + type + " of " + length;
                                assertEquals(expected.url().toString(), actual.url(), where);
                                Map<String, String> signed = new LinkedHashMap<>();
                                expected.signedHeaders().forEach((name, values) -> {
                                    if (!name.equalsIgnoreCase("host")) {
                                        signed.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
                                    }
                                });
                                Map<String, String> ours = new LinkedHashMap<>();
                                actual.signedHeaders().forEach((name, value) -> ours.put(name.toLowerCase(Locale.ROOT), value));
                                assertEquals(signed, ours, where);
                                assertEquals(expected.expiration().truncatedTo(ChronoUnit.SECONDS), actual.expiration(), where); // our clock: the URL's second
                                compared++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(compared > 1_000, "compared " + compared);
    }

    /**
     * As the SDK's S3 client (its default retry mode: 4 attempts; checked against a server that always answers 503
     * {@code SlowDown}): a throttled or failing S3 is asked 4 times, a failed precondition once.
     */
    @Test
    void retriesAsTheSdksS3ClientDoes() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        AtomicReference<String> answer = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            requests.incrementAndGet();
            String[] statusAndCode = answer.get().split(" ");
            byte[] body = ("<Error><Code>" + statusAndCode[1] + "</Code><Message>no</Message><RequestId>r1</RequestId></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(Integer.parseInt(statusAndCode[0]), body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            AwsClients aws = S3GetUrlsTest.aws("us-east-1", Optional.of("http://127.0.0.1:" + server.getAddress().getPort()), Optional.empty());
            LeanS3 s3 = new LeanS3(aws.region(), aws.credentials(), aws.endpoint("S3_ENDPOINT"), List.of(), Clock.systemUTC());
            for (String[] c : new String[][] {{"503 SlowDown", "4"}, {"500 InternalError", "4"}, {"412 PreconditionFailed", "1"},
                    {"403 AccessDenied", "1"}}) {
                answer.set(c[0]);
                requests.set(0);
                AwsServiceException e = assertThrows(
                        AwsServiceException.class, () -> s3.deleteObject("bucket", "key"));
                assertEquals(Integer.parseInt(c[1]), requests.get(), c[0]);
                assertEquals(c[0].split(" ")[1], e.awsErrorDetails().errorCode());
                assertEquals(Integer.parseInt(c[0].split(" ")[0]), e.statusCode());
                assertEquals("r1", e.requestId());
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void errorDocumentsAreReadForTheirCodeAndMessage() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PreconditionFailed</Code>"
                + "<Message>At least one of the pre-conditions you specified did not hold &amp; &lt;If-Match&gt;</Message>"
                + "<Condition>If-Match</Condition><RequestId>4442587FB7D0A2F9</RequestId></Error>";
        assertEquals("PreconditionFailed", LeanS3.element(xml, "Code"));
        assertEquals("At least one of the pre-conditions you specified did not hold & <If-Match>", LeanS3.element(xml, "Message"));
        assertEquals("4442587FB7D0A2F9", LeanS3.element(xml, "RequestId"));
        assertNull(LeanS3.element(xml, "HostId"));
        assertNull(LeanS3.element("<html>bad gateway</html>", "Code"));
    }
}
