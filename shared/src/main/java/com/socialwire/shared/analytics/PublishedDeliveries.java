package com.socialwire.shared.analytics;

import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The published-delivery read model: one row per post × platform that went out, written by the posts context in the
 * one place a delivery turns published, read by the insights refresh and by the reports context.
 *
 * <pre>
 * published delivery  PK TENANT#{tenantId}  SK PUBLISHED#{publishedAt, ms UTC}#{postId}#{platform}
 *                     GSI2 while a refresh is due: INSIGHTS#DUE#{yyyy-MM-dd of nextRefreshAt} / {nextRefreshAt}#{tenantId}#{postId}#{platform}
 * insights account    PK INSIGHTS#ACCOUNTS      SK {tenantId}#{platform}#{accountId | "tenant"}   (accounts whose daily insights are read)
 * </pre>
 * A tenant's rows list by publish time with a key condition on the sort key (no index, no Scan); the refresh finds the
 * due ones through the sparse day buckets of GSI2, which a row leaves after its last refresh (D+28).
 */
public final class PublishedDeliveries {

    public static final String SK_PREFIX = "PUBLISHED#";
    public static final String DUE = "INSIGHTS#DUE#";
    public static final String ACCOUNTS_PK = "INSIGHTS#ACCOUNTS";
    /** The account id of a tenant's own Instagram account (its token on the tenant, not a social account). */
    public static final String TENANT_ACCOUNT = "tenant";

    private final Table table;

    public PublishedDeliveries(Table table) {
        this.table = table;
    }

    public static String pk(String tenantId) {
        return "TENANT#" + tenantId;
    }

    public static String sk(Instant publishedAt, String postId, String platform) {
        return SK_PREFIX + IsoInstant.millis(publishedAt) + "#" + postId + "#" + platform;
    }

    /**
     * Records a delivery just published, once: a row that exists already (a redelivered job, a retried write) is kept
     * as it is, metrics and schedule included. Also enrols its account for the daily account insights. True if this
     * call wrote the row.
     */
    public boolean record(PublishedDelivery d) {
        Item i = Item.create()
                .s("type", "published_delivery").s("tenantId", d.tenantId()).s("postId", d.postId()).s("platform", d.platform())
                .s("accountId", d.accountId()).s("externalId", d.externalId()).s("permalink", d.permalink())
                .s("mediaProductType", d.mediaProductType()).instant("publishedAt", d.publishedAt()).s("caption", d.caption())
                .s("thumbnailMediaId", d.thumbnailMediaId()).n("refreshStep", d.refreshStep());
        Map<String, AttrValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        StringBuilder set = new StringBuilder();
        int k = 0;
        for (Map.Entry<String, AttrValue> e : i.build().entrySet()) {
            names.put("#a" + k, e.getKey());
            values.put(":a" + k, e.getValue());
            set.append(set.isEmpty() ? "SET " : ", ").append("#a").append(k).append(" = :a").append(k);
            k++;
        }
        if (d.nextRefreshAt() != null) {
            names.put("#next", "nextRefreshAt");
            names.put("#pk2", Table.GSI2PK);
            names.put("#sk2", Table.GSI2SK);
            values.put(":next", AttrValue.fromS(IsoInstant.millis(d.nextRefreshAt())));
            values.put(":pk2", AttrValue.fromS(dueBucket(d.nextRefreshAt())));
            values.put(":sk2", AttrValue.fromS(dueKey(d.nextRefreshAt(), d.tenantId(), d.postId(), d.platform())));
            set.append(", #next = :next, #pk2 = :pk2, #sk2 = :sk2");
        }
        boolean wrote = table.updateIf(new Write.Update(Table.key(pk(d.tenantId()), sk(d.publishedAt(), d.postId(), d.platform())),
                set.toString(), "attribute_not_exists(PK)", names, values));
        enrol(d.tenantId(), d.platform(), d.accountId());
        return wrote;
    }

