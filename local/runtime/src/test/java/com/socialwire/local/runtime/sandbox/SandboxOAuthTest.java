package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxOAuthTest {

    private static final String REDIRECT = "http://localhost:3000/oauth/demo/callback";
    private static final String VERIFIER = "a-verifier-of-enough-length-0123456789-abcdefghijklmnop";

    /** A sandbox with one API call: POST /posts (counts the posts it made) for the person of the bearer token. */
    static final class DemoSandbox implements PlatformSandbox {
        final AtomicInteger posts = new AtomicInteger();
        final SandboxOAuth oauth = new SandboxOAuth("demo", "Demo", "demo-client", "demo-secret", "/oauth/authorize", "/oauth/token",
                true, Duration.ofHours(2), new SandboxOAuth.User("u1", "demo_user", "Demo User"), Clock.systemUTC());

        @Override
        public String name() {
            return "demo";
        }

        @Override
        public String label() {
            return "Demo";
        }

        @Override
        public Map<String, String> environment(String base) {
            return Map.of("DEMO_API_BASE", base);
        }

        @Override
        public SandboxOAuth oauth() {
            return oauth;
        }

        @Override
        public SandboxResponse handle(SandboxRequest request) {
            if (oauth.user(request).isEmpty()) {
                return SandboxResponse.json(401, Map.of("error", "invalid_token"));
            }
            return SandboxResponse.json(201, Map.of("id", "p" + posts.incrementAndGet()));
        }
    }

    private final DemoSandbox sandbox = new DemoSandbox();
    private final SandboxHost host = new SandboxHost(sandbox);

    private static SandboxRequest get(String path, String query) {
        return new SandboxRequest("GET", path, query, Map.of(), null);
    }

    private static SandboxRequest form(String path, String body, Map<String, List<String>> headers) {
        return new SandboxRequest("POST", path, null, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Authorize → Allow → the redirect's code. */
    private String code(String state) {
        SandboxResponse page = host.handle(get("/oauth/authorize", "response_type=code&client_id=demo-client&redirect_uri=" + enc(REDIRECT)
                + "&state=" + state + "&code_challenge=" + SandboxOAuth.s256(VERIFIER) + "&code_challenge_method=S256&scope=post"));
        assertEquals(200, page.status());
        assertTrue(page.text().contains("LOCAL DEMO SANDBOX"), page.text());
        Matcher allow = Pattern.compile("href=\"/_local/demo(/_oauth/consent)\\?([^\"]+allow)\"").matcher(page.text());
        assertTrue(allow.find(), page.text());
        SandboxResponse back = host.handle(get(allow.group(1), allow.group(2)));
        assertEquals(302, back.status());
        String location = back.headers().get("location");
        assertTrue(location.startsWith(REDIRECT + "?code="), location);
        assertTrue(location.endsWith("&state=" + state), location);
        return java.net.URLDecoder.decode(location.substring(location.indexOf("code=") + 5, location.indexOf("&state")), StandardCharsets.UTF_8);
    }

    private JsonNode exchange(String body, Map<String, List<String>> headers, int expectedStatus) {
        SandboxResponse r = host.handle(form("/oauth/token", body, headers));
        assertEquals(expectedStatus, r.status(), r.text());
        return Json.tree(r.body());
    }

    private static Map<String, List<String>> basic(String id, String secret) {
        return Map.of("Authorization", List.of("Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void consentCodeAndVerifierGiveATokenThatTheApiAccepts() {
        String code = code("s1");
        JsonNode token = exchange("grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(REDIRECT) + "&code_verifier=" + VERIFIER,
                basic("demo-client", "demo-secret"), 200);
        assertEquals(7200, token.path("expires_in").asInt());
        SandboxResponse post = host.handle(new SandboxRequest("POST", "/posts", null,
                Map.of("Authorization", List.of("Bearer " + token.path("access_token").asText())), null));
        assertEquals(201, post.status());
        // the code is single use
        exchange("grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(REDIRECT) + "&code_verifier=" + VERIFIER,
                basic("demo-client", "demo-secret"), 400);
    }

    @Test
    void aWrongVerifierOrSecretGetsNoToken() {
        String code = code("s2");
        assertEquals("invalid_grant", exchange("grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(REDIRECT)
                + "&code_verifier=wrong&client_id=demo-client", Map.of(), 400).path("error").asText());
        assertEquals("invalid_client", exchange("grant_type=authorization_code&code=x&client_id=demo-client&client_secret=nope",
                Map.of(), 401).path("error").asText());
    }

    @Test
    void denyingSendsAccessDeniedBackWithTheState() {
        SandboxResponse page = host.handle(get("/oauth/authorize", "response_type=code&client_id=demo-client&redirect_uri=" + enc(REDIRECT) + "&state=s3"));
        Matcher deny = Pattern.compile("href=\"/_local/demo(/_oauth/consent)\\?([^\"]+deny)\"").matcher(page.text());
        assertTrue(deny.find());
        String location = host.handle(get(deny.group(1), deny.group(2))).headers().get("location");
        assertTrue(location.contains("error=access_denied") && location.endsWith("&state=s3"), location);
        // the consent page is single use too
        assertEquals(400, host.handle(get(deny.group(1), deny.group(2))).status());
    }

    @Test
    void aRotatedRefreshTokenIsRefusedOnceUsedAndARevokedPersonGetsNothing() {
        String code = code("s4");
        JsonNode first = exchange("grant_type=authorization_code&code=" + enc(code) + "&code_verifier=" + VERIFIER
                + "&client_id=demo-client&client_secret=demo-secret", Map.of(), 200);
        String r1 = first.path("refresh_token").asText();
        JsonNode second = exchange("grant_type=refresh_token&refresh_token=" + enc(r1), basic("demo-client", "demo-secret"), 200);
        String r2 = second.path("refresh_token").asText();
        assertFalse(r1.equals(r2));
        exchange("grant_type=refresh_token&refresh_token=" + enc(r1), basic("demo-client", "demo-secret"), 400);
        assertEquals(200, host.handle(new SandboxRequest("POST", "/_revoke", null, Map.of(), null)).status());
        exchange("grant_type=refresh_token&refresh_token=" + enc(r2), basic("demo-client", "demo-secret"), 400);
        assertTrue(sandbox.oauth.userOfToken(second.path("access_token").asText()).isEmpty());
    }

    @Test
    void aPersonWhoRevokedTheAppAndConsentsAgainIsConnectedAgainWhileTheOldTokensStayDead() {
        String old = sandbox.oauth.issueAccess(sandbox.oauth.defaultUser());
        assertEquals(200, host.handle(new SandboxRequest("POST", "/_revoke", null, Map.of(), null)).status());
        assertTrue(sandbox.oauth.userOfToken(old).isEmpty());
        JsonNode again = exchange("grant_type=authorization_code&code=" + enc(code("s6")) + "&redirect_uri=" + enc(REDIRECT)
                + "&code_verifier=" + VERIFIER, basic("demo-client", "demo-secret"), 200);
        assertTrue(sandbox.oauth.userOfToken(again.path("access_token").asText()).isPresent(), "consenting again grants again");
        assertTrue(sandbox.oauth.userOfToken(old).isEmpty(), "the revoked token stays revoked");
    }

    @Test
    void aFaultAppliedFirstActsAndLosesTheAnswerWhileAPlainFaultStopsTheCall() {
        String token = sandbox.oauth.issueAccess(sandbox.oauth.defaultUser());
        Map<String, List<String>> auth = Map.of("Authorization", List.of("Bearer " + token));
        host.handle(new SandboxRequest("POST", "/_faults", null, Map.of(),
                "{\"pathContains\":\"/posts\",\"status\":504,\"applyFirst\":true}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(504, host.handle(new SandboxRequest("POST", "/posts", null, auth, null)).status());
        assertEquals(1, sandbox.posts.get(), "the post was made although its answer was lost");
        host.handle(new SandboxRequest("POST", "/_faults", null, Map.of(),
                "{\"pathContains\":\"/posts\",\"status\":503,\"times\":2}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(503, host.handle(new SandboxRequest("POST", "/posts", null, auth, null)).status());
        assertEquals(503, host.handle(new SandboxRequest("POST", "/posts", null, auth, null)).status());
        assertEquals(201, host.handle(new SandboxRequest("POST", "/posts", null, auth, null)).status());
        assertEquals(2, sandbox.posts.get());
        assertEquals(400, host.handle(new SandboxRequest("POST", "/_faults", null, Map.of(), "{}".getBytes(StandardCharsets.UTF_8))).status());
    }

    @Test
    void theOutboxNeverShowsCredentials() {
        code("s5");
        host.handle(form("/oauth/token", "grant_type=refresh_token&refresh_token=sbx-demo-rt-SECRET1&client_id=demo-client&client_secret=demo-secret",
                Map.of("content-type", List.of("application/x-www-form-urlencoded"))));
        String outbox = host.handle(get("/_outbox", null)).text();
        assertFalse(outbox.contains("SECRET1") || outbox.contains("demo-secret"), outbox);
        assertTrue(outbox.contains("LOCAL DEMO SANDBOX"), outbox);
    }
}
