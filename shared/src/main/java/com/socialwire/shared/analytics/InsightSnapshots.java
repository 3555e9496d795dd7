package com.socialwire.shared.analytics;

import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a published post's metrics were on each date its insights were read, written by the insights refresh (posts),
 * read by the analytics routes and reports. A metric the platform did not give is absent (no data yet), never 0.
 *
 * <pre>
 * insight snapshot  PK TENANT#{tenantId}  SK INSIGHT#{postId}#{platform}#{yyyy-MM-dd, UTC}   (the day's last read wins)
 * </pre>
 */
public final class InsightSnapshots {

    public static final String SK_PREFIX = "INSIGHT#";

    /** One read: the date, when, the metrics (empty: the platform had no data yet) and what the platform said if anything. */
    public record Snapshot(String tenantId, String postId, String platform, String date, Instant fetchedAt, InsightMetrics metrics,
                           String note) {
    }

    private final Table table;

    public InsightSnapshots(Table table) {
        this.table = table;
    }

    public static String sk(String postId, String platform, String date) {
        return SK_PREFIX + postId + "#" + platform + "#" + date;
    }

    public void put(Snapshot s) {
        table.put(new Write.Put(Item.create()
                .s(Table.PK, PublishedDeliveries.pk(s.tenantId())).s(Table.SK, sk(s.postId(), s.platform(), s.date()))
                .s("type", "insight_snapshot").s("tenantId", s.tenantId()).s("postId", s.postId()).s("platform", s.platform())
                .s("date", s.date()).instant("fetchedAt", s.fetchedAt()).map("metrics", s.metrics().toAttr().m()).s("note", s.note())
                .build()));
    }

    /** A post's snapshots on one platform (null: every platform), oldest date first, by key condition. */
    public List<Snapshot> of(String tenantId, String postId, String platform) {
        String prefix = SK_PREFIX + postId + "#" + (platform == null ? "" : platform + "#");
        List<Snapshot> out = new ArrayList<>();
        String cursor = null;
        do {
            var page = table.query(null, Table.PK, PublishedDeliveries.pk(tenantId), Table.SK, prefix, prefix + "~", 100, cursor, true, null);
            for (Map<String, AttrValue> i : page.items()) {
                out.add(snapshot(i));
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    static Snapshot snapshot(Map<String, AttrValue> i) {
        return new Snapshot(Item.s(i, "tenantId"), Item.s(i, "postId"), Item.s(i, "platform"), Item.s(i, "date"),
                Item.instant(i, "fetchedAt"), InsightMetrics.fromAttr(i.get("metrics")), Item.s(i, "note"));
    }

    public static String date(Instant at) {
        return IsoInstant.date(at);
    }
}
