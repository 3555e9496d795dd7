package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.S3Clients;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.posts.Posts;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.publish.PublishRun;
import com.socialwire.shared.Config;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.S3GetUrls;
import com.socialwire.shared.security.SecretCipher;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local runtime holds each function to its IAM policies from template.yaml, as AWS does: a
 * path that needs a permission its function lacks fails here, not first in production.
 */
class FunctionPolicyIT {

    static final String CONTAINER = "17889455560051999";

    final LocalEnvironment env = LocalEnvironment.shared();
    HttpServer graph;

    @BeforeEach
    void graphThatSaysTheContainerWasPublished() throws Exception {
        graph = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        graph.createContext("/", x -> {
            String path = x.getRequestURI().getPath();
            String auth = String.valueOf(x.getRequestHeaders().getFirst("Authorization"));
            // GET /me proves whom a token belongs to (the tenant binds its Instagram id only then)
            String owner = path.endsWith("/me") && auth.contains("IGQVJ-token-")
                    ? "{\"user_id\":\"" + auth.substring(auth.indexOf("IGQVJ-token-") + 12) + "\",\"username\":\"bloom\"}" : null;
            byte[] body = (owner != null ? owner
                    : path.endsWith("/" + CONTAINER) ? "{\"id\":\"" + CONTAINER + "\",\"status_code\":\"PUBLISHED\"}"
                    : "{\"data\":[]}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        graph.start();
    }

    @AfterEach
    void stopGraph() {
        graph.stop(0);
    }

    @Test
    void theseTestsRunUnderEnforcement() {
        assertNotNull(env.stores().policies(), "local/runtime's tests run every function under its template.yaml policies");
    }

    /**
     * Issue 11, fault 3: the stuck-post give-up decrypts the tenant's Instagram token to ask
     * Instagram about the container, so PublishRunFunction needs kms:Decrypt (9922857 removed it).
     */
    @Test
    void publishRunGiveUpDecryptsUnderItsOwnPolicy() {
        TestKeys.Key admin = TestKeys.newAccount(env);
        String igUser = "1784" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L));
        var created = new FunctionClient(env, "TenantsFunction",
                Map.of("GRAPH_API_BASE_URL", "http://127.0.0.1:" + graph.getAddress().getPort() + "/v21.0")).call("POST", "/v1/tenants", admin.raw(),
                "{\"name\":\"Bloom\",\"igUserId\":\"" + igUser + "\",\"igAccessToken\":\"IGQVJ-token-" + igUser + "\"}");
        assertEquals(201, created.status(), created.body());
        String tenantId = created.json().path("id").asText();

        // PublishRunFunction's own configuration and identity, as Lambda builds it, at a time the test moves
        Map<String, String> vars = new HashMap<>(env.functionEnvironment("PublishRunFunction"));
        vars.put("GRAPH_API_BASE_URL", "http://127.0.0.1:" + graph.getAddress().getPort() + "/v21.0");
        Instant now = Instant.parse("2101-01-01T12:00:00Z").plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(3000)));
        Posts posts = new Posts(Config.of(vars), Clock.fixed(now, ZoneOffset.UTC));

        ObjectNode doc = Json.object();
        doc.putObject("content").put("text", "Fresh loaves at 7").putObject("platformOverrides");
        doc.putArray("platforms").add("instagram");
        Post p = new Post(Ids.next("post"), tenantId, admin.accountId(), now, com.socialwire.posts.model.PostStatus.SCHEDULED, 0, now.minusSeconds(1), now, doc, Json.object(), List.of());
        posts.posts().create(p);
        // claimed as a run claims it (its job is not sent: no worker of another test may take it), then the
        // worker sent media_publish and was lost before it heard the answer
        assertTrue(posts.posts().claim(tenantId, p.id, p.scheduledFor, now, "run_policy"));
        ObjectNode d = Json.object().put("status", "publishing").put("containerId", CONTAINER).put("video", false)
                .put("queuedAt", now.toString()).put("publishAttemptAt", now.toString()).put("publishAttempts", 1);
        assertTrue(posts.posts().setDelivery(tenantId, p.id, "instagram", null, d, now).isPresent(),
                posts.posts().require(tenantId, p.id).deliveries.toString());

