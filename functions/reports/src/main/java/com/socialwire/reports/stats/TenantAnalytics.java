package com.socialwire.reports.stats;

import com.socialwire.shared.analytics.AccountInsights;
import com.socialwire.shared.analytics.BestTimeGrid;
import com.socialwire.shared.analytics.PublishedDeliveries;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.http.ApiException;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantRecords;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's stats and analytics views, computed from its counter rows and stored cost rows (never a scan): the ONE
 * computation of each number, called by {@code GET .../stats}, {@code GET .../analytics?view=} and the report worker
 * alike, so a report's numbers equal the endpoints'. Every method answers the response map.
 */
public final class TenantAnalytics {

    private final Table table;
    private final TenantCounters counters;
    private final LlmBudget budget;
    private final PublishedDeliveries published;
    private final AccountInsights accountInsights;
    private final Clock clock;

    public TenantAnalytics(Table table, TenantCounters counters, LlmBudget budget, Clock clock) {
        this.table = table;
        this.counters = counters;
        this.budget = budget;
        this.published = new PublishedDeliveries(table);
        this.accountInsights = new AccountInsights(table);
        this.clock = clock;
    }

    /** The tenant (404 if there is none). */
    public Tenant tenant(String tenantId) {
        return table.get(TenantRecords.pk(tenantId), TenantRecords.PROFILE).map(TenantRecords::fromItem)
                .orElseThrow(() -> ApiException.notFound("tenant " + tenantId));
    }

    public static ZoneId zone(Tenant t) {
        return TenantCounters.parse(t.timezone());
    }

    /** The tenant's local date now. */
    public LocalDate today(Tenant t) {
        return LocalDate.ofInstant(clock.instant(), zone(t));
    }

    /** The recent days whose rows {@code GET .../stats} reads (its 7 weekly buckets are 49 days). */
    static final int RECENT_DAYS = 60;

    /** {@code GET .../stats}: totals, by status and platform, approvals, the last 30 days and 7 weekly buckets, the inbox. */
    public Map<String, Object> stats(Tenant t) {
        LocalDate today = today(t);
        // closed months from their rollups, the rest from day rows: bounded however long the tenant has been counted
        TenantCounters.Totals all = counters.allTime(t.id(), today, RECENT_DAYS);
        LocalDate since = t.createdAt() != null && !t.createdAt().isBefore(TenantCounters.SHIPPED)
                ? LocalDate.ofInstant(t.createdAt(), zone(t)) : all.since();
        return StatsView.of(t, today, new CounterPeriod(since, all.days()), all.counts());
    }

    /** {@code GET .../analytics?view=}: {@code q} answered by its view. */
    public Map<String, Object> view(Tenant t, AnalyticsQuery q) {
        return switch (q.view()) {
            case "posts" -> posts(t, q.from(), q.to(), q.platform());
            case "costs" -> costs(t, q.from(), q.to(), q.platform());
            case "jobs" -> jobs(t, q.from(), q.to(), q.platform());
            case "best-times" -> bestTimes(t, q.from(), q.to(), q.platform());
            case "accounts" -> accounts(t, q.from(), q.to(), q.platform());
            default -> throw new IllegalArgumentException("no view " + q.view());
        };
    }

    /** Posts created, published, delivered and failed per day (per platform with {@code platform}), and approvals. */
    public Map<String, Object> posts(Tenant t, LocalDate from, LocalDate to, String platform) {
        AnalyticsQuery q = AnalyticsQuery.of("posts", from, to, platform);
        Map<String, Object> out = PostsView.of(header(t, q), q, period(t, q));
        ZoneId zone = zone(t);
        out.put("insights", PostInsights.of(published.all(t.id(), start(q, zone), end(q, zone), BestTimeGrid.MAX_ROWS), q, zone));
        return out;
    }

    /** LLM spend per day and model against the tenant's daily budget (its LLMCOST rows). */
    public Map<String, Object> costs(Tenant t, LocalDate from, LocalDate to, String platform) {
        AnalyticsQuery q = AnalyticsQuery.of("costs", from, to, platform);
        return CostsView.of(header(t, q), q, t.settings().dailyLlmBudgetUsd(), budget.spends(t.id(), from, to));
    }

    /** Content jobs created by type and ended by status, per day, and their success rate. */
    public Map<String, Object> jobs(Tenant t, LocalDate from, LocalDate to, String platform) {
        AnalyticsQuery q = AnalyticsQuery.of("jobs", from, to, platform);
        return JobsView.of(header(t, q), q, period(t, q));
    }

    /** The 7x24 grid of when the tenant's posts published in the period earn engagement, and its best slots. */
    public Map<String, Object> bestTimes(Tenant t, LocalDate from, LocalDate to, String platform) {
        AnalyticsQuery q = AnalyticsQuery.of("best-times", from, to, platform);
        ZoneId zone = zone(t);
        return BestTimesView.of(header(t, q), BestTimeGrid.of(published, t.id(), q.platform(), start(q, zone), end(q, zone), zone));
    }

    private static java.time.Instant start(AnalyticsQuery q, ZoneId zone) {
        return q.from().atStartOfDay(zone).toInstant();
    }

    /** The period's last instant (its last day's end, exclusive, less a millisecond: the deliveries' keys are in ms). */
    private static java.time.Instant end(AnalyticsQuery q, ZoneId zone) {
        return q.to().plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
    }

    /** Followers, reach and views per day per social account (the account insight rows). */
    public Map<String, Object> accounts(Tenant t, LocalDate from, LocalDate to, String platform) {
        AnalyticsQuery q = AnalyticsQuery.of("accounts", from, to, platform);
        return AccountsView.of(header(t, q), q, accountInsights.between(t.id(), q.from().toString(), q.to().toString()));
    }

    private CounterPeriod period(Tenant t, AnalyticsQuery q) {
        return new CounterPeriod(counters.since(t.id(), t.createdAt(), zone(t)), counters.days(t.id(), q.from(), q.to()));
    }

    private static Map<String, Object> header(Tenant t, AnalyticsQuery q) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("view", q.view());
        out.put("tenantId", t.id());
        out.put("timezone", zone(t).getId());
        out.put("from", q.from().toString());
        out.put("to", q.to().toString());
        out.put("platform", q.platform());
        return out;
    }
}
