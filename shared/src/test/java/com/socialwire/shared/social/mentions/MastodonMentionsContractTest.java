package com.socialwire.shared.social.mentions;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.mentions.MentionSource.Mention;
import com.socialwire.shared.social.mentions.MentionSource.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
 * Mastodon's mentions against WireMock stubs shaped from docs.joinmastodon.org (methods/notifications: a JSON array of
 * Notification {id, type, created_at, account, status}, newest first; methods/statuses: POST answers the Status).
 */
class MastodonMentionsContractTest {

    @RegisterExtension
    static WireMockExtension instance = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String ACCOUNT = "109301874421734212";
    static final String TOKEN = "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0";
    Target target;
    MastodonMentions source;

    @BeforeEach
    void setUp() {
        instance.resetAll();
        target = MentionContract.target("mastodon", ACCOUNT, "bloombakery", instance.baseUrl(), TOKEN);
        source = new MastodonMentions(MentionContract.http());
    }

    static String notification(String id, String statusId, String inReplyTo, String inReplyToAccount, String visibility, String html) {
        return "{\"id\":\"" + id + "\",\"type\":\"mention\",\"created_at\":\"2026-12-04T19:5" + id.charAt(id.length() - 1) + ":00.000Z\","
                + "\"group_key\":\"ungrouped-" + id + "\",\"account\":{\"id\":\"23634\",\"username\":\"noiob\",\"acct\":\"noiob@awoo.space\","
                + "\"display_name\":\"ikea shark fan account\",\"url\":\"https://awoo.space/@noiob\"},"
                + "\"status\":{\"id\":\"" + statusId + "\",\"created_at\":\"2026-12-04T19:5" + id.charAt(id.length() - 1) + ":00.000Z\","
                + "\"in_reply_to_id\":" + (inReplyTo == null ? "null" : "\"" + inReplyTo + "\"") + ",\"in_reply_to_account_id\":"
                + (inReplyToAccount == null ? "null" : "\"" + inReplyToAccount + "\"") + ",\"sensitive\":false,\"spoiler_text\":\"\","
                + "\"visibility\":\"" + visibility + "\",\"language\":\"en\",\"uri\":\"https://awoo.space/users/noiob/statuses/" + statusId + "\","
                + "\"url\":\"https://awoo.space/@noiob/" + statusId + "\",\"replies_count\":0,\"content\":" + com.socialwire.shared.Json.write(html) + ","
                + "\"account\":{\"id\":\"23634\",\"username\":\"noiob\",\"acct\":\"noiob@awoo.space\",\"display_name\":\"ikea shark fan account\"},"
                + "\"media_attachments\":[],\"mentions\":[{\"id\":\"" + ACCOUNT + "\",\"username\":\"bloombakery\",\"acct\":\"bloombakery\"}]}}";
    }

    @Test
    void aFirstPollReadsTheNewestPageOldestFirstAndTellsRepliesFromMentions() {
        String reply = notification("34975862", "113596221", "113590000", ACCOUNT, "public",
                "<p><span class=\"h-card\"><a href=\"https://mastodon.social/@bloombakery\" class=\"u-url mention\">@<span>bloombakery</span></a></span>"
                        + " are the rye loaves back?</p><p>asking for a friend &amp; me</p>");
        String mention = notification("34975861", "113596220", null, null, "unlisted",
                "<p>best bread in town: <span class=\"h-card\"><a href=\"https://mastodon.social/@bloombakery\" class=\"u-url mention\">@<span>bloombakery</span></a></span></p>");
        instance.stubFor(get(urlPathEqualTo("/api/v1/notifications")).withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(okJson("[" + reply + "," + mention + "]")
                        .withHeader("Link", "<" + instance.baseUrl() + "/api/v1/notifications?max_id=34975861>; rel=\"next\", <"
                                + instance.baseUrl() + "/api/v1/notifications?min_id=34975862>; rel=\"prev\"")));

        Page page = ok(source.poll(target, null, 20));

        assertEquals(2, page.items().size());
        Mention first = page.items().get(0);
        assertEquals("113596220", first.externalId(), "oldest first, the status's id (not the notification's)");
        assertEquals("mention", first.type());
        assertNull(first.postExternalId());
        assertEquals("best bread in town: @bloombakery", first.text());
        assertEquals("unlisted", first.replyRef().get("visibility"));
        Mention second = page.items().get(1);
        assertEquals("reply", second.type());
        assertEquals("113590000", second.postExternalId(), "a reply names the account's status it answers");
        assertEquals("@bloombakery are the rye loaves back?\n\nasking for a friend & me", second.text());
        assertEquals("noiob@awoo.space", second.authorHandle());
        assertEquals("23634", second.authorId());
        assertEquals("https://awoo.space/@noiob/113596221", second.url());
        assertEquals(Instant.parse("2026-12-04T19:52:00Z"), second.createdAt());
        assertEquals("34975862", page.cursor(), "the newest notification id");
        assertFalse(page.more());
        instance.verify(getRequestedFor(urlPathEqualTo("/api/v1/notifications")).withQueryParam("types[]", equalTo("mention"))
                .withQueryParam("min_id", absent()).withQueryParam("limit", equalTo("20")));
    }

