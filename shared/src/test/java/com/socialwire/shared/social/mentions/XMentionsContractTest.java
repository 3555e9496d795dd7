package com.socialwire.shared.social.mentions;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.Json;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.mentions.MentionSource.Mention;
import com.socialwire.shared.social.mentions.MentionSource.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * X's mentions against WireMock stubs shaped from the xdevplatform openapi ({@code Get2UsersIdMentionsResponse}:
 * {@code data[]} Tweets, {@code includes.users}/{@code includes.tweets}, {@code meta{newest_id, oldest_id,
 * result_count, next_token}}; {@code TweetCreateResponse} {@code data{id,text}}; rate limits with {@code x-rate-limit-*}).
 */
class XMentionsContractTest {

    @RegisterExtension
    static WireMockExtension x = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String ME = "1580661436132757506";
    static final String TOKEN = "bWRWa3gzdnk3WFRoY0NqYTBzZUpmRmVYX0pUUzMxNmFkcU9iNVlTbnVzUTY6MTcwMTk1";
    static final String MENTIONS = "/2/users/" + ME + "/mentions";
    Target target;
    XMentions source;

    @BeforeEach
    void setUp() {
        x.resetAll();
        target = MentionContract.target("twitter", ME, "bloombakery", null, TOKEN);
        source = new XMentions(MentionContract.http(), x.baseUrl());
    }

    static String tweet(String id, String text, String repliedTo, String inReplyToUser, String quoted) {
        String refs = repliedTo != null ? "[{\"type\":\"replied_to\",\"id\":\"" + repliedTo + "\"}]"
                : quoted != null ? "[{\"type\":\"quoted\",\"id\":\"" + quoted + "\"}]" : null;
        return "{\"id\":\"" + id + "\",\"text\":" + Json.write(text) + ",\"author_id\":\"2244994945\",\"conversation_id\":\"" + (repliedTo == null ? id : repliedTo)
                + "\",\"created_at\":\"2026-12-04T19:5" + id.charAt(id.length() - 1) + ":00.000Z\",\"edit_history_tweet_ids\":[\"" + id + "\"]"
                + (inReplyToUser == null ? "" : ",\"in_reply_to_user_id\":\"" + inReplyToUser + "\"") + (refs == null ? "" : ",\"referenced_tweets\":" + refs) + "}";
    }

    static String page(String nextToken, String... tweets) {
        return "{\"data\":[" + String.join(",", tweets) + "],\"includes\":{\"users\":[{\"id\":\"2244994945\",\"name\":\"Developers\","
                + "\"username\":\"XDevelopers\"}],\"tweets\":[{\"id\":\"1866000000000000001\",\"text\":\"Fresh loaves at 7\",\"author_id\":\"" + ME + "\"}]},"
                + "\"meta\":{\"result_count\":" + tweets.length + (nextToken == null ? "" : ",\"next_token\":\"" + nextToken + "\"") + "}}";
    }

    @Test
    void aFirstPollReadsOneSmallPageOldestFirstAndSaysWhoSummonedTheAccount() {
        x.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(okJson(page(null,
                tweet("1866000000000000004", "@bloombakery are the rye loaves back?", "1866000000000000001", ME, null),
                tweet("1866000000000000003", "love this https://t.co/abc", null, null, "1866000000000000001"),
                tweet("1866000000000000002", "@bloombakery @friend hey @BloomBakery, open on Sunday?", "1866000000000000001", ME, null)))));

        Page p = ok(source.poll(target, null, 20));

