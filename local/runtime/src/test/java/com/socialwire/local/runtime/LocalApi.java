package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.runtime.sandbox.InstagramLoginSandbox;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.tenants.TenantRecords;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The local runtime over HTTP as one agency sees it (its admin key): brands, signed Meta webhooks,
 * the inbox, and what the local Graph sandbox received. Shared by the end-to-end tests.
 */
final class LocalApi {

    /** A tenant and the Instagram account Meta's webhooks name. */
    record Brand(String tenantId, String igUserId) {
    }

    final LocalEnvironment env;
    final String base;
    final String key;
    final HttpClient http = HttpClient.newHttpClient();

    LocalApi(LocalEnvironment env, String base, String key) {
        this.env = env;
        this.base = base;
        this.key = key;
    }


    /** A new Instagram account id, as Meta numbers business accounts. */
    static String newIgUserId() {
        return "1784" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L));
    }

    /** A token of {@code igUserId} from the local Graph sandbox, as Business Login for Instagram would give its owner. */
    String igToken(String igUserId) throws Exception {
        HttpResponse<String> r = send("POST", "/_local/graph/_tokens", null, "{\"igUserId\":\"" + igUserId + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        return Json.tree(r.body()).path("accessToken").asText();
    }

    Brand brand(String settingsJson, String noGoTopics) throws Exception {
        String ig = newIgUserId();
        HttpResponse<String> r = send("POST", "/v1/tenants", key, "{\"name\":\"Bloom " + ig + "\",\"igHandle\":\"bloom\",\"igUserId\":\"" + ig
                + "\",\"igAccessToken\":\"" + igToken(ig) + "\",\"brandVoice\":\"Warm and playful\",\"noGoTopics\":" + noGoTopics
                + ",\"settings\":" + settingsJson + "}");
        assertEquals(201, r.statusCode(), r.body());
        return new Brand(Json.tree(r.body()).path("id").asText(), ig);
    }

    /** A verified JPEG of the tenant (as the media function leaves it), in the media table layout. */
    String media(String tenantId) {
        var config = env.functionConfig("PostsFunction");
        String id = "med_" + Ids.base62(20);
        new AwsClients(config).dynamoDbSdk().putItem(PutItemRequest.builder().tableName(config.require("TABLE_NAME")).item(AttrValue.toSdk(Item.create()
                .s("PK", MediaLibrary.pk(tenantId)).s("SK", MediaLibrary.sk(id)).s("id", id).s("tenantId", tenantId)
                .s("status", "ready").s("kind", "image").s("mimeType", "image/jpeg").s("s3Key", "media/" + tenantId + "/" + id + "/loaf.jpg")
                .n("width", 1080).n("height", 1350).build())).build());
        return id;
    }

    /** A JPEG uploaded the way a client does it: presigned PUT to S3, verified by the S3-event function. */
    String uploadedJpeg(LocalApi.Brand b, byte[] jpeg) throws Exception {
        HttpResponse<String> r = send("POST", "/v1/tenants/" + b.tenantId() + "/media/uploads", key,
                "{\"filename\":\"loaf.jpg\",\"mimeType\":\"image/jpeg\",\"sizeBytes\":" + jpeg.length + "}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode created = Json.tree(r.body());
        JsonNode upload = created.path("upload");
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.path("url").asText())).PUT(HttpRequest.BodyPublishers.ofByteArray(jpeg));
        upload.path("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        assertEquals(200, http.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        String id = created.path("id").asText();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode item = Json.tree(send("GET", "/v1/tenants/" + b.tenantId() + "/media/" + id, key, null).body());
            if ("ready".equals(item.path("status").asText())) {
                return id;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("media " + id + " not ready");
    }

    /** The tenant holding the demo Instagram account's webhook lock in these stores, or null. */
    String demoInstagramHolder() {
        var config = env.functionConfig("TenantsFunction");
        Map<String, AttributeValue> item = new AwsClients(config).dynamoDbSdk().getItem(GetItemRequest.builder()
                .tableName(config.require("TABLE_NAME")).consistentRead(true).key(demoInstagramLock()).build()).item();
        return item == null || item.isEmpty() ? null : Item.s(AttrValue.fromSdk(item), "tenantId");
    }

    /** The webhook fuzz test gives the demo Instagram account to a made-up tenant in the same stores: only a real tenant may hold it. */
    void freeDemoInstagramFromMadeUpTenant() {
        String holder = demoInstagramHolder();
        if (holder != null && !holder.startsWith("tnt_")) {
            var config = env.functionConfig("TenantsFunction");
            new AwsClients(config).dynamoDbSdk().deleteItem(b -> b.tableName(config.require("TABLE_NAME")).key(demoInstagramLock()));
        }
    }

    private static Map<String, AttributeValue> demoInstagramLock() {
        return Map.of("PK", AttributeValue.fromS(TenantRecords.igUserLockKey(InstagramLoginSandbox.DEMO_IG_USER_ID)),
                "SK", AttributeValue.fromS(TenantRecords.IG_USER_LOCK_SK));
    }

    Brand replyingBrand() throws Exception {
        return brand("{\"autoReplyComments\":true,\"autoReplyDms\":true}", "[\"politics\",\"election\"]");
    }

    HttpResponse<String> send(String method, String path, String apiKey, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String sign(String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> webhook(String body) throws Exception {
        return webhook(body, sign(body, env.secrets().get("META_APP_SECRET")));
    }

    HttpResponse<String> webhook(String body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/webhooks/meta"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Hub-Signature-256", signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String commentId() {
        return "178" + (10_000_000_000_000L + ThreadLocalRandom.current().nextLong(80_000_000_000_000L));
    }

    static String comment(Brand b, String id, String fromId, String text) {
        return "{\"id\":\"" + id + "\",\"text\":" + Json.write(text) + ",\"from\":{\"id\":\"" + fromId
                + "\",\"username\":\"fan_" + fromId.substring(fromId.length() - 4) + "\"},\"media\":{\"id\":\"17999999999999999\"}}";
    }

    static String commentsPayload(Brand b, String... values) {
        StringBuilder changes = new StringBuilder();
        for (String v : values) {
            changes.append(changes.isEmpty() ? "" : ",").append("{\"field\":\"comments\",\"value\":").append(v).append('}');
        }
        return "{\"object\":\"instagram\",\"entry\":[{\"id\":\"" + b.igUserId() + "\",\"time\":" + Instant.now().getEpochSecond()
                + ",\"changes\":[" + changes + "]}]}";
    }

    static String dmPayload(Brand b, String mid, String text, Instant sent, boolean echo) {
        String sender = echo ? b.igUserId() : "1234567890123456";
        String recipient = echo ? "1234567890123456" : b.igUserId();
        return "{\"object\":\"instagram\",\"entry\":[{\"id\":\"" + b.igUserId() + "\",\"time\":" + sent.toEpochMilli()
                + ",\"messaging\":[{\"sender\":{\"id\":\"" + sender + "\"},\"recipient\":{\"id\":\"" + recipient + "\"},\"timestamp\":"
                + sent.toEpochMilli() + ",\"message\":{\"mid\":\"" + mid + "\",\"text\":" + Json.write(text)
                + (echo ? ",\"is_echo\":true" : "") + "}}]}]}";
    }

    /** The post once it is neither scheduled nor publishing (at most 150 s). */
    JsonNode settled(String tenantId, String postId) throws Exception {
        JsonNode post = null;
        long deadline = System.nanoTime() + 150_000_000_000L;
        while (System.nanoTime() < deadline) {
            post = Json.tree(send("GET", "/v1/tenants/" + tenantId + "/posts/" + postId, key, null).body());
            String status = post.path("status").asText();
            if (!status.equals("scheduled") && !status.equals("publishing")) {
                return post;
            }
            Thread.sleep(1_000); // one key may make 60 requests a minute
        }
        return post;
    }

    /** Polls the inbox until an item matches (or fails after {@code seconds}). */
    JsonNode awaitItem(Brand b, Predicate<JsonNode> match, double seconds) throws Exception {
        // a wait, not a speed claim: generous under a loaded machine, and polling more slowly as it goes so that the
        // key's 60 requests a minute are never spent on waiting (a 429 is waited out, not failed)
        long deadline = System.nanoTime() + (long) (Math.max(seconds, 30) * 1e9);
        long pause = 50;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = send("GET", "/v1/tenants/" + b.tenantId() + "/inbox?limit=100", key, null);
            if (r.statusCode() == 429) {
                Thread.sleep(1000L * Math.max(1, r.headers().firstValueAsLong("Retry-After").orElse(1)));
                continue;
            }
            assertEquals(200, r.statusCode(), r.body());
            for (JsonNode item : Json.tree(r.body()).path("items")) {
                if (match.test(item)) {
                    return item;
                }
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 1000);
        }
        throw new AssertionError("no matching inbox item within " + seconds + " s: "
                + send("GET", "/v1/tenants/" + b.tenantId() + "/inbox?limit=100", key, null).body());
    }

    List<JsonNode> graphCalls(String pathPart) throws Exception {
        JsonNode outbox = Json.tree(send("GET", "/_local/outbox", null, null).body());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : outbox.path("calls")) {
            if (c.path("path").asText().contains(pathPart)) {
                out.add(c);
            }
        }
        return out;
    }

    long repliesCreated(String commentId) throws Exception {
        return graphCalls("/" + commentId + "/replies").stream().filter(c -> c.path("outcome").asText().startsWith("ok")
                || c.path("outcome").asText().startsWith("applied")).count();
    }

    void fault(String json) throws Exception {
        assertEquals(200, send("POST", "/_local/graph/_faults", null, json).statusCode());
    }
}
