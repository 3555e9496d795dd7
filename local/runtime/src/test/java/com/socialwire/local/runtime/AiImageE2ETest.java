package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Json;
import com.socialwire.shared.billing.PriceCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AI images over HTTP on the local runtime with the offline generator: the image lands in the tenant's media
 * library, the S3 event's processor verifies and thumbnails it like an upload, the charge is the price card's
 * ai_image fee once however often the request is retried with its Idempotency-Key, and without credits nothing is
 * generated or stored.
 */
class AiImageE2ETest {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    static LocalRuntime runtime;
    static LocalEnvironment env;
    static Fixtures fx;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 0);
        fx = new Fixtures();
        base = "http://127.0.0.1:" + runtime.port();
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    static HttpResponse<String> send(String method, String path, String key, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) {
        return Json.tree(r.body());
    }

    static long available(Fixtures.Account a) throws Exception {
        return json(send("GET", "/v1/billing/balance", a.adminKey(), null, null)).path("availableMicroCredits").asLong();
    }

    static int mediaCount(Fixtures.Account a, String tenant) throws Exception {
        return json(send("GET", "/v1/tenants/" + tenant + "/media?limit=100", a.adminKey(), null, null)).path("items").size();
    }

    /** Polls the item until the processor settled it (every 100 ms, 20 s at most: the processor takes well under a second here). */
    static JsonNode awaitSettled(Fixtures.Account a, String tenant, String id) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode item = null;
        while (System.nanoTime() < deadline) {
            item = json(send("GET", "/v1/tenants/" + tenant + "/media/" + id, a.adminKey(), null, null));
            if (Set.of("ready", "failed").contains(item.path("status").asText())) {
                return item;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(id + " not processed within 20 s: " + item);
    }

    static byte[] fetch(String url) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    @Test
    void theTemplatesListEightWithTheirPlaceholders() throws Exception {
        Fixtures.Account a = fx.signup("Template Agency");
        String tenant = fx.tenant(a, "Template Bakery");
        HttpResponse<String> r = send("GET", "/v1/tenants/" + tenant + "/ai/image-templates", a.adminKey(), null, null);
        assertEquals(200, r.statusCode(), r.body());
        List<String> ids = new ArrayList<>();
        for (JsonNode t : json(r).path("items")) {
            ids.add(t.path("id").asText());
            assertTrue(t.path("variables").size() > 0, t.toString());
            for (JsonNode v : t.path("variables")) {
                assertTrue(t.path("prompt").asText().contains("{{" + v.asText() + "}}"), t.toString());
            }
            assertTrue(Set.of("1024x1024", "1024x1536", "1536x1024").contains(t.path("recommendedSize").asText()));
        }
        assertEquals(List.of("product", "quote", "event", "blog", "testimonial", "promotion", "comparison", "infographic"), ids);
    }

    @Test
    void anOfflineImageLandsInTheLibraryIsThumbnailedAndIsChargedOnceUnderItsIdempotencyKey() throws Exception {
        Fixtures.Account a = fx.signup("Image Agency");
        String tenant = fx.tenant(a, "Bloom Bakery");
        long before = available(a);
        String body = "{\"templateId\":\"promotion\",\"variables\":{\"offer\":\"20% off\",\"product\":\"sourdough loaves\","
                + "\"endDate\":\"Sunday\"},\"size\":\"1536x1024\"}";

        HttpResponse<String> first = send("POST", "/v1/tenants/" + tenant + "/ai/image", a.adminKey(), body, "img-1");
        assertEquals(201, first.statusCode(), first.body());
        JsonNode item = json(first);
        String id = item.path("id").asText();
        assertTrue(id.startsWith("med_"), id);
        assertEquals("ai", item.path("source").asText());
        assertEquals("image", item.path("type").asText());
        assertEquals("image/png", item.path("mimeType").asText());
        assertEquals(1536, item.path("width").asInt());
        assertEquals(1024, item.path("height").asInt());
        assertTrue(item.path("offline").asBoolean(), "labelled offline");
        assertEquals("offline:brand-card-v1", item.path("model").asText());
        String prompt = item.path("generation").path("prompt").asText();
        assertTrue(prompt.contains("20% off") && prompt.contains("sourdough loaves") && !prompt.contains("{{"), prompt);
        assertEquals("promotion", item.path("generation").path("templateId").asText());
        assertTrue(item.path("url").isNull(), "no link before it is verified");
        JsonNode usage = item.path("usage");
        long fee = PriceCard.BUILT_IN.fee("ai_image");
        assertEquals(PriceCard.BUILT_IN.version(), usage.path("priceCardVersion").asText());
        assertEquals(fee, usage.path("settledMicroCredits").asLong(), "offline: the fee alone");
        assertEquals(usage.path("reservedMicroCredits").asLong(), usage.path("settledMicroCredits").asLong() + usage.path("refundedMicroCredits").asLong());
        System.out.println("AiImageE2ETest: offline 1536x1024 image cost " + usage.path("settledMicroCredits").asLong() + " micro-credits");

        HttpResponse<String> again = send("POST", "/v1/tenants/" + tenant + "/ai/image", a.adminKey(), body, "img-1");
        assertEquals(201, again.statusCode(), again.body());
        assertEquals(id, json(again).path("id").asText());
        assertEquals(before - fee, available(a), "charged once");
        int settles = 0;
        for (JsonNode e : json(send("GET", "/v1/billing/ledger?limit=100", a.adminKey(), null, null)).path("items")) {
            settles += e.path("type").asText().equals("settle") && e.path("reference").asText().contains(id) ? 1 : 0;
        }
        assertEquals(1, settles, "one settle entry for the image");

        JsonNode ready = awaitSettled(a, tenant, id);
        assertEquals("ready", ready.path("status").asText(), ready.toString());
        assertTrue(ready.path("verified").asBoolean());
        assertEquals(1536, ready.path("width").asInt());
        byte[] png = fetch(ready.path("url").asText());
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        byte[] thumb = fetch(ready.path("thumbnailUrl").asText());
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(thumb));
        assertEquals(320, t.getWidth());
        assertEquals(213, t.getHeight());
        JsonNode listed = json(send("GET", "/v1/tenants/" + tenant + "/media?type=image", a.adminKey(), null, null));
        assertEquals(id, listed.path("items").path(0).path("id").asText(), "in the library");
    }

    @Test
    void badInputIsAClear4xxAndNothingIsCharged() throws Exception {
        Fixtures.Account a = fx.signup("Strict Agency");
        String tenant = fx.tenant(a, "Strict Bakery");
        long before = available(a);
        String path = "/v1/tenants/" + tenant + "/ai/image";

        HttpResponse<String> missing = send("POST", path, a.adminKey(), "{\"templateId\":\"event\",\"variables\":{\"date\":\"May 3\"}}", null);
        assertEquals(422, missing.statusCode(), missing.body());
        assertEquals(List.of("eventName", "location"), texts(json(missing).path("error").path("details").path("variables").path("missing")),
                "every missing variable is named");
        for (String bad : List.of("{}", "{\"prompt\":\"x\",\"size\":\"512x512\"}", "{\"prompt\":\"" + "a".repeat(4001) + "\"}",
                "{\"prompt\":\"x\",\"templateId\":\"poster\"}", "{\"prompt\":\"x\",\"colour\":\"red\"}", "{\"prompt\":7}", "[1]")) {
            HttpResponse<String> r = send("POST", path, a.adminKey(), bad, null);
            assertEquals(400, r.statusCode(), bad + " -> " + r.body());
            assertEquals("VALIDATION_ERROR", json(r).path("error").path("code").asText());
        }
        assertEquals(before, available(a));
        assertEquals(0, mediaCount(a, tenant));
    }

    @Test
    void aKeyMakesAtMostTwentyAiImageRequestsAMinute() throws Exception {
        Fixtures.Account a = fx.signup("Busy Agency");
        String tenant = fx.tenant(a, "Busy Bakery");
        String path = "/v1/tenants/" + tenant + "/ai/image";
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = send("POST", path, a.adminKey(), "{}", null);
            if (r.statusCode() == 429) {
                throw new AssertionError("limited after " + i + " requests: " + r.body());
            }
        }
        HttpResponse<String> limited = send("POST", path, a.adminKey(), "{}", null);
        assertEquals(429, limited.statusCode(), limited.body());
        assertEquals("RATE_LIMITED", json(limited).path("error").path("code").asText());
        assertEquals("20", limited.headers().firstValue("x-ratelimit-limit").orElse(""));
        assertTrue(limited.headers().firstValue("retry-after").isPresent());
        assertEquals(200, send("GET", path + "-templates", a.adminKey(), null, null).statusCode(), "the templates are not an AI call");
    }

    @Test
    void withoutCreditsItIs402AndNoImageIsStored() throws Exception {
        Fixtures.Account a = fx.signup("Broke Agency");
        String tenant = fx.tenant(a, "Broke Bakery");
        long left = available(a);
        HttpResponse<String> adjust = send("POST", "/v1/ops/accounts/" + a.id() + "/adjust", env.ownerKey(),
                "{\"microCredits\":-" + left + ",\"reason\":\"test: empty the balance\"}", null);
        assertEquals(200, adjust.statusCode(), adjust.body());

        HttpResponse<String> r = send("POST", "/v1/tenants/" + tenant + "/ai/image", a.adminKey(), "{\"prompt\":\"A bakery at dawn\"}", "broke-1");
        assertEquals(402, r.statusCode(), r.body());
        assertEquals("INSUFFICIENT_CREDITS", json(r).path("error").path("code").asText());
        assertEquals(PriceCard.BUILT_IN.fee("ai_image"), json(r).path("error").path("details").path("requiredMicroCredits").asLong());
        assertEquals(0, mediaCount(a, tenant), "nothing stored");
        assertEquals(0, available(a));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