        PublishRun.Report last = null;
        for (int i = 0; i <= PublishRun.MAX_RECOVERIES; i++) {
            now = now.plus(PublishRun.STUCK_AFTER.plusMinutes(1));
            last = run(vars, now).run();
        }
        assertEquals(1, last.gaveUp(), last.toMap().toString());
        Post done = posts.posts().require(tenantId, p.id);
        assertEquals("published", done.status.wire(), "the give-up read the token and asked Instagram: " + done.deliveries);
        assertTrue(done.deliveries.path("instagram").path("recovered").asBoolean(), done.deliveries.toString());
    }

    @Test
    void aCallOutsideAFunctionsPolicyIsDeniedAsAwsDeniesIt() throws Exception {
        // BillingFunction has the table and nothing else
        AwsClients billing = new AwsClients(env.functionConfig("BillingFunction"));
        String bucket = env.resources().buckets().get("MediaBucket");
        try (S3Client s3 = S3Clients.s3(billing)) {
            S3Exception e = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket(bucket).key("media/x/y.jpg"), RequestBody.fromString("x")));
            assertDenied(e, 403, "AccessDenied");
            S3Exception head = assertThrows(S3Exception.class, () -> s3.headObject(b -> b.bucket(bucket).key("media/x/y.jpg")));
            assertEquals(403, head.statusCode());
        }
        String queue = env.resources().queueUrl("CommentsQueue");
        SqsException sqs = assertThrows(SqsException.class, () -> billing.sqs().send(queue, "{}", null));
        assertDenied(sqs, 403, "AccessDenied");
        SecretCipher cipher = SecretCipher.fromConfig(env.functionConfig("BillingFunction"), billing);
        KmsException kms = assertThrows(KmsException.class, () -> cipher.encrypt("secret", "ctx"));
        assertDenied(kms, 400, "AccessDeniedException");

        // PostsFunction reads the bucket but never writes it; it queues content jobs and no other queue
        AwsClients postsFn = new AwsClients(env.functionConfig("PostsFunction"));
        try (S3Client s3 = S3Clients.s3(postsFn)) {
            assertDenied(assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket(bucket).key("media/x/y.jpg"),
                    RequestBody.fromString("x"))), 403, "AccessDenied");
        }
        assertDenied(assertThrows(SqsException.class, () -> postsFn.sqs().send(queue, "{}", null)),
                403, "AccessDenied");

        // a presigned URL acts with its signer's permissions (and the refusal reaches a client that sends its body at once)
        try (S3Presigner presigner = S3Clients.presigner(postsFn)) {
            URI url = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(o -> o.bucket(bucket).key("media/x/z.jpg"))).url().toURI();
            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url)
                    .PUT(HttpRequest.BodyPublishers.ofString("x".repeat(4_000_000))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, put.statusCode(), put.body());
            assertTrue(put.body().contains("<Code>AccessDenied</Code>"), put.body());
        }
        // SQS's query protocol is answered in its own XML
        HttpResponse<String> form = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(queue))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=BillingFunction/20261204/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString("Action=SendMessage&MessageBody=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, form.statusCode(), form.body());
        assertTrue(form.body().contains("<Code>AccessDenied</Code>"), form.body());

        // the table is the only one a function may use, and not as an administrator
        DynamoDbException ddb = assertThrows(DynamoDbException.class, () -> billing.dynamoDbSdk().deleteTable(b -> b.tableName(env.resources().tables().get("Table"))));
        assertDenied(ddb, 400, "AccessDeniedException");
    }

    /** PublishRunFunction's run as its handler wires it, at {@code now}. */
    static PublishRun run(Map<String, String> vars, Instant now) {
        return new Posts(Config.of(vars), Clock.fixed(now, ZoneOffset.UTC)).publishRun();
    }

    @Test
    void whatAPolicyAllowsPassesTheGateByteForByteEvenChunked() throws Exception {
        AwsClients media = new AwsClients(env.functionConfig("MediaFunction"));
        String bucket = env.resources().buckets().get("MediaBucket");
        String key = "thumbnails/gate-" + Ids.next("t") + "/x.bin";
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(bytes);
        try (S3Presigner presigner = S3Clients.presigner(media); S3Client s3 = S3Clients.s3(media)) {
            URI url = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(o -> o.bucket(bucket).key(key))).url().toURI();
            // a body of unknown length goes chunked
            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url)
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
            assertTrue(java.util.Arrays.equals(bytes, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()));
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        }
    }

    /** The download links posts hands Graph (S3GetUrls, without the S3 module) are ones the local S3 verifies and serves. */
    @Test
    void aPostsDownloadLinkFetchesTheObjectAndATamperedLinkIsRefused() throws Exception {
        String bucket = env.resources().buckets().get("MediaBucket");
        String key = "thumbnails/link-" + Ids.next("t") + "/a b+c~é/日本.txt";
        try (S3Client s3 = S3Clients.s3(new AwsClients(env.functionConfig("MediaFunction")))) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("the bytes"));
        }
        String url = S3GetUrls.of(new AwsClients(env.functionConfig("PostsFunction"))).url(bucket, key, Duration.ofMinutes(5));

        HttpResponse<String> get = get(url);
        assertEquals(200, get.statusCode(), get.body());
        assertEquals("the bytes", get.body());

        String signature = url.substring(url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
        String flipped = signature.substring(0, 63) + (signature.charAt(63) == '0' ? '1' : '0');
        for (String tampered : List.of(url.replace(signature, flipped), url.replace("X-Amz-Expires=300", "X-Amz-Expires=3000"),
                url.replace("link-", "link-x"))) {
            HttpResponse<String> refused = get(tampered);
            assertEquals(403, refused.statusCode(), tampered + "\n" + refused.body());
            assertTrue(refused.body().contains("<Code>SignatureDoesNotMatch</Code>"), refused.body());
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertDenied(AwsServiceException e, int status, String code) {
        assertEquals(status, e.statusCode(), e.toString());
        assertEquals(code, e.awsErrorDetails().errorCode(), e.toString());
    }
}
