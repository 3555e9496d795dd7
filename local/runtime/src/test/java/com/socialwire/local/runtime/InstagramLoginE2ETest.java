package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.runtime.sandbox.InstagramLoginSandbox;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instagram connected as a social account through the local runtime, with no Meta credentials: a new tenant starts
 * Instagram Login (SocialFunction), the LOCAL INSTAGRAM SANDBOX's consent page is allowed as the demo account
 * (@bloombakery), the callback exchanges the code there and the short-lived token on the Graph sandbox; the tenant then
 * has the Instagram social account and is bound to its igUserId, and a post published now goes out with that token.
 */
class InstagramLoginE2ETest {

    static final Pattern ALLOW = Pattern.compile("id=\"allow\" href=\"([^\"]+)\"");

    static LocalRuntime runtime;
    static LocalApi api;
    static LocalEnvironment env;

    @BeforeAll
    static void start() throws Exception {
        env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 2);
        Fixtures.Account agency = new Fixtures().signup("Instagram Agency " + Ids.base62(6));
        api = new LocalApi(env, "http://127.0.0.1:" + runtime.port(), agency.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    @Test
    void aNewTenantConnectsInstagramThroughTheSandboxConsentAndIsBoundToTheDemoAccount() throws Exception {
        api.freeDemoInstagramFromMadeUpTenant();
        HttpResponse<String> created = api.send("POST", "/v1/tenants", api.key, "{\"name\":\"Bloom Login " + Ids.base62(6) + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        String tenant = Json.tree(created.body()).path("id").asText();

        HttpResponse<String> started = api.send("POST", "/v1/tenants/" + tenant + "/oauth/instagram/start", api.key, "{}");
        assertEquals(201, started.statusCode(), started.body());
        String authorize = Json.tree(started.body()).path("authorizeUrl").asText();
        assertTrue(authorize.startsWith(api.base + "/_local/instagram/oauth/authorize?"), authorize);

        HttpResponse<String> consent = api.http.send(java.net.http.HttpRequest.newBuilder(URI.create(authorize)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, consent.statusCode(), consent.body());
        assertTrue(consent.body().contains("LOCAL INSTAGRAM SANDBOX"), consent.body());
        assertTrue(consent.body().contains("@bloombakery"), consent.body());
        Matcher allow = ALLOW.matcher(consent.body());
        assertTrue(allow.find(), consent.body());
        HttpResponse<String> back = api.send("GET", allow.group(1).replace("&amp;", "&"), null, null);
        assertEquals(302, back.statusCode(), back.body());
        String callback = back.headers().firstValue("location").orElseThrow();
        assertTrue(callback.contains("/oauth/instagram/callback?code="), callback);

        HttpResponse<String> page = api.http.send(java.net.http.HttpRequest.newBuilder(URI.create(callback)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("@bloombakery"), page.body());

        JsonNode accounts = Json.tree(api.send("GET", "/v1/tenants/" + tenant + "/social-accounts", api.key, null).body());
        assertEquals(1, accounts.path("items").size(), accounts.toString());
        JsonNode account = accounts.path("items").path(0);
        assertEquals("instagram", account.path("platform").asText());
        assertEquals(InstagramLoginSandbox.DEMO_IG_USER_ID, account.path("externalId").asText());
        assertEquals("bloombakery", account.path("handle").asText());
        assertTrue(account.path("default").asBoolean());
        assertFalse(accounts.toString().contains("IGAALocal."), "no token in the answer");
        JsonNode t = Json.tree(api.send("GET", "/v1/tenants/" + tenant, api.key, null).body());
        assertEquals(InstagramLoginSandbox.DEMO_IG_USER_ID, t.path("igUserId").asText(), t.toString());
        assertEquals("valid", t.path("igTokenStatus").asText(), t.toString());

        // the demo account is freed at the end whatever happens here: the runtime tests after this one share it
        HttpResponse<String> deleted;
        try {
            publishesToTheConnectedAccount(tenant);
        } finally {
            deleted = api.send("DELETE", "/v1/tenants/" + tenant + "/social-accounts/" + account.path("id").asText(), api.key, null);
        }
        // disconnecting frees the demo account again (and leaves the shared stores as they were)
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertTrue(Json.tree(api.send("GET", "/v1/tenants/" + tenant, api.key, null).body()).path("igUserId").isMissingNode()
                || Json.tree(api.send("GET", "/v1/tenants/" + tenant, api.key, null).body()).path("igUserId").isNull());
        assertEquals(null, api.demoInstagramHolder());
    }

    /** A post published now goes out to the connected account. */
    private void publishesToTheConnectedAccount(String tenant) throws Exception {
        HttpResponse<String> post = api.send("POST", "/v1/tenants/" + tenant + "/posts", api.key, "{\"content\":\"Fresh loaves at 7 "
                + Ids.base62(6) + "\",\"platforms\":[\"instagram\"],\"media\":[\"" + api.media(tenant) + "\"]}");
        assertEquals(201, post.statusCode(), post.body());
        String postId = Json.tree(post.body()).path("id").asText();
        HttpResponse<String> queued = api.send("POST", "/v1/tenants/" + tenant + "/posts/" + postId + "/publish", api.key, "{}");
        assertEquals(202, queued.statusCode(), queued.body());
        JsonNode p = null;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            p = Json.tree(api.send("GET", "/v1/tenants/" + tenant + "/posts/" + postId, api.key, null).body());
            if (!"publishing".equals(p.path("status").asText())) {
                break;
            }
            Thread.sleep(1_000);
        }
        assertEquals("published", p.path("deliveries").path("instagram").path("status").asText(), p.toString());
    }
}
