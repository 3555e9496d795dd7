package com.socialwire.shared.social.mentions;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.bluesky.HttpBlueskyApi;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.mentions.MentionSource.Mention;
import com.socialwire.shared.social.mentions.MentionSource.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.socialwire.shared.social.mentions.MentionContract.NOW;
import static com.socialwire.shared.social.mentions.MentionContract.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bluesky's notifications and replies against WireMock stubs shaped from the lexicons
 * (app.bsky.notification.listNotifications: {@code {cursor?, notifications:[{uri, cid, author: profileView, reason,
 * reasonSubject?, record, isRead, indexedAt}]}}, newest first; com.atproto.repo.createRecord/getRecord) and the
 * reference PDS's answers (XRPC errors {@code {error, message}}, {@code ratelimit-reset}).
 */
class BlueskyMentionsContractTest {

    @RegisterExtension
    static WireMockExtension pds = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String ME = "did:plc:z72i7hdynmk6r22z27h6tvur";
    static final String ALICE = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    static final String TOKEN = "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ.access.sig";
    static final String MY_POST = "at://" + ME + "/app.bsky.feed.post/3lbwzq7bqqk2a";
    Target target;
    BlueskyMentions source;

    @BeforeEach
    void setUp() {
        pds.resetAll();
        target = MentionContract.target("bluesky", ME, "bloom.bsky.social", pds.baseUrl(), TOKEN);
        source = new BlueskyMentions(new HttpBlueskyApi(Duration.ofSeconds(20)), null, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static String notification(String rkey, String reason, String indexedAt, String text, boolean replyToMe) {
        String uri = "at://" + ALICE + "/app.bsky.feed.post/" + rkey;
        String reply = replyToMe ? ",\"reply\":{\"root\":{\"uri\":\"" + MY_POST + "\",\"cid\":\"bafyreiroot\"},\"parent\":{\"uri\":\"" + MY_POST
                + "\",\"cid\":\"bafyreiroot\"}}" : "";
        return "{\"uri\":\"" + uri + "\",\"cid\":\"bafyrei" + rkey + "\",\"author\":{\"did\":\"" + ALICE + "\",\"handle\":\"alice.bsky.social\","
                + "\"displayName\":\"Alice\",\"avatar\":\"https://cdn.bsky.app/img/avatar/plain/" + ALICE + "/bafkrei@jpeg\",\"labels\":[],"
                + "\"createdAt\":\"2024-01-01T00:00:00.000Z\"},\"reason\":\"" + reason + "\"" + (replyToMe ? ",\"reasonSubject\":\"" + MY_POST + "\"" : "")
                + ",\"record\":{\"$type\":\"app.bsky.feed.post\",\"text\":" + Json.write(text) + ",\"createdAt\":\"" + indexedAt + "\",\"langs\":[\"en\"]"
                + reply + "},\"isRead\":false,\"indexedAt\":\"" + indexedAt + "\",\"labels\":[]}";
    }

    static String page(String cursor, String... notifications) {
        return "{" + (cursor == null ? "" : "\"cursor\":\"" + cursor + "\",") + "\"notifications\":[" + String.join(",", notifications)
                + "],\"priority\":false,\"seenAt\":\"2026-12-04T19:00:00.000Z\"}";
    }

    static final String NOTIFICATIONS = "/xrpc/app.bsky.notification.listNotifications";

    @Test
    void aFirstPollReadsTheNewestPageThroughThePdsProxyOldestFirst() {
        pds.stubFor(get(urlPathEqualTo(NOTIFICATIONS)).willReturn(okJson(page("2026-12-04T19:40:00.000Z",
                notification("3lc2reply", "reply", "2026-12-04T19:55:00.000Z", "Are the rye loaves back?", true),
                notification("3lc1mention", "mention", "2026-12-04T19:50:00.000Z", "best bread in town @bloom.bsky.social", false)))));

        Page p = ok(source.poll(target, null, 20));

        assertEquals(2, p.items().size());
        Mention first = p.items().get(0);
        assertEquals("at://" + ALICE + "/app.bsky.feed.post/3lc1mention", first.externalId());
        assertEquals("mention", first.type());
        assertNull(first.postExternalId());
        assertEquals("https://bsky.app/profile/alice.bsky.social/post/3lc1mention", first.url());
        Mention reply = p.items().get(1);
        assertEquals("reply", reply.type());
        assertEquals(MY_POST, reply.postExternalId());
        assertEquals("Are the rye loaves back?", reply.text());
        assertEquals(ALICE, reply.authorId());
        assertEquals("Alice", reply.authorName());
        assertEquals(MY_POST, reply.replyRef().get("rootUri"), "the thread's root, for the reply's reply.root");
        assertEquals("bafyrei3lc2reply", reply.replyRef().get("parentCid"));
        assertEquals("2026-12-04T19:55:00Z at://" + ALICE + "/app.bsky.feed.post/3lc2reply", p.cursor());
        assertFalse(p.more());
        pds.verify(getRequestedFor(urlPathEqualTo(NOTIFICATIONS)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("atproto-proxy", equalTo("did:web:api.bsky.app#bsky_appview"))
                .withQueryParam("reasons", equalTo("reply")).withQueryParam("reasons", equalTo("quote")).withQueryParam("cursor", absent()));
    }

    @Test
    void theNextPollPagesBackToTheCursorAndASecondOneWithNothingNewAddsNothing() {
        String cursor = "2026-12-04T19:55:00Z at://" + ALICE + "/app.bsky.feed.post/3lc2reply";
        pds.stubFor(get(urlPathEqualTo(NOTIFICATIONS)).withQueryParam("cursor", absent()).willReturn(okJson(page("c2",
                notification("3lc4", "mention", "2026-12-04T19:59:00.000Z", "four", false),
                notification("3lc3", "quote", "2026-12-04T19:58:00.000Z", "three", false)))));
        pds.stubFor(get(urlPathEqualTo(NOTIFICATIONS)).withQueryParam("cursor", equalTo("c2")).willReturn(okJson(page("c3",
                notification("3lc2like", "mention", "2026-12-04T19:57:00.000Z", "two and a half", false),
                notification("3lc2reply", "reply", "2026-12-04T19:55:00.000Z", "Are the rye loaves back?", true),
                notification("3lc1mention", "mention", "2026-12-04T19:50:00.000Z", "old", false)))));

        Page p = ok(source.poll(target, cursor, 20));
        assertEquals(java.util.List.of("two and a half", "three", "four"), p.items().stream().map(Mention::text).toList(),
                "the new ones across two pages, oldest first, none from before the cursor");
        assertEquals("2026-12-04T19:59:00Z at://" + ALICE + "/app.bsky.feed.post/3lc4", p.cursor());
        pds.verify(0, getRequestedFor(urlPathEqualTo(NOTIFICATIONS)).withQueryParam("cursor", equalTo("c3")));

        Page again = ok(source.poll(target, p.cursor(), 20));
        assertTrue(again.items().isEmpty());
        assertEquals(p.cursor(), again.cursor());

        Page two = ok(source.poll(target, cursor, 2));
        assertEquals(java.util.List.of("two and a half", "three"), two.items().stream().map(Mention::text).toList());
        assertTrue(two.more());
        assertEquals("2026-12-04T19:58:00Z at://" + ALICE + "/app.bsky.feed.post/3lc3", two.cursor(), "the next poll goes on after the last one taken");
    }

    @Test
    void withAnAppViewUrlNotificationsAreReadThereWithoutTheProxyHeader() {
        pds.stubFor(get(urlPathEqualTo("/index" + NOTIFICATIONS)).willReturn(okJson(page(null))));
        BlueskyMentions direct = new BlueskyMentions(new HttpBlueskyApi(Duration.ofSeconds(20)), pds.baseUrl() + "/index",
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertTrue(ok(direct.poll(target, null, 20)).items().isEmpty());
        pds.verify(getRequestedFor(urlPathEqualTo("/index" + NOTIFICATIONS)).withHeader("atproto-proxy", absent())
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    Mention aReply() {
        return new Mention("at://" + ALICE + "/app.bsky.feed.post/3lc2reply", "reply", ALICE, "alice.bsky.social", "Alice", "rye?", MY_POST,
                null, java.time.Instant.parse("2026-12-04T19:55:00Z"), Map.of("parentUri", "at://" + ALICE + "/app.bsky.feed.post/3lc2reply",
                "parentCid", "bafyrei3lc2reply", "rootUri", MY_POST, "rootCid", "bafyreiroot"));
    }

    @Test
    void aReplyIsOneCreateRecordUnderAKeyFromTheDedupeKeyAndFindReplyReadsThatKey() {
        Mention to = aReply();
        String rkey = BlueskyMentions.rkey(to, "inb_42");
        String uri = "at://" + ME + "/app.bsky.feed.post/" + rkey;
        pds.stubFor(post(urlPathEqualTo("/xrpc/com.atproto.repo.createRecord")).willReturn(okJson("{\"uri\":\"" + uri + "\",\"cid\":\"bafyreimine\","
                + "\"commit\":{\"cid\":\"bafyreicommit\",\"rev\":\"3lc5\"},\"validationStatus\":\"valid\"}")));

        Published p = ok(source.reply(target, to, "Yes, from Friday!", "inb_42"));

        assertEquals(uri, p.externalId());
        assertEquals("https://bsky.app/profile/bloom.bsky.social/post/" + rkey, p.url());
        JsonNode body = Json.tree(pds.getAllServeEvents().getFirst().getRequest().getBodyAsString());
        assertEquals(rkey, body.path("rkey").asText());
        assertEquals(ME, body.path("repo").asText());
        assertEquals(MY_POST, body.path("record").path("reply").path("root").path("uri").asText());
        assertEquals("bafyrei3lc2reply", body.path("record").path("reply").path("parent").path("cid").asText());
        assertEquals("Yes, from Friday!", body.path("record").path("text").asText());
        assertEquals(rkey, BlueskyMentions.rkey(to, "inb_42"), "every attempt targets the same record");

        // the PDS answers a second create under a key it holds with 500: an unknown outcome, settled by findReply
        pds.stubFor(post(urlPathEqualTo("/xrpc/com.atproto.repo.createRecord")).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\":\"InternalServerError\",\"message\":\"Internal Server Error\"}")));
        assertInstanceOf(PlatformResult.Unknown.class, source.reply(target, to, "Yes, from Friday!", "inb_42"));

        pds.stubFor(get(urlPathEqualTo("/xrpc/com.atproto.repo.getRecord")).withQueryParam("rkey", equalTo(rkey)).willReturn(okJson("{\"uri\":\"" + uri
                + "\",\"cid\":\"bafyreimine\",\"value\":{\"$type\":\"app.bsky.feed.post\",\"text\":\"Yes, from Friday!\",\"createdAt\":\"2026-12-04T20:00:00.000Z\","
                + "\"reply\":{\"root\":{\"uri\":\"" + MY_POST + "\",\"cid\":\"bafyreiroot\"},\"parent\":{\"uri\":\"" + to.externalId() + "\",\"cid\":\"bafyrei3lc2reply\"}}}}")));
        assertEquals(new Reconciled.Found(new Published(uri, "https://bsky.app/profile/bloom.bsky.social/post/" + rkey)),
                ok(source.findReply(target, to, "Yes, from Friday!", "inb_42", NOW)));

        String other = BlueskyMentions.rkey(to, "inb_43");
        pds.stubFor(get(urlPathEqualTo("/xrpc/com.atproto.repo.getRecord")).withQueryParam("rkey", equalTo(other)).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"RecordNotFound\",\"message\":\"Could not locate record: at://" + ME + "/app.bsky.feed.post/" + other + "\"}")));
        assertInstanceOf(Reconciled.NotFound.class, ok(source.findReply(target, to, "Yes", "inb_43", NOW)));
        pds.verify(2, postRequestedFor(urlPathEqualTo("/xrpc/com.atproto.repo.createRecord")));
    }

    @Test
    void refusedCredentialsAreAnAuthFailureAndAnExpiredTokenIsWorthARetry() {
        pds.stubFor(get(urlPathEqualTo(NOTIFICATIONS)).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"AuthenticationRequired\",\"message\":\"Authentication Required\"}")));
        PlatformResult<Page> r = source.poll(target, null, 20);
        assertInstanceOf(PlatformResult.AuthFailed.class, r, String.valueOf(r));
        assertFalse(r.toString().contains(TOKEN));

        pds.stubFor(get(urlPathEqualTo(NOTIFICATIONS)).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}")));
        assertInstanceOf(PlatformResult.Transient.class, source.poll(target, null, 20), "the token care refreshes it before the next poll");
    }

    @Test
    void aRateLimitWaitsUntilTheResetTheHeaderGives() {
        long reset = java.time.Instant.now().getEpochSecond() + 600;
        pds.stubFor(get(urlPathEqualTo(NOTIFICATIONS)).willReturn(aResponse().withStatus(429).withHeader("ratelimit-limit", "3000")
                .withHeader("ratelimit-remaining", "0").withHeader("ratelimit-reset", Long.toString(reset))
                .withBody("{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}")));
        PlatformResult.Transient<?> t = assertInstanceOf(PlatformResult.Transient.class, source.poll(target, null, 20));
        assertEquals(429, t.httpStatus());
        assertTrue(t.retryAfterSeconds() > 500 && t.retryAfterSeconds() <= 600, String.valueOf(t));
    }
}
