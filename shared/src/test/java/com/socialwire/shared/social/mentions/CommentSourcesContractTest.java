package com.socialwire.shared.social.mentions;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.shared.Config;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comment sources against WireMock stubs shaped from each platform's documents: YouTube Data API v3
 * (commentThreadListResponse, comment resource, errors {@code error.errors[].reason}), LinkedIn Community Management
 * (posts by author, socialActions comments {@code elements[]{actor, commentUrn, created.time, message.text, object,
 * parentComment}}), Facebook Graph ({@code /{comment-id}/comments}) and Threads (reply containers, {@code /replies}).
 */
class CommentSourcesContractTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @BeforeEach
    void setUp() {
        api.resetAll();
    }

    // ------------------------------------------------------------------ YouTube

    static final String CHANNEL = "UC_x5XG1OV2P6uZZ5FSM9Ttw";

    static String thread(String id, String published, String author, String text, String replies) {
        return "{\"kind\":\"youtube#commentThread\",\"etag\":\"e\",\"id\":\"" + id + "\",\"snippet\":{\"channelId\":\"" + CHANNEL + "\",\"videoId\":\"dQw4w9WgXcQ\","
                + "\"topLevelComment\":" + comment(id, published, author, text, null) + ",\"canReply\":true,\"totalReplyCount\":0,\"isPublic\":true}"
                + (replies == null ? "" : ",\"replies\":{\"comments\":[" + replies + "]}") + "}";
    }

    static String comment(String id, String published, String author, String text, String parent) {
        return "{\"kind\":\"youtube#comment\",\"etag\":\"e\",\"id\":\"" + id + "\",\"snippet\":{\"channelId\":\"" + CHANNEL + "\",\"videoId\":\"dQw4w9WgXcQ\","
                + "\"textDisplay\":" + Json.write(text) + ",\"textOriginal\":" + Json.write(text) + (parent == null ? "" : ",\"parentId\":\"" + parent + "\"")
                + ",\"authorDisplayName\":\"@" + author + "\",\"authorProfileImageUrl\":\"https://yt3.ggpht.com/x\",\"authorChannelUrl\":\"http://www.youtube.com/@" + author + "\","
                + "\"authorChannelId\":{\"value\":\"" + (author.equals("bloom") ? CHANNEL : "UC" + author) + "\"},\"canRate\":true,\"viewerRating\":\"none\",\"likeCount\":0,"
                + "\"publishedAt\":\"" + published + "\",\"updatedAt\":\"" + published + "\"}}";
    }

    static String threads(String next, String... items) {
        return "{\"kind\":\"youtube#commentThreadListResponse\",\"etag\":\"e\"" + (next == null ? "" : ",\"nextPageToken\":\"" + next + "\"")
                + ",\"pageInfo\":{\"totalResults\":" + items.length + ",\"resultsPerPage\":100},\"items\":[" + String.join(",", items) + "]}";
    }

    @Test
    void youTubeCommentsAndRepliesOfOthersComeOldestFirstFromTheCursorAndNothingNewAddsNothing() {
        YouTubeComments yt = new YouTubeComments(MentionContract.http(), api.baseUrl() + "/youtube/v3");
        Target t = MentionContract.target("youtube", CHANNEL, "@bloom", null, "ya29.token");
        api.stubFor(get(urlPathEqualTo("/youtube/v3/commentThreads")).withQueryParam("pageToken", absent()).willReturn(okJson(threads("p2",
                thread("Ugz3", "2026-12-04T19:58:00Z", "carol", "When do you open?", null),
                thread("Ugz2", "2026-12-04T19:40:00Z", "alice", "Love the rye", comment("Ugz2.r1", "2026-12-04T19:59:00Z", "bloom", "Thanks!", "Ugz2") + ","
                        + comment("Ugz2.r2", "2026-12-04T19:59:30Z", "dave", "Same here", "Ugz2"))))));
        api.stubFor(get(urlPathEqualTo("/youtube/v3/commentThreads")).withQueryParam("pageToken", equalTo("p2")).willReturn(okJson(threads(null,
                thread("Ugz1", "2026-12-04T19:00:00Z", "bob", "old one", null)))));

        Page p = ok(yt.poll(t, "2026-12-04T19:30:00Z Ugz0", 20));
        assertEquals(List.of("Ugz2", "Ugz3", "Ugz2.r2"), p.items().stream().map(Mention::externalId).toList(),
                "new comments and others' new replies, oldest first; the channel's own reply and older ones left out");
        Mention reply = p.items().get(2);
        assertEquals("reply", reply.type());
        assertEquals("Ugz2", reply.replyRef().get("parentId"));
        assertEquals("@dave", reply.authorHandle());
        assertEquals("dQw4w9WgXcQ", reply.postExternalId());
        assertEquals("2026-12-04T19:59:30Z Ugz2.r2", p.cursor());
        api.verify(getRequestedFor(urlPathEqualTo("/youtube/v3/commentThreads")).withQueryParam("allThreadsRelatedToChannelId", equalTo(CHANNEL))
                .withQueryParam("order", equalTo("time")).withQueryParam("part", equalTo("snippet,replies")));

        Page again = ok(yt.poll(t, p.cursor(), 20));
        assertTrue(again.items().isEmpty(), again.toString());
        assertEquals(p.cursor(), again.cursor());
    }

    @Test
    void youTubeRepliesOnceUnderTheThreadAndFindsItsReplyByTheChannel() {
        YouTubeComments yt = new YouTubeComments(MentionContract.http(), api.baseUrl() + "/youtube/v3");
        Target t = MentionContract.target("youtube", CHANNEL, "@bloom", null, "ya29.token");
        Mention to = new Mention("Ugz2.r2", "reply", "UCdave", "@dave", "@dave", "Same here", "dQw4w9WgXcQ", null, NOW,
                Map.of("parentId", "Ugz2", "videoId", "dQw4w9WgXcQ"));
        api.stubFor(post(urlPathEqualTo("/youtube/v3/comments")).willReturn(okJson(comment("Ugz2.r3", "2026-12-04T20:00:00Z", "bloom", "Glad you like it", "Ugz2"))));

        Published p = ok(yt.reply(t, to, "Glad you like it", "inb_9"));
        assertEquals(new Published("Ugz2.r3", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=Ugz2.r3"), p);
        api.verify(1, postRequestedFor(urlPathEqualTo("/youtube/v3/comments")).withQueryParam("part", equalTo("snippet")));
        JsonNode body = Json.tree(api.getAllServeEvents().getFirst().getRequest().getBodyAsString());
        assertEquals("Ugz2", body.path("snippet").path("parentId").asText(), "threads are one level deep: under the top-level comment");

        api.stubFor(get(urlPathEqualTo("/youtube/v3/comments")).withQueryParam("parentId", equalTo("Ugz2")).willReturn(okJson("{\"kind\":\"youtube#commentListResponse\","
                + "\"items\":[" + comment("Ugz2.r3", "2026-12-04T20:00:00Z", "bloom", "Glad you like it", "Ugz2") + "]}")));
        assertEquals(new Reconciled.Found(p), ok(yt.findReply(t, to, "Glad you like it", "inb_9", NOW)));
        assertInstanceOf(Reconciled.NotFound.class, ok(yt.findReply(t, to, "Another answer", "inb_10", NOW)));
    }

    @Test
    void youTubeQuotaSpentWaitsForMidnightPacificAndARevokedTokenIsAnAuthFailure() {
        YouTubeComments yt = new YouTubeComments(MentionContract.http(), api.baseUrl() + "/youtube/v3");
        Target t = MentionContract.target("youtube", CHANNEL, "@bloom", null, "ya29.token");
        api.stubFor(get(urlPathEqualTo("/youtube/v3/commentThreads")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":403,\"message\":\"The request cannot be completed because you have exceeded your quota.\",\"errors\":[{\"message\":"
                        + "\"The request cannot be completed because you have exceeded your quota.\",\"domain\":\"youtube.quota\",\"reason\":\"quotaExceeded\"}]}}")));
        PlatformResult.Transient<?> quota = assertInstanceOf(PlatformResult.Transient.class, yt.poll(t, null, 20));
        // NOW is 20:00 UTC = 12:00 PST: the quota day ends in 12 hours
        assertEquals(12 * 3600, quota.retryAfterSeconds());

        api.stubFor(get(urlPathEqualTo("/youtube/v3/commentThreads")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\",\"errors\":[{\"message\":\"Invalid Credentials\","
                        + "\"domain\":\"global\",\"reason\":\"authError\",\"location\":\"Authorization\",\"locationType\":\"header\"}],\"status\":\"UNAUTHENTICATED\"}}")));
        assertInstanceOf(PlatformResult.AuthFailed.class, yt.poll(t, null, 20));

        api.stubFor(get(urlPathEqualTo("/youtube/v3/commentThreads")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":403,\"message\":\"Rate Limit Exceeded\",\"errors\":[{\"domain\":\"usageLimits\",\"reason\":\"rateLimitExceeded\"}]}}")));
        assertInstanceOf(PlatformResult.Transient.class, yt.poll(t, null, 20));
    }

    // ------------------------------------------------------------------ LinkedIn

    static final String ORG = "urn:li:organization:2414183";
    static final String SHARE = "urn:li:share:7123";

    static String liComment(String id, long time, String actor, String text, String parent) {
        String urn = "urn:li:comment:(urn:li:activity:7123,"+ id + ")";
        return "{\"actor\":\"" + actor + "\",\"commentUrn\":\"" + urn + "\",\"$URN\":\"" + urn + "\",\"id\":\"" + id + "\",\"created\":{\"actor\":\"" + actor
                + "\",\"time\":" + time + "},\"lastModified\":{\"actor\":\"" + actor + "\",\"time\":" + time + "},\"message\":{\"text\":" + Json.write(text)
                + ",\"attributes\":[]},\"object\":\"urn:li:activity:7123\"" + (parent == null ? "" : ",\"parentComment\":\"" + parent + "\"")
                + ",\"likesSummary\":{\"totalLikes\":0,\"likedByCurrentUser\":false}}";
    }

    /** LinkedIn takes URNs in a path URL-encoded. */
    static String enc(String urn) {
        return com.socialwire.shared.social.oauth.PlatformHttp.component(urn);
    }

    @Test
    void linkedInCommentsOnTheOrganizationsRecentPostsFromTheCursorAndANestedReplyOnce() {
        LinkedInComments li = new LinkedInComments(MentionContract.http(), api.baseUrl(), "202611");
        Target t = MentionContract.target("linkedin", ORG, "bloom", null, "AQV-token");
        long base = NOW.minusSeconds(600).toEpochMilli();
        api.stubFor(get(urlPathEqualTo("/rest/posts")).withQueryParam("author", equalTo(ORG)).withQueryParam("q", equalTo("author"))
                .withHeader("LinkedIn-Version", equalTo("202611")).willReturn(okJson("{\"paging\":{\"start\":0,\"count\":10,\"links\":[]},\"elements\":[{\"id\":\""
                        + SHARE + "\",\"author\":\"" + ORG + "\",\"commentary\":\"Fresh loaves\",\"createdAt\":" + (base - 86_400_000L) + ",\"lifecycleState\":\"PUBLISHED\"}]}")));
        String parentUrn = "urn:li:comment:(urn:li:activity:7123,601)";
        api.stubFor(get(urlPathEqualTo("/rest/socialActions/" + enc(SHARE) + "/comments")).withHeader("X-Restli-Protocol-Version", equalTo("2.0.0"))
                .willReturn(okJson("{\"paging\":{\"start\":0,\"count\":50,\"total\":4},\"elements\":["
                        + liComment("603", base + 3000, "urn:li:person:Bob", "And scones?", parentUrn) + ","
                        + liComment("602", base + 2000, ORG, "Thank you!", parentUrn) + ","
                        + liComment("601", base + 1000, "urn:li:person:Alice", "Great bakery", null) + ","
                        + liComment("500", base - 2L * 86_400_000L, "urn:li:person:Old", "old", null) + "]}")));

        Page p = ok(li.poll(t, null, 20));
        assertEquals(List.of("Great bakery", "And scones?"), p.items().stream().map(Mention::text).toList(),
                "the last day's comments by others, oldest first");
        Mention nested = p.items().get(1);
        assertEquals("reply", nested.type());
        assertEquals(parentUrn, nested.replyRef().get("parentComment"));
        assertEquals(SHARE, nested.postExternalId());
        assertEquals(com.socialwire.shared.IsoInstant.format(java.time.Instant.ofEpochMilli(base + 3000)) + " urn:li:comment:(urn:li:activity:7123,603)", p.cursor());
        assertTrue(ok(li.poll(t, p.cursor(), 20)).items().isEmpty(), "nothing new after the cursor");

        String mine = "urn:li:comment:(urn:li:activity:7123,604)";
        api.stubFor(post(urlPathEqualTo("/rest/socialActions/" + enc(parentUrn) + "/comments")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withHeader("x-restli-id", mine)
                .withBody(liComment("604", NOW.toEpochMilli(), ORG, "Scones on Saturdays", parentUrn))));
        Published r = ok(li.reply(t, nested, "Scones on Saturdays", "inb_3"));
        assertEquals(mine, r.externalId());
        api.verify(1, postRequestedFor(urlPathEqualTo("/rest/socialActions/" + enc(parentUrn) + "/comments")).withHeader("LinkedIn-Version", equalTo("202611"))
                .withRequestBody(containing("\"parentComment\":\"" + parentUrn + "\"")).withRequestBody(containing("\"actor\":\"" + ORG + "\""))
                .withRequestBody(containing("\"object\":\"urn:li:activity:7123\"")));

        api.stubFor(get(urlPathEqualTo("/rest/socialActions/" + enc(parentUrn) + "/comments")).willReturn(okJson("{\"paging\":{\"start\":0,\"count\":50,\"total\":1},"
                + "\"elements\":[" + liComment("604", NOW.toEpochMilli(), ORG, "Scones on Saturdays", parentUrn) + "]}")));
        assertInstanceOf(Reconciled.Found.class, ok(li.findReply(t, nested, "Scones on Saturdays", "inb_3", NOW)));
        assertInstanceOf(Reconciled.NotFound.class, ok(li.findReply(t, nested, "Something else", "inb_4", NOW)));

        assertTrue(ok(li.poll(MentionContract.target("linkedin", "urn:li:person:abc", "me", null, "AQV-token"), null, 20)).items().isEmpty(),
                "a member's profile: nothing LinkedIn gives to apps");
    }

    @Test
    void linkedInCommentsOfOneMillisecondSplitAcrossPagesAreAllHandedOver() {
        // a page cut inside one millisecond kept only that millisecond as the cursor: the rest of it was never handed over
        LinkedInComments li = new LinkedInComments(MentionContract.http(), api.baseUrl(), "202611");
        Target t = MentionContract.target("linkedin", ORG, "bloom", null, "AQV-token");
        long at = NOW.minusSeconds(60).toEpochMilli();
        api.stubFor(get(urlPathEqualTo("/rest/posts")).willReturn(okJson("{\"paging\":{\"start\":0,\"count\":10},\"elements\":[{\"id\":\"" + SHARE + "\"}]}")));
        api.stubFor(get(urlPathEqualTo("/rest/socialActions/" + enc(SHARE) + "/comments")).willReturn(okJson("{\"paging\":{\"start\":0,\"count\":50,\"total\":3},"
                + "\"elements\":[" + liComment("703", at, "urn:li:person:C", "c", null) + "," + liComment("702", at, "urn:li:person:B", "b", null) + ","
                + liComment("701", at, "urn:li:person:A", "a", null) + "]}")));
        Page first = ok(li.poll(t, null, 2));
        assertEquals(List.of("a", "b"), first.items().stream().map(Mention::text).toList());
        assertTrue(first.more());
        Page rest = ok(li.poll(t, first.cursor(), 2));
        assertEquals(List.of("c"), rest.items().stream().map(Mention::text).toList());
        assertTrue(ok(li.poll(t, rest.cursor(), 2)).items().isEmpty());
    }

    @Test
    void linkedInRefusalsAndThrottling() {
        LinkedInComments li = new LinkedInComments(MentionContract.http(), api.baseUrl(), "202611");
        Target t = MentionContract.target("linkedin", ORG, "bloom", null, "AQV-token");
        api.stubFor(get(urlPathEqualTo("/rest/posts")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":401,\"serviceErrorCode\":65601,\"code\":\"REVOKED_ACCESS_TOKEN\",\"message\":\"The token used in the request has been revoked by the user\"}")));
        assertInstanceOf(PlatformResult.AuthFailed.class, li.poll(t, null, 20));
        api.stubFor(get(urlPathEqualTo("/rest/posts")).willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("Retry-After", "120").withBody("{\"status\":429,\"serviceErrorCode\":101,\"message\":\"Resource level throttle limit reached\"}")));
        assertEquals(120, assertInstanceOf(PlatformResult.Transient.class, li.poll(t, null, 20)).retryAfterSeconds());
    }

    // ------------------------------------------------------------------ Facebook, Threads (webhook-driven)

    @Test
    void facebookAnswersACommentOnceAndFindsTheAnswerByThePage() {
        FacebookComments fb = new FacebookComments(MentionContract.http(), api.baseUrl() + "/v21.0");
        Target t = MentionContract.target("facebook", "104729384756", "bloom", null, "EAAPage");
        assertFalse(fb.polled());
        assertEquals(new Page(List.of(), "c1", false), ok(fb.poll(t, "c1", 20)), "webhook-driven: nothing read");
        assertEquals(0, api.getAllServeEvents().size());

        Mention to = new Mention("122104729384_900", "comment", "5550001", null, "Alice", "Open Sunday?", "104729384756_122104729384", null, NOW, Map.of());
        api.stubFor(post(urlPathEqualTo("/v21.0/122104729384_900/comments")).willReturn(okJson("{\"id\":\"122104729384_901\"}")));
        assertEquals("122104729384_901", ok(fb.reply(t, to, "Yes, 8 to 12!", "inb_5")).externalId());
        api.verify(1, postRequestedFor(urlPathEqualTo("/v21.0/122104729384_900/comments")).withRequestBody(equalTo("message=Yes%2C%208%20to%2012%21"))
                .withHeader("Authorization", equalTo("Bearer EAAPage")));

        api.stubFor(get(urlPathEqualTo("/v21.0/122104729384_900/comments")).willReturn(okJson("{\"data\":[{\"id\":\"122104729384_901\",\"message\":\"Yes, 8 to 12!\","
                + "\"from\":{\"name\":\"Bloom Bakery\",\"id\":\"104729384756\"},\"created_time\":\"2026-12-04T20:00:01+0000\"}],\"paging\":{\"cursors\":{\"before\":\"a\",\"after\":\"b\"}}}")));
        assertEquals(new Reconciled.Found(new Published("122104729384_901", "https://www.facebook.com/122104729384_901")),
                ok(fb.findReply(t, to, "Yes, 8 to 12!", "inb_5", NOW)));
        assertInstanceOf(Reconciled.NotFound.class, ok(fb.findReply(t, to, "Other", "inb_6", NOW)));

        api.stubFor(post(urlPathEqualTo("/v21.0/122104729384_900/comments")).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Error validating access token: Session has expired\",\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463,\"fbtrace_id\":\"A\"}}")));
        assertInstanceOf(PlatformResult.AuthFailed.class, fb.reply(t, to, "Yes", "inb_7"));
        api.stubFor(post(urlPathEqualTo("/v21.0/122104729384_900/comments")).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#32) Page request limit reached\",\"type\":\"OAuthException\",\"code\":32,\"fbtrace_id\":\"B\"}}")));
        assertInstanceOf(PlatformResult.Transient.class, fb.reply(t, to, "Yes", "inb_8"));
    }

    @Test
    void threadsAnswersWithAReplyContainerPublishedOnceAndFindsItAmongTheReplies() {
        ThreadsReplies th = new ThreadsReplies(MentionContract.http(), api.baseUrl());
        Target t = MentionContract.target("threads", "17841400000000001", "bloombakery", null, "THAAtoken");
        Mention to = new Mention("18028000000000002", "reply", "17841499999", "alice", null, "rye?", "18028000000000001", null, NOW, Map.of());
        assertFalse(th.polled());
        assertTrue(th.automation(t.account(), to).allowed(), "a reply under the account's own post");
        assertFalse(th.automation(t.account(), new Mention("1", "mention", "2", "x", null, "hi", null, null, NOW, Map.of())).allowed());

        api.stubFor(post(urlPathEqualTo("/v1.0/17841400000000001/threads")).willReturn(okJson("{\"id\":\"17890000000000010\"}")));
        api.stubFor(get(urlPathEqualTo("/v1.0/17890000000000010")).willReturn(okJson("{\"status\":\"FINISHED\",\"id\":\"17890000000000010\"}")));
        api.stubFor(post(urlPathEqualTo("/v1.0/17841400000000001/threads_publish")).willReturn(okJson("{\"id\":\"18028000000000003\"}")));
        assertEquals("18028000000000003", ok(th.reply(t, to, "Back on Friday!", "inb_11")).externalId());
        api.verify(postRequestedFor(urlPathEqualTo("/v1.0/17841400000000001/threads")).withRequestBody(containing("reply_to_id=18028000000000002"))
                .withRequestBody(containing("media_type=TEXT")));
        api.verify(1, postRequestedFor(urlPathEqualTo("/v1.0/17841400000000001/threads_publish")).withRequestBody(equalTo("creation_id=17890000000000010")));

        api.stubFor(get(urlPathEqualTo("/v1.0/18028000000000002/replies")).willReturn(okJson("{\"data\":[{\"id\":\"18028000000000003\",\"text\":\"Back on Friday!\","
                + "\"username\":\"bloombakery\",\"timestamp\":\"2026-12-04T20:00:02+0000\",\"permalink\":\"https://www.threads.net/@bloombakery/post/C1\"}],"
                + "\"paging\":{\"cursors\":{\"before\":\"a\",\"after\":\"b\"}}}")));
        assertEquals(new Reconciled.Found(new Published("18028000000000003", "https://www.threads.net/@bloombakery/post/C1")),
                ok(th.findReply(t, to, "Back on Friday!", "inb_11", NOW)));
        assertInstanceOf(Reconciled.NotFound.class, ok(th.findReply(t, to, "Something else", "inb_12", NOW)));
    }

    // ------------------------------------------------------------------ the registry

    @Test
    void theRegistryHasASourcePerPolledOrAnsweredPlatformAndNoneForThoseWithout() {
        Map<String, MentionSource> sources = MentionSources.fromConfig(Config.of(Map.of("X_API_BASE", api.baseUrl())));
        assertEquals(List.of("mastodon", "bluesky", "twitter", "linkedin", "youtube", "facebook", "threads"), List.copyOf(sources.keySet()));
        for (String none : List.of("pinterest", "tiktok", "reddit", "dribbble", "instagram")) {
            assertFalse(sources.containsKey(none), none + " is not polled");
        }
        assertEquals(List.of("facebook", "threads"), sources.values().stream().filter(s -> !s.polled()).map(MentionSource::platform).toList());
        assertTrue(sources.values().stream().allMatch(s -> s.minInterval().toSeconds() >= 60));
    }

    @Test
    void connectingAsksForTheScopesTheInboxReadsAndAnswersWith() {
        // connected with publishing's scopes only, an account's poll is refused (Mastodon 403 "outside the authorized
        // scopes", YouTube insufficientPermissions, Meta #10/#200): the connectors ask for the inbox's too
        Map<String, List<String>> asked = Map.of("mastodon", com.socialwire.shared.social.connectors.MastodonConnector.SCOPES,
                "twitter", com.socialwire.shared.social.connectors.XConnector.SCOPES,
                "linkedin", com.socialwire.shared.social.connectors.LinkedInConnector.SCOPES,
                "youtube", com.socialwire.shared.social.connectors.YouTubeConnector.SCOPES,
                "facebook", com.socialwire.shared.social.connectors.FacebookPagesConnector.SCOPES,
                "threads", com.socialwire.shared.social.connectors.ThreadsConnector.SCOPES);
        for (MentionSource s : MentionSources.fromConfig(Config.of(Map.of())).values()) {
            if (asked.containsKey(s.platform())) {
                assertTrue(asked.get(s.platform()).containsAll(s.scopes()), s.platform() + " asks " + asked.get(s.platform()) + ", the inbox needs " + s.scopes());
            }
        }
    }
}
