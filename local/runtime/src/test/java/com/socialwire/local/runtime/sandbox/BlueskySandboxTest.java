package com.socialwire.local.runtime.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.providers.bluesky.BlueskyApis;
import com.socialwire.shared.providers.bluesky.BlueskyConnector;
import com.socialwire.shared.providers.bluesky.BlueskyPublisher;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher.Media;
import com.socialwire.shared.social.PlatformPublisher.Outgoing;
import com.socialwire.shared.social.PlatformPublisher.Prepared;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LOCAL BLUESKY SANDBOX against Socialwire's real {@link BlueskyConnector} and {@link BlueskyPublisher}, built from
 * the configuration the sandbox gives the functions (no instance named: the sandbox is the default service), served
 * over HTTP without the runtime.
 */
class BlueskySandboxTest {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    BlueskySandbox sandbox;
    SandboxHost host;
    SandboxServer server;
    BlueskyConnector connector;
    BlueskyPublisher publisher;

    @BeforeEach
    void start() throws Exception {
        sandbox = new BlueskySandbox();
        host = new SandboxHost(sandbox);
        server = new SandboxServer(host, Map.of("loaf.png", PNG));
        Config config = Config.of(sandbox.environment(server.base()));
        connector = BlueskyApis.connector(config);
        publisher = new BlueskyPublisher(BlueskyApis.fromConfig(config), new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(10)),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Connector.Login login(String handle, String appPassword) {
        return assertInstanceOf(PlatformResult.Ok.class, connector.login(handle, appPassword, null), "login").value() instanceof Connector.Login l
                ? l : null;
    }

    /** The demo account, logged in with its app password and no instance. */
    Target demo() {
        Connector.Login login = login(BlueskySandbox.DEMO_HANDLE, BlueskySandbox.DEMO_APP_PASSWORD);
        return target(login, login.grant());
    }

    static Target target(Connector.Login login, Grant grant) {
        Instant now = Instant.now();
        return new Target(new SocialAccount("ten_1", "sa_1", "bluesky", login.account().externalId(), login.account().handle(),
                login.account().name(), null, "profile", login.account().attributes().get("pdsUrl"), List.of(), grant.expiresAt(),
                AccountStatus.CONNECTED, null, true, now, now, 1), grant.accessToken());
    }

    static Outgoing post(String text, List<String> parts, List<Media> media) {
        return new Outgoing("ten_1", "post_1", text, parts, media, null, null, Instant.now());
    }

    ObjectNode prepared(Target t, Outgoing post) {
        PlatformResult<Prepared> p = publisher.prepare(t, post, Json.object());
        return assertInstanceOf(Prepared.Ready.class, assertInstanceOf(PlatformResult.Ok.class, p, p.toString()).value()).state();
    }

    Map<String, JsonNode> posts() {
        return sandbox.records(BlueskySandbox.DEMO_DID, "app.bsky.feed.post");
    }

    @Test
    void theDemoAccountLogsInWithNoInstanceAndPublishesTextAndAnImageWithAltText() throws Exception {
        Connector.Login login = login(BlueskySandbox.DEMO_HANDLE, BlueskySandbox.DEMO_APP_PASSWORD);
        assertEquals(BlueskySandbox.DEMO_DID, login.account().externalId());
        assertEquals(server.base(), login.account().attributes().get("pdsUrl"), "the DID document names the sandbox as the PDS");
        Target t = target(login, login.grant());
        Media loaf = new Media("med_1", server.file("loaf.png"), "image/png", PNG.length, "A sourdough loaf on a board", 64, 48, null);
        Outgoing post = post("Fresh loaves at 7 #bread", List.of(), List.of(loaf));

        PlatformResult<Published> published = publisher.publish(t, post, prepared(t, post), "dk-text-image");

        Published p = assertInstanceOf(PlatformResult.Ok.class, published, published.toString()).value() instanceof Published x ? x : null;
        assertTrue(p.externalId().startsWith("at://" + BlueskySandbox.DEMO_DID + "/app.bsky.feed.post/"), p.toString());
        assertTrue(p.url().startsWith("https://bsky.app/profile/" + BlueskySandbox.DEMO_HANDLE + "/post/"), p.toString());
        assertEquals(1, posts().size());
        JsonNode record = posts().values().iterator().next();
        assertEquals("Fresh loaves at 7 #bread", record.path("text").asText());
        JsonNode image = record.path("embed").path("images").path(0);
        assertEquals("A sourdough loaf on a board", image.path("alt").asText(), record.toString());
        String cid = image.path("image").path("ref").path("$link").asText();
        HttpResponse<byte[]> blob = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.base()
                + "/xrpc/com.atproto.sync.getBlob?did=" + BlueskySandbox.DEMO_DID + "&cid=" + cid)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, blob.statusCode());
        assertArrayEquals(PNG, blob.body());
    }

    @Test
    void theRefreshTokenRotatesAndAUsedOneIsRefused() {
        Connector.Login login = login(BlueskySandbox.DEMO_HANDLE, BlueskySandbox.DEMO_APP_PASSWORD);
        String pds = login.account().attributes().get("pdsUrl");
        PlatformResult<Grant> next = connector.refresh(login.grant(), pds);
        Grant g = assertInstanceOf(PlatformResult.Ok.class, next, next.toString()).value() instanceof Grant x ? x : null;
        assertTrue(!g.refreshToken().equals(login.grant().refreshToken()));
        assertInstanceOf(PlatformResult.AuthFailed.class, connector.refresh(login.grant(), pds), "a used refresh token is spent");
        assertInstanceOf(PlatformResult.Ok.class, connector.offered(g, pds), "the new pair works");
        assertEquals(200, host.handle(new SandboxRequest("POST", "/_revoke", null, Map.of(), null)).status());
        assertInstanceOf(PlatformResult.AuthFailed.class, connector.refresh(g, pds), "a revoked session cannot be refreshed");
    }

    @Test
    void anyOtherHandleConnectsWithAnAppPasswordAndAWrongOneOrAMainPasswordIsRefused() {
        Connector.Login other = login("bakery.example.com", "abcd-efgh-ijkl-mnop");
        assertTrue(other.account().externalId().startsWith("did:plc:"), other.account().externalId());
        assertEquals(other.account().externalId(), login("bakery.example.com", "abcd-efgh-ijkl-mnop").account().externalId());
        assertInstanceOf(PlatformResult.AuthFailed.class, connector.login("bakery.example.com", "zzzz-zzzz-zzzz-zzzz", null));
        assertInstanceOf(PlatformResult.AuthFailed.class, connector.login(BlueskySandbox.DEMO_HANDLE, "abcd-efgh-ijkl-mnop", null));
        assertInstanceOf(PlatformResult.Rejected.class, connector.login(BlueskySandbox.DEMO_HANDLE, "my main password", null));
    }

    @Test
    void aLostCreateRecordAnswerIsReconciledToExactlyOneRecord() {
        Target t = demo();
        Outgoing post = post("Rye is back on Friday", List.of(), List.of());
        ObjectNode state = prepared(t, post);
        fault("{\"pathContains\":\"com.atproto.repo.createRecord\",\"status\":504,\"applyFirst\":true}");

        assertInstanceOf(PlatformResult.Unknown.class, publisher.publish(t, post, state, "dk-lost"), "the answer was lost");
        PlatformResult<Reconciled> r = publisher.reconcile(t, post, state, "dk-lost", Instant.now());
        assertInstanceOf(Reconciled.Found.class, assertInstanceOf(PlatformResult.Ok.class, r, r.toString()).value());
        // publishing the same delivery again cannot make a second post: its key is taken (500, as the reference PDS)
        assertInstanceOf(PlatformResult.Unknown.class, publisher.publish(t, post, state, "dk-lost"));
        assertEquals(1, posts().size(), posts().toString());
    }

    @Test
    void aThreePartThreadRepliesToItsRootAndEachPartBefore() {
        Target t = demo();
        Outgoing post = post("1/3 How we proof sourdough", List.of("2/3 Twelve hours, cold", "3/3 Then bake hot"), List.of());

        PlatformResult<Published> published = publisher.publish(t, post, prepared(t, post), "dk-thread");

        Published root = assertInstanceOf(PlatformResult.Ok.class, published, published.toString()).value() instanceof Published x ? x : null;
        List<JsonNode> parts = new ArrayList<>(posts().values());
        assertEquals(3, parts.size(), parts.toString());
        Map<String, String> uriOfText = new HashMap<>();
        posts().forEach((rkey, v) -> uriOfText.put(v.path("text").asText(), "at://" + BlueskySandbox.DEMO_DID + "/app.bsky.feed.post/" + rkey));
        assertEquals(root.externalId(), uriOfText.get("1/3 How we proof sourdough"));
        for (JsonNode part : parts) {
            String text = part.path("text").asText();
            if (text.startsWith("2/3") || text.startsWith("3/3")) {
                assertEquals(root.externalId(), part.path("reply").path("root").path("uri").asText(), part.toString());
                String before = text.startsWith("2/3") ? "1/3 How we proof sourdough" : "2/3 Twelve hours, cold";
                assertEquals(uriOfText.get(before), part.path("reply").path("parent").path("uri").asText(), part.toString());
            }
        }
    }

    @Test
    void aRevokedSessionIsAuthFailedAndLoggingInAgainWorks() {
        Target t = demo();
        Outgoing post = post("Closed on Monday", List.of(), List.of());
        ObjectNode state = prepared(t, post);

        SandboxResponse revoked = host.handle(new SandboxRequest("POST", "/_revoke", null, Map.of(), "{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, revoked.status(), revoked.text());
        assertEquals(BlueskySandbox.DEMO_DID, Json.tree(revoked.body()).path("revoked").asText());

        PlatformResult<Published> refused = publisher.publish(t, post, state, "dk-revoked");
        assertInstanceOf(PlatformResult.AuthFailed.class, refused, refused.toString());
        assertEquals(0, posts().size());
        assertInstanceOf(PlatformResult.Ok.class, publisher.publish(demo(), post, state, "dk-revoked"), "logging in again makes a new session");
        assertEquals(400, host.handle(new SandboxRequest("POST", "/_revoke", null, Map.of(),
                "{\"userId\":\"nobody.example.com\"}".getBytes(StandardCharsets.UTF_8))).status(), "an unknown person is a 400");
    }

    void fault(String spec) {
        SandboxResponse r = host.handle(new SandboxRequest("POST", "/_faults", null, Map.of(), spec.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, r.status(), r.text());
    }

    @Test
    void theRealInsightsProviderReadsAPublishedPostsCountsThroughThePds() {
        Target t = demo();
        Outgoing post = post("Counted loaves", List.of(), List.of());
        Published p = assertInstanceOf(PlatformResult.Ok.class, publisher.publish(t, post, prepared(t, post), "dk-insights")).value() instanceof Published x
                ? x : null;
        var insights = new com.socialwire.shared.social.insights.BlueskyInsights(com.socialwire.shared.social.oauth.PlatformHttp.create(Duration.ofSeconds(10)));
        var read = insights.post(t, p.externalId(), null);
        var found = assertInstanceOf(PlatformResult.Ok.class, read, read.toString()).value() instanceof
                com.socialwire.shared.social.insights.InsightsProvider.PostInsights pi ? pi : null;
        assertEquals(0L, found.metrics().get("likes"), "a post of this minute has no likes yet");
        assertEquals(null, found.metrics().get("views"), "Bluesky has no views");
        var day = insights.account(t, Instant.now());
        assertTrue(assertInstanceOf(PlatformResult.Ok.class, day).value() instanceof com.socialwire.shared.social.insights.InsightsProvider.AccountDay d
                && d.followers() >= 51, day.toString());
    }
}
