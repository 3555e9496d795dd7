package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduled publishing over HTTP on the local runtime: the publish run (EventBridge schedule,
 * every minute) claims due posts, the content worker publishes them through the local Graph
 * sandbox, and however often the run fires or a job arrives, Instagram sees one container and
 * one media_publish per post.
 */
class PostsE2ETest {

    static LocalRuntime runtime;
    static LocalEnvironment env;
    static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        env = LocalEnvironment.shared();
        // SQS-like redelivery after 2 s (on AWS the visibility timeout is minutes)
        runtime = new LocalRuntime(env, 0, null, 2);
        Fixtures.Account agency = new Fixtures().signup("Publishing Agency " + Ids.base62(6));
        api = new LocalApi(env, "http://127.0.0.1:" + runtime.port(), agency.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    static String media(String tenantId) {
        return api.media(tenantId);
    }

    /** A JPEG uploaded the way a client does it: presigned PUT to S3, verified by the S3-event function. */
    static String uploadedJpeg(LocalApi.Brand b, byte[] jpeg) throws Exception {
        return api.uploadedJpeg(b, jpeg);
    }

    String scheduledPost(LocalApi.Brand b, Instant when) throws Exception {
        return scheduledPost(b, when, media(b.tenantId()));
    }

    String scheduledPost(LocalApi.Brand b, Instant when, String mediaId) throws Exception {
        HttpResponse<String> r = api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts", api.key,
                "{\"content\":\"Fresh loaves at 7 " + Ids.base62(6) + "\",\"platforms\":[\"instagram\"],\"media\":[\"" + mediaId
                        + "\"],\"scheduledFor\":\"" + when + "\",\"status\":\"scheduled\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode p = Json.tree(r.body());
        assertEquals("scheduled", p.path("status").asText(), r.body());
        return p.path("id").asText();
    }

    JsonNode awaitStatus(LocalApi.Brand b, String postId, String status, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        JsonNode p = null;
        while (System.nanoTime() < deadline) {
            p = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/posts/" + postId, api.key, null).body());
            if (status.equals(p.path("status").asText())) {
                return p;
            }
            Thread.sleep(2_000); // 30 requests a minute: well inside the key's rate limit
        }
        throw new AssertionError("post not " + status + " within " + seconds + " s: " + p);
    }

    long effective(List<JsonNode> calls) {
        return calls.stream().filter(c -> c.path("method").asText().equals("POST"))
                .filter(c -> c.path("outcome").asText().startsWith("ok") || c.path("outcome").asText().startsWith("applied")).count();
    }

    @Test
    void aPostScheduledAMinuteAheadIsPublishedByThePublishRunOnce() throws Exception {
        LocalApi.Brand b = api.brand("{}", "[]");
        byte[] jpeg = MediaE2ETest.image("jpg", 1080, 1350);
        String mediaId = uploadedJpeg(b, jpeg);
        Instant created = Instant.now();
        long t0 = System.nanoTime();
        String postId = scheduledPost(b, created.plusSeconds(60).truncatedTo(ChronoUnit.SECONDS), mediaId);
        JsonNode published = awaitStatus(b, postId, "published", 130);
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonNode d = published.path("deliveries").path("instagram");
        assertEquals("published", d.path("status").asText(), published.toString());
        assertTrue(d.path("externalId").asText().matches("\\d+"), d.toString());
        assertTrue(d.path("permalink").asText().startsWith("https://www.instagram.com/p/"), d.toString());
        assertTrue(Instant.parse(published.path("publishedAt").asText()).isBefore(created.plusSeconds(120)), published.path("publishedAt").asText());
        assertEquals(1, effective(api.graphCalls("/" + b.igUserId() + "/media_publish")));
        List<JsonNode> containers = api.graphCalls("/" + b.igUserId() + "/media").stream()
                .filter(c -> c.path("path").asText().endsWith("/media")).toList();
        assertEquals(1, effective(containers));
        // Instagram gets a URL it can fetch: the uploaded bytes, presigned
        String imageUrl = containers.get(0).path("body").path("image_url").asText();
        HttpResponse<byte[]> fetched = api.http.send(HttpRequest.newBuilder(URI.create(imageUrl)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fetched.statusCode(), imageUrl);
        assertTrue(java.util.Arrays.equals(jpeg, fetched.body()), "the container's image_url serves the uploaded JPEG");
        assertTrue(containers.get(0).path("body").path("caption").asText().startsWith("Fresh loaves at 7"));
        List<String> actions = new ArrayList<>();
        published.path("history").forEach(h -> actions.add(h.path("action").asText()));
        assertEquals(List.of("create", "submit", "publish-run", "publish-complete"), actions);
        System.out.printf("scheduled +60 s, published %.1f s after creation%n", seconds);
    }

    @Test
    void twoRunsAtOnceAndADuplicatedJobStillPublishOnce() throws Exception {
        LocalApi.Brand b = api.brand("{}", "[]");
        String postId = scheduledPost(b, Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
        Thread.sleep(3_500);
        CompletableFuture<HttpResponse<String>> one = CompletableFuture.supplyAsync(() -> fire());
        CompletableFuture<HttpResponse<String>> two = CompletableFuture.supplyAsync(() -> fire());
        JsonNode r1 = Json.tree(one.get().body()).path("response");
        JsonNode r2 = Json.tree(two.get().body()).path("response");
        // the same job delivered twice more, as SQS may
        var config = env.functionConfig("PostsFunction");
        var sqs = new AwsClients(config).sqs();
        String job = "{\"tenantId\":\"" + b.tenantId() + "\",\"jobId\":\"job_dup\",\"type\":\"publish_post\",\"postId\":\"" + postId
                + "\",\"platform\":\"instagram\"}";
        sqs.send(config.require("CONTENT_QUEUE_URL"), job, null);
        sqs.send(config.require("CONTENT_QUEUE_URL"), job, null);
        JsonNode published = awaitStatus(b, postId, "published", 30);
        Thread.sleep(3_000); // let the duplicates finish
        assertEquals("published", Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/posts/" + postId, api.key, null).body())
                .path("status").asText());
        assertEquals(1, effective(api.graphCalls("/" + b.igUserId() + "/media_publish")), published.toString());
        assertEquals(1, effective(api.graphCalls("/" + b.igUserId() + "/media").stream()
                .filter(c -> c.path("path").asText().endsWith("/media")).toList()));
        long claims = published.path("history").findValues("action").stream().filter(a -> a.asText().equals("publish-run")).count();
        assertEquals(1, claims, "exactly one run claimed it: " + r1 + " / " + r2);
    }

    static HttpResponse<String> fire() {
        try {
            return api.send("POST", "/_local/schedules/PublishRunFunction/EveryMinute", null, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
