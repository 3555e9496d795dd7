package com.socialwire.engagement.poll;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.engagement.EngagementFixture;
import com.socialwire.engagement.model.Jobs.CommentJob;
import com.socialwire.engagement.people.PeopleService;
import com.socialwire.engagement.worker.EngagementService;
import com.socialwire.shared.Json;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.social.mentions.MentionSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * People from polled platforms: a Bluesky author (a DID) whose reply and mention the worker records and answers is one
 * person of the tenant with both items and both replies, however often the jobs arrive, on the leaderboard beside
 * Instagram's people.
 */
class PolledPeopleIT {

    @RegisterExtension
    static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void aBlueskyAuthorsPolledItemsAreOnePersonCountedOnce() {
        EngagementFixture worker = EngagementFixture.commentWorker(model.baseUrl(), "http://127.0.0.1:9");
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(EngagementFixture.chatCompletion("Thank you!"))));
        EngagementFixture.Brand brand = worker.brand("Warm and brief.", List.of());
        FakeSource bluesky = new FakeSource("bluesky");
        EngagementService service = worker.engagement.worker(Map.of("bluesky", bluesky));
        SocialAccounts accounts = new EngagementFixture("SocialFunction", Map.of()).engagement.socialAccounts();
        Grant grant = new Grant("token-people", null, null, null, List.of(), false);
        SocialAccount account = accounts.connect(brand.tenantId(), new SocialAccounts.Connection("bluesky", null,
                new Connector.Offered("did:plc:bakery" + System.nanoTime(), "bakery.test", "bakery.test", null, "profile", grant, Map.of()),
                grant), false);

        String carol = "did:plc:carol" + Long.toString(System.nanoTime(), 36);
        MentionSource.Mention reply = bluesky.add("at://" + carol + "/app.bsky.feed.post/1", "reply", carol, "carol.test", "Lovely loaves!");
        MentionSource.Mention mention = bluesky.add("at://" + carol + "/app.bsky.feed.post/2", "mention", carol, "carol.bsky.social",
                "@bakery.test open on Sunday?");
        for (MentionSource.Mention m : List.of(reply, mention)) {
            CommentJob job = InboxPoller.job(account, m, Instant.now());
            service.handleComment(job);
            service.handleComment(Json.read(Json.write(job), CommentJob.class)); // redelivered
        }

        PeopleService people = worker.engagement.people();
        Map<String, Object> h = people.person(brand.tenantId(), "bluesky", carol, 20, null);
        @SuppressWarnings("unchecked")
        Map<String, Object> person = (Map<String, Object>) h.get("person");
        assertEquals(Map.of("items", 2L, "repliesSent", 2L, "violations", 0L), person.get("counts"), h.toString());
        assertEquals("carol.bsky.social", person.get("username"), "their latest handle");
        assertEquals(2, ((List<?>) h.get("replies")).size());
        var top = people.list(brand.tenantId(), "top", 10, null).items();
        assertEquals(1, top.size());
        assertEquals(carol, top.get(0).get("personId"));
        assertEquals("bluesky", top.get(0).get("platform"));
    }
}