        assertEquals(List.of("1866000000000000002", "1866000000000000003", "1866000000000000004"), p.items().stream().map(Mention::externalId).toList());
        Mention asked = p.items().get(0);
        assertEquals("reply", asked.type());
        assertEquals("1866000000000000001", asked.postExternalId());
        assertEquals("XDevelopers", asked.authorHandle());
        assertEquals("https://x.com/XDevelopers/status/1866000000000000002", asked.url());
        assertTrue(source.automation(target.account(), asked).allowed(), "the author named the account in the text itself");
        Mention quote = p.items().get(1);
        assertEquals("mention", quote.type());
        assertTrue(source.automation(target.account(), quote).allowed(), "a quote of the account's post summons it");
        Mention plainReply = p.items().get(2);
        MentionSource.Automation drafted = source.automation(target.account(), plainReply);
        assertFalse(drafted.allowed(), "only the @ X puts in front of a reply: not summoned");
        assertEquals(XMentions.NOT_SUMMONED, drafted.reason());
        assertEquals("1866000000000000004", p.cursor());
        x.verify(getRequestedFor(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", absent()).withQueryParam("max_results", equalTo("10"))
                .withQueryParam("expansions", equalTo("author_id,referenced_tweets.id.author_id"))
                .withQueryParam("tweet.fields", equalTo("created_at,conversation_id,in_reply_to_user_id,referenced_tweets,author_id"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void theNextPollsPageBackToTheCursorAndNothingNewKeepsIt() {
        x.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo("100")).withQueryParam("pagination_token", absent())
                .willReturn(okJson(page("7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i", tweet("104", "@bloombakery d", null, null, null),
                        tweet("103", "@bloombakery c", null, null, null)))));
        x.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo("100")).withQueryParam("pagination_token", equalTo("7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i"))
                .willReturn(okJson(page(null, tweet("102", "@bloombakery b", null, null, null), tweet("101", "@bloombakery a", null, null, null)))));
        x.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo("104")).willReturn(okJson("{\"meta\":{\"result_count\":0}}")));

        Page p = ok(source.poll(target, "100", 20));
        assertEquals(List.of("101", "102", "103", "104"), p.items().stream().map(Mention::externalId).toList(), "both pages, none skipped");
        assertEquals("104", p.cursor());

        Page nothing = ok(source.poll(target, "104", 20));
        assertTrue(nothing.items().isEmpty());
        assertEquals("104", nothing.cursor());
        assertFalse(nothing.more());

        Page two = ok(source.poll(target, "100", 2));
        assertEquals(List.of("101", "102"), two.items().stream().map(Mention::externalId).toList());
        assertTrue(two.more());
        assertEquals("102", two.cursor());
    }

    @Test
    void aReplyIsOnePostAnsweringTheMentionAndFindReplyMatchesTheAccountsPostsSinceTheAttempt() {
        x.stubFor(post(urlPathEqualTo("/2/tweets")).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{\"id\":\"1866000000000000099\",\"text\":\"@XDevelopers Yes, from Friday!\",\"edit_history_tweet_ids\":[\"1866000000000000099\"]}}")));
        Mention to = new Mention("1866000000000000002", "reply", "2244994945", "XDevelopers", "Developers", "hey @BloomBakery", "1866000000000000001",
                null, NOW, Map.of());

        Published p = ok(source.reply(target, to, "Yes, from Friday! https://bloom.example/menu", "inb_1"));

        assertEquals(new Published("1866000000000000099", "https://x.com/bloombakery/status/1866000000000000099"), p);
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")));
        JsonNode body = Json.tree(x.getAllServeEvents().getFirst().getRequest().getBodyAsString());
        assertEquals("1866000000000000002", body.path("reply").path("in_reply_to_tweet_id").asText());

        x.stubFor(get(urlPathEqualTo("/2/users/" + ME + "/tweets")).withQueryParam("start_time", equalTo("2026-12-04T19:49:00Z"))
                .willReturn(okJson("{\"data\":[{\"id\":\"1866000000000000099\",\"text\":\"Yes, from Friday! https://t.co/xyz\",\"created_at\":\"2026-12-04T19:50:10.000Z\","
                        + "\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\"1866000000000000002\"}]},{\"id\":\"1866000000000000098\",\"text\":\"Fresh loaves\","
                        + "\"created_at\":\"2026-12-04T19:50:00.000Z\"}],\"meta\":{\"result_count\":2,\"newest_id\":\"1866000000000000099\"}}")));
        java.time.Instant armed = java.time.Instant.parse("2026-12-04T19:50:00Z");
        assertEquals(new Reconciled.Found(p), ok(source.findReply(target, to, "Yes, from Friday! https://bloom.example/menu", "inb_1", armed)));

        Mention other = new Mention("1866000000000000003", "mention", "2244994945", "XDevelopers", null, "x", null, null, NOW, Map.of());
        assertInstanceOf(Reconciled.NotFound.class, ok(source.findReply(target, other, "Thanks!", "inb_2", armed)));
    }

    @Test
    void anExpiredTokenIsAnAuthFailure() {
        x.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}")));
        PlatformResult<Page> r = source.poll(target, "100", 20);
        assertInstanceOf(PlatformResult.AuthFailed.class, r, String.valueOf(r));
        assertFalse(r.toString().contains(TOKEN));
    }

    @Test
    void aRateLimitWaitsUntilXRateLimitReset() {
        x.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/problem+json")
                .withHeader("x-rate-limit-limit", "180").withHeader("x-rate-limit-remaining", "0")
                .withHeader("x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 840))
                .withBody("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}")));
        PlatformResult.Transient<?> t = assertInstanceOf(PlatformResult.Transient.class, source.poll(target, "100", 20));
        assertEquals(840, t.retryAfterSeconds());
        assertEquals(java.time.Duration.ofMinutes(15), source.minInterval());
    }
}
