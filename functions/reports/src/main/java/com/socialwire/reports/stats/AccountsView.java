package com.socialwire.reports.stats;

import com.socialwire.shared.analytics.AccountInsights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code view=accounts}: each social account's followers, reach and views per local day of the period (the account
 * insight rows, one Query), its followers' change over the period, and the tenant's series summed over its accounts. A
 * day an account was not read is null, never 0.
 */
final class AccountsView {

    private AccountsView() {
    }

    static Map<String, Object> of(Map<String, Object> out, AnalyticsQuery q, List<AccountInsights.Day> rows) {
        List<AccountInsights.Day> kept = q.platform() == null ? rows : rows.stream().filter(d -> q.platform().equals(d.platform())).toList();
        Map<String, Map<String, AccountInsights.Day>> byAccount = new TreeMap<>();
        kept.forEach(d -> byAccount.computeIfAbsent(d.platform() + "|" + d.accountId(), k -> new TreeMap<>()).put(d.date(), d));
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (Map<String, AccountInsights.Day> days : byAccount.values()) {
            AccountInsights.Day any = days.values().iterator().next();
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("platform", any.platform());
            a.put("accountId", any.accountId());
            Long first = null;
            Long last = null;
            List<Map<String, Object>> series = new ArrayList<>();
            for (var date : q.days()) {
                AccountInsights.Day d = days.get(date.toString());
                if (d != null && d.followers() != null) {
                    first = first == null ? d.followers() : first;
                    last = d.followers();
                }
                series.add(row(date.toString(), d == null ? null : d.followers(), d == null ? null : d.reach(), d == null ? null : d.views()));
            }
            a.put("followersStart", first);
            a.put("followersEnd", last);
            a.put("followersChange", first == null ? null : last - first);
            a.put("days", series);
            accounts.add(a);
        }
        out.put("available", !kept.isEmpty());
        out.put("reason", kept.isEmpty() ? "no account insights were read in this period (the daily refresh reads each connected account)" : null);
        out.put("accounts", accounts);
        List<Map<String, Object>> total = new ArrayList<>();
        for (var date : q.days()) {
            Long followers = null;
            Long reach = null;
            Long views = null;
            for (AccountInsights.Day d : kept) {
                if (d.date().equals(date.toString())) {
                    followers = plus(followers, d.followers());
                    reach = plus(reach, d.reach());
                    views = plus(views, d.views());
                }
            }
            total.add(row(date.toString(), followers, reach, views));
        }
        out.put("days", total);
        return out;
    }

    /** {@code sum} plus {@code v}: unknown (null) only while both are. */
    private static Long plus(Long sum, Long v) {
        if (v == null) {
            return sum;
        }
        return sum == null ? v : Long.valueOf(sum + v);
    }

    private static Map<String, Object> row(String date, Long followers, Long reach, Long views) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("date", date);
        r.put("followers", followers);
        r.put("reach", reach);
        r.put("views", views);
        return r;
    }
}
