package com.socialwire.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.security.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SocialFunction's routes against DynamoDB Local (its own policy from template.yaml), with "some OAuth 2.0 platform"
 * ({@link HttpTestPlatform} as {@code linkedin}, and {@code bluesky} by app password) served by WireMock over HTTP.
 */
class SocialAccountsIT {

    @RegisterExtension
    static WireMockExtension platform = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static SocialFixture fx;
    static TestKeys.Key admin;
    static String readKey;
    static TestKeys.Key stranger;

    String tenant;
    /** Every token the platform handed out in this test: none may appear in a response. */
    final List<String> tokens = new ArrayList<>();
    final List<Response> responses = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        fx = new SocialFixture(platform.baseUrl());
        admin = fx.account();
        readKey = TestKeys.create(fx.env, admin.accountId(), Role.READ, Set.of()).raw();
        stranger = fx.account();
    }

    @BeforeEach
    void freshTenant() {
        platform.resetAll();
        tenant = fx.tenant(admin.accountId());
    }

    Response call(String method, String path, String key, String body) {
        Response r = fx.api.call(method, path, key, body);
        responses.add(r);
        return r;
    }

    Response call(String method, String path, Map<String, String> headers, String body) {
        Response r = fx.api.call(method, path, headers, body);
        responses.add(r);
        return r;
    }

    String accounts() {
        return "/v1/tenants/" + tenant + "/social-accounts";
    }

    /** The platform's token endpoint grants {@code code} a new token pair, its listing offers {@code accounts}. */
    String[] grants(String code, String accountsJson) {
        String access = "acc-" + Hashing.sha256Hex(code).substring(0, 24);
        String refresh = "ref-" + Hashing.sha256Hex(code + "r").substring(0, 24);
        tokens.add(access);
        tokens.add(refresh);
        platform.stubFor(post(urlPathEqualTo("/oauth/token")).withRequestBody(containing("code=" + code))
                .willReturn(okJson("{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + refresh
                        + "\",\"expires_in\":7200,\"scope\":\"posts.write offline.access\",\"token_type\":\"bearer\"}")));
        platform.stubFor(get(urlPathEqualTo("/me/accounts")).withHeader("authorization", equalTo("Bearer " + access))
                .willReturn(okJson("{\"accounts\":" + accountsJson + "}")));
        return new String[]{access, refresh};
    }

    static String person(String id, String handle) {
        return "{\"id\":\"" + id + "\",\"handle\":\"" + handle + "\",\"name\":\"" + handle + " name\",\"kind\":\"profile\"}";
    }

    /** Starts a connect: the state, after checking the consent URL carries it and an S256 challenge. */
    Map<String, String> begin() {
        Response r = call("POST", "/v1/tenants/" + tenant + "/oauth/linkedin/start", admin.raw(), "{}");
        assertEquals(201, r.status(), r.body());
        Map<String, String> q = query(r.json().path("authorizeUrl").asText());
        assertEquals(r.json().path("state").asText(), q.get("state"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(43, q.get("code_challenge").length());
        assertTrue(r.json().path("state").asText().length() >= 22, "at least 128 bits");
        q.put("expiresAt", r.json().path("expiresAt").asText());
        return q;
    }

    Response callback(String query) {
        return call("GET", "/oauth/linkedin/callback?" + query, Map.of(), null);
    }

    static Map<String, String> query(String url) {
        Map<String, String> out = new HashMap<>();
        for (String kv : url.substring(url.indexOf('?') + 1).split("&")) {
            String[] p = kv.split("=", 2);
            out.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A connect of one offered account through the whole OAuth flow: its id. */
    String connectOne(String externalId, String handle) {
        String code = "code-" + externalId.replaceAll("[^A-Za-z0-9]", "") + "-" + System.nanoTime();
        grants(code, "[" + person(externalId, handle) + "]");
        Response page = callback("code=" + code + "&state=" + begin().get("state"));
        assertEquals(200, page.status(), page.body());
        return list().stream().filter(a -> a.path("externalId").asText().equals(externalId)).findFirst().orElseThrow()
                .path("id").asText();
    }

    List<JsonNode> list() {
        Response r = call("GET", accounts() + "?limit=100", readKey, null);
        assertEquals(200, r.status(), r.body());
        List<JsonNode> out = new ArrayList<>();
        r.json().path("items").forEach(out::add);
        return out;
    }

    void noTokenIn(String text, String where) {
        for (String t : tokens) {
            assertFalse(text.contains(t), where + " carries a token: " + text);
        }
    }

    void noTokenInAnyResponse() {
        for (Response r : responses) {
            noTokenIn(r.body(), "a response");
            noTokenIn(r.headers().toString(), "a response's headers");
        }
    }

    @Test
    void oauthConnectsTheOneOfferedAccountWithPkceAndNeverShowsItsTokens() {
        Map<String, String> started = begin();
        String[] t = grants("c-one", "[" + person("urn:li:person:A1", "bloom") + "]");
        Response page = callback("code=c-one&state=" + started.get("state"));
        assertEquals(200, page.status(), page.body());
        assertEquals("default-src 'none'", page.header("content-security-policy"));
        assertTrue(page.header("content-type").startsWith("text/html"));
        assertTrue(page.body().contains("@bloom"), page.body());
        assertFalse(page.body().contains("<script"), page.body());

        // PKCE: the verifier sent with the code is the one whose S256 the consent URL carried
        LoggedRequest exchange = platform.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).get(0);
        String verifier = query("?" + exchange.getBodyAsString()).get("code_verifier");
        assertEquals(started.get("code_challenge"), Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Hashing.sha256(verifier.getBytes(StandardCharsets.US_ASCII))));
        assertEquals(started.get("redirect_uri"), query("?" + exchange.getBodyAsString()).get("redirect_uri"));

        List<JsonNode> all = list();
        assertEquals(1, all.size());
        JsonNode a = all.get(0);
        assertTrue(a.path("id").asText().startsWith("sa_"));
        assertEquals("linkedin", a.path("platform").asText());
        assertEquals("connected", a.path("status").asText());
        assertTrue(a.path("default").asBoolean(), "the first account of a platform is its default");
        assertEquals(List.of("posts.write", "offline.access"), Json.mapper().convertValue(a.path("scopes"), List.class));
        Response one = call("GET", accounts() + "/" + a.path("id").asText(), admin.raw(), null);
        assertEquals(200, one.status());
        assertEquals(a, one.json());
        noTokenInAnyResponse();
        // at rest: sealed, bound to this tenant and account; opened only by the store for the code that calls the platform
        var stored = fx.social.store().load(tenant, a.path("id").asText()).orElseThrow();
        noTokenIn(stored.item().toString(), "the stored item");
        assertEquals(t[0], fx.social.store().grant(stored).orElseThrow().accessToken());
        assertEquals(t[1], fx.social.store().grant(stored).orElseThrow().refreshToken());
    }

    @Test
    void aReplayedStateConnectsNothingMore() {
        String state = begin().get("state");
        grants("c-replay", "[" + person("urn:li:person:R1", "replay") + "]");
        assertEquals(200, callback("code=c-replay&state=" + state).status());
        Response again = callback("code=c-replay&state=" + state);
        assertEquals(400, again.status(), again.body());
        assertTrue(again.body().contains("already used"), again.body());
        assertEquals(1, platform.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).size(), "the code is exchanged once");
        assertEquals(1, list().size());
    }

    @Test
    void deniedConsentUnknownAndStaleStatesShowAnErrorPageAndConnectNothing() {
        Response denied = callback("error=access_denied&error_description=The+user+denied&state=" + begin().get("state"));
        assertEquals(400, denied.status());
        assertTrue(denied.body().contains("declined"), denied.body());
        assertEquals("default-src 'none'", denied.header("content-security-policy"));

        Response unknown = callback("code=x&state=" + "A".repeat(32));
        assertEquals(400, unknown.status());
        Response malformed = callback("code=x&state=%3Cscript%3E");
        assertEquals(400, malformed.status());
        assertFalse(malformed.body().contains("<script>"), malformed.body());
        Response none = callback("");
        assertEquals(400, none.status());

        String stale = begin().get("state");
        grants("c-stale", "[" + person("urn:li:person:S1", "stale") + "]");
        fx.clock.advanceSeconds(601);
        try {
            Response late = callback("code=c-stale&state=" + stale);
            assertEquals(400, late.status(), late.body());
            assertTrue(late.body().contains("expired"), late.body());
        } finally {
            fx.clock.advanceSeconds(-601);
        }
        // the state of another platform's callback is not this one's
        String other = begin().get("state");
        Response wrongPlatform = call("GET", "/oauth/bluesky/callback?code=c&state=" + other, Map.of(), null);
        assertEquals(400, wrongPlatform.status());
        assertEquals(0, platform.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))).size());
        assertEquals(List.of(), list());
    }

    @Test
    void aCodeExchangeThePlatformRefusesConnectsNothing() {
        platform.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(400)
                .withHeader("content-type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"secret-internal-detail\"}")));
        Response page = callback("code=c-bad&state=" + begin().get("state"));
        assertEquals(400, page.status());
        assertTrue(page.body().contains("refused"), page.body());
        assertFalse(page.body().contains("secret-internal-detail"), "never the platform's own text");

        platform.stubFor(post(urlPathEqualTo("/oauth/token")).willReturn(aResponse().withStatus(503)));
        Response down = callback("code=c-down&state=" + begin().get("state"));
        assertEquals(503, down.status());
        assertEquals(List.of(), list());
    }

    static final Pattern NONCE = Pattern.compile("pnd_[0-9A-Za-z]{32}");

    /** A callback whose grant offers three accounts: the nonce of the pending selection. */
    String pendingOfThree(String prefix) {
        String code = "c-" + prefix + System.nanoTime();
        grants(code, "[" + person(prefix + "-me", prefix + "me") + ",{\"id\":\"" + prefix + "-org1\",\"name\":\"Org One\","
                + "\"kind\":\"organization\",\"access_token\":\"page-token-" + prefix + "\"},"
                + "{\"id\":\"" + prefix + "-org2\",\"name\":\"Org Two\",\"kind\":\"organization\"}]");
        tokens.add("page-token-" + prefix);
        Response page = callback("code=" + code + "&state=" + begin().get("state"));
        assertEquals(200, page.status(), page.body());
        Matcher m = NONCE.matcher(page.body());
        assertTrue(m.find(), page.body());
        return m.group();
    }

    @Test
    void severalOfferedAccountsWaitForTheTenantsChoiceOnce() {
        String nonce = pendingOfThree("pick");
        assertEquals(List.of(), list(), "nothing is connected before the choice");
        Response pending = call("GET", "/v1/oauth/pending/" + nonce, admin.raw(), null);
        assertEquals(200, pending.status(), pending.body());
        assertEquals(3, pending.json().path("offered").size());
        assertEquals("organization", pending.json().path("offered").path(1).path("kind").asText());
        assertEquals(404, call("GET", "/v1/oauth/pending/" + nonce, stranger.raw(), null).status());
        assertEquals(404, call("GET", "/v1/oauth/pending/pnd_" + "x".repeat(32), admin.raw(), null).status());

        // another tenant of the same agency cannot confirm it
        String otherTenant = fx.tenant(admin.accountId());
        Response foreign = call("POST", "/v1/tenants/" + otherTenant + "/social-accounts/confirm", admin.raw(),
                "{\"nonce\":\"" + nonce + "\",\"selections\":[{\"index\":0}]}");
        assertEquals(404, foreign.status(), foreign.body());
        Response strangers = call("POST", "/v1/tenants/" + tenant + "/social-accounts/confirm", stranger.raw(),
                "{\"nonce\":\"" + nonce + "\",\"selections\":[{\"index\":0}]}");
        assertEquals(404, strangers.status(), strangers.body());
        Response outOfRange = call("POST", accounts() + "/confirm", admin.raw(),
                "{\"nonce\":\"" + nonce + "\",\"selections\":[{\"index\":3}]}");
        assertEquals(400, outOfRange.status(), outOfRange.body());

        Response confirmed = call("POST", accounts() + "/confirm", admin.raw(),
                "{\"nonce\":\"" + nonce + "\",\"selections\":[{\"index\":1},{\"index\":2,\"default\":true}]}");
        assertEquals(201, confirmed.status(), confirmed.body());
        assertEquals(2, confirmed.json().path("items").size());
        Map<String, Boolean> defaults = new LinkedHashMap<>();
        list().forEach(a -> defaults.put(a.path("externalId").asText(), a.path("default").asBoolean()));
        assertEquals(Map.of("pick-org1", false, "pick-org2", true), defaults);
        assertEquals(404, call("POST", accounts() + "/confirm", admin.raw(),
                "{\"nonce\":\"" + nonce + "\",\"selections\":[{\"index\":0}]}").status(), "a selection is confirmed once");
        assertEquals(404, call("GET", "/v1/oauth/pending/" + nonce, admin.raw(), null).status());
        noTokenInAnyResponse();
    }

    @Test
    void anExpiredPendingSelectionIs410AndConnectsNothing() {
        String nonce = pendingOfThree("late");
        fx.clock.advanceSeconds(15 * 60 + 1);
        try {
            Response read = call("GET", "/v1/oauth/pending/" + nonce, admin.raw(), null);
            assertEquals(410, read.status(), read.body());
            assertEquals("NOT_FOUND", read.json().path("error").path("code").asText());
            Response confirm = call("POST", accounts() + "/confirm", admin.raw(),
                    "{\"nonce\":\"" + nonce + "\",\"selections\":[{\"index\":0}]}");
            assertEquals(410, confirm.status(), confirm.body());
        } finally {
            fx.clock.advanceSeconds(-(15 * 60 + 1));
        }
        assertEquals(List.of(), list());
    }

    @Test
    void theDefaultMovesAndADeletedAccountReconnectsAsItself() {
        String first = connectOne("urn:li:person:D1", "first");
        String second = connectOne("urn:li:person:D2", "second");
        assertEquals(Map.of(first, true, second, false), defaults());

        Response made = call("PUT", accounts() + "/" + second + "/default", admin.raw(), null);
        assertEquals(200, made.status(), made.body());
        assertTrue(made.json().path("default").asBoolean());
        assertEquals(Map.of(first, false, second, true), defaults());

        Response deleted = call("DELETE", accounts() + "/" + second, admin.raw(), null);
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals("revoked", deleted.json().path("status").asText());
        assertEquals(Map.of(first, true, second, false), defaults(), "the default moves to the account left");
        assertEquals(409, call("PUT", accounts() + "/" + second + "/default", admin.raw(), null).status());

        String again = connectOne("urn:li:person:D2", "second-again");
        assertEquals(second, again, "reconnecting the same platform account keeps its id");
        JsonNode back = call("GET", accounts() + "/" + second, readKey, null).json();
        assertEquals("connected", back.path("status").asText());
        assertEquals("second-again", back.path("handle").asText());
        assertEquals(2, list().size());
        assertEquals(Map.of(first, true, second, false), defaults());

        assertEquals(200, call("DELETE", accounts() + "/" + first, admin.raw(), null).status());
        assertEquals(Map.of(first, false, second, true), defaults());
        assertEquals(200, call("DELETE", accounts() + "/" + second, admin.raw(), null).status());
        assertEquals(Map.of(first, false, second, false), defaults(), "no connected account left: no default");
        String third = connectOne("urn:li:person:D3", "third");
        assertTrue(defaults().get(third), "the next account connected claims the empty default");
    }

    Map<String, Boolean> defaults() {
        Map<String, Boolean> out = new HashMap<>();
        list().forEach(a -> out.put(a.path("id").asText(), a.path("default").asBoolean()));
        return out;
    }

    @Test
    void patchChangesDisplayFieldsOnlyAndHonoursIfMatch() {
        String id = connectOne("urn:li:person:P1", "patchme");
        long v = call("GET", accounts() + "/" + id, readKey, null).json().path("version").asLong();
        Response ok = call("PATCH", accounts() + "/" + id, Map.of("authorization", "Bearer " + admin.raw(),
                "if-match", "\"" + v + "\""), "{\"name\":\"Bloom Corporate\",\"handle\":\"bloomcorp\"}");
        assertEquals(200, ok.status(), ok.body());
        assertEquals("Bloom Corporate", ok.json().path("name").asText());
        assertEquals(v + 1, ok.json().path("version").asLong());
        Response stale = call("PATCH", accounts() + "/" + id, Map.of("authorization", "Bearer " + admin.raw(),
                "if-match", Long.toString(v)), "{\"name\":\"Lost update\"}");
        assertEquals(409, stale.status(), stale.body());
        Response notDisplay = call("PATCH", accounts() + "/" + id, admin.raw(), "{\"status\":\"connected\"}");
        assertEquals("VALIDATION_ERROR", notDisplay.json().path("error").path("code").asText(), notDisplay.body());
        assertEquals(403, call("PATCH", accounts() + "/" + id, readKey, "{\"name\":\"x\"}").status());
        assertEquals("Bloom Corporate", call("GET", accounts() + "/" + id, readKey, null).json().path("name").asText());
    }

    @Test
    void anAppPasswordConnectsAndAMainPasswordIsRefusedBeforeAnyCall() {
        Response main = call("POST", accounts(), admin.raw(),
                "{\"platform\":\"bluesky\",\"identifier\":\"bloom.bsky.social\",\"appPassword\":\"my-real-Password1\"}");
        assertEquals(422, main.status(), main.body());
        assertTrue(main.json().path("error").path("details").has("appPassword"), main.body());
        assertFalse(main.body().contains("my-real-Password1"));
        assertEquals(0, platform.findAll(postRequestedFor(urlPathEqualTo("/session"))).size(), "no call with a main password");

        tokens.add("bsky-access-1");
        tokens.add("bsky-refresh-1");
        platform.stubFor(post(urlPathEqualTo("/session")).willReturn(okJson(
                "{\"did\":\"did:plc:bloom\",\"handle\":\"bloom.bsky.social\",\"accessJwt\":\"bsky-access-1\",\"refreshJwt\":\"bsky-refresh-1\"}")));
        platform.stubFor(get(urlPathEqualTo("/me/accounts")).willReturn(okJson("{\"accounts\":[" + person("did:plc:bloom", "bloom.bsky.social") + "]}")));
        Response ok = call("POST", accounts(), admin.raw(),
                "{\"platform\":\"bluesky\",\"identifier\":\"bloom.bsky.social\",\"appPassword\":\"abcd-efgh-ijkl-mnop\"}");
        assertEquals(201, ok.status(), ok.body());
        assertEquals("did:plc:bloom", ok.json().path("externalId").asText());
        assertTrue(ok.json().path("default").asBoolean());
        assertFalse(ok.body().contains("abcd-efgh-ijkl-mnop"));

        platform.stubFor(post(urlPathEqualTo("/session")).willReturn(aResponse().withStatus(401)
                .withHeader("content-type", "application/json").withBody("{\"error\":\"AuthenticationRequired\"}")));
        Response refused = call("POST", accounts(), admin.raw(),
                "{\"platform\":\"bluesky\",\"identifier\":\"bloom.bsky.social\",\"appPassword\":\"zzzz-zzzz-zzzz-zzzz\"}");
        assertEquals(422, refused.status(), refused.body());

        Response oauthOnly = call("POST", accounts(), admin.raw(),
                "{\"platform\":\"linkedin\",\"identifier\":\"x\",\"appPassword\":\"abcd-efgh-ijkl-mnop\"}");
        assertEquals(422, oauthOnly.status(), oauthOnly.body());
        Response byOauth = call("POST", "/v1/tenants/" + tenant + "/oauth/bluesky/start", admin.raw(), null);
        assertEquals(422, byOauth.status(), byOauth.body());
        noTokenInAnyResponse();
    }

    @Test
    void unknownAndUnconfiguredPlatformsAre422() {
        Response unconfigured = call("POST", "/v1/tenants/" + tenant + "/oauth/tiktok/start", admin.raw(), null);
        assertEquals(422, unconfigured.status(), unconfigured.body());
        assertEquals("not configured", unconfigured.json().path("error").path("details").path("platform").asText());
        assertEquals(422, call("POST", "/v1/tenants/" + tenant + "/oauth/myspace/start", admin.raw(), null).status());
        assertEquals(400, call("POST", "/v1/tenants/" + tenant + "/oauth/linkedin/start", admin.raw(),
                "{\"instance\":\"http://10.0.0.1/\"}").status());
        assertEquals(422, call("POST", "/v1/tenants/" + tenant + "/oauth/mastodon/start", admin.raw(), null).status());
    }

    @Test
    void aTenantNeverSeesAnotherTenantsAccounts() {
        String id = connectOne("urn:li:person:X1", "mine");
        String sibling = fx.tenant(admin.accountId());
        for (String[] r : List.of(new String[]{"GET", ""}, new String[]{"PATCH", ""}, new String[]{"DELETE", ""},
                new String[]{"PUT", "/default"})) {
            Response sameAgency = call(r[0], "/v1/tenants/" + sibling + "/social-accounts/" + id + r[1], admin.raw(),
                    r[0].equals("PATCH") ? "{\"name\":\"x\"}" : null);
            assertEquals(404, sameAgency.status(), r[0] + " " + sameAgency.body());
            Response otherAgency = call(r[0], accounts() + "/" + id + r[1], stranger.raw(), r[0].equals("PATCH") ? "{\"name\":\"x\"}" : null);
            assertEquals(404, otherAgency.status(), r[0] + " " + otherAgency.body());
            assertFalse(otherAgency.body().contains("mine"));
        }
        Response theirList = call("GET", "/v1/tenants/" + sibling + "/social-accounts", admin.raw(), null);
        assertEquals(0, theirList.json().path("items").size());
        assertEquals(404, call("GET", accounts(), stranger.raw(), null).status());
        assertEquals(404, call("POST", "/v1/tenants/" + tenant + "/oauth/linkedin/start", stranger.raw(), "{}").status());
        assertEquals("connected", call("GET", accounts() + "/" + id, readKey, null).json().path("status").asText());
    }

    /** Bodies and paths a client might send by mistake or on purpose: always a 4xx envelope, never a 500. */
    @Test
    void badInputOnEveryRouteIsA4xxEnvelopeNeverA500() {
        String id = connectOne("urn:li:person:F1", "fuzz");
        String nonce = pendingOfThree("fz");
        Random random = new Random(13);
        String[] fragments = {"{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1", "1e999", "0", "\"index\"",
                "\"selections\"", "\"nonce\"", "\"" + nonce + "\"", "\"platform\"", "\"bluesky\"", "\"appPassword\"",
                "\"name\"", "\"x\"", "\"\\u0000\"", "\"" + "a".repeat(300) + "\"", "{\"index\":2147483648}", "\"default\"",
                "\"instance\"", "\"https://\"", "[{}]", "{\"\":1}"};
        String[][] routes = {{"POST", accounts()}, {"POST", accounts() + "/confirm"}, {"PATCH", accounts() + "/" + id},
                {"POST", "/v1/tenants/" + tenant + "/oauth/linkedin/start"}, {"PUT", accounts() + "/" + id + "/default"}};
        for (int i = 0; i < 300; i++) {
            StringBuilder body = new StringBuilder();
            int n = 1 + random.nextInt(12);
            for (int k = 0; k < n; k++) {
                body.append(fragments[random.nextInt(fragments.length)]);
            }
            String[] r = routes[random.nextInt(routes.length)];
            Response resp = call(r[0], r[1], admin.raw(), body.toString());
            assertTrue(resp.status() < 500, r[0] + " " + r[1] + " " + body + " -> " + resp.status() + " " + resp.body());
            if (resp.status() >= 400) {
                assertTrue(resp.json().path("error").path("requestId").asText().startsWith("req_"), resp.body());
            }
        }
        String[] badPaths = {accounts() + "/sa_%00", accounts() + "/sa_" + "z".repeat(80), accounts() + "/confirm",
                "/v1/oauth/pending/nonce", "/v1/oauth/pending/pnd_%22", "/oauth/x/callback?state=" + "%ff".repeat(40),
                "/oauth/linkedin/callback?code=" + "c".repeat(5000) + "&state=" + "B".repeat(32), accounts() + "?limit=0",
                accounts() + "?cursor=forged"};
        for (String p : badPaths) {
            Response resp = call("GET", p, admin.raw(), null);
            assertTrue(resp.status() >= 400 && resp.status() < 500, p + " -> " + resp.status() + " " + resp.body());
        }
    }

    /** Every log line written while accounts connect, refresh and fail carries no token and no app password. */
    @Test
    void tokensNeverAppearInAnyLogLine() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            connectOne("urn:li:person:L1", "logged");
            pendingOfThree("lg");
            platform.stubFor(post(urlPathEqualTo("/oauth/token")).atPriority(1).willReturn(aResponse().withStatus(400)
                    .withHeader("content-type", "application/json").withBody("{\"error\":\"invalid_grant\"}")));
            callback("code=c-log-bad&state=" + begin().get("state"));
            call("POST", accounts(), admin.raw(),
                    "{\"platform\":\"bluesky\",\"identifier\":\"bloom\",\"appPassword\":\"my-main-secret-password\"}");
        } finally {
            System.setOut(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("/oauth/linkedin/callback"), "the capture saw the function's lines: " + logs.length());
        noTokenIn(logs, "a log line");
        assertFalse(logs.contains("my-main-secret-password"), "an app password in the logs");
        assertNotEquals(0, tokens.size());
        noTokenInAnyResponse();
    }

    /** Writes to two streams. */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
