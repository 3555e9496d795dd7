package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TikTok through the local runtime and its LOCAL TikTok SANDBOX (no real credentials): a tenant that denies consent
 * connects nothing; it connects its TikTok account by OAuth (start → the sandbox's consent page → Allow → our callback), a photo post scheduled for TikTok is
 * published by the publish run: creator info, one Direct Post init, the publish id followed until the sandbox has made
 * the post, whose id and URL end in the delivery; the token is never in an answer. Then the creator revokes the app:
 * the next post fails RECONNECT_REQUIRED, the account turns reconnect_required, the post is kept.
 */
class TikTokSandboxE2ETest {

    static LocalRuntime runtime;
    static LocalApi api;
    static final HttpClient NO_REDIRECTS = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        LocalEnvironment env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 2);
        Fixtures.Account agency = new Fixtures().signup("TikTok Agency " + Ids.base62(6));
        api = new LocalApi(env, "http://127.0.0.1:" + runtime.port(), agency.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    static HttpResponse<String> get(String url) throws Exception {
        return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTenantConnectsTikTokThroughTheSandboxAndTheRunPublishesAScheduledPhotoPostOnce() throws Exception {
        String base = "http://127.0.0.1:" + runtime.port();
        LocalApi.Brand b = api.brand("{}", "[]");

        // denied consent: a clear error, nothing connected
        String denyPage = get(Json.tree(api.send("POST", "/v1/tenants/" + b.tenantId() + "/oauth/tiktok/start", api.key, "{}").body())
                .path("authorizeUrl").asText()).body();
        Matcher deny = Pattern.compile("href=\"(/_local/tiktok/_oauth/consent\\?[^\"]+deny)\"").matcher(denyPage);
        assertTrue(deny.find(), denyPage);
        String deniedBack = get(base + deny.group(1).replace("&amp;", "&")).headers().firstValue("location").orElseThrow();
        assertTrue(deniedBack.contains("error=access_denied"), deniedBack);
        HttpResponse<String> denied = get(deniedBack);
        assertTrue(denied.statusCode() >= 400 && denied.statusCode() < 500, denied.statusCode() + " " + denied.body());
        assertFalse(api.send("GET", "/v1/tenants/" + b.tenantId() + "/social-accounts", api.key, null).body().contains("\"tiktok\""),
                "nothing connected after a denial");

        HttpResponse<String> started = api.send("POST", "/v1/tenants/" + b.tenantId() + "/oauth/tiktok/start", api.key, "{}");
        assertEquals(201, started.statusCode(), started.body());
        String authorize = Json.tree(started.body()).path("authorizeUrl").asText();
        assertTrue(authorize.startsWith(base + "/_local/tiktok/v2/auth/authorize/?response_type=code&client_key="), authorize);

        HttpResponse<String> consent = get(authorize);
        assertEquals(200, consent.statusCode(), consent.body());
        assertTrue(consent.body().contains("LOCAL TIKTOK SANDBOX"), consent.body());
        Matcher allow = Pattern.compile("href=\"(/_local/tiktok/_oauth/consent\\?[^\"]+allow)\"").matcher(consent.body());
        assertTrue(allow.find(), consent.body());
        HttpResponse<String> back = get(base + allow.group(1).replace("&amp;", "&"));
        assertEquals(302, back.statusCode(), back.body());
        String callback = back.headers().firstValue("location").orElseThrow();
        assertTrue(callback.contains("/oauth/tiktok/callback?code="), callback);
        HttpResponse<String> done = get(callback);
        assertTrue(done.statusCode() < 400, done.statusCode() + " " + done.body());

        JsonNode accounts = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/social-accounts", api.key, null).body());
        JsonNode account = null;
        for (JsonNode a : accounts.path("items")) {
            if ("tiktok".equals(a.path("platform").asText())) {
                account = a;
            }
        }
        assertTrue(account != null, accounts.toString());
        assertEquals("connected", account.path("status").asText(), account.toString());
        assertEquals("sandbox_creator", account.path("handle").asText(), account.toString());
        assertEquals("profile", account.path("kind").asText());
        assertFalse(accounts.toString().contains("sbx-tiktok-at-") || accounts.toString().contains("sbx-tiktok-rt-"), "no token in the answer");

        Instant when = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        String text = "Fresh loaves at 7 " + Ids.base62(6);
        HttpResponse<String> created = api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts", api.key,
                "{\"content\":\"" + text + "\",\"platforms\":[\"tiktok\"],\"media\":[\"" + api.media(b.tenantId())
                        + "\"],\"scheduledFor\":\"" + when + "\",\"status\":\"scheduled\"}");
        assertEquals(201, created.statusCode(), created.body());
        String postId = Json.tree(created.body()).path("id").asText();
        Thread.sleep(3_500);
        HttpResponse<String> run = api.send("POST", "/_local/schedules/PublishRunFunction/EveryMinute", null, null);
        assertEquals(200, run.statusCode(), run.body());

        JsonNode post = null;
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            post = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/posts/" + postId, api.key, null).body());
            if (!"publishing".equals(post.path("status").asText()) && !"scheduled".equals(post.path("status").asText())) {
                break;
            }
            Thread.sleep(2_000);
        }
        JsonNode d = post.path("deliveries").path("tiktok");
        assertEquals("published", post.path("status").asText(), post.toString());
        assertTrue(d.path("externalId").asText().matches("74\\d{17}"), d.toString());
        assertEquals("https://www.tiktok.com/@sandbox_creator/photo/" + d.path("externalId").asText(), d.path("permalink").asText(), d.toString());
        assertEquals(account.path("id").asText(), d.path("socialAccountId").asText(), d.toString());

        JsonNode outbox = Json.tree(api.send("GET", "/_local/tiktok/_outbox", null, null).body());
        int inits = 0;
        for (JsonNode call : outbox.isArray() ? outbox : outbox.path("calls")) {
            if (call.toString().contains("/v2/post/publish/content/init/")) {
                inits++;
            }
        }
        assertEquals(1, inits, "one Direct Post init: " + outbox);

        // the creator revokes the app: the next post fails RECONNECT_REQUIRED, the account says so, the post is kept
        assertEquals(200, api.send("POST", "/_local/tiktok/_revoke", null, "{}").statusCode());
        HttpResponse<String> second = api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts", api.key,
                "{\"content\":\"Second batch " + Ids.base62(6) + "\",\"platforms\":[\"tiktok\"],\"media\":[\"" + api.media(b.tenantId()) + "\"]}");
        assertEquals(201, second.statusCode(), second.body());
        String secondId = Json.tree(second.body()).path("id").asText();
        assertEquals(202, api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts/" + secondId + "/publish", api.key, "{}").statusCode());
        JsonNode failed = null;
        deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            failed = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/posts/" + secondId, api.key, null).body());
            if (!"publishing".equals(failed.path("status").asText())) {
                break;
            }
            Thread.sleep(2_000);
        }
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertEquals("RECONNECT_REQUIRED", failed.path("deliveries").path("tiktok").path("code").asText(), failed.toString());
        assertTrue(failed.toString().contains("Second batch"), "the post is kept: " + failed);
        JsonNode after = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/social-accounts/" + account.path("id").asText(),
                api.key, null).body());
        assertEquals("reconnect_required", after.path("status").asText(), after.toString());
    }
}
