package com.socialwire.reports.competitors;

import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.TenantRecords;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The competitor pulse's rows under the tenant's partition (keys in {@link Table}'s class comment):
 * {@code COMPETITORS} (the configured handles) and {@code COMPETITOR#{handle}#{week start, local Monday}} (one
 * snapshot per handle and week, the base of week-over-week change; kept {@value #KEEP_DAYS} days).
 */
public final class CompetitorStore {

    static final String CONFIG = "COMPETITORS";
    static final String SNAPSHOT = "COMPETITOR#";
    static final int KEEP_DAYS = 400;

    /** The configured handles (empty when none). */
    public record Config(List<String> handles, Instant updatedAt) {
        public Config {
            handles = handles == null ? List.of() : List.copyOf(handles);
        }
    }

    /** One handle's reading of one week; a number Meta did not give is null. */
    public record Snapshot(String handle, LocalDate weekStart, Long followers, Long mediaCount, BigDecimal avgLikes,
                           BigDecimal avgComments, BigDecimal postsPerWeek, Instant takenAt) {
    }

    private final Table table;

    public CompetitorStore(Table table) {
        this.table = table;
    }

    public Config config(String tenantId) {
        return table.get(TenantRecords.pk(tenantId), CONFIG)
                .map(i -> new Config(Item.strings(i, "handles"), Item.instant(i, "updatedAt")))
                .orElse(new Config(List.of(), null));
    }

    public Config save(String tenantId, List<String> handles, Instant now) {
        table.put(new Write.Put(Item.create().s(Table.PK, TenantRecords.pk(tenantId)).s(Table.SK, CONFIG)
                .s("type", "competitors").s("tenantId", tenantId).strings("handles", handles).instant("updatedAt", now).build()));
        return new Config(handles, now);
    }

    public Optional<Snapshot> snapshot(String tenantId, String handle, LocalDate weekStart) {
        return table.get(TenantRecords.pk(tenantId), snapshotSk(handle, weekStart)).map(i -> new Snapshot(handle, weekStart,
                Item.n(i, "followers"), Item.n(i, "mediaCount"), Item.decimal(i, "avgLikes"), Item.decimal(i, "avgComments"),
                Item.decimal(i, "postsPerWeek"), Item.instant(i, "takenAt")));
    }

    /** This week's reading of the handle (a later run in the same week replaces it). */
    public void put(String tenantId, Snapshot s) {
        Map<String, AttrValue> item = Item.create().s(Table.PK, TenantRecords.pk(tenantId)).s(Table.SK, snapshotSk(s.handle(), s.weekStart()))
                .s("type", "competitor_snapshot").s("tenantId", tenantId).s("handle", s.handle()).s("weekStart", s.weekStart().toString())
                .n("followers", s.followers()).n("mediaCount", s.mediaCount()).n("avgLikes", s.avgLikes())
                .n("avgComments", s.avgComments()).n("postsPerWeek", s.postsPerWeek()).instant("takenAt", s.takenAt())
                .n(Table.TTL, s.takenAt().plus(Duration.ofDays(KEEP_DAYS)).getEpochSecond()).build();
        table.put(new Write.Put(item));
    }

    static String snapshotSk(String handle, LocalDate weekStart) {
        return SNAPSHOT + handle + "#" + weekStart;
    }
}
