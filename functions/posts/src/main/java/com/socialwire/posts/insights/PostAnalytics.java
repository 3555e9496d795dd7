package com.socialwire.posts.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.posts.model.DeliveryStatus;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.analytics.InsightMetrics;
import com.socialwire.shared.analytics.InsightSnapshots;
import com.socialwire.shared.analytics.PublishedDeliveries;
import com.socialwire.shared.analytics.PublishedDelivery;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.http.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET/POST /v1/tenants/{tenantId}/analytics/{postId}[/refresh]}: a post's insights per platform — the latest
 * metrics (every metric named, null where unknown: "no data yet" is never 0), the snapshots by date, the next
 * scheduled refresh — and a refresh now. The post is the truth of what went out: a published delivery whose row a
 * crash lost gets it here. Another tenant's post is simply not found (404).
 */
public final class PostAnalytics {

    static final String NO_DATA = "no data yet: platforms report insights up to 48 hours after publishing; "
            + "refreshed at D+1, D+2, D+7 and D+28";

    private final PostStore posts;
    private final PublishedRows published;
    private final InsightSnapshots snapshots;
    private final Supplier<InsightsRefresh> refresh;

    public PostAnalytics(PostStore posts, PublishedRows published, InsightSnapshots snapshots, Supplier<InsightsRefresh> refresh) {
        this.posts = posts;
        this.published = published;
        this.snapshots = snapshots;
        this.refresh = refresh;
    }

    public Map<String, Object> view(String tenantId, String postId) {
        Post p = posts.require(tenantId, postId);
        return view(p, rows(p), Map.of());
    }

    /** Reads every published platform of the post now; 409 when nothing of it is published. */
    public Map<String, Object> refresh(String tenantId, String postId) {
        Post p = posts.require(tenantId, postId);
        Map<String, PublishedDelivery> rows = rows(p);
        if (rows.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_TRANSITION, "post " + postId + " is " + p.status.wire()
                    + ": insights exist only for a post published to at least one platform");
        }
        Map<String, InsightsRefresh.Outcome> outcomes = new LinkedHashMap<>();
        InsightsRefresh r = refresh.get();
        rows.forEach((platform, row) -> outcomes.put(platform, r.refresh(row, false)));
        return view(p, rows(p), outcomes);
    }

    /** The post's published deliveries' rows by platform, writing any a crash lost. */
    private Map<String, PublishedDelivery> rows(Post p) {
        Map<String, PublishedDelivery> out = new LinkedHashMap<>();
        for (String platform : p.platforms()) {
            JsonNode d = p.delivery(platform);
            Optional<PublishedDelivery> expected = PublishedRows.of(p, platform, d);
            if (expected.isEmpty()) {
                continue;
            }
            PublishedDelivery e = expected.get();
            Optional<PublishedDelivery> row = published.store().get(p.tenantId, e.publishedAt(), p.id, platform);
            if (row.isEmpty()) {
                published.store().record(e);
                row = Optional.of(e);
            }
            out.put(platform, row.get());
        }
        return out;
    }

    private Map<String, Object> view(Post p, Map<String, PublishedDelivery> rows, Map<String, InsightsRefresh.Outcome> outcomes) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("postId", p.id);
        out.put("tenantId", p.tenantId);
        out.put("status", p.status.wire());
        List<Map<String, Object>> platforms = new ArrayList<>();
        for (String platform : p.platforms()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("platform", platform);
            m.put("deliveryStatus", DeliveryStatus.of(p.delivery(platform)).wire());
            PublishedDelivery row = rows.get(platform);
            if (row == null) {
                m.put("published", false);
                m.put("note", "not published to " + platform + ": no insights");
                platforms.add(m);
                continue;
            }
            m.put("published", true);
            m.put("externalId", row.externalId());
            m.put("permalink", row.permalink());
            m.put("mediaProductType", row.mediaProductType());
            m.put("publishedAt", IsoInstant.format(row.publishedAt()));
            m.put("metrics", named(row.metrics()));
            m.put("engagement", row.metrics().engagement());
            m.put("metricsAt", row.metricsAt() == null ? null : IsoInstant.format(row.metricsAt()));
            m.put("nextRefreshAt", row.nextRefreshAt() == null ? null : IsoInstant.format(row.nextRefreshAt()));
            m.put("refreshesDone", row.refreshStep());
            InsightsRefresh.Outcome o = outcomes.get(platform);
            String note = o != null && o.note() != null ? o.note() : row.lastError() != null ? row.lastError()
                    : row.metrics().isEmpty() ? NO_DATA : null;
            m.put("note", note);
            if (o != null) {
                m.put("refresh", o.status());
            }
            List<Map<String, Object>> snaps = new ArrayList<>();
            for (InsightSnapshots.Snapshot s : snapshots.of(p.tenantId, p.id, platform)) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("date", s.date());
                sm.put("fetchedAt", s.fetchedAt() == null ? null : IsoInstant.format(s.fetchedAt()));
                sm.put("metrics", named(s.metrics()));
                sm.put("engagement", s.metrics().engagement());
                sm.put("note", s.note());
                snaps.add(sm);
            }
            m.put("snapshots", snaps);
            platforms.add(m);
        }
        out.put("platforms", platforms);
        return out;
    }

    /** Every metric name, null where the platform gave no number (unknown, not 0). */
    static Map<String, Long> named(InsightMetrics metrics) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String name : InsightMetrics.NAMES) {
            out.put(name, metrics.get(name));
        }
        return out;
    }
}
