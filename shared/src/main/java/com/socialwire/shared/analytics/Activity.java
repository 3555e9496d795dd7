package com.socialwire.shared.analytics;

import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's latest activity, for its health: the last publish and the last report. The last publish is the newest
 * published-delivery row ({@link PublishedDeliveries}, written where a delivery turns published: no second write for
 * it); the last report is the {@code ACTIVITY} row under the tenant's partition, which the report worker writes with
 * {@link #recordReport} when a report is stored (a later report only: an older one arriving late changes nothing).
 */
public final class Activity {

    static final String SK = "ACTIVITY";

    /** The last report stored for the tenant. */
    public record LastReport(String type, Instant at, String reportId) {
    }

    /** What health shows: either may be null (never published, no report yet). */
    public record Latest(Instant lastPublishAt, String lastPublishPlatform, LastReport lastReport) {
    }

    private final Table table;
    private final PublishedDeliveries published;

    public Activity(Table table) {
        this.table = table;
        this.published = new PublishedDeliveries(table);
    }

    /**
     * Records that report {@code reportId} of {@code type} was stored for the tenant at {@code at}, unless a later one
     * is recorded already. False when it was not the latest.
     */
    public boolean recordReport(String tenantId, String type, String reportId, Instant at) {
        return table.updateIf(new Write.Update(Table.key(PublishedDeliveries.pk(tenantId), SK),
                "SET #t = :type, #at = :at, #id = :id, #ms = :ms, #ty = :row",
                "attribute_not_exists(#ms) OR #ms < :ms",
                Map.of("#t", "lastReportType", "#at", "lastReportAt", "#id", "lastReportId", "#ms", "lastReportAtMs", "#ty", "type"),
                Map.of(":type", AttrValue.fromS(type), ":at", AttrValue.fromS(com.socialwire.shared.IsoInstant.format(at)), ":id", AttrValue.fromS(reportId),
                        ":ms", AttrValue.fromN(Long.toString(at.toEpochMilli())), ":row", AttrValue.fromS("activity"))));
    }

    /** The tenant's last publish (one key-condition read of one row) and last report (one item read). */
    public Latest latest(String tenantId) {
        Page<PublishedDelivery> newest = published.list(tenantId, null, null, 1, null, false);
        Optional<PublishedDelivery> last = newest.items().stream().findFirst();
        LastReport report = table.get(PublishedDeliveries.pk(tenantId), SK, false, null)
                .filter(i -> Item.s(i, "lastReportId") != null)
                .map(i -> new LastReport(Item.s(i, "lastReportType"), Item.instant(i, "lastReportAt"), Item.s(i, "lastReportId")))
                .orElse(null);
        return new Latest(last.map(PublishedDelivery::publishedAt).orElse(null), last.map(PublishedDelivery::platform).orElse(null), report);
    }
}
