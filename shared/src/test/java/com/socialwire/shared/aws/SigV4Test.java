package com.socialwire.shared.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link SigV4}'s header signing against AWS's published SigV4 test suite (aws-sig-v4-test-suite, 2015-08-30,
 * credentials AKIDEXAMPLE) and against the SDK's own {@code AwsV4HttpSigner} for a DynamoDB request as
 * {@link LeanDynamoDb} sends it. (Query-string presigning is proved byte-identical to the SDK by S3GetUrlsTest.)
 */
class SigV4Test {

    private static final AwsCredentialsIdentity SUITE = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final String SCOPE = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";

    private static Map<String, String> headers(String... kv) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.put(kv[i], kv[i + 1]);
        }
        return h;
    }

    @Test
    void getVanilla() {
        assertEquals(SCOPE + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                new SigV4("us-east-1", "service").authorization("GET", "/", Map.of(),
                        headers("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"), new byte[0], SUITE));
    }

    @Test
    void postVanillaQuery() {
        assertEquals(SCOPE + "SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
                new SigV4("us-east-1", "service").authorization("POST", "/", Map.of("Param1", "value1"),
                        headers("Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"), new byte[0], SUITE));
    }

    @Test
    void postXWwwFormUrlencoded() {
        assertEquals(SCOPE + "SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
                new SigV4("us-east-1", "service").authorization("POST", "/", Map.of(),
                        headers("Content-Type", "application/x-www-form-urlencoded", "Host", "example.amazonaws.com", "X-Amz-Date", "20150830T123600Z"),
                        "Param1=value1".getBytes(StandardCharsets.UTF_8), SUITE));
    }

    @Test
    void aDynamoDbRequestIsSignedAsTheSdksSignerSignsIt() {
        byte[] body = "{\"TableName\":\"t\",\"Key\":{\"PK\":{\"S\":\"ten_1\"},\"SK\":{\"S\":\"PROFILE\"}},\"ConsistentRead\":true}"
                .getBytes(StandardCharsets.UTF_8);
        Instant at = Instant.parse("2026-12-04T15:20:13Z");
        for (AwsCredentialsIdentity creds : List.<AwsCredentialsIdentity>of(
                AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                AwsSessionCredentials.create("ASIAEXAMPLE", "secret/with+chars", "FwoGZXIvYXdzE+session/token=="))) {
            for (String endpoint : List.of("https://dynamodb.eu-west-1.amazonaws.com", "http://127.0.0.1:8000")) {
                SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(endpoint))
                        .encodedPath("/")
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem").build();
                SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(creds).request(request)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
                URI uri = URI.create(endpoint);
                Map<String, String> ours = headers("Host", uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()),
                        "Content-Type", "application/x-amz-json-1.0",
                        "X-Amz-Content-Sha256", SigV4.hex(SigV4.sha256(body)), "X-Amz-Date", SigV4.amzDate(at),
                        "X-Amz-Target", "DynamoDB_20120810.GetItem");
                if (creds instanceof AwsSessionCredentials s) {
                    ours.put("X-Amz-Security-Token", s.sessionToken());
                }
                assertEquals(signed.firstMatchingHeader("Authorization").orElseThrow(),
                        new SigV4("eu-west-1", "dynamodb").authorization("POST", "/", Map.of(), ours, body, creds),
                        () -> endpoint + " " + creds.accessKeyId() + " " + signed.headers());
            }
        }
    }

    /** The hand-written HMAC-SHA256 is javax.crypto.Mac's, for seeded keys of every length around the block size. */
    @Test
    void handWrittenHmacIsMacs() throws Exception {
        java.util.Random r = new java.util.Random(90);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[1 + r.nextInt(i % 10 == 0 ? 300 : 80)];
            byte[] data = new byte[r.nextInt(i % 10 == 0 ? 5_000 : 200)];
            r.nextBytes(key);
            r.nextBytes(data);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            assertEquals(SigV4.hex(mac.doFinal(data)), SigV4.hex(SigV4.hmacSha256(key, data)), "key of " + key.length + " bytes");
        }
    }
}
