package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.posts.Posts;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.model.PostStatus;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.http.ApiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A post that would take a platform over its posting cap is refused with the reason when it is scheduled (422, the
 * cap, its source and the count), not failed when it is due; the same time outside the cap's window, or another
 * platform, is accepted. The cap here is configured ({@code PLATFORM_QUOTAS}: 2 Mastodon posts per 3 h) so the test
 * needs three posts, not three hundred.
 */
class PublishingQuotaIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    PublishFixture f;
    Posts api;
    Instant t0;

    @BeforeEach
    void setUp() {
        f = new PublishFixture(meta.baseUrl() + PublishFixture.V, Instant.now());
        api = f.as("PostsFunction", meta.baseUrl() + PublishFixture.V,
                Map.of("PLATFORM_QUOTAS", "[{\"platform\":\"mastodon\",\"posts\":2,\"windowHours\":3,\"source\":\"the agency's instance rules\"}]"));
        t0 = f.clock.instant().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
    }

    /** A scheduled text post written straight to the store, as an approved and scheduled post is. */
    Post scheduled(Instant at, String platform) {
        ObjectNode doc = Json.object();
        doc.putObject("content").put("text", "Fresh loaves at 7").putObject("platformOverrides");
        doc.putArray("platforms").add(platform);
        doc.putArray("media");
        Instant now = f.clock.instant();
        Post p = new Post(Ids.next("post"), f.tenantId, f.admin.accountId(), now, PostStatus.SCHEDULED, 0, at, now, doc, Json.object(), List.of());
        f.store.create(p);
        return p;
    }

    /** As {@link #scheduled}, a thread of {@code parts} parts: published as that many posts. */
    Post scheduledThread(Instant at, String platform, int parts) {
        Post p = scheduled(at, platform);
        f.store.update(f.tenantId, p.id, x -> {
            var thread = x.doc.putArray("threadParts");
            for (int i = 1; i <= parts; i++) {
                thread.add("Part " + i + " of the bake");
            }
        });
        return f.reload(p.id);
    }

    Post reschedule(Post p, Instant when) {
        return api.publishing().reschedule(f.who, f.tenantId, p.id, (ObjectNode) Json.tree("{\"scheduledFor\":\"" + when + "\"}"));
    }

    @Test
    void aPostOverThePlatformsCapIsRefusedWhenScheduledWithTheReason() {
        scheduled(t0, "mastodon");
        scheduled(t0.plus(Duration.ofHours(1)), "mastodon");
        Post third = scheduled(t0.plus(Duration.ofHours(9)), "mastodon");

        ApiException refused = assertThrows(ApiException.class, () -> reschedule(third, t0.plus(Duration.ofHours(2))));

        assertEquals(422, refused.status());
        assertTrue(refused.getMessage().contains("mastodon's cap of 2 posts per 3 h"), refused.getMessage());
        assertEquals("mastodon", refused.details().get("platform"));
        assertEquals("2 posts per 3 h", refused.details().get("quota"));
        assertEquals("the agency's instance rules", refused.details().get("source"));
        assertEquals(2, refused.details().get("postsInWindow"));
        assertEquals(t0.plus(Duration.ofHours(9)), f.reload(third.id).scheduledFor, "a refused reschedule changes nothing");
    }

    @Test
    void theSameTimeOutsideTheWindowOrOnAnotherPlatformIsAccepted() {
        scheduled(t0, "mastodon");
        scheduled(t0.plus(Duration.ofHours(1)), "mastodon");
        Post third = scheduled(t0.plus(Duration.ofHours(9)), "mastodon");
        Post other = scheduled(t0.plus(Duration.ofHours(9)), "twitter");

        // [t0+1h, t0+4h) then holds two: the cap allows it
        assertEquals(t0.plus(Duration.ofHours(3)), reschedule(third, t0.plus(Duration.ofHours(3))).scheduledFor);
        assertEquals(t0.plus(Duration.ofHours(2)), reschedule(other, t0.plus(Duration.ofHours(2))).scheduledFor);
    }

    @Test
    void aPublishedDeliveryCountsAtItsPublishTimeAndACancelledPostNotAtAll() {
        Post published = scheduled(t0, "mastodon");
        f.store.update(f.tenantId, published.id, p -> {
            p.status = PostStatus.PUBLISHED;
            p.deliveries.set("mastodon", Json.object().put("status", "published").put("publishedAt", t0.plusSeconds(30).toString()));
        });
        Post cancelled = scheduled(t0.plus(Duration.ofMinutes(30)), "mastodon");
        f.store.update(f.tenantId, cancelled.id, p -> p.status = PostStatus.CANCELLED);
        scheduled(t0.plus(Duration.ofHours(1)), "mastodon");
        Post next = scheduled(t0.plus(Duration.ofHours(9)), "mastodon");

        assertThrows(ApiException.class, () -> reschedule(next, t0.plus(Duration.ofHours(2))), "published + scheduled fill the window");
        f.store.update(f.tenantId, published.id, p -> p.deliveries.set("mastodon", Json.object().put("status", "failed")));
        assertEquals(t0.plus(Duration.ofHours(2)), reschedule(next, t0.plus(Duration.ofHours(2))).scheduledFor,
                "a failed delivery does not count");
    }

    @Test
    void aThreadCountsAsOnePostPerPartAgainstTheCap() {
        scheduled(t0, "mastodon");
        Post thread = scheduledThread(t0.plus(Duration.ofHours(9)), "mastodon", 2);

        ApiException refused = assertThrows(ApiException.class, () -> reschedule(thread, t0.plus(Duration.ofHours(1))),
                "one post and a thread of two parts are three statuses in 3 h");
        assertEquals(1, refused.details().get("postsInWindow"));

        Post single = scheduled(t0.plus(Duration.ofHours(20)), "mastodon");
        reschedule(thread, t0.plus(Duration.ofHours(12)));
        assertThrows(ApiException.class, () -> reschedule(single, t0.plus(Duration.ofHours(13))),
                "a scheduled thread of two parts fills the window on its own");
    }
}