    /** Enrols an account for the daily account insights (once; later calls change nothing). */
    public void enrol(String tenantId, String platform, String accountId) {
        String account = accountId == null ? TENANT_ACCOUNT : accountId;
        table.updateIf(new Write.Update(Table.key(ACCOUNTS_PK, tenantId + "#" + platform + "#" + account),
                "SET #t = :t, #p = :p, #a = :a", "attribute_not_exists(PK)", Map.of("#t", "tenantId", "#p", "platform", "#a", "accountId"),
                Map.of(":t", AttrValue.fromS(tenantId), ":p", AttrValue.fromS(platform), ":a", AttrValue.fromS(account))));
    }

    public Optional<PublishedDelivery> get(String tenantId, Instant publishedAt, String postId, String platform) {
        return table.get(pk(tenantId), sk(publishedAt, postId, platform)).map(PublishedDeliveries::row);
    }

    /** A tenant's published deliveries from {@code from} to {@code to} (either null: open), by publish time, by key condition. */
    public Page<PublishedDelivery> list(String tenantId, Instant from, Instant to, int limit, String cursor, boolean ascending) {
        return table.query(null, Table.PK, pk(tenantId), Table.SK, SK_PREFIX + (from == null ? "" : IsoInstant.millis(from)),
                SK_PREFIX + (to == null ? "~" : IsoInstant.millis(to) + "#~"), limit, cursor, ascending, null).map(PublishedDeliveries::row);
    }

