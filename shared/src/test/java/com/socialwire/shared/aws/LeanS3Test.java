package com.socialwire.shared.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
