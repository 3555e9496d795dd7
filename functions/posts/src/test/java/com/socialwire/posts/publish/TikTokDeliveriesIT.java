package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.shared.Json;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.oauth.PlatformHttp;
import com.socialwire.shared.social.publishers.TikTokPublisher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TikTok delivery driven by {@link PlatformDeliveries} with the real {@link TikTokPublisher} against TikTok-shaped
 * stubs (see TikTokPublisherContractTest for the documents): the publish id the init answers is stored with the
 * delivery before anything else, the delivery follows it while TikTok processes and ends published once, never
 * initiated twice; an init whose answer is lost is found among the creator's videos and recorded once; a processing
 * failure ends failed with TikTok's reason explained; a revoked token makes the account reconnect_required and keeps
 * the post; a creator who cannot post now fails with the reason a person understands.
 */
class TikTokDeliveriesIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension tiktok = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String INIT = "/v2/post/publish/video/init/";
    static final String STATUS = "/v2/post/publish/status/fetch/";
    static final String PUBLISH_ID = "v_pub_url~v2-1.7446655443322110000";
    static final String POST_ID = "7446655443322118811";
    static final String OK = "\"error\":{\"code\":\"ok\",\"message\":\"\",\"log_id\":\"20261204120000AB\"}";

    PublishFixture f;
    FixedAccounts accounts;
    Publisher publisher;

    @BeforeEach
    void setUp() {
        f = new PublishFixture(meta.baseUrl() + PublishFixture.V, Instant.now());
        f.stubGraph(meta);
        tiktok.resetAll();
        accounts = new FixedAccounts();
        accounts.connect("act.tiktok-token-sa_tiktok1", new SocialAccount(f.tenantId, "sa_tiktok1", "tiktok", "723f24d7-e717",
                "bloombakery", "Bloom Bakery", null, "profile", null, List.of("video.publish", "video.list"), null, AccountStatus.CONNECTED,
                null, true, Instant.now(), Instant.now(), 1));
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), Duration.ofSeconds(10), f.clock);
        publisher = f.worker.publisher(accounts, Map.of("tiktok", new TikTokPublisher(http, tiktok.baseUrl())));
        tiktok.stubFor(post(urlPathEqualTo("/v2/post/publish/creator_info/query/")).willReturn(okJson("""
                {"data":{"creator_username":"bloombakery","creator_nickname":"Bloom Bakery","privacy_level_options":["PUBLIC_TO_EVERYONE"],
                 "comment_disabled":false,"duet_disabled":false,"stitch_disabled":false,"max_video_post_duration_sec":600},%s}""".formatted(OK))));
        tiktok.stubFor(post(urlPathEqualTo(INIT)).willReturn(okJson("{\"data\":{\"publish_id\":\"" + PUBLISH_ID + "\"}," + OK + "}")));
    }

    Post queued() {
        String video = f.media(f.tenantId, "video", "video/mp4");
        Post p = f.api.service().create(f.who, f.tenantId, (ObjectNode) Json.tree(
                "{\"content\":\"Fresh loaves at 7\",\"platforms\":[\"tiktok\"],\"media\":[\"" + video + "\"]}"));
        f.api.publishing().publishNow(f.who, f.tenantId, p.id);
        return p;
    }

    JsonNode delivery(Post p) {
        return f.reload(p.id).deliveries.path("tiktok");
    }

    void statusIs(String status, String extra) {
        tiktok.stubFor(post(urlPathEqualTo(STATUS)).willReturn(okJson("{\"data\":{\"status\":\"" + status + "\"" + extra + "}," + OK + "}")));
    }

    @Test
    void aPublishTikTokCompletesAtOnceIsRecordedInTheSameRunWithItsPublishId() {
        statusIs("PUBLISH_COMPLETE", ",\"publicaly_available_post_id\":[" + POST_ID + "]");
        Post p = queued();

        publisher.handle(f.tenantId, p.id, "tiktok");

        JsonNode d = delivery(p);
        assertEquals("published", d.path("status").asText(), d.toString());
        assertEquals(POST_ID, d.path("externalId").asText());
        assertEquals(PUBLISH_ID, d.path("state").path("publishId").asText(), d.toString());
        assertFalse(d.path("recovered").asBoolean(), "published by its own answer, not recovered");
        tiktok.verify(1, postRequestedFor(urlPathEqualTo(INIT)));
    }

    @Test
    void thePublishIdIsKeptAndFollowedWhileTikTokProcessesAndThePostIsInitiatedOnce() {
        statusIs("PROCESSING_DOWNLOAD", "");
        Post p = queued();

        publisher.handle(f.tenantId, p.id, "tiktok"); // TikTok took it: a delayed copy of the job follows the publish id
        JsonNode armed = delivery(p);
        assertEquals("publishing", armed.path("status").asText(), armed.toString());
        assertEquals(PUBLISH_ID, armed.path("state").path("publishId").asText(), "stored before anything else: " + armed);

        assertThrows(RetryLater.class, () -> publisher.handle(f.tenantId, p.id, "tiktok"), "within the call's in-flight time: not asked yet");
        f.clock.now = f.clock.now.plusSeconds(30);
        publisher.handle(f.tenantId, p.id, "tiktok"); // still processing: asked again later
        assertEquals("publishing", delivery(p).path("status").asText());

        statusIs("PUBLISH_COMPLETE", ",\"publicaly_available_post_id\":[" + POST_ID + "]");
        f.clock.now = f.clock.now.plusSeconds(30);
        publisher.handle(f.tenantId, p.id, "tiktok");

        JsonNode d = delivery(p);
        assertEquals("published", d.path("status").asText(), d.toString());
        assertEquals(POST_ID, d.path("externalId").asText());
        assertEquals("https://www.tiktok.com/@bloombakery/video/" + POST_ID, d.path("permalink").asText());
        assertEquals(PostStatus.PUBLISHED, f.reload(p.id).status);
        tiktok.verify(1, postRequestedFor(urlPathEqualTo(INIT)));
        assertEquals(PublishFixture.CREDITS - 10_000, f.balance().availableMicroCredits());
    }

    @Test
    void aPublishTikTokCouldNotMakeFailsWithItsReasonExplained() {
        statusIs("PROCESSING_DOWNLOAD", "");
        Post p = queued();
        publisher.handle(f.tenantId, p.id, "tiktok");

        statusIs("FAILED", ",\"fail_reason\":\"video_pull_failed\"");
        f.clock.now = f.clock.now.plusSeconds(30);
        publisher.handle(f.tenantId, p.id, "tiktok");

        JsonNode d = delivery(p);
        assertEquals("failed", d.path("status").asText(), d.toString());
        assertTrue(d.path("reason").asText().contains("could not download the video"), d.toString());
        assertEquals("TIKTOK_VIDEO_PULL_FAILED", d.path("error").path("code").asText(), d.toString());
        tiktok.verify(1, postRequestedFor(urlPathEqualTo(INIT)));
    }

    @Test
    void anInitWhoseAnswerIsLostIsFoundAmongTheCreatorsVideosAndPostedOnce() {
        Publisher impatient = f.worker.publisher(accounts, Map.of("tiktok", new TikTokPublisher(
                new PlatformHttp(ProviderHttp.newClient(), Duration.ofMillis(500), f.clock), tiktok.baseUrl())));
        tiktok.stubFor(post(urlPathEqualTo(INIT)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"data\":{\"publish_id\":\"" + PUBLISH_ID + "\"}," + OK + "}").withFixedDelay(3_000))
                .willSetStateTo("posted"));
        tiktok.stubFor(post(urlPathEqualTo("/v2/video/list/")).inScenario("lost").whenScenarioStateIs("posted").willReturn(okJson("""
                {"data":{"videos":[{"id":"%s","title":"Fresh loaves at 7","video_description":"Fresh loaves at 7","create_time":%d,
                 "share_url":"https://www.tiktok.com/@bloombakery/video/%s"}],"cursor":0,"has_more":false},%s}"""
                .formatted(POST_ID, f.clock.now.getEpochSecond(), POST_ID, OK))));
        Post p = queued();

        assertThrows(RetryLater.class, () -> impatient.handle(f.tenantId, p.id, "tiktok"));
        assertFalse(delivery(p).path("state").has("publishId"), "no answer, no publish id: " + delivery(p));
        f.clock.now = f.clock.now.plusSeconds(30);
        impatient.handle(f.tenantId, p.id, "tiktok");

        JsonNode d = delivery(p);
        assertEquals("published", d.path("status").asText(), d.toString());
        assertTrue(d.path("recovered").asBoolean());
        assertEquals(POST_ID, d.path("externalId").asText());
        tiktok.verify(1, postRequestedFor(urlPathEqualTo(INIT)));
    }

    @Test
    void aRevokedTokenMakesTheAccountReconnectRequiredAndKeepsThePost() {
        tiktok.stubFor(post(urlPathEqualTo(INIT)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":{},\"error\":{\"code\":\"access_token_invalid\",\"message\":\"The access token is invalid or not"
                        + " found in the request.\",\"log_id\":\"2\"}}")));
        Post p = queued();

        publisher.handle(f.tenantId, p.id, "tiktok");

        JsonNode d = delivery(p);
        assertEquals("failed", d.path("status").asText(), d.toString());
        assertEquals("RECONNECT_REQUIRED", d.path("code").asText(), d.toString());
        assertEquals(AccountStatus.RECONNECT_REQUIRED, accounts.byPlatform.get("tiktok").status());
        Post kept = f.reload(p.id);
        assertEquals("Fresh loaves at 7", kept.text());
        assertEquals(PublishFixture.CREDITS, f.balance().availableMicroCredits());
    }

    @Test
    void aCreatorWhoCannotPostNowFailsWithTheReasonAndNothingIsSent() {
        tiktok.stubFor(post(urlPathEqualTo("/v2/post/publish/creator_info/query/")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"data\":{},\"error\":{\"code\":\"spam_risk_too_many_posts\","
                        + "\"message\":\"The daily post cap from the current API client has been reached.\",\"log_id\":\"1\"}}")));
        Post p = queued();

        publisher.handle(f.tenantId, p.id, "tiktok");

        JsonNode d = delivery(p);
        assertEquals("failed", d.path("status").asText(), d.toString());
        assertTrue(d.path("reason").asText().contains("daily limit"), d.toString());
        assertFalse(d.toString().contains("current API client"), "TikTok's own text stays out: " + d);
        tiktok.verify(0, postRequestedFor(urlPathEqualTo(INIT)));
    }
}
