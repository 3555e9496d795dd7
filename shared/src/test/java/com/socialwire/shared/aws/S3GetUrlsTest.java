package com.socialwire.shared.aws;

import com.socialwire.shared.Config;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link S3GetUrls} signs exactly what {@code S3Presigner.presignGetObject} signs for our configuration (the one
 * {@link #presigner} builds, as local/stores' {@code S3Clients} does for tools and tests): byte-identical URLs over a seeded set of keys, lifetimes, regions, buckets,
 * endpoint override or none, and session-token credentials or none, at the presigner's own instant.
 */
class S3GetUrlsTest {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Keys S3 allows that URL encoding gets wrong most easily; the seeded loop adds random ones from the same alphabet. */
    static final List<String> TRICKY_KEYS = List.of(
            "media/ten_1/med_1/original.jpg", "media/a b/c d.png", "media/a+b/c+d=e&f.jpg", "media/~user/x~y.gif",
            "media/é/日本語/🙂.jpg", "/leading/slash", "double//slash/", "media/./dot/../dots", "a*b(c)!d'e$f,g;h:i@j",
            "percent%20literal%2F", "question?hash#bracket[]{}|\\^`<>\"", "tab\there", "x".repeat(1024),
            "media/" + "ü".repeat(400));

    private static final String ALPHABET = "abcXYZ019-_.~ +/=&?#%*!'()$,;:@[]{}|^`<>\"éü日本語🙂\u00a0";

    @Test
    void getUrlsAreByteIdenticalToTheS3PresignersForEveryKeyLifetimeRegionEndpointAndCredential() {
        Random random = new Random(20261204);
        List<String> keys = new ArrayList<>(TRICKY_KEYS);
        for (int i = 0; i < 200; i++) {
            keys.add(randomKey(random));
        }
        List<Duration> lifetimes = List.of(Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofDays(7));
        int compared = 0;
        for (String region : List.of("us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1")) {
            for (Optional<String> endpoint : List.of(Optional.<String>empty(), Optional.of("http://127.0.0.1:4566"),
                    Optional.of("https://s3.internal.example:8443/"))) {
                for (Optional<String> session : List.of(Optional.<String>empty(), Optional.of("FwoGZXIvYXdzE+session/token=="))) {
                    AwsClients aws = aws(region, endpoint, session);
                    try (S3Presigner presigner = presigner(aws)) {
                        for (String bucket : List.of("socialwire-media-123456789012", "media.with.dots", "abc")) {
                            for (String key : keys) {
                                if (key.startsWith("/") && endpoint.filter(e -> e.endsWith("/")).isPresent()) {
                                    // the SDK joins an endpoint ending in "/" to a key starting with "/" by dropping the key's
                                    // slash: a URL for another object ("leading/slash"). S3GetUrls keeps the key as it is.
                                    continue;
                                }
                                Duration lifetime = lifetimes.get(random.nextInt(lifetimes.size()));
                                String expected = presigner.presignGetObject(b -> b.signatureDuration(lifetime)
                                        .getObjectRequest(o -> o.bucket(bucket).key(key))).url().toString();
                                Clock sameInstant = Clock.fixed(amzDate(expected), ZoneOffset.UTC);
                                String actual = new S3GetUrls(aws.region(), aws.credentials(), aws.endpoint("S3_ENDPOINT"), sameInstant)
                                        .url(bucket, key, lifetime);
                                assertEquals(expected, actual, () -> "region " + region + ", endpoint " + endpoint + ", session " + session
                                        + ", bucket " + bucket + ", key " + key + ", lifetime " + lifetime);
                                compared++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(compared > 10_000, "compared " + compared);
    }

    /** A function's clients in {@code region}, with an endpoint override and a session token or none. */
    static AwsClients aws(String region, Optional<String> endpoint, Optional<String> session) {
        Map<String, String> vars = new HashMap<>(Map.of("AWS_REGION", region,
                "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        endpoint.ifPresent(e -> vars.put("S3_ENDPOINT", e));
        session.ifPresent(s -> vars.put("AWS_SESSION_TOKEN", s));
        return new AwsClients(Config.of(vars));
    }

    /** The SDK's presigner with a function's region, credentials and endpoint override (path-style on the override). */
    static S3Presigner presigner(AwsClients aws) {
        S3Presigner.Builder b = S3Presigner.builder().region(aws.region()).credentialsProvider(aws.credentials())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(aws.endpoint("S3_ENDPOINT").isPresent()).build());
        aws.endpoint("S3_ENDPOINT").ifPresent(b::endpointOverride);
        return b.build();
    }

    static String randomKey(Random random) {
        int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 600 : 40);
        StringBuilder key = new StringBuilder();
        while (key.length() < length) {
            key.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return key.toString();
    }

    static Instant amzDate(String url) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("X-Amz-Date=")) {
                return AMZ_DATE.parse(pair.substring("X-Amz-Date=".length()), Instant::from);
            }
        }
        throw new AssertionError("no X-Amz-Date in " + url);
    }
}