    @Test
    void theCursorAdvancesAndASecondPollWithNothingNewAddsNothing() {
        instance.stubFor(get(urlPathEqualTo("/api/v1/notifications")).withQueryParam("min_id", equalTo("34975862"))
                .willReturn(okJson("[" + notification("34975863", "113596222", null, null, "public", "<p>hi @bloombakery</p>") + "]")));
        instance.stubFor(get(urlPathEqualTo("/api/v1/notifications")).withQueryParam("min_id", equalTo("34975863")).willReturn(okJson("[]")));

        Page next = ok(source.poll(target, "34975862", 20));
        assertEquals(1, next.items().size());
        assertEquals("34975863", next.cursor());

        Page nothing = ok(source.poll(target, next.cursor(), 20));
        assertTrue(nothing.items().isEmpty());
        assertEquals("34975863", nothing.cursor(), "nothing new keeps the cursor");
        assertFalse(nothing.more());
    }

    @Test
    void aBacklogLongerThanAPageIsReadFromJustAfterTheCursorNotFromTheNewest() {
        // since_id answers the NEWEST page newer than the cursor, so with more than a page waiting the ones in between are
        // never read; min_id answers the page immediately after it
        instance.stubFor(get(urlPathEqualTo("/api/v1/notifications")).withQueryParam("min_id", equalTo("100"))
                .willReturn(okJson("[" + notification("102", "902", null, null, "public", "<p>b</p>") + ","
                        + notification("101", "901", null, null, "public", "<p>a</p>") + "]")));

        Page page = ok(source.poll(target, "100", 2));

        assertEquals("901", page.items().get(0).externalId());
        assertEquals("102", page.cursor());
        assertTrue(page.more(), "a full page: more is waiting");
        instance.verify(getRequestedFor(urlPathEqualTo("/api/v1/notifications")).withQueryParam("since_id", absent()));
    }

