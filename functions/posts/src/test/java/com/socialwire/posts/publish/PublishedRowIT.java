package com.socialwire.posts.publish;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.posts.model.Post;
import com.socialwire.shared.analytics.PublishedDeliveries;
import com.socialwire.shared.analytics.PublishedDelivery;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published-delivery read model is written where a delivery turns published: one row per post and platform with
 * the platform's id, listable by publish time and due for its first insights refresh at D+1 in the day bucket of
 * GSI2; a redelivered job (the delivery already published) and a second record keep that one row as it is.
 */
class PublishedRowIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    PublishFixture f;
    PublishedDeliveries rows;

    @BeforeEach
    void setUp() {
        f = new PublishFixture(meta.baseUrl() + PublishFixture.V, Instant.parse("2026-11-20T09:30:00Z"));
        f.stubPublishable(meta);
        rows = new PublishedDeliveries(f.worker.table);
    }


    @Test
    void aPublishedDeliveryIsRecordedOnceForAnalyticsAndIsDueAtDayOne() {
        Post p = f.publishedToInstagram("Fresh loaves at 7");
        assertEquals("published", p.deliveries.path("instagram").path("status").asText(), p.deliveries.toString());
        Instant at = Instant.parse(p.deliveries.path("instagram").path("publishedAt").asText());

        List<PublishedDelivery> listed = rows.all(f.tenantId, at.minusSeconds(60), at.plusSeconds(60), 100);
        assertEquals(1, listed.size(), "one row per post and platform");
        PublishedDelivery row = listed.get(0);
        assertEquals(p.id, row.postId());
        assertEquals("instagram", row.platform());
        assertEquals(PublishFixture.MEDIA, row.externalId());
        assertEquals("Fresh loaves at 7", row.caption());
        assertEquals(p.mediaIds().get(0), row.thumbnailMediaId());
        assertTrue(row.metrics().isEmpty(), "nothing measured yet: unknown, not 0");
        assertNull(row.metrics().engagement());
        assertEquals(at.plus(Duration.ofDays(1)), row.nextRefreshAt().plusNanos(at.getNano() % 1_000_000));

        var due = rows.duePage(PublishedDeliveries.dueBucket(row.nextRefreshAt()).substring(PublishedDeliveries.DUE.length()),
                row.nextRefreshAt(), 100, null);
        assertTrue(due.items().stream().anyMatch(k -> k.get(Table.SK).s().equals(PublishedDeliveries.sk(at, p.id, "instagram"))),
                "found by the due index of its D+1 day");
        assertTrue(rows.duePage(PublishedDeliveries.dueBucket(row.nextRefreshAt()).substring(PublishedDeliveries.DUE.length()),
                row.nextRefreshAt().minusSeconds(1), 100, null).items().stream()
                .noneMatch(k -> k.get(Table.SK).s().contains(p.id)), "not due before D+1");

        // redelivery of the job: the delivery is published already, nothing is written again
        f.worker.publisher().handle(f.tenantId, p.id, "instagram");
        rows.refreshed(row, new com.socialwire.shared.analytics.InsightMetrics(java.util.Map.of("likes", 4L)), "FEED", f.clock.instant(), 1,
                row.nextRefreshAt().plus(Duration.ofDays(1)), null);
        assertFalse(rows.record(PublishedDelivery.published(f.tenantId, p.id, "instagram", null, "other", null, null, at, "x", null)),
                "a second record of the same delivery writes nothing");
        PublishedDelivery kept = rows.get(f.tenantId, at, p.id, "instagram").orElseThrow();
        assertEquals(4L, kept.metrics().get("likes"), "the row's metrics survive a repeated record");
        assertEquals(PublishFixture.MEDIA, kept.externalId());
        assertEquals(1, rows.all(f.tenantId, at.minusSeconds(60), at.plusSeconds(60), 100).size());
    }
}
