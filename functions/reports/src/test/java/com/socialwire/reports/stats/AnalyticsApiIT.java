package com.socialwire.reports.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.engagement.Engagement;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.reports.Reports;
import com.socialwire.reports.jobs.Report;
import com.socialwire.reports.jobs.ReportDocument;
import com.socialwire.reports.jobs.ReportPeriod;
import com.socialwire.reports.jobs.ReportStatus;
import com.socialwire.reports.jobs.ReportType;
import com.socialwire.shared.analytics.AccountInsights;
import com.socialwire.shared.analytics.InsightMetrics;
import com.socialwire.shared.analytics.PublishedDeliveries;
import com.socialwire.shared.analytics.PublishedDelivery;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AnalyticsFunction as Lambda builds it (template.yaml's handler, environment and policies) over a tenant whose posts,
 * approvals, content jobs, inbox items and LLM spend were made through the real write paths (PostsFunction,
 * ContentJobsFunction, the engagement store, the LLM budget): stats and every view answer the counts those writes made,
 * another account's key gets 404, and bad views, platforms, dates and periods are 422.
 */
class AnalyticsApiIT {

    static final LocalEnvironment env = LocalEnvironment.shared();
    static FunctionClient analytics;
    static TestKeys.Key admin;
    static String tenantId;
    static LocalDate today;
    /** When the measured delivery was published. */
    static Instant measuredAt;

    static JsonNode ok(Response r) {
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @BeforeAll
    static void seed() {
        admin = TestKeys.newAccount(env);
        FunctionClient tenants = new FunctionClient(env, "TenantsFunction");
        Response t = tenants.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"Bloom Bakery\",\"timezone\":\"America/New_York\","
                + "\"settings\":{\"requiresQaApproval\":true,\"dailyLlmBudgetUsd\":2.5}}");
        assertEquals(201, t.status(), t.body());
        tenantId = t.json().path("id").asText();
        today = LocalDate.now(ZoneId.of("America/New_York"));
        analytics = new FunctionClient(env, "AnalyticsFunction");

        // three posts through PostsFunction: one approved by QA, one rejected, one left a draft
        FunctionClient posts = new FunctionClient(env, "PostsFunction");
        String base = "/v1/tenants/" + tenantId + "/posts";
        String a = created(posts.call("POST", base, admin.raw(), "{\"content\":\"Fresh loaves at 7\",\"platforms\":[\"facebook\"]}"));
        String b = created(posts.call("POST", base, admin.raw(), "{\"content\":\"Rye is back\",\"platforms\":[\"facebook\",\"linkedin\"]}"));
        created(posts.call("POST", base, admin.raw(), "{\"content\":\"Hiring bakers\",\"platforms\":[\"linkedin\"]}"));
        for (String id : List.of(a, b)) {
            ok(posts.call("POST", base + "/" + id + "/submit", admin.raw(), "{}"));
        }
        ok(posts.call("POST", base + "/" + a + "/qa-approve", admin.raw(), "{}"));
        ok(posts.call("POST", base + "/" + b + "/qa-reject", admin.raw(), "{\"reason\":\"too plain\"}"));

        // two content jobs through ContentJobsFunction, one cancelled
        FunctionClient jobs = new FunctionClient(env, "ContentJobsFunction");
        String jobsBase = "/v1/tenants/" + tenantId + "/content/jobs";
        Response j1 = jobs.call("POST", jobsBase, admin.raw(), "{\"type\":\"generate_caption\",\"prompt\":\"croissants\"}");
        assertEquals(202, j1.status(), j1.body());
        Response j2 = jobs.call("POST", jobsBase, admin.raw(), "{\"type\":\"generate_caption\",\"prompt\":\"sourdough\"}");
        assertEquals(202, j2.status(), j2.body());
        ok(jobs.call("POST", jobsBase + "/" + j2.json().path("id").asText() + "/cancel", admin.raw(), "{}"));

        // a comment and a DM as the engagement context stores them
        InboxStore inbox = Engagement.of(env.functionConfig("InboxFunction")).inbox();
        Instant now = Instant.now();
        for (String type : List.of("comment", "dm")) {
            String external = type + now.toEpochMilli();
            assertTrue(inbox.createIfAbsent(new InboxItem(InboxStore.idFor(tenantId, type, external), tenantId, "instagram", type, external,
                    new InboxItem.Person("178", "mallory"), "Open on Sunday?", null, "new", "normal", "positive", "none", null,
                    List.of(), null, now, now, now, 1)));
        }

        // LLM spend as a worker books it: reserve, then settle per model
        Reports reports = new Reports(env.functionConfig("AnalyticsFunction"), Clock.systemUTC());
        Tenant tenant = reports.analytics().tenant(tenantId);
        LlmBudget budget = new LlmBudget(reports.table(), Clock.systemUTC());
        budget.settle(budget.reserve(tenant, new BigDecimal("0.05")).orElseThrow(), "gpt-4o-mini", new BigDecimal("0.0123"));
        budget.settle(budget.reserve(tenant, new BigDecimal("0.05")).orElseThrow(), "claude-haiku", new BigDecimal("0.02"));

        // two published deliveries as the posts context records them, one of them refreshed with Instagram's numbers,
        // and two days of the account's insights, as the insights refresh writes them
        PublishedDeliveries published = new PublishedDeliveries(reports.table());
        PublishedDelivery ig = PublishedDelivery.published(tenantId, a, "instagram", null, "1790001", "https://www.instagram.com/p/x/",
                "FEED", now.minusSeconds(60), "Fresh loaves at 7", null);
        published.record(ig);
        measuredAt = ig.publishedAt();
        published.record(PublishedDelivery.published(tenantId, b, "facebook", "sa_fb", "1790002", null, null, now.minusSeconds(30),
                "Rye is back", null));
        published.refreshed(ig, new InsightMetrics(Map.of("views", 120L, "reach", 90L, "likes", 7L, "comments", 2L)), "FEED", now, 1,
                now.plusSeconds(86_400), null);
        AccountInsights accounts = new AccountInsights(reports.table());
        accounts.put(new AccountInsights.Day(tenantId, "instagram", "tenant", today.minusDays(1).toString(), 1000L, 300L, null, now));
        accounts.put(new AccountInsights.Day(tenantId, "instagram", "tenant", today.toString(), 1012L, 340L, 800L, now));
    }

    static String created(Response r) {
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    String path(String rest) {
        return "/v1/tenants/" + tenantId + rest;
    }

    @Test
    void statsCountWhatThePostsAndInboxWritesDid() {
        JsonNode s = ok(analytics.call("GET", path("/stats"), admin.raw(), null));
        assertEquals(3, s.path("total").asInt(), s.toString());
        assertEquals(Map.of("approved", 1, "regenerating", 1, "draft", 1), ints(s.path("byStatus")));
        assertEquals(Map.of("facebook", 2, "linkedin", 2), ints(s.path("byPlatform")));
        assertEquals(50, s.path("approvalRate").asInt(), "one QA approval, one QA rejection");
        assertEquals(3, s.path("last30Days").asInt());
        assertEquals(7, s.path("last30DaysSeries").size());
        assertEquals(3, s.path("last30DaysSeries").get(6).path("value").asInt(), "W7 ends today");
        assertEquals(today.toString(), s.path("weekly").get(6).path("to").asText());
        assertEquals(today.toString(), s.path("countersSince").asText(), "a tenant created since the counters: counted all its life");
        assertTrue(s.path("weekly").get(0).path("created").isNull(), "weeks before the tenant existed have no data, not 0");
        JsonNode inbox = s.path("inbox");
        assertEquals(Map.of("comment", 1, "dm", 1), ints(inbox.path("received")));
        assertEquals(Map.of("new", 2), ints(inbox.path("byStatus")));
        assertEquals(Map.of("positive", 2), ints(inbox.path("bySentiment")));
        assertEquals(1, inbox.path("dmsReceived").asInt());
        assertEquals(0, inbox.path("dmsAnswered").asInt());
    }

    @Test
    void everyViewAnswersThePeriodsCounts() {
        JsonNode posts = ok(analytics.call("GET", path("/analytics?view=posts"), admin.raw(), null));
        assertEquals(30, posts.path("days").size(), "by default the 30 days ending today");
        assertEquals(today.toString(), posts.path("to").asText());
        assertEquals(3, posts.path("totals").path("created").asInt(), posts.toString());
        assertEquals(3, posts.path("days").get(29).path("created").asInt());
        assertTrue(posts.path("days").get(0).path("created").isNull(), "before countersSince: null");
        assertEquals(1, posts.path("approvals").path("qaApproved").asInt());
        assertEquals(2, posts.path("byPlatform").path("linkedin").path("created").asInt());
        assertEquals(Map.of("comment", 1, "dm", 1), ints(posts.path("inbox").path("received")), posts.toString());
        assertEquals(1, posts.path("inbox").path("dmsReceived").asInt());
        JsonNode insights = posts.path("insights");
        assertEquals(2, insights.path("deliveries").asInt(), insights.toString());
        assertEquals(1, insights.path("measured").asInt());
        assertEquals(120, insights.path("views").asInt());
        assertEquals(9, insights.path("engagement").asInt(), "likes and comments: Instagram gave no total");
        assertEquals("instagram", insights.path("topPosts").get(0).path("platform").asText());
        assertEquals(1, insights.path("topPosts").size(), "an unmeasured delivery is no top post");
        assertTrue(insights.path("days").get(0).path("views").isNull(), "a day without a measured delivery: unknown, not 0");

        JsonNode linkedin = ok(analytics.call("GET", path("/analytics?view=posts&platform=linkedin&from=" + today + "&to=" + today), admin.raw(), null));
        assertEquals(2, linkedin.path("totals").path("created").asInt(), linkedin.toString());
        assertEquals(1, linkedin.path("days").size());

        JsonNode costs = ok(analytics.call("GET", path("/analytics?view=costs&from=" + today.minusDays(6) + "&to=" + today), admin.raw(), null));
        assertEquals(0, new BigDecimal("0.0323").compareTo(costs.path("totalUsd").decimalValue()), costs.toString());
        assertEquals(0, new BigDecimal("0.0123").compareTo(costs.path("byModel").path("gpt-4o-mini").decimalValue()));
        assertEquals(0, new BigDecimal("17.5").compareTo(costs.path("budgetUsd").decimalValue()), "7 days of a $2.50 daily budget");
        assertEquals(7, costs.path("days").size());
        assertEquals(0, new BigDecimal("0.0323").compareTo(costs.path("days").get(6).path("totalUsd").decimalValue()));

        JsonNode jobs = ok(analytics.call("GET", path("/analytics?view=jobs"), admin.raw(), null));
        assertEquals(2, jobs.path("totalJobs").asInt(), jobs.toString());
        assertEquals(1, jobs.path("cancelledJobs").asInt());
        assertEquals(Map.of("generate_caption", 2), ints(jobs.path("byType")));
        assertTrue(jobs.path("successRate").isNull(), "no job completed or failed yet");

        JsonNode accounts = ok(analytics.call("GET", path("/analytics?view=accounts&from=" + today.minusDays(2) + "&to=" + today), admin.raw(), null));
        assertTrue(accounts.path("available").asBoolean(), accounts.toString());
        JsonNode account = accounts.path("accounts").get(0);
        assertEquals(12, account.path("followersChange").asInt(), account.toString());
        assertTrue(account.path("days").get(0).path("followers").isNull(), "a day the account was not read: null");
        assertEquals(340, accounts.path("days").get(2).path("reach").asInt());
        assertFalse(ok(analytics.call("GET", path("/analytics?view=accounts&platform=facebook"), admin.raw(), null)).path("available").asBoolean(true));

        JsonNode bestTimes = ok(analytics.call("GET", path("/analytics?view=best-times"), admin.raw(), null));
        assertTrue(bestTimes.path("available").asBoolean(), bestTimes.toString());
        assertEquals(2, bestTimes.path("samples").asInt());
        assertEquals(1, bestTimes.path("measured").asInt(), "the facebook delivery has no insights yet");
        assertEquals(1.0, bestTimes.path("best").get(0).path("score").asDouble());
        assertEquals(7, bestTimes.path("grid").size());
        assertEquals(24, bestTimes.path("grid").get(0).size());
    }

    @Test
    void anotherAccountsKeyAndAnotherTenantsClientKeyGet404() {
        TestKeys.Key stranger = TestKeys.newAccount(env);
        assertEquals(404, analytics.call("GET", path("/stats"), stranger.raw(), null).status());
        assertEquals(404, analytics.call("GET", path("/analytics?view=costs"), stranger.raw(), null).status());
        TestKeys.Key otherClient = TestKeys.create(env, admin.accountId(), Role.CLIENT, Set.of("tnt_someOtherTenant000000"));
        assertEquals(404, analytics.call("GET", path("/stats"), otherClient.raw(), null).status());
        TestKeys.Key client = TestKeys.create(env, admin.accountId(), Role.CLIENT, Set.of(tenantId));
        assertEquals(200, analytics.call("GET", path("/stats"), client.raw(), null).status(), "a client of the tenant sees its stats");
        assertEquals(403, analytics.call("GET", path("/analytics"), client.raw(), null).status(), "the analytics are staff's");
    }

    @Test
    void badViewsPlatformsDatesAndPeriodsAre422InTheErrorEnvelope() {
        for (String query : List.of("view=everything", "platform=myspace", "from=2026-13-01", "to=yesterday",
                "from=" + today + "&to=" + today.minusDays(1), "from=" + today.minusDays(366) + "&to=" + today)) {
            Response r = analytics.call("GET", path("/analytics?" + query), admin.raw(), null);
            assertEquals(422, r.status(), query + ": " + r.body());
            JsonNode error = r.json().path("error");
            assertEquals("VALIDATION_ERROR", error.path("code").asText(), r.body());
            assertTrue(error.path("requestId").asText().startsWith("req_"), r.body());
            assertFalse(error.path("details").path("field").asText().isEmpty(), r.body());
        }
        assertEquals(200, analytics.call("GET", path("/analytics?view=jobs&from=" + today.minusDays(365) + "&to=" + today), admin.raw(), null)
                .status(), "366 days is the longest period");
    }

    @Test
    void aReportOfThePeriodCarriesTheNumbersTheEndpointsAnswer() {
        Reports reports = new Reports(env.functionConfig("ReportWorkerFunction"), Clock.systemUTC());
        Tenant tenant = reports.analytics().tenant(tenantId);
        ReportPeriod week = ReportPeriod.of(ReportPeriod.Span.WEEK, today);
        Report report = new Report("rpt_test", tenantId, admin.accountId(), ReportType.WEEKLY_REPORT, week, "America/New_York", "test",
                Instant.now(), ReportStatus.PENDING, 1);
        com.fasterxml.jackson.databind.node.ObjectNode doc = ReportDocument.skeleton(report, tenant, Instant.now());
        for (var source : reports.reportSources()) {
            source.fill(tenant, report, doc);
        }
        String period = "&from=" + week.from() + "&to=" + week.to();
        JsonNode posts = ok(analytics.call("GET", path("/analytics?view=posts" + period), admin.raw(), null));
        JsonNode costs = ok(analytics.call("GET", path("/analytics?view=costs" + period), admin.raw(), null));
        JsonNode best = ok(analytics.call("GET", path("/analytics?view=best-times" + period), admin.raw(), null));
        JsonNode stats = ok(analytics.call("GET", path("/stats"), admin.raw(), null));
        assertEquals(0, costs.path("totalUsd").decimalValue().compareTo(doc.path("costs").path("totalUsd").decimalValue()), doc.toString());
        assertEquals(costs.path("byModel"), doc.path("costs").path("byModel"));
        for (int i = 0; i < 7; i++) {
            sameNumber(posts.path("days").get(i).path("published"), doc.path("series").path("postsPerDay").get(i).path("value"));
            sameNumber(posts.path("insights").path("days").get(i).path("engagement"), doc.path("series").path("engagementPerDay").get(i).path("value"));
            sameNumber(costs.path("days").get(i).path("totalUsd"), doc.path("series").path("llmCostUsd").get(i).path("value"));
        }
        assertEquals(best.path("grid"), doc.path("bestTimes").path("grid"));
        assertEquals(9.0, doc.path("bestTimes").path("grid").get(dayIndex()).get(hourNow()).asDouble(), "the measured post's slot");
        assertEquals(stats.path("inbox").path("byStatus"), doc.path("inbox").path("byStatus"));
        assertEquals(posts.path("insights").path("topPosts").get(0).path("postId"), doc.path("topPosts").get(0).path("postId"));
        JsonNode engagement = null;
        for (JsonNode k : doc.path("kpis")) {
            if ("engagement".equals(k.path("key").asText())) {
                engagement = k;
            }
        }
        assertEquals(posts.path("insights").path("engagement").asLong(), engagement.path("value").asLong(), doc.path("kpis").toString());
    }

    /** The same number (or both no data): the document keeps numbers as decimals. */
    static void sameNumber(JsonNode endpoint, JsonNode report) {
        assertEquals(endpoint.isNull(), report.isNull(), endpoint + " vs " + report);
        if (!endpoint.isNull()) {
            assertEquals(0, endpoint.decimalValue().compareTo(report.decimalValue()), endpoint + " vs " + report);
        }
    }

    /** The weekday (Monday 0) and hour, in the tenant's zone, the measured delivery was published at. */
    static int dayIndex() {
        return measuredAt.atZone(ZoneId.of("America/New_York")).getDayOfWeek().getValue() - 1;
    }

    static int hourNow() {
        return measuredAt.atZone(ZoneId.of("America/New_York")).getHour();
    }

    static Map<String, Integer> ints(JsonNode object) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
        return out;
    }
}