    @Test
    void aReplyIsSentOnceWithTheDedupeKeyAndTheMentionsVisibility() {
        instance.stubFor(post(urlPathEqualTo("/api/v1/statuses")).willReturn(okJson("{\"id\":\"113596300\",\"created_at\":\"2026-12-04T20:00:00.000Z\","
                + "\"in_reply_to_id\":\"113596220\",\"visibility\":\"unlisted\",\"url\":\"https://mastodon.social/@bloombakery/113596300\","
                + "\"uri\":\"https://mastodon.social/users/bloombakery/statuses/113596300\",\"content\":\"<p>thanks!</p>\"}")));
        Mention m = new Mention("113596220", "mention", "23634", "noiob@awoo.space", "ikea shark fan account", "best bread",
                null, null, NOW, Map.of("acct", "noiob@awoo.space", "visibility", "unlisted"));

        Published p = ok(source.reply(target, m, "Thank you!", "inb_7f3a"));

        assertEquals("113596300", p.externalId());
        assertEquals("https://mastodon.social/@bloombakery/113596300", p.url());
        instance.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/statuses")).withHeader("Idempotency-Key", equalTo("inb_7f3a"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(containing("status=%40noiob%40awoo.space%20Thank%20you%21"))
                .withRequestBody(containing("in_reply_to_id=113596220")).withRequestBody(containing("visibility=unlisted")));
    }

    @Test
    void findReplyTrustsTheKeyForAnHourThenLooksForAStatusAnsweringTheMention() {
        Mention m = new Mention("113596220", "mention", "23634", "noiob@awoo.space", null, "best bread", null, null, NOW, Map.of());
        Instant armed = NOW.minus(Duration.ofMinutes(10));
        assertInstanceOf(Reconciled.NotFound.class, ok(source.findReply(target, m, "Thank you!", "inb_7f3a", armed)),
                "inside the key's hour a resend is safe");
        assertEquals(0, instance.getAllServeEvents().size(), "and nothing was read");

        String statuses = "[{\"id\":\"113596301\",\"created_at\":\"2026-12-04T18:59:00.000Z\",\"in_reply_to_id\":\"999\",\"url\":\"u1\"},"
                + "{\"id\":\"113596300\",\"created_at\":\"2026-12-04T18:58:30.000Z\",\"in_reply_to_id\":\"113596220\",\"url\":\"https://mastodon.social/@bloombakery/113596300\"},"
                + "{\"id\":\"113500000\",\"created_at\":\"2026-12-01T10:00:00.000Z\",\"in_reply_to_id\":null,\"url\":\"u0\"}]";
        instance.stubFor(get(urlPathEqualTo("/api/v1/accounts/" + ACCOUNT + "/statuses")).willReturn(okJson(statuses)));
        Instant longAgo = NOW.minus(Duration.ofMinutes(61));
        Reconciled found = ok(source.findReply(target, m, "Thank you!", "inb_7f3a", longAgo));
        assertEquals(new Reconciled.Found(new Published("113596300", "https://mastodon.social/@bloombakery/113596300")), found);

        Mention other = new Mention("113596999", "mention", "23634", "noiob@awoo.space", null, "x", null, null, NOW, Map.of());
        assertInstanceOf(Reconciled.NotFound.class, ok(source.findReply(target, other, "Thank you!", "inb_8", longAgo)),
                "the list reaches back past the attempt and nothing answers it");
    }

    @Test
    void aRevokedTokenIsAnAuthFailure() {
        instance.stubFor(get(urlPathEqualTo("/api/v1/notifications")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"The access token is invalid\"}")));
        PlatformResult<Page> r = source.poll(target, "1", 20);
        assertInstanceOf(PlatformResult.AuthFailed.class, r, String.valueOf(r));
        assertFalse(r.toString().contains(TOKEN));
    }

    @Test
    void anAccountConnectedWithoutReadNotificationsIsRefusedNotDisconnected() {
        instance.stubFor(get(urlPathEqualTo("/api/v1/notifications")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"This action is outside the authorized scopes\"}")));
        PlatformResult.Rejected<?> r = assertInstanceOf(PlatformResult.Rejected.class, source.poll(target, "1", 20),
                "its token still publishes: a refusal of this read, not a reconnect");
        assertEquals(403, r.httpStatus());
        assertTrue(source.scopes().contains("read:notifications"));
    }

    @Test
    void aRateLimitWaitsUntilMastodonsIsoResetTime() {
        // Mastodon's X-RateLimit-Reset is an ISO 8601 time (methods/rate-limits), not seconds: it was read as 0, "now"
        instance.stubFor(get(urlPathEqualTo("/api/v1/notifications")).willReturn(aResponse().withStatus(429)
                .withHeader("X-RateLimit-Limit", "300").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", "2026-12-04T20:05:00.000Z")
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Too many requests\"}")));
        PlatformResult.Transient<?> t = assertInstanceOf(PlatformResult.Transient.class, source.poll(target, "1", 20));
        assertEquals(429, t.httpStatus());
        assertEquals(300, t.retryAfterSeconds());
    }
}
