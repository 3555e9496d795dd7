package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.shared.Json;
import com.socialwire.shared.jobs.RetryLater;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.oauth.PlatformHttp;
import com.socialwire.shared.social.publishers.XPublisher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An X thread driven by {@link PlatformDeliveries} with the real {@link XPublisher} against X-shaped stubs (see
 * XPublisherContractTest for the documents): part 2's answer is lost after X made it; the delivery waits out the
 * attempt, finds parts 1 and 2 in the account's timeline ({@code Partial}), arms again and makes only part 3, so the
 * thread ends published once with exactly one post per part, paid once.
 */
class XDeliveriesIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension x = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String USER_ID = "2244994945";
    static final List<String> THREAD = List.of("Fresh loaves at 7", "Rye comes out at 8", "Buns at 9, while they last");
    static final String[] IDS = {"1445880548472328201", "1445880548472328202", "1445880548472328203"};

    PublishFixture f;
    Publisher publisher;

    @BeforeEach
    void setUp() {
        f = new PublishFixture(meta.baseUrl() + PublishFixture.V, Instant.now());
        f.stubGraph(meta);
        x.resetAll();
        FixedAccounts accounts = new FixedAccounts();
        accounts.connect("x-token-sa_x1", new SocialAccount(f.tenantId, "sa_x1", "twitter", USER_ID, "bloombakery", "Bloom", null, "profile",
                null, List.of("tweet.read", "tweet.write", "users.read", "media.write", "offline.access"), null, AccountStatus.CONNECTED,
                null, true, Instant.now(), Instant.now(), 1));
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), Duration.ofMillis(1_000), f.clock);
        publisher = f.worker.publisher(accounts, Map.of("twitter", new XPublisher(http,
                new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(10)), x.baseUrl())));
    }

    static String created(int k) {
        return "{\"data\":{\"id\":\"" + IDS[k] + "\",\"text\":\"" + THREAD.get(k) + "\",\"edit_history_tweet_ids\":[\"" + IDS[k] + "\"]}}";
    }

    static String listed(int k) {
        return "{\"id\":\"" + IDS[k] + "\",\"created_at\":\"2026-12-04T12:00:01.000Z\",\"text\":\"" + THREAD.get(k) + "\",\"conversation_id\":\""
                + IDS[0] + "\"" + (k == 0 ? "" : ",\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\"" + IDS[k - 1] + "\"}]") + "}";
    }

    @Test
    void aThreadWhosePartTwoAnswerWasLostEndsPublishedOnceWithOnePostPerPart() {
        x.stubFor(post(urlPathEqualTo("/2/tweets")).withRequestBody(containing(THREAD.get(0))).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(created(0))));
        x.stubFor(post(urlPathEqualTo("/2/tweets")).withRequestBody(containing(THREAD.get(1))).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(created(1)).withFixedDelay(3_000)));
        x.stubFor(post(urlPathEqualTo("/2/tweets")).withRequestBody(containing(THREAD.get(2))).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(created(2))));
        x.stubFor(get(urlPathEqualTo("/2/users/" + USER_ID + "/tweets")).willReturn(okJson(
                "{\"data\":[" + listed(1) + "," + listed(0) + "],\"meta\":{\"result_count\":2}}")));
        Post p = f.api.service().create(f.who, f.tenantId, (ObjectNode) Json.tree("{\"content\":\"" + THREAD.get(0) + "\",\"threadParts\":"
                + Json.write(THREAD) + ",\"platforms\":[\"twitter\"]}"));
        f.api.publishing().publishNow(f.who, f.tenantId, p.id);

        assertThrows(RetryLater.class, () -> publisher.handle(f.tenantId, p.id, "twitter"));
        f.clock.now = f.clock.now.plusSeconds(60);
        publisher.handle(f.tenantId, p.id, "twitter");

        JsonNode d = f.reload(p.id).deliveries.path("twitter");
        assertEquals("published", d.path("status").asText(), d.toString());
        assertEquals(IDS[0], d.path("externalId").asText());
        assertEquals("https://x.com/bloombakery/status/" + IDS[0], d.path("permalink").asText());
        assertEquals(2, d.path("publishAttempts").asInt());
        assertEquals(PostStatus.PUBLISHED, f.reload(p.id).status);
        x.verify(3, postRequestedFor(urlPathEqualTo("/2/tweets")));
        x.verify(1, postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(equalToJson(
                "{\"text\":\"" + THREAD.get(2) + "\",\"reply\":{\"in_reply_to_tweet_id\":\"" + IDS[1] + "\"}}")));
        assertTrue(f.balance().availableMicroCredits() < PublishFixture.CREDITS, "paid");
        assertEquals(0, f.balance().reservedMicroCredits());
    }
}
