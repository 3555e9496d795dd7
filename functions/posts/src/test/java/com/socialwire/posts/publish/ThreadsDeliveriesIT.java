package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.oauth.PlatformHttp;
import com.socialwire.shared.social.publishers.ThreadsPublisher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Threads reply chain driven by {@link PlatformDeliveries} with the real {@link ThreadsPublisher} against
 * Threads-shaped stubs (see ThreadsPublisherContractTest for the documents): part 2's threads_publish answer is lost
 * after Threads published it; the delivery keeps the parts made in its state, reconciles by part 2's container
 * (PUBLISHED, its id among the profile's replies: {@code Partial}), arms again and makes only part 3, so the thread
 * ends published once with exactly one post per part.
 */
class ThreadsDeliveriesIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension threads = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String USER_ID = "17841400000001";
    static final String CREATE = "/v1.0/" + USER_ID + "/threads";
    static final String PUBLISH = "/v1.0/" + USER_ID + "/threads_publish";
    static final List<String> THREAD = List.of("Fresh loaves at 7", "Rye comes out at 8", "Buns at 9, while they last");
    static final String[] CONTAINERS = {"18000000000000001", "18000000000000002", "18000000000000003"};
    static final String[] IDS = {"18100000000000077", "18100000000000078", "18100000000000079"};
    static final String PERMALINK = "https://www.threads.net/@bloombakery/post/DAbCdEf";

    PublishFixture f;
    Publisher publisher;

    @BeforeEach
    void setUp() {
        f = new PublishFixture(meta.baseUrl() + PublishFixture.V, Instant.now());
        f.stubGraph(meta);
        threads.resetAll();
        FixedAccounts accounts = new FixedAccounts();
        accounts.connect("threads-token-sa_t1", new SocialAccount(f.tenantId, "sa_t1", "threads", USER_ID, "bloombakery", "Bloom", null, "profile",
                null, List.of("threads_basic", "threads_content_publish", "threads_read_replies"), null, AccountStatus.CONNECTED,
                null, true, Instant.now(), Instant.now(), 1));
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), Duration.ofMillis(1_000), f.clock);
        publisher = f.worker.publisher(accounts, Map.of("threads", new ThreadsPublisher(http, threads.baseUrl())));
    }

    @Test
    void aThreadWhosePartTwoPublishAnswerWasLostEndsPublishedOnceWithOnePostPerPart() {
        threads.stubFor(post(urlPathEqualTo(CREATE)).willReturn(okJson("{\"id\":\"" + CONTAINERS[0] + "\"}")));
        for (int k = 0; k < 3; k++) {
            if (k > 0) {
                threads.stubFor(post(urlPathEqualTo(CREATE)).withRequestBody(containing("reply_to_id=" + IDS[k - 1]))
                        .willReturn(okJson("{\"id\":\"" + CONTAINERS[k] + "\"}")));
            }
            threads.stubFor(get(urlPathEqualTo("/v1.0/" + CONTAINERS[k])).willReturn(okJson("{\"status\":\"FINISHED\",\"id\":\"" + CONTAINERS[k] + "\"}")));
            threads.stubFor(post(urlPathEqualTo(PUBLISH)).withRequestBody(equalTo("creation_id=" + CONTAINERS[k]))
                    .willReturn(okJson("{\"id\":\"" + IDS[k] + "\"}").withFixedDelay(k == 1 ? 3_000 : 0)));
        }
        threads.stubFor(get(urlPathEqualTo("/v1.0/" + IDS[0])).willReturn(okJson("{\"permalink\":\"" + PERMALINK + "\",\"id\":\"" + IDS[0] + "\"}")));
        Post p = f.api.service().create(f.who, f.tenantId, (ObjectNode) Json.tree("{\"content\":\"" + THREAD.get(0) + "\",\"threadParts\":"
                + Json.write(THREAD) + ",\"platforms\":[\"threads\"]}"));
        f.api.publishing().publishNow(f.who, f.tenantId, p.id);

        // the parts made are kept in the state, so the outcome is followed like a container's (a delayed copy of the job)
        publisher.handle(f.tenantId, p.id, "threads");
        JsonNode armed = f.reload(p.id).deliveries.path("threads");
        assertEquals("publishing", armed.path("status").asText(), armed.toString());
        assertEquals(IDS[0], armed.path("state").path("posted").path(0).asText(), armed.toString()); // kept as it went
        // Threads did publish part 2
        threads.stubFor(get(urlPathEqualTo("/v1.0/" + CONTAINERS[1])).willReturn(okJson("{\"status\":\"PUBLISHED\",\"id\":\"" + CONTAINERS[1] + "\"}")));
        threads.stubFor(get(urlPathEqualTo("/v1.0/" + USER_ID + "/replies")).willReturn(okJson("{\"data\":[{\"id\":\"" + IDS[1] + "\",\"text\":\""
                + THREAD.get(1) + "\",\"timestamp\":\"2026-12-04T12:00:02+0000\"}]}")));
        f.clock.now = f.clock.now.plusSeconds(60);
        publisher.handle(f.tenantId, p.id, "threads");

        JsonNode d = f.reload(p.id).deliveries.path("threads");
        assertEquals("published", d.path("status").asText(), d.toString());
        assertEquals(IDS[0], d.path("externalId").asText());
        assertEquals(PERMALINK, d.path("permalink").asText());
        assertEquals(PostStatus.PUBLISHED, f.reload(p.id).status);
        threads.verify(3, postRequestedFor(urlPathEqualTo(PUBLISH)));
        threads.verify(3, postRequestedFor(urlPathEqualTo(CREATE)));
        threads.verify(1, postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(equalTo("media_type=TEXT&text=Buns%20at%209%2C%20while%20they%20last"
                + "&reply_to_id=" + IDS[1])));
        assertTrue(f.balance().availableMicroCredits() < PublishFixture.CREDITS, "paid");
        assertEquals(0, f.balance().reservedMicroCredits());
    }
}
