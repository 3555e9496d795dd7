package com.socialwire.reports.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.Chromium;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.Invoker;
import com.socialwire.local.stores.LocalContext;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.reports.Reports;
import com.socialwire.shared.Json;
import com.socialwire.shared.analytics.AccountInsights;
import com.socialwire.shared.analytics.InsightMetrics;
import com.socialwire.shared.analytics.PublishedDeliveries;
import com.socialwire.shared.analytics.PublishedDelivery;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantRecords;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 15's first must-show, end to end on the embedded stores: a tenant with 30 days of published posts, insights,
 * inbox and LLM costs; a weekly report built by ReportWorkerFunction as Lambda runs it; its HTML page (fetched through
 * the report's presigned htmlUrl) shot in Debian's chromium at desktop and phone width; and every number of the page
 * (its data-metric values, as the browser reads them) equal to the one the stats and analytics endpoints
 * (AnalyticsFunction) answer for the same period.
 */
class WeeklyReportPageIT {

    static final LocalEnvironment env = LocalEnvironment.shared();
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** ISO week 47 of 2026: Monday 16 to Sunday 22 November; the seeded data runs 30 days up to its end. */
    static final LocalDate FROM = LocalDate.of(2026, 11, 16);
    static final LocalDate TO = LocalDate.of(2026, 11, 22);
    static final int DAYS = 30;

    @Test
    void weeklyReportPageShowsTheEndpointsNumbersAtDesktopAndPhoneWidth() throws Exception {
        Chromium chromium = Chromium.available();
        assumeTrue(chromium != null, "chromium unavailable: " + Chromium.whyUnavailable());
        TestKeys.Key admin = TestKeys.newAccount(env);
        Reports reports = new Reports(env.functionConfig("ReportWorkerFunction"), Clock.systemUTC());
        reports.metering().ledger().grant(admin.accountId(), 5_000_000, "grant-" + admin.accountId(), Ledger.Category.PROMOTIONAL, "test");
        Response created = new FunctionClient(env, "TenantsFunction").call("POST", "/v1/tenants", admin.raw(),
                "{\"name\":\"Acme Coffee Roasters\",\"timezone\":\"Europe/Berlin\",\"settings\":{\"dailyLlmBudgetUsd\":2.5}}");
        assertEquals(201, created.status(), created.body());
        String tenantId = created.json().path("id").asText();
        seed(reports, tenantId, new Random(15));

        // the weekly report, asked for through the API and built by the worker function from its queue message
        FunctionClient api = new FunctionClient(env, "ReportsFunction");
        Response asked = api.call("POST", "/v1/tenants/" + tenantId + "/reports", admin.raw(), "{\"type\":\"weekly_report\",\"period\":\"2026-W47\"}");
        assertEquals(202, asked.status(), asked.body());
        String reportId = asked.json().path("id").asText();
        FunctionClient worker = new FunctionClient(env, "ReportWorkerFunction", Map.of("LLM_PROVIDER", "offline"));
        var event = Json.object();
        var record = event.putArray("Records").addObject();
        record.put("messageId", "m-" + reportId).put("receiptHandle", "r-" + reportId)
                .put("body", Json.write(Json.object().put("tenantId", tenantId).put("reportId", reportId)));
        record.putObject("attributes").put("ApproximateReceiveCount", "1");
        record.put("eventSource", "aws:sqs").put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:socialwire-ReportsQueue");
        JsonNode batch = Invoker.invokeJson(worker.handler(), event, new LocalContext("ReportWorkerFunction", 1024, 90));
        assertEquals(0, batch.path("batchItemFailures").size(), batch.toString());
        Response read = api.call("GET", "/v1/tenants/" + tenantId + "/reports/" + reportId, admin.raw(), null);
        assertEquals(200, read.status(), read.body());
        assertEquals("completed", read.json().path("status").asText(), read.body());
        assertTrue(read.json().path("htmlUrl").isTextual(), "the report has its page: " + read.json().path("htmlUrl"));

        // its page, as a client's browser gets it, at desktop and phone width
        Path out = Path.of("target/report-screenshots");
        Files.createDirectories(out);
        Path html = out.resolve("weekly-e2e.html");
        Files.writeString(html, download(read.json().path("htmlUrl").asText()), StandardCharsets.UTF_8);
        JsonNode shot = chromium.screenshot(html, out, "weekly-e2e", 1280, 390);
        for (JsonNode s : shot.path("shots")) {
            assertTrue(s.path("bytes").asLong() > 20_000 && s.path("scrollWidth").asInt() <= s.path("width").asInt(), s.toString());
            System.err.printf("[screenshot] weekly-e2e %d px: %s (%d bytes)%n", s.path("width").asInt(), s.path("path").asText(),
                    s.path("bytes").asLong());
        }
        assertEquals(0, shot.path("scripts").asInt());
        Map<String, String> page = new TreeMap<>();
        shot.path("metrics").fields().forEachRemaining(e -> page.put(e.getKey(), e.getValue().isNull() ? "null" : e.getValue().asText()));

        // the same period through the stats and analytics endpoints
        FunctionClient analytics = new FunctionClient(env, "AnalyticsFunction");
        Map<String, String> endpoints = endpointNumbers(analytics, admin, tenantId);
        Map<String, String> differ = new TreeMap<>();
        for (Map.Entry<String, String> e : page.entrySet()) {
            String want = endpoints.get(e.getKey());
            if (!endpoints.containsKey(e.getKey())) {
                if (!"null".equals(e.getValue())) {
                    differ.put(e.getKey(), "page " + e.getValue() + ", no endpoint answers this number");
                }
            } else if (!same(want, e.getValue())) {
                differ.put(e.getKey(), "page " + e.getValue() + ", endpoint " + want);
            }
        }
        for (String k : endpoints.keySet()) {
            if (!page.containsKey(k)) {
                differ.put(k, "endpoint " + endpoints.get(k) + ", not on the page");
            }
        }
        assertTrue(differ.isEmpty(), differ.size() + " of " + page.size() + " page numbers differ from the endpoints: " + differ);
        System.err.printf("[weekly-e2e] %d numbers on the page (%d known), %d of them answered by the endpoints: all equal%n", page.size(),
                page.values().stream().filter(v -> !"null".equals(v)).count(), endpoints.size());
    }

    /** Equal numbers (1.50 = 1.5), or both "null". */
    static boolean same(String a, String b) {
        if (a == null || b == null || "null".equals(a) || "null".equals(b)) {
            return String.valueOf(a).equals(String.valueOf(b));
        }
        return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
    }

    /** Thirty days up to the report's Sunday: posts published, deliveries with insights, account insights, inbox, LLM cost. */
    static void seed(Reports reports, String tenantId, Random r) {
        // a client of long standing: created before the counters shipped, so its counts run from its first counter row
        reports.table().update(new Write.Update(Table.key(TenantRecords.pk(tenantId), TenantRecords.PROFILE), "SET #c = :c", null,
                Map.of("#c", "createdAt"), Map.of(":c", AttrValue.fromS("2026-06-01T08:00:00Z"))));
        Tenant tenant = reports.tenants().get(tenantId).orElseThrow();
        PublishedDeliveries published = new PublishedDeliveries(reports.table());
        AccountInsights accounts = new AccountInsights(reports.table());
        long followers = 12_000;
        for (int i = 0; i < DAYS; i++) {
            LocalDate day = TO.minusDays(DAYS - 1 - i);
            ZonedDateTime noon = ZonedDateTime.of(day, LocalTime.NOON, BERLIN);
            Clock at = Clock.fixed(noon.toInstant(), ZoneId.of("UTC"));
            TenantCounters counters = new TenantCounters(reports.table(), at);
            int posts = r.nextInt(3);
            Map<String, Long> deltas = new HashMap<>();
            TenantCounters.add(deltas, TenantCounters.POSTS_CREATED, posts);
            TenantCounters.add(deltas, TenantCounters.POSTS_PUBLISHED, posts);
            TenantCounters.add(deltas, TenantCounters.POSTS_DELIVERED + "instagram", posts);
            TenantCounters.add(deltas, TenantCounters.INBOX_RECEIVED + "comment", 2 + r.nextInt(4));
            TenantCounters.add(deltas, TenantCounters.INBOX_STATUS + "new", 1);
            TenantCounters.add(deltas, TenantCounters.INBOX_SENTIMENT + (r.nextBoolean() ? "positive" : "neutral"), 1);
            TenantCounters.add(deltas, TenantCounters.INBOX_REPLIED + "comment", r.nextInt(3));
            if (!deltas.isEmpty()) {
                reports.table().update(counters.update(tenantId, deltas));
            }
            for (int p = 0; p < posts; p++) {
                PublishedDelivery d = PublishedDelivery.published(tenantId, "pst_" + day + "_" + p, "instagram", "ig_1", "ext_" + day + p,
                        "https://instagram.com/p/" + day + p, p == 0 ? "REELS" : "FEED", noon.plusHours(p).toInstant(),
                        "Pour-over of the day #" + i + "." + p, null);
                published.record(d);
                if (day.isBefore(TO.minusDays(1))) { // insights lag: the newest two days have none yet
                    published.refreshed(d, new InsightMetrics(Map.of("views", 500L + r.nextInt(5000), "reach", 200L + r.nextInt(2000),
                            "likes", (long) r.nextInt(300), "comments", (long) r.nextInt(40), "saved", (long) r.nextInt(30),
                            "shares", (long) r.nextInt(20))), p == 0 ? "REELS" : "FEED", noon.plusDays(1).toInstant(), 1,
                            noon.plusDays(2).toInstant(), null);
                }
            }
            followers += r.nextInt(30);
            if (day.isBefore(TO)) {
                accounts.put(new AccountInsights.Day(tenantId, "instagram", "ig_1", day.toString(), followers, 400L + r.nextInt(1500),
                        900L + r.nextInt(3000), noon.plusDays(1).toInstant()));
            }
            LlmBudget budget = new LlmBudget(reports.table(), at);
            budget.settle(budget.reserve(tenant, new BigDecimal("0.5")).orElseThrow(), r.nextBoolean() ? "gpt-4o-mini" : "claude-haiku",
                    BigDecimal.valueOf(r.nextInt(4000), 4));
        }
    }

    /**
     * The endpoints' numbers under the page's markers, for the week and the week before: LLM cost per day, the costs
     * section and the LLM cost card from {@code view=costs}; posts published per day, the posts cards, the published
     * posts' insights (views, reach, engagement, per day, top posts), content mix (deliveries per platform), replies and
     * DMs from {@code view=posts}; followers, reach and views per day from {@code view=accounts}; the best-times grid from
     * {@code view=best-times}; the inbox by status from {@code GET .../stats} and by sentiment from the week's posts view. Any other number on the page
     * fails the test.
     */
    static Map<String, String> endpointNumbers(FunctionClient analytics, TestKeys.Key admin, String tenantId) {
        Map<String, String> m = new HashMap<>();
        String base = "/v1/tenants/" + tenantId + "/analytics?from=" + FROM + "&to=" + TO + "&view=";
        JsonNode costs = ok(analytics.call("GET", base + "costs", admin.raw(), null));
        for (JsonNode d : costs.path("days")) {
            m.put("series.llmCostUsd." + d.path("date").asText(), raw(d.path("totalUsd")));
        }
        m.put("costs.totalUsd", raw(costs.path("totalUsd")));
        m.put("costs.budgetUsd", raw(costs.path("budgetUsd")));
        costs.path("byModel").fields().forEachRemaining(e -> m.put("costs.byModel." + e.getKey(), raw(e.getValue())));
        String before = "/v1/tenants/" + tenantId + "/analytics?from=" + FROM.minusDays(7) + "&to=" + TO.minusDays(7) + "&view=";
        kpi(m, "llmCostUsd", costs.path("totalUsd"), ok(analytics.call("GET", before + "costs", admin.raw(), null)).path("totalUsd"));
        JsonNode posts = ok(analytics.call("GET", base + "posts", admin.raw(), null));
        for (JsonNode d : posts.path("days")) {
            m.put("series.postsPerDay." + d.path("date").asText(), raw(d.path("published")));
        }
        JsonNode postsBefore = ok(analytics.call("GET", before + "posts", admin.raw(), null));
        for (String[] k : new String[][] {{"published", "postsPublished"}, {"created", "postsCreated"}, {"deliveriesFailed", "deliveriesFailed"}}) {
            kpi(m, k[1], posts.path("totals").path(k[0]), postsBefore.path("totals").path(k[0]));
        }
        // the published posts' insights: views, reach and engagement of the week, per day, and the top posts
        JsonNode insights = posts.path("insights");
        for (String k : new String[] {"views", "reach", "engagement"}) {
            kpi(m, k, insights.path(k), postsBefore.path("insights").path(k));
        }
        for (JsonNode d : insights.path("days")) {
            m.put("series.engagementPerDay." + d.path("date").asText(), raw(d.path("engagement")));
        }
        for (JsonNode t : insights.path("topPosts")) {
            for (String k : new String[] {"views", "reach", "engagement"}) {
                m.put("topPosts." + t.path("postId").asText() + "." + k, raw(t.path(k)));
            }
        }
        // content mix: deliveries out per platform
        posts.path("byPlatform").fields().forEachRemaining(e -> {
            if (e.getValue().path("deliveries").asLong() > 0) {
                m.put("contentMix." + e.getKey(), raw(e.getValue().path("deliveries")));
            }
        });
        // the inbox: where its items stand as GET .../stats answers it, the sentiment of the week's items as the posts
        // view answers it for the week, replies sent and DMs answered in the week
        JsonNode stats = ok(analytics.call("GET", "/v1/tenants/" + tenantId + "/stats", admin.raw(), null)).path("inbox");
        stats.path("byStatus").fields().forEachRemaining(e -> m.put("inbox.byStatus." + e.getKey(), raw(e.getValue())));
        JsonNode inbox = posts.path("inbox");
        inbox.path("bySentiment").fields().forEachRemaining(e -> m.put("inbox.bySentiment." + e.getKey(), raw(e.getValue())));
        kpi(m, "repliesSent", inbox.path("repliesSent"), postsBefore.path("inbox").path("repliesSent"));
        kpi(m, "dmsAnswered", inbox.path("dmsAnswered"), postsBefore.path("inbox").path("dmsAnswered"));
        // the accounts: followers, reach and views per day, and the last follower count of each week
        JsonNode accounts = ok(analytics.call("GET", base + "accounts", admin.raw(), null));
        for (JsonNode d : accounts.path("days")) {
            for (String k : new String[] {"followers", "reach", "views"}) {
                m.put("series." + k + "." + d.path("date").asText(), raw(d.path(k)));
            }
        }
        kpi(m, "followers", lastFollowers(accounts), lastFollowers(ok(analytics.call("GET", before + "accounts", admin.raw(), null))));
        // the best-times grid of the week's posts: weekday (Monday first) by hour
        JsonNode grid = ok(analytics.call("GET", base + "best-times", admin.raw(), null)).path("grid");
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                m.put("bestTimes.grid." + d + "." + h, raw(grid.path(d).get(h)));
            }
        }
        return m;
    }

    /** The week's last known follower count (summed over the accounts), or JSON null. */
    static JsonNode lastFollowers(JsonNode accounts) {
        JsonNode last = com.fasterxml.jackson.databind.node.NullNode.getInstance();
        for (JsonNode d : accounts.path("days")) {
            last = d.path("followers").isNumber() ? d.path("followers") : last;
        }
        return last;
    }

    /** A KPI card's numbers: the period's, the one before's, and the change the two make (one decimal) when both exist. */
    static void kpi(Map<String, String> m, String key, JsonNode now, JsonNode before) {
        m.put("kpi." + key, raw(now));
        m.put("kpi." + key + ".previous", raw(before));
        if (now.isNumber() && before.isNumber() && before.decimalValue().signum() != 0) {
            m.put("kpi." + key + ".changePercent", now.decimalValue().subtract(before.decimalValue()).multiply(BigDecimal.valueOf(100))
                    .divide(before.decimalValue().abs(), 1, java.math.RoundingMode.HALF_UP).toPlainString());
        }
    }

    static JsonNode ok(Response r) {
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    static String raw(JsonNode n) {
        return n == null || !n.isNumber() ? "null" : n.decimalValue().toPlainString();
    }

    static String download(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + " answered " + r.body());
        return r.body();
    }
}