    /** Every published delivery of a tenant in [from, to], following pages (at most {@code maxRows}). */
    public List<PublishedDelivery> all(String tenantId, Instant from, Instant to, int maxRows) {
        List<PublishedDelivery> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<PublishedDelivery> page = list(tenantId, from, to, Math.min(100, maxRows - out.size()), cursor, true);
            out.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null && out.size() < maxRows);
        return out;
    }

    // ---- the refresh's due index

    public static String dueBucket(Instant at) {
        return DUE + IsoInstant.date(at);
    }

    static String dueKey(Instant at, String tenantId, String postId, String platform) {
        return IsoInstant.millis(at) + "#" + tenantId + "#" + postId + "#" + platform;
    }

    /** One page of the rows whose refresh is due in one day bucket by {@code now} (keys only), by key condition. */
    public LeanDynamoDb.RawPage duePage(String day, Instant now, int limit, Map<String, AttrValue> startKey) {
        return table.queryPage(Table.GSI2, "#pk = :pk AND #sk <= :to", Map.of("#pk", Table.GSI2PK, "#sk", Table.GSI2SK),
                Map.of(":pk", AttrValue.fromS(DUE + day), ":to", AttrValue.fromS(IsoInstant.millis(now) + "#~")), limit, startKey, true);
    }

    /** The whole rows of an index page's keys (rows gone meanwhile left out). */
    public List<PublishedDelivery> rows(List<Map<String, AttrValue>> keys) {
        List<PublishedDelivery> out = new ArrayList<>();
        for (Map<String, AttrValue> i : table.items(keys)) {
            out.add(row(i));
        }
        return out;
    }

    /**
     * Claims a due row for one refresh: only if its refresh is still the one seen and no other run holds it (a lease
     * of {@code lease}). True if this caller won.
     */
    public boolean claim(PublishedDelivery d, Instant now, Duration lease) {
        if (d.nextRefreshAt() == null) {
            return false;
        }
        return table.updateIf(new Write.Update(key(d), "SET #lease = :until",
                "#next = :seen AND (attribute_not_exists(#lease) OR #lease < :now)",
                Map.of("#lease", "leaseUntil", "#next", "nextRefreshAt"),
                Map.of(":until", AttrValue.fromS(IsoInstant.millis(now.plus(lease))), ":seen", AttrValue.fromS(IsoInstant.millis(d.nextRefreshAt())),
                        ":now", AttrValue.fromS(IsoInstant.millis(now)))));
    }

    /**
     * Records a refresh's metrics (null: leave the latest as they are, the read failed) and moves the row to its next
     * refresh ({@code next}; null: done, out of the due index), releasing the claim. {@code stepDone}: the scheduled
     * refreshes now done. {@code error}: why the read failed, or null.
     */
    public void refreshed(PublishedDelivery d, InsightMetrics metrics, String mediaProductType, Instant now, int stepDone, Instant next,
                          String error) {
        Map<String, String> names = new HashMap<>(Map.of("#lease", "leaseUntil", "#step", "refreshStep", "#next", "nextRefreshAt",
                "#pk2", Table.GSI2PK, "#sk2", Table.GSI2SK, "#err", "lastError"));
        Map<String, AttrValue> values = new HashMap<>();
        values.put(":step", AttrValue.fromN(Integer.toString(stepDone)));
        StringBuilder set = new StringBuilder("SET #step = :step");
        List<String> remove = new ArrayList<>(List.of("#lease"));
        if (metrics != null) {
            names.put("#m", "metrics");
            names.put("#mAt", "metricsAt");
            values.put(":m", metrics.toAttr());
            values.put(":mAt", AttrValue.fromS(IsoInstant.format(now)));
            set.append(", #m = :m, #mAt = :mAt");
        }
        if (mediaProductType != null) {
            names.put("#type", "mediaProductType");
            values.put(":type", AttrValue.fromS(mediaProductType));
            set.append(", #type = :type");
        }
        if (error == null) {
            remove.add("#err");
        } else {
            values.put(":err", AttrValue.fromS(error));
            set.append(", #err = :err");
        }
        if (next == null) {
            remove.add("#next");
            remove.add("#pk2");
            remove.add("#sk2");
        } else {
            values.put(":next", AttrValue.fromS(IsoInstant.millis(next)));
            values.put(":pk2", AttrValue.fromS(dueBucket(next)));
            values.put(":sk2", AttrValue.fromS(dueKey(next, d.tenantId(), d.postId(), d.platform())));
            set.append(", #next = :next, #pk2 = :pk2, #sk2 = :sk2");
        }
        table.update(new Write.Update(key(d), set + " REMOVE " + String.join(", ", remove), "attribute_exists(PK)", names, values));
    }

    private static Map<String, AttrValue> key(PublishedDelivery d) {
        return Table.key(pk(d.tenantId()), sk(d.publishedAt(), d.postId(), d.platform()));
    }

    /** An enrolled account: whose, which platform, its id ({@link #TENANT_ACCOUNT} for the tenant's own Instagram). */
    public record EnrolledAccount(String tenantId, String platform, String accountId, String lastDay) {
    }

    /** One page of the enrolled accounts (by key condition on their one partition). */
    public LeanDynamoDb.RawPage accountsPage(int limit, Map<String, AttrValue> startKey) {
        return table.queryPage(null, "#pk = :pk", Map.of("#pk", Table.PK), Map.of(":pk", AttrValue.fromS(ACCOUNTS_PK)), limit, startKey, true);
    }

    public static EnrolledAccount enrolled(Map<String, AttrValue> i) {
        return new EnrolledAccount(Item.s(i, "tenantId"), Item.s(i, "platform"), Item.s(i, "accountId"), Item.s(i, "lastDay"));
    }

    /** Notes that {@code a}'s insights of {@code day} were read: once per account per day. */
    public void accountRead(EnrolledAccount a, String day) {
        table.update(new Write.Update(Table.key(ACCOUNTS_PK, a.tenantId() + "#" + a.platform() + "#" + a.accountId()), "SET #d = :d", null,
                Map.of("#d", "lastDay"), Map.of(":d", AttrValue.fromS(day))));
    }

    public static PublishedDelivery row(Map<String, AttrValue> i) {
        Long step = Item.n(i, "refreshStep");
        String next = Item.s(i, "nextRefreshAt");
        return new PublishedDelivery(Item.s(i, "tenantId"), Item.s(i, "postId"), Item.s(i, "platform"), Item.s(i, "accountId"),
                Item.s(i, "externalId"), Item.s(i, "permalink"), Item.s(i, "mediaProductType"), Item.instant(i, "publishedAt"),
                Item.s(i, "caption"), Item.s(i, "thumbnailMediaId"), InsightMetrics.fromAttr(i.get("metrics")), Item.instant(i, "metricsAt"),
                step == null ? 0 : step.intValue(), next == null ? null : IsoInstant.parse(next), Item.s(i, "lastError"));
    }
}
