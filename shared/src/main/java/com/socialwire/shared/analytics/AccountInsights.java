package com.socialwire.shared.analytics;

import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A social account's numbers per day (followers, reach, views where the platform gives them; absent = unknown, never
 * 0), written once a day by the insights refresh (posts), read by reports for their followers/reach/views series.
 *
 * <pre>
 * account insight  PK TENANT#{tenantId}  SK ACCTINSIGHT#{yyyy-MM-dd}#{platform}#{accountId | "tenant"}
 * </pre>
 * One tenant's days list by a key condition on the date (every account of the tenant in one range).
 */
public final class AccountInsights {

    public static final String SK_PREFIX = "ACCTINSIGHT#";

    /** One account's day. {@code followers}: at the read; {@code reach}, {@code views}: the platform's daily value. */
    public record Day(String tenantId, String platform, String accountId, String date, Long followers, Long reach, Long views,
                      Instant fetchedAt) {
    }

    private final Table table;

    public AccountInsights(Table table) {
        this.table = table;
    }

    public static String sk(String date, String platform, String accountId) {
        return SK_PREFIX + date + "#" + platform + "#" + accountId;
    }

    public void put(Day d) {
        table.put(new Write.Put(Item.create()
                .s(Table.PK, PublishedDeliveries.pk(d.tenantId())).s(Table.SK, sk(d.date(), d.platform(), d.accountId()))
                .s("type", "account_insight").s("tenantId", d.tenantId()).s("platform", d.platform()).s("accountId", d.accountId())
                .s("date", d.date()).n("followers", d.followers()).n("reach", d.reach()).n("views", d.views())
                .instant("fetchedAt", d.fetchedAt()).build()));
    }

    /** A tenant's account days from {@code fromDate} to {@code toDate} (yyyy-MM-dd, inclusive), by date, by key condition. */
    public List<Day> between(String tenantId, String fromDate, String toDate) {
        List<Day> out = new ArrayList<>();
        String cursor = null;
        do {
            var page = table.query(null, Table.PK, PublishedDeliveries.pk(tenantId), Table.SK, SK_PREFIX + fromDate,
                    SK_PREFIX + toDate + "#~", 100, cursor, true, null);
            for (Map<String, AttrValue> i : page.items()) {
                out.add(new Day(Item.s(i, "tenantId"), Item.s(i, "platform"), Item.s(i, "accountId"), Item.s(i, "date"),
                        Item.n(i, "followers"), Item.n(i, "reach"), Item.n(i, "views"), Item.instant(i, "fetchedAt")));
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }
}
