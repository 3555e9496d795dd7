package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pinterest through the local runtime and its LOCAL PINTEREST SANDBOX: a tenant connects Pinterest by OAuth (start →
 * the sandbox's consent page → Allow → the callback), chooses one of the two boards the pending selection offers, and
 * a post scheduled a minute ahead is pinned to that board by the publish run, once, with the pin's id and URL in the
 * delivery. No real credentials; the tokens never show in an answer. Then, through the sandbox's faults: the answer to
 * {@code POST /v5/pins} lost after the pin was made ends published with exactly one pin, and a revoked token ends the
 * delivery {@code RECONNECT_REQUIRED} with the account {@code reconnect_required} and the post kept (last: the revoke
 * holds for the sandbox's person until the runtime stops).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PinterestSandboxE2ETest {

    static LocalRuntime runtime;
    static LocalApi api;
    static String base;
    static final HttpClient NO_REDIRECTS = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        LocalEnvironment env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 2);
        base = "http://127.0.0.1:" + runtime.port();
        Fixtures.Account agency = new Fixtures().signup("Pinterest Agency " + Ids.base62(6));
        api = new LocalApi(env, base, agency.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    static HttpResponse<String> get(String url) throws Exception {
        return NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** start → consent page → Allow → callback: the nonce of the pending selection of boards. */
    static String connectThroughTheSandboxConsent(String tenantId) throws Exception {
        HttpResponse<String> started = api.send("POST", "/v1/tenants/" + tenantId + "/oauth/pinterest/start", api.key, "{}");
        assertEquals(201, started.statusCode(), started.body());
        String authorize = Json.tree(started.body()).path("authorizeUrl").asText();
        assertTrue(authorize.startsWith(base + "/_local/pinterest/oauth/?"), authorize);

        HttpResponse<String> consent = get(authorize);
        assertEquals(200, consent.statusCode(), consent.body());
        assertTrue(consent.body().contains("LOCAL PINTEREST SANDBOX"), consent.body());
        Matcher allow = Pattern.compile("id=\"allow\" href=\"([^\"]+)\"").matcher(consent.body());
        assertTrue(allow.find(), consent.body());

        HttpResponse<String> back = get(base + allow.group(1).replace("&amp;", "&"));
        assertEquals(302, back.statusCode(), back.body());
        URI redirect = URI.create(back.headers().firstValue("location").orElseThrow());
        assertTrue(redirect.getRawQuery().contains("code=sbx-pinterest-code-"), redirect.toString());
        // the callback as the browser reaches it (here: at this runtime, whatever public base is configured)
        HttpResponse<String> callback = get(base + "/oauth/pinterest/callback?" + redirect.getRawQuery());
        assertEquals(200, callback.statusCode(), callback.body());
        Matcher nonce = Pattern.compile("pnd_[A-Za-z0-9]+").matcher(callback.body());
        assertTrue(nonce.find(), "two boards are a pending selection: " + callback.body());
        assertFalse(callback.body().contains("sbx-pinterest-at-"), "no token on the page");
        return nonce.group();
    }

    @Test
    @Order(1)
    void aTenantConnectsABoardThroughTheSandboxAndTheScheduledPostIsPinnedThereOnce() throws Exception {
        LocalApi.Brand b = api.brand("{}", "[]");
        api.send("DELETE", "/_local/pinterest/_outbox", null, null);
        String nonce = connectThroughTheSandboxConsent(b.tenantId());

        HttpResponse<String> pending = api.send("GET", "/v1/oauth/pending/" + nonce, api.key, null);
        assertEquals(200, pending.statusCode(), pending.body());
        List<JsonNode> offered = new ArrayList<>();
        Json.tree(pending.body()).path("offered").forEach(offered::add);
        assertEquals(List.of("Sandbox breads", "Sandbox cakes"), offered.stream().map(o -> o.path("name").asText()).toList(), pending.body());
        assertTrue(offered.stream().allMatch(o -> o.path("kind").asText().equals("board")), pending.body());

        HttpResponse<String> confirmed = api.send("POST", "/v1/tenants/" + b.tenantId() + "/social-accounts/confirm", api.key,
                "{\"nonce\":\"" + nonce + "\",\"selections\":[{\"index\":1,\"default\":true}]}");
        assertEquals(201, confirmed.statusCode(), confirmed.body());
        JsonNode board = Json.tree(confirmed.body()).path("items").get(0);
        assertEquals("board", board.path("kind").asText(), confirmed.body());
        assertEquals(offered.get(1).path("externalId").asText(), board.path("externalId").asText());
        assertEquals("connected", board.path("status").asText());
        assertFalse(confirmed.body().contains("sbx-pinterest-"), "no token in the answer");

        String mediaId = api.media(b.tenantId());
        Instant when = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> created = api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts", api.key,
                "{\"content\":\"Sandbox cake of the day " + Ids.base62(6) + "\",\"platforms\":[\"pinterest\"],\"media\":[\"" + mediaId
                        + "\"],\"scheduledFor\":\"" + when + "\",\"status\":\"scheduled\"}");
        assertEquals(201, created.statusCode(), created.body());
        String postId = Json.tree(created.body()).path("id").asText();
        // the publish run takes what is due within its lookahead: fired now rather than waiting for its minute
        HttpResponse<String> fired = api.send("POST", "/_local/schedules/PublishRunFunction/EveryMinute", null, null);
        assertEquals(200, fired.statusCode(), fired.body());

        JsonNode post = settled(b.tenantId(), postId);
        JsonNode d = post.path("deliveries").path("pinterest");
        assertEquals("published", post.path("status").asText(), post.toString());
        assertTrue(d.path("externalId").asText().matches("\\d+"), d.toString());
        assertEquals("https://www.pinterest.com/pin/" + d.path("externalId").asText() + "/", d.path("permalink").asText(), d.toString());
        assertEquals(board.path("id").asText(), d.path("socialAccountId").asText(), d.toString());

        List<JsonNode> pinCalls = pinCalls();
        assertEquals(1, pinCalls.size(), "one pin: " + pinCalls);
        assertTrue(pinCalls.get(0).path("body").asText().contains("\"board_id\":\"" + board.path("externalId").asText() + "\""), pinCalls.toString());
        assertTrue(pinCalls.get(0).path("body").asText().contains("\"source_type\":\"image_url\""), pinCalls.toString());
    }

    @Test
    @Order(2)
    void aLostAnswerEndsWithExactlyOnePinAndARevokedTokenEndsReconnectRequiredKeepingThePost() throws Exception {
        LocalApi.Brand b = api.brand("{}", "[]");
        String nonce = connectThroughTheSandboxConsent(b.tenantId());
        HttpResponse<String> confirmed = api.send("POST", "/v1/tenants/" + b.tenantId() + "/social-accounts/confirm", api.key,
                "{\"nonce\":\"" + nonce + "\",\"selections\":[{\"index\":0}]}");
        assertEquals(201, confirmed.statusCode(), confirmed.body());
        String accountId = Json.tree(confirmed.body()).path("items").get(0).path("id").asText();
        api.send("DELETE", "/_local/pinterest/_outbox", null, null);

        // Pinterest makes the pin, but answers after the worker's 10 s timeout
        HttpResponse<String> fault = api.send("POST", "/_local/pinterest/_faults", null,
                "{\"pathContains\":\"/v5/pins\",\"method\":\"POST\",\"delayMs\":13000,\"applyFirst\":true}");
        assertEquals(200, fault.statusCode(), fault.body());
        String lost = publishNow(b.tenantId());
        JsonNode post = settled(b.tenantId(), lost);
        JsonNode d = post.path("deliveries").path("pinterest");
        assertEquals("published", d.path("status").asText(), post.toString());
        assertTrue(d.path("recovered").asBoolean(), "found by the reconciliation: " + d);
        assertEquals(1, pinCalls().size(), "the lost answer was looked up among the board's pins, not pinned again: " + pinCalls());
        JsonNode calls = Json.tree(api.send("GET", "/_local/pinterest/_outbox", null, null).body()).path("calls");
        boolean listed = false;
        for (JsonNode c : calls) {
            listed |= c.path("method").asText().equals("GET") && c.path("path").asText().endsWith("/pins")
                    && c.path("query").asText().contains("page_size=50");
        }
        assertTrue(listed, "the board's pins were listed: " + calls);

        HttpResponse<String> revoked = api.send("POST", "/_local/pinterest/_revoke", null, "{}");
        assertEquals(200, revoked.statusCode(), revoked.body());
        String refused = publishNow(b.tenantId());
        JsonNode after = settled(b.tenantId(), refused);
        JsonNode r = after.path("deliveries").path("pinterest");
        assertEquals("failed", r.path("status").asText(), after.toString());
        assertEquals("RECONNECT_REQUIRED", r.path("code").asText(), r.toString());
        JsonNode account = Json.tree(api.send("GET", "/v1/tenants/" + b.tenantId() + "/social-accounts/" + accountId, api.key, null).body());
        assertEquals("reconnect_required", account.path("status").asText(), account.toString());
        HttpResponse<String> kept = api.send("GET", "/v1/tenants/" + b.tenantId() + "/posts/" + refused, api.key, null);
        assertEquals(200, kept.statusCode(), "the post is kept: " + kept.body());
        assertEquals(2, pinCalls().size(), "the refused call (401) was made once and not retried: " + pinCalls());
    }

    /** A post with one image to Pinterest, published now. */
    static String publishNow(String tenantId) throws Exception {
        HttpResponse<String> created = api.send("POST", "/v1/tenants/" + tenantId + "/posts", api.key,
                "{\"content\":\"Sandbox bread of the day " + Ids.base62(6) + "\",\"platforms\":[\"pinterest\"],\"media\":[\""
                        + api.media(tenantId) + "\"]}");
        assertEquals(201, created.statusCode(), created.body());
        String postId = Json.tree(created.body()).path("id").asText();
        HttpResponse<String> queued = api.send("POST", "/v1/tenants/" + tenantId + "/posts/" + postId + "/publish", api.key, "{}");
        assertEquals(202, queued.statusCode(), queued.body());
        return postId;
    }

    /** The post once it is neither scheduled nor publishing (at most 150 s). */
    static JsonNode settled(String tenantId, String postId) throws Exception {
        return api.settled(tenantId, postId);
    }

    /** The POST /v5/pins calls the sandbox received since its outbox was last cleared. */
    static List<JsonNode> pinCalls() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        Json.tree(api.send("GET", "/_local/pinterest/_outbox", null, null).body()).path("calls").forEach(c -> {
            if (c.path("method").asText().equals("POST") && c.path("path").asText().equals("/v5/pins")) {
                out.add(c);
            }
        });
        return out;
    }
}
