package com.socialwire.local.runtime;

import com.socialwire.shared.store.Write;
import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.LocalStores;
import com.socialwire.local.stores.S3Notifications;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Media over HTTP on the local runtime: an upload is requested from the API, its bytes go straight
 * to S3 (S3Proxy) through the presigned URL, S3's ObjectCreated event runs the processor, and the
 * item becomes ready (measured, thumbnailed) or failed — then it is read, listed and deleted.
 */
class MediaE2ETest {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    static LocalRuntime runtime;
    static LocalEnvironment env;
    static Fixtures fx;
    static Fixtures.Account agency;
    static String base;
    /** This test's view of the API, with a key of its own (each key has its own 60/min limit; polling spends some). */
    LocalApi api;
    static String tenant;
    static String otherTenant;
    static String bucket;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 0);
        fx = new Fixtures();
        agency = fx.signup("Media Agency");
        base = "http://127.0.0.1:" + runtime.port();
        tenant = fx.tenant(agency, "Bloom media");
        otherTenant = fx.tenant(agency, "Another brand");
        bucket = env.resources().buckets().get("MediaBucket");
        s3 = S3Client.builder().region(Region.of(LocalStores.REGION)).endpointOverride(env.stores().s3Endpoint()).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalStores.ACCESS_KEY, LocalStores.SECRET_KEY)))
                .build();
    }

    @BeforeEach
    void key() {
        api = new LocalApi(env, base, fx.key(agency, "admin", null, null)[1]);
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
        s3.close();
    }

    // ---------------------------------------------------------------- helpers

    static byte[] image(String format, int width, int height) throws Exception {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(250, 220, 180));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(120, 60, 20));
        g.fillOval(width / 5, height / 5, width * 3 / 5, height * 3 / 5);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out));
        return out.toByteArray();
    }

    /** The smallest WEBP header that states a size: RIFF, WEBP, a VP8X chunk with width-1 and height-1. */
    static byte[] webpHeader(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22).put("WEBPVP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10);
        b.putInt(0);
        b.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
        b.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
        return b.array();
    }

    static String media(String tenantId) {
        return "/v1/tenants/" + tenantId + "/media";
    }

    static JsonNode json(HttpResponse<String> r) {
        return Json.tree(r.body());
    }

    /** The error of a refused request, after checking its status and code. */
    static JsonNode refused(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.request().uri() + " -> " + r.body());
        JsonNode e = json(r).path("error");
        assertEquals(code, e.path("code").asText(), r.body());
        return e;
    }

    JsonNode requestUpload(String filename, String mimeType, long size) throws Exception {
        HttpResponse<String> r = api.send("POST", media(tenant) + "/uploads", api.key,
                "{\"filename\":" + Json.write(filename) + ",\"mimeType\":\"" + mimeType + "\",\"sizeBytes\":" + size + "}");
        assertEquals(201, r.statusCode(), r.body());
        return json(r);
    }

    /**
     * PUTs {@code bytes} to the presigned URL with the headers the API gave, as a browser or curl
     * would. java.net.http sets Content-Length from the body itself and refuses to be told it.
     */
    HttpResponse<String> put(JsonNode upload, byte[] bytes) throws Exception {
        assertEquals("PUT", upload.path("method").asText());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        upload.path("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("content-length")) {
                b.header(h.getKey(), h.getValue().asText());
            }
        });
        return api.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode awaitSettled(String tenantId, String id, double seconds) throws Exception {
        return awaitSettled(tenantId, id, seconds, 50);
    }

    /** Polls every {@code pollMillis}: a long wait polls slowly, within the key's 60 requests a minute. */
    JsonNode awaitSettled(String tenantId, String id, double seconds, long pollMillis) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        JsonNode item = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = api.send("GET", media(tenantId) + "/" + id, api.key, null);
            assertEquals(200, r.statusCode(), r.body());
            item = json(r);
            if (Set.of("ready", "failed").contains(item.path("status").asText())) {
                return item;
            }
            Thread.sleep(pollMillis);
        }
        throw new AssertionError(id + " not processed within " + seconds + " s: " + item);
    }

    byte[] fetch(String url) throws Exception {
        HttpResponse<byte[]> r = api.http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    static boolean exists(String key) {
        try {
            HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(key));
            return h != null;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    /** True once {@code key} is no longer in the bucket (5 s at most). */
    static boolean gone(String key) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (exists(key) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return !exists(key);
    }

    /** A ready upload of {@code bytes}; returns the item. */
    JsonNode uploadedAndReady(String filename, String mimeType, byte[] bytes) throws Exception {
        JsonNode created = requestUpload(filename, mimeType, bytes.length);
        HttpResponse<String> put = put(created.path("upload"), bytes);
        assertEquals(200, put.statusCode(), put.body());
        JsonNode item = awaitSettled(tenant, created.path("id").asText(), 10);
        assertEquals("ready", item.path("status").asText(), item.toString());
        return item;
    }

    // ---------------------------------------------------------------- (a) the whole way for a PNG

    @Test
    void aPngUploadedThroughThePresignedUrlBecomesReadyMeasuredAndThumbnailed() throws Exception {
        byte[] png = image("png", 640, 480);
        JsonNode created = requestUpload("Summer launch.png", "image/png", png.length);
        String id = created.path("id").asText();
        assertTrue(id.startsWith("med_"), id);
        assertEquals("uploading", created.path("status").asText());
        assertEquals("image", created.path("type").asText());
        assertFalse(created.path("verified").asBoolean());
        assertTrue(created.path("url").isNull());
        assertEquals("Summer_launch.png", created.path("filename").asText());
        JsonNode upload = created.path("upload");
        assertEquals("image/png", upload.path("headers").path("Content-Type").asText());
        assertEquals(Integer.toString(png.length), upload.path("headers").path("Content-Length").asText());
        assertTrue(upload.path("url").asText().contains("X-Amz-Signature="));
        assertTrue(upload.path("url").asText().contains("/media/" + tenant + "/" + id + "/Summer_launch.png"));
        Duration lifetime = Duration.between(Instant.now(), Instant.parse(upload.path("expiresAt").asText()));
        assertTrue(lifetime.toSeconds() > 14 * 60 && lifetime.toSeconds() <= 15 * 60, lifetime.toString());

        long putAt = System.nanoTime();
        HttpResponse<String> put = put(upload, png);
        assertEquals(200, put.statusCode(), put.body());
        JsonNode ready = awaitSettled(tenant, id, 10);
        long millis = (System.nanoTime() - putAt) / 1_000_000;
        System.out.println("MediaE2ETest: 640x480 PNG (" + png.length + " bytes) ready " + millis + " ms after its PUT");

        assertEquals("ready", ready.path("status").asText(), ready.toString());
        assertEquals("image/png", ready.path("mimeType").asText());
        assertEquals(640, ready.path("width").asInt());
        assertEquals(480, ready.path("height").asInt());
        assertEquals(png.length, ready.path("sizeBytes").asLong());
        assertTrue(ready.path("verified").asBoolean());
        assertArrayEquals(png, fetch(ready.path("url").asText()), "the presigned GET returns the upload");
        byte[] thumb = fetch(ready.path("thumbnailUrl").asText());
        assertArrayEquals(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, Arrays.copyOf(thumb, 3), "the thumbnail is a JPEG");
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(thumb));
        assertEquals(320, t.getWidth());
        assertEquals(240, t.getHeight());
        assertTrue(exists("thumbnails/" + tenant + "/" + id + ".jpg"));

        HttpResponse<String> list = api.send("GET", media(tenant) + "?status=ready&type=image", api.key, null);
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains(id));

        // S3 delivers at least once: the same event again changes nothing
        String key = "media/" + tenant + "/" + id + "/Summer_launch.png";
        String eTag = s3.headObject(b -> b.bucket(bucket).key(key)).eTag().replace("\"", "");
        JsonNode again = Json.tree(runtime.invoke("MediaProcessorFunction", Json.bytes(S3EventDispatcher.event(
                new S3Notifications.ObjectCreated("ObjectCreated:Put", bucket, key, png.length, eTag)))));
        assertEquals("skipped", again.path("results").path(0).path("outcome").asText(), again.toString());
        assertEquals(ready.path("updatedAt"), json(api.send("GET", media(tenant) + "/" + id, api.key, null)).path("updatedAt"));
    }

    // ---------------------------------------------------------------- (b) bytes that are not what was declared

    @Test
    void aPngDeclaredAsMp4FailsWithTheReasonAndItsBytesAreRemoved() throws Exception {
        byte[] png = image("png", 64, 64);
        JsonNode created = requestUpload("clip.mp4", "video/mp4", png.length);
        assertEquals("video", created.path("type").asText());
        assertEquals(200, put(created.path("upload"), png).statusCode());
        JsonNode failed = awaitSettled(tenant, created.path("id").asText(), 10);
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertEquals("declared video/mp4 but the bytes are image/png", failed.path("failureReason").asText());
        assertFalse(failed.path("verified").asBoolean());
        assertTrue(failed.path("url").isNull());
        // the processor records the failure, then deletes the bytes
        assertTrue(gone("media/" + tenant + "/" + created.path("id").asText() + "/clip.mp4"));
        HttpResponse<String> list = api.send("GET", media(tenant) + "?status=failed", api.key, null);
        assertTrue(list.body().contains(created.path("id").asText()), list.body());
    }

    @Test
    void s3RefusesAPutWhoseTypeOrLengthDiffersFromTheSignedOnes() throws Exception {
        byte[] png = image("png", 32, 32);
        JsonNode upload = requestUpload("a.png", "image/png", png.length).path("upload");
        HttpResponse<String> longer = put(upload, Arrays.copyOf(png, png.length + 100));
        assertEquals(403, longer.statusCode(), "a longer body than declared: " + longer.body());
        JsonNode tampered = upload.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) tampered.path("headers")).put("Content-Type", "text/html");
        HttpResponse<String> html = put(tampered, png);
        assertEquals(403, html.statusCode(), "another content type than declared: " + html.body());
    }

    // ---------------------------------------------------------------- (c), (d) refused before any upload

    @Test
    void tooLargeIs413AndAnUnsupportedTypeIs415InTheErrorEnvelope() throws Exception {
        HttpResponse<String> big = api.send("POST", media(tenant) + "/uploads", api.key,
                "{\"filename\":\"film.mp4\",\"mimeType\":\"video/mp4\",\"sizeBytes\":629145600}");
        JsonNode e = refused(big, 413, "PAYLOAD_TOO_LARGE");
        assertEquals(536870912L, e.path("details").path("maxBytes").asLong());
        assertTrue(e.path("requestId").asText().startsWith("req_"));

        HttpResponse<String> pdf = api.send("POST", media(tenant) + "/uploads", api.key,
                "{\"filename\":\"deck.pdf\",\"mimeType\":\"application/pdf\",\"sizeBytes\":1000}");
        assertEquals(415, pdf.statusCode(), pdf.body());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", json(pdf).path("error").path("code").asText());
        assertTrue(json(pdf).path("error").path("details").path("allowed").toString().contains("video/quicktime"));

        for (String body : List.of("{\"filename\":\"a.png\",\"mimeType\":\"image/png\",\"sizeBytes\":0}",
                "{\"filename\":\"a.png\",\"mimeType\":\"image/png\",\"sizeBytes\":1.5}",
                "{\"filename\":\"a.png\",\"mimeType\":\"image/png\",\"sizeBytes\":-99999999999999999999999}",
                "{\"filename\":\"a.png\",\"mimeType\":\"image/png\",\"sizeBytes\":\"10\"}",
                "{\"filename\":\"a.png\",\"mimeType\":\"image/png\"}",
                "{\"filename\":\"a.png\",\"mimeType\":\"image/png\",\"sizeBytes\":10,\"bucket\":\"other\"}",
                "{\"mimeType\":\"image/png\",\"sizeBytes\":10}")) {
            HttpResponse<String> r = api.send("POST", media(tenant) + "/uploads", api.key, body);
            // a number beyond the bounds of every body (24 digits) is unprocessable: 422
            assertEquals(body.contains("-999999") ? 422 : 400, r.statusCode(), body + " -> " + r.body());
            assertEquals("VALIDATION_ERROR", json(r).path("error").path("code").asText());
        }
        assertEquals(400, api.send("GET", media(tenant) + "?status=lost", api.key, null).statusCode());
        assertEquals(400, api.send("GET", media(tenant) + "?type=audio", api.key, null).statusCode());
    }

    // ---------------------------------------------------------------- (e) JPEG and WEBP

    @Test
    void aJpegIsMeasuredAndThumbnailedAndAWebpIsMeasuredFromItsHeader() throws Exception {
        JsonNode jpeg = uploadedAndReady("photo.jpg", "image/jpeg", image("jpeg", 800, 600));
        assertEquals("image/jpeg", jpeg.path("mimeType").asText());
        assertEquals(800, jpeg.path("width").asInt());
        assertEquals(600, jpeg.path("height").asInt());
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(fetch(jpeg.path("thumbnailUrl").asText())));
        assertEquals(320, t.getWidth());
        assertEquals(240, t.getHeight());

        JsonNode webp = uploadedAndReady("banner.webp", "image/webp", webpHeader(1200, 628));
        assertEquals("image/webp", webp.path("mimeType").asText());
        assertEquals(1200, webp.path("width").asInt());
        assertEquals(628, webp.path("height").asInt());
        assertTrue(webp.path("verified").asBoolean());
        assertTrue(webp.path("thumbnailUrl").isNull());
        assertTrue(webp.path("thumbnailNote").asText().contains("WEBP"), webp.toString());
    }

    // ---------------------------------------------------------------- (f) delete

    @Test
    void deleteRemovesTheObjectAndThumbnailAndALateUploadIsRemovedToo() throws Exception {
        byte[] png = image("png", 100, 100);
        JsonNode created = requestUpload("gone.png", "image/png", png.length);
        String id = created.path("id").asText();
        assertEquals(200, put(created.path("upload"), png).statusCode());
        assertEquals("ready", awaitSettled(tenant, id, 10).path("status").asText());
        String key = "media/" + tenant + "/" + id + "/gone.png";
        String thumb = "thumbnails/" + tenant + "/" + id + ".jpg";
        assertTrue(exists(key));
        assertTrue(exists(thumb));

        assertEquals(204, api.send("DELETE", media(tenant) + "/" + id, api.key, null).statusCode());
        assertFalse(exists(key), "the object is deleted from S3");
        assertFalse(exists(thumb), "so is its thumbnail");
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(bucket).key(key)));
        HttpResponse<String> get = api.send("GET", media(tenant) + "/" + id, api.key, null);
        assertEquals(404, get.statusCode());
        assertEquals("NOT_FOUND", json(get).path("error").path("code").asText());
        assertEquals(404, api.send("DELETE", media(tenant) + "/" + id, api.key, null).statusCode(), "a second delete");
        assertFalse(api.send("GET", media(tenant) + "?limit=100", api.key, null).body().contains(id));

        // the presigned URL is still valid for a while: bytes sent after the delete do not stay
        assertEquals(200, put(created.path("upload"), png).statusCode());
        assertTrue(gone(key), "a late upload of a deleted item is removed");
        assertEquals(404, api.send("GET", media(tenant) + "/" + id, api.key, null).statusCode());
    }

    // ---------------------------------------------------------------- decompression bombs, failure destination and quota

    @Test
    void aDecompressionBombPngOf30000x30000FailsFastWithTheReason() throws Exception {
        byte[] png = image("png", 1, 1);
        ByteBuffer.wrap(png).putInt(16, 30_000).putInt(20, 30_000); // IHDR width and height
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        JsonNode created = requestUpload("bomb.png", "image/png", png.length);
        assertEquals(200, put(created.path("upload"), png).statusCode());
        JsonNode failed = awaitSettled(tenant, created.path("id").asText(), 10);
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertEquals("image/png refused: its header states 30000x30000 pixels (900 megapixels); images may have at most 100 megapixels",
                failed.path("failureReason").asText());

        byte[] webp = webpHeader(16_384, 16_384);
        JsonNode big = requestUpload("huge.webp", "image/webp", webp.length);
        assertEquals(200, put(big.path("upload"), webp).statusCode());
        JsonNode webpFailed = awaitSettled(tenant, big.path("id").asText(), 10);
        assertEquals("failed", webpFailed.path("status").asText(), webpFailed.toString());
        assertTrue(webpFailed.path("failureReason").asText().contains("at most 100 megapixels"), webpFailed.toString());
    }

    @Test
    void anUploadWhoseProcessingFailsEveryAttemptEndsFailedThroughTheOnFailureQueue() throws Exception {
        byte[] png = image("png", 48, 48);
        JsonNode created = requestUpload("broken.png", "image/png", png.length);
        String id = created.path("id").asText();
        // a row the processor trips over (here: written without its declared type, as by an older version)
        Config config = env.functionConfig("MediaProcessorFunction");
        Table table = new Table(new AwsClients(config).dynamoDb(), config.require("TABLE_NAME"));
        table.update(new Write.Update(Table.key("TENANT#" + tenant, "MEDIA#" + id), "REMOVE declaredMimeType", null, java.util.Map.of(), java.util.Map.of()));
        assertEquals(200, put(created.path("upload"), png).statusCode());
        // three attempts (after 0, 1 and 2 s), then Lambda's invocation record on MediaProcessorFailureQueue, which the function consumes
        JsonNode failed = awaitSettled(tenant, id, 30, 1000);
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertEquals("the upload could not be processed in 3 attempts; upload it again", failed.path("failureReason").asText());
        assertFalse(exists("media/" + tenant + "/" + id + "/broken.png"), "its bytes are not kept");
    }

    @Test
    void uploadsBeyondTheTenantsStorageQuotaAre413QuotaExceededAndADeleteMakesRoom() throws Exception {
        String brand = fx.tenant(agency, "Quota brand");
        long max = 536_870_912L;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // 20 x 512 MB = the default 10 GiB
            HttpResponse<String> r = api.send("POST", media(brand) + "/uploads", api.key,
                    "{\"filename\":\"film" + i + ".mp4\",\"mimeType\":\"video/mp4\",\"sizeBytes\":" + max + "}");
            assertEquals(201, r.statusCode(), r.body());
            ids.add(json(r).path("id").asText());
        }
        HttpResponse<String> over = api.send("POST", media(brand) + "/uploads", api.key,
                "{\"filename\":\"one-more.png\",\"mimeType\":\"image/png\",\"sizeBytes\":1}");
        JsonNode e = refused(over, 413, "QUOTA_EXCEEDED");
        assertEquals(10_737_418_240L, e.path("details").path("usedBytes").asLong());
        assertEquals(10_737_418_240L, e.path("details").path("limitBytes").asLong());
        assertEquals(1, e.path("details").path("requestedBytes").asLong());
        assertEquals(204, api.send("DELETE", media(brand) + "/" + ids.get(0), api.key, null).statusCode());
        assertEquals(201, api.send("POST", media(brand) + "/uploads", api.key,
                "{\"filename\":\"one-more.png\",\"mimeType\":\"image/png\",\"sizeBytes\":1}").statusCode());
    }

    // ---------------------------------------------------------------- (g) isolation and roles

    @Test
    void otherTenantsClientKeysAndOtherAccountsSeeNothingAndReadersCannotWrite() throws Exception {
        String id = json(api.send("POST", media(tenant), api.key,
                "{\"url\":\"https://cdn.example.com/x.png\",\"type\":\"image\"}")).path("id").asText();
        String otherClient = fx.key(agency, "client", "[\"" + otherTenant + "\"]", null)[1];
        String ownClient = fx.key(agency, "client", "[\"" + tenant + "\"]", null)[1];
        String stranger = fx.signup("Another Agency").adminKey();
        for (String key : List.of(otherClient, stranger)) {
            assertEquals(404, api.send("GET", media(tenant) + "/" + id, key, null).statusCode());
            assertEquals(404, api.send("GET", media(tenant), key, null).statusCode());
        }
        assertEquals(404, api.send("DELETE", media(tenant) + "/" + id, stranger, null).statusCode(), "another account's admin key");
        // another tenant of the same account: the id is simply not there
        assertEquals(404, api.send("GET", media(otherTenant) + "/" + id, api.key, null).statusCode());
        assertEquals(200, api.send("GET", media(tenant) + "/" + id, ownClient, null).statusCode());
        assertEquals(200, api.send("GET", media(tenant), ownClient, null).statusCode());
        HttpResponse<String> write = api.send("POST", media(tenant) + "/uploads", ownClient,
                "{\"filename\":\"a.png\",\"mimeType\":\"image/png\",\"sizeBytes\":10}");
        assertEquals(403, write.statusCode(), write.body());
        assertEquals(403, api.send("DELETE", media(tenant) + "/" + id, ownClient, null).statusCode());
        assertEquals(200, api.send("GET", media(tenant) + "/" + id, api.key, null).statusCode(), "still there");
    }

    // ---------------------------------------------------------------- (h) external URLs, paging

    @Test
    void anExternalUrlIsReadyButNotVerified() throws Exception {
        HttpResponse<String> r = api.send("POST", media(tenant), api.key,
                "{\"url\":\"https://cdn.example.com/brand/Spring%20Banner.jpg\",\"type\":\"image\",\"mimeType\":\"image/jpeg\",\"altText\":\"Spring\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode m = json(r);
        assertEquals("ready", m.path("status").asText());
        assertEquals("external", m.path("source").asText());
        assertFalse(m.path("verified").asBoolean());
        assertEquals("https://cdn.example.com/brand/Spring%20Banner.jpg", m.path("url").asText());
        assertEquals("Spring_Banner.jpg", m.path("filename").asText());
        assertEquals("Spring", m.path("altText").asText());
        assertEquals(m.path("url"), json(api.send("GET", media(tenant) + "/" + m.path("id").asText(), api.key, null)).path("url"));

        for (String body : List.of("{\"url\":\"http://cdn.example.com/a.jpg\",\"type\":\"image\"}",
                "{\"url\":\"file:///etc/passwd\",\"type\":\"image\"}",
                "{\"url\":\"https://cdn.example.com/a.jpg\",\"type\":\"audio\"}",
                "{\"url\":\"https://cdn.example.com/a.jpg\",\"type\":\"image\",\"mimeType\":\"video/mp4\"}",
                "{\"url\":\"https://cdn.example.com/a.jpg\",\"type\":\"image\",\"verified\":true}")) {
            HttpResponse<String> bad = api.send("POST", media(tenant), api.key, body);
            assertEquals(400, bad.statusCode(), body + " -> " + bad.body());
        }
    }

    @Test
    void registeredMediaUrlOnALoopbackPrivateOrMetadataHostIs422() throws Exception {
        for (String url : List.of("https://127.0.0.1/a.png", "https://169.254.169.254/latest/meta-data/", "https://10.0.0.5/a.png",
                "https://localhost/a.png", "https://2130706433/a.png", "https://0x7f.1/a.png", "https://[::ffff:127.0.0.1]/a.png",
                "https://[fe80::1]/a.png", "https://good.example.com@127.0.0.1/a.png", "https://user:pw@cdn.example.com/a.jpg")) {
            HttpResponse<String> r = api.send("POST", media(tenant), api.key, "{\"url\":" + Json.write(url) + ",\"type\":\"image\"}");
            JsonNode e = refused(r, 422, "VALIDATION_ERROR");
            assertFalse(e.path("details").path("url").asText().isEmpty(), r.body());
        }
        HttpResponse<String> metadata = api.send("POST", media(tenant), api.key, "{\"url\":\"https://169.254.169.254/x\",\"type\":\"image\"}");
        assertTrue(json(metadata).path("error").path("details").path("url").asText().contains("metadata"), metadata.body());
    }

    @Test
    void theListIsNewestFirstAndPagesWithACursor() throws Exception {
        String brand = fx.tenant(agency, "Paged brand");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = api.send("POST", media(brand), api.key,
                    "{\"url\":\"https://cdn.example.com/" + i + ".mp4\",\"type\":\"" + (i % 2 == 0 ? "video" : "gif") + "\"}");
            created.add(0, json(r).path("id").asText());
            Thread.sleep(2);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(api.send("GET", media(brand) + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), api.key, null));
            page.path("items").forEach(i -> seen.add(i.path("id").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        assertEquals(created, seen);
        JsonNode gifs = json(api.send("GET", media(brand) + "?type=gif", api.key, null));
        assertEquals(2, gifs.path("items").size());
    }
}
