package com.socialwire.reports.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.Invoker;
import com.socialwire.local.stores.LocalContext;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.reports.Reports;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanSqs;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.Config;
import com.socialwire.shared.tenants.LlmBudget;
import com.socialwire.shared.tenants.Tenant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Report jobs end to end on the embedded stores: ReportsFunction as Lambda builds it asks for, lists and reads reports;
 * ReportWorkerFunction takes their jobs from ElasticMQ and builds them with the offline generator or a WireMock model,
 * charged on the ledger once per tenant, type and period.
 */
class ReportJobsIT {

    @RegisterExtension
    static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final long FEE = 50_000;

    static LocalEnvironment env;
    static FunctionClient api;
    static FunctionClient tenantsApi;
    static FunctionClient offlineWorker;
    static LeanSqs sqs;
    static String queue;

    TestKeys.Key admin;
    Reports reports;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        api = new FunctionClient(env, "ReportsFunction");
        tenantsApi = new FunctionClient(env, "TenantsFunction");
        offlineWorker = new FunctionClient(env, "ReportWorkerFunction", Map.of("LLM_PROVIDER", "offline"));
        sqs = new AwsClients(env.functionConfig("ReportWorkerFunction")).sqs();
        queue = env.functionConfig("ReportsFunction").require("REPORTS_QUEUE_URL");
    }

    @BeforeEach
    void account() {
        admin = TestKeys.newAccount(env);
        reports = new Reports(env.functionConfig("ReportWorkerFunction"), Clock.systemUTC());
        model.resetAll();
    }

    void grant(long microCredits) {
        reports.metering().ledger().grant(admin.accountId(), microCredits, "grant-" + admin.accountId() + "-" + microCredits,
                Ledger.Category.PROMOTIONAL, "test");
    }

    long available() {
        return reports.metering().ledger().balance(admin.accountId()).availableMicroCredits();
    }

    long reserved() {
        return reports.metering().ledger().balance(admin.accountId()).reservedMicroCredits();
    }

    String tenant(String zone) {
        Response r = tenantsApi.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"Bloom Bakery\",\"timezone\":\"" + zone + "\"}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    Response ask(String tenantId, String body) {
        return api.call("POST", "/v1/tenants/" + tenantId + "/reports", admin.raw(), body);
    }

    JsonNode asked(String tenantId, String body) {
        Response r = ask(tenantId, body);
        assertEquals(202, r.status(), r.body());
        return r.json();
    }

    JsonNode read(String tenantId, String reportId) {
        Response r = api.call("GET", "/v1/tenants/" + tenantId + "/reports/" + reportId, admin.raw(), null);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    /** Every message of the tenant's {@code reportId} on the report queue now (deleted), as Lambda's poller would take them. */
    static List<LeanSqs.Message> take(String tenantId, String reportId, int atLeast) {
        List<LeanSqs.Message> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + (atLeast == 0 ? 1_500 : 10_000);
        while (System.currentTimeMillis() < deadline && (atLeast == 0 || out.size() < atLeast)) {
            for (LeanSqs.Message m : sqs.receive(queue, 10, 1, 2, List.of("All"))) {
                JsonNode job = Json.tree(m.body());
                if (reportId.equals(job.path("reportId").asText()) && tenantId.equals(job.path("tenantId").asText())) {
                    sqs.delete(queue, m.receiptHandle());
                    out.add(m);
                }
            }
        }
        return out;
    }

    static JsonNode run(FunctionClient worker, LeanSqs.Message m, int receiveCount) {
        var event = Json.object();
        var r = event.putArray("Records").addObject();
        r.put("messageId", m.messageId());
        r.put("receiptHandle", m.receiptHandle());
        r.put("body", m.body());
        r.putObject("attributes").put("ApproximateReceiveCount", Integer.toString(receiveCount));
        r.put("eventSource", "aws:sqs");
        r.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:socialwire-ReportsQueue");
        return Invoker.invokeJson(worker.handler(), event, new LocalContext("ReportWorkerFunction", 1024, 90));
    }

    /** Books {@code usd} of {@code model} on the tenant's LLM budget on local date {@code day}, as a model call does. */
    void spend(String tenantId, LocalDate day, String modelName, String usd) {
        Tenant t = reports.tenants().get(tenantId).orElseThrow();
        ZonedDateTime noon = ZonedDateTime.of(day, LocalTime.NOON, ZoneId.of(t.timezone()));
        LlmBudget budget = new LlmBudget(reports.table(), Clock.fixed(noon.toInstant(), ZoneId.of("UTC")));
        budget.settle(budget.reserve(t, new BigDecimal("0.5")).orElseThrow(), modelName, new BigDecimal(usd));
    }

    @Test
    void askedTwiceBuiltOnceWithTheOfflineNarrativeAndChargedOnceUnderRedelivery() throws Exception {
        grant(5_000_000);
        String t = tenant("Europe/Berlin");
        JsonNode first = asked(t, "{\"type\":\"weekly_report\",\"period\":\"2026-W10\"}");
        assertEquals("rpt_weekly_2026W10", first.path("id").asText());
        assertEquals("pending", first.path("status").asText());
        assertEquals("2026-03-02", first.path("period").path("from").asText());
        assertEquals("2026-03-08", first.path("period").path("to").asText());
        assertEquals("Europe/Berlin", first.path("period").path("timezone").asText());
        JsonNode again = asked(t, "{\"type\":\"weekly_report\",\"period\":\"2026-W10\"}");
        assertEquals(first.path("id").asText(), again.path("id").asText());
        List<LeanSqs.Message> messages = take(t, "rpt_weekly_2026W10", 1);
        assertEquals(1, messages.size() + take(t, "rpt_weekly_2026W10", 0).size(), "the report is queued once");

        spend(t, LocalDate.parse("2026-03-03"), "gpt-4o-mini", "0.0125");
        spend(t, LocalDate.parse("2026-03-08"), "claude-haiku", "0.5");
        spend(t, LocalDate.parse("2026-02-25"), "gpt-4o-mini", "0.25"); // the week before
        long before = available();
        assertEquals(0, run(offlineWorker, messages.get(0), 1).path("batchItemFailures").size());
        JsonNode report = read(t, "rpt_weekly_2026W10");
        assertEquals("completed", report.path("status").asText(), report.toString());
        assertEquals("offline", report.path("narrativeSource").asText());
        assertEquals(FEE, report.path("usage").path("settledMicroCredits").asLong(), report.toString());
        assertEquals(before - FEE, available());
        assertEquals(0, reserved());
        JsonNode doc = report.path("document");
        assertEquals("rpt_weekly_2026W10", doc.path("reportId").asText());
        assertEquals("Bloom Bakery", doc.path("tenant").path("name").asText());
        assertEquals("2026-02-23", doc.path("previousPeriod").path("from").asText());
        assertEquals(7, doc.path("series").path("llmCostUsd").size());
        assertEquals(0, new BigDecimal("0.5125").compareTo(doc.path("costs").path("totalUsd").decimalValue()), doc.path("costs").toString());
        assertEquals(0, new BigDecimal("0.0125").compareTo(doc.path("series").path("llmCostUsd").get(1).path("value").decimalValue()));
        assertTrue(doc.path("series").path("views").get(0).path("value").isNull(), "no data is null, never 0");
        assertEquals("offline", doc.path("narrative").path("source").asText());
        String text = doc.path("narrative").path("text").asText();
        assertTrue(text.contains("$0.51") && text.contains("$0.25"), text);
        assertTrue(new NarrativeCheck((com.fasterxml.jackson.databind.node.ObjectNode) doc, ReportPeriod.parse(ReportPeriod.Span.WEEK, "2026-W10").orElseThrow())
                .unknown(text).isEmpty(), text);
        // the page, rendered from the document, behind a presigned link
        java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(report.path("htmlUrl").asText())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().startsWith("<!DOCTYPE html>") && page.body().contains("Bloom Bakery") && page.body().contains("<svg"),
                page.body().substring(0, Math.min(400, page.body().length())));
        assertEquals("rpt_weekly_2026W10", new com.socialwire.shared.analytics.Activity(reports.table()).latest(t).lastReport().reportId(),
                "tenant health's last report");

        // delivered again, and twice at once: built and charged once
        run(offlineWorker, messages.get(0), 2);
        CompletableFuture<JsonNode> a = CompletableFuture.supplyAsync(() -> run(offlineWorker, messages.get(0), 3));
        CompletableFuture<JsonNode> b = CompletableFuture.supplyAsync(() -> run(offlineWorker, messages.get(0), 3));
        a.join();
        b.join();
        assertEquals(before - FEE, available());
        assertEquals(1, read(t, "rpt_weekly_2026W10").path("attempts").asInt());
    }

    @Test
    void tooFewCreditsFailsTheReportWithThatReasonAndSpendsNothingThenAskingAgainBuildsIt() {
        String t = tenant("America/New_York");
        String id = asked(t, "{\"type\":\"daily_briefing\",\"period\":\"2026-03-08\"}").path("id").asText();
        assertEquals("rpt_daily_20260308", id);
        assertEquals(0, run(offlineWorker, take(t, id, 1).get(0), 1).path("batchItemFailures").size());
        JsonNode failed = read(t, id);
        assertEquals("failed", failed.path("status").asText());
        assertTrue(failed.path("error").asText().startsWith("not enough credits"), failed.toString());
        assertEquals(0, available());
        assertEquals(0, reserved());

        grant(1_000_000);
        JsonNode again = asked(t, "{\"type\":\"daily_briefing\",\"period\":\"2026-03-08\"}");
        assertEquals("pending", again.path("status").asText());
        run(offlineWorker, take(t, id, 1).get(0), 1);
        assertEquals("completed", read(t, id).path("status").asText());
        assertEquals(1_000_000 - FEE, available());
    }

    void modelAnswers(String... texts) {
        String scenario = "answers";
        for (int i = 0; i < texts.length; i++) {
            model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer" + i)
                    .willSetStateTo("answer" + (i + 1))
                    .willReturn(okJson("{\"id\":\"chatcmpl-" + i + "\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + Json.write(texts[i])
                            + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":100}}")));
        }
    }

    FunctionClient modelWorker() {
        Map<String, String> vars = new HashMap<>(Map.of("LLM_PROVIDER", "openai", "LLM_BASE_URL", model.baseUrl() + "/v1",
                "LLM_MODEL", "gpt-4o-mini", "LLM_API_KEY", "sk-test-reports"));
        return new FunctionClient(env, "ReportWorkerFunction", vars);
    }

    @Test
    void aNarrativeQuotingNumbersNotInTheDataIsAskedForOnceMoreThenReplacedByTheLabelledTemplate() {
        grant(5_000_000);
        String t = tenant("Europe/Berlin");
        spend(t, LocalDate.parse("2026-03-10"), "gpt-4o-mini", "0.42");
        modelAnswers("Costs reached $0.42 on 1,234 posts.", "Costs reached $0.42, a 17% rise.");
        String id = asked(t, "{\"type\":\"daily_briefing\",\"period\":\"2026-03-10\"}").path("id").asText();
        run(modelWorker(), take(t, id, 1).get(0), 1);
        JsonNode report = read(t, id);
        JsonNode narrative = report.path("document").path("narrative");
        assertEquals("offline", narrative.path("source").asText(), narrative.toString());
        assertEquals(TemplateNarrative.MODEL, narrative.path("model").asText());
        assertTrue(narrative.path("fallbackReason").asText().contains("17"), narrative.toString());
        assertTrue(narrative.path("text").asText().contains("$0.42"), narrative.toString());
        model.verify(2, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
        long settled = report.path("usage").path("settledMicroCredits").asLong();
        assertTrue(settled > FEE, "the fee and both model calls: " + report.path("usage"));
        assertEquals(5_000_000 - settled, available());

        // a second answer that quotes only the data is the narrative, labelled as the model's
        model.resetAll();
        modelAnswers("Spend was $9,999.", "LLM cost was $0.42 on 11 March 2026, against $0.42 on 10 March.");
        spend(t, LocalDate.parse("2026-03-11"), "gpt-4o-mini", "0.42");
        String next = asked(t, "{\"type\":\"daily_briefing\",\"period\":\"2026-03-11\"}").path("id").asText();
        run(modelWorker(), take(t, next, 1).get(0), 1);
        JsonNode good = read(t, next).path("document").path("narrative");
        assertEquals("llm", good.path("source").asText(), good.toString());
        assertFalse(good.has("fallbackReason"), good.toString());
    }

    @Test
    void badTypesAndPeriodsAre422AnotherAccountsTenantIs404AndTheListIsNewestFirstByType() {
        String t = tenant("Asia/Kolkata");
        assertEquals(422, ask(t, "{\"type\":\"yearly\"}").status());
        assertEquals(422, ask(t, "{}").status());
        assertEquals(422, ask(t, "{\"type\":\"weekly_report\",\"period\":\"2026-03-08\"}").status());
        assertEquals(422, ask(t, "{\"type\":\"monthly_review\",\"period\":\"2026-13\"}").status());
        assertEquals(422, ask(t, "{\"type\":\"daily_briefing\",\"period\":\"2026-02-30\"}").status());
        assertEquals(422, ask(t, "{\"type\":\"daily_briefing\",\"period\":\"2999-01-01\"}").status());
        Response bad = ask(t, "{\"type\":\"daily_briefing\",\"period\":7}");
        assertEquals(422, bad.status());
        assertEquals("VALIDATION_ERROR", bad.json().path("error").path("code").asText(), bad.body());

        String daily = asked(t, "{\"type\":\"daily_briefing\",\"period\":\"2026-03-01\"}").path("id").asText();
        String monthly = asked(t, "{\"type\":\"monthly_review\"}").path("id").asText();
        String daily2 = asked(t, "{\"type\":\"daily_briefing\",\"period\":\"2026-03-02\"}").path("id").asText();
        List<String> all = new ArrayList<>();
        api.call("GET", "/v1/tenants/" + t + "/reports", admin.raw(), null).json().path("items").forEach(i -> all.add(i.path("id").asText()));
        assertEquals(List.of(daily2, monthly, daily), all);
        List<String> dailies = new ArrayList<>();
        api.call("GET", "/v1/tenants/" + t + "/reports?type=daily_briefing", admin.raw(), null).json().path("items")
                .forEach(i -> dailies.add(i.path("id").asText()));
        assertEquals(List.of(daily2, daily), dailies);
        assertEquals(400, api.call("GET", "/v1/tenants/" + t + "/reports?type=yearly", admin.raw(), null).status());
        assertEquals(404, api.call("GET", "/v1/tenants/" + t + "/reports/rpt_daily_20200101", admin.raw(), null).status());
        assertEquals(404, api.call("GET", "/v1/tenants/" + t + "/reports/nonsense", admin.raw(), null).status());

        TestKeys.Key other = TestKeys.newAccount(env);
        assertEquals(404, api.call("GET", "/v1/tenants/" + t + "/reports/" + daily, other.raw(), null).status());
        assertEquals(404, api.call("GET", "/v1/tenants/" + t + "/reports", other.raw(), null).status());
        assertEquals(404, api.call("POST", "/v1/tenants/" + t + "/reports", other.raw(), "{\"type\":\"daily_briefing\"}").status());
        take(t, daily, 1);
        take(t, daily2, 1);
        take(t, monthly, 1);
    }

    @Test
    void aReportWhoseJobWasLostIsQueuedAgainWhenAskedForAgain() {
        grant(1_000_000);
        String t = tenant("Europe/Berlin");
        String id = asked(t, "{\"type\":\"monthly_review\",\"period\":\"2026-01\"}").path("id").asText();
        take(t, id, 1); // the message is gone (in the DLQ, say) and no worker claimed the report
        asked(t, "{\"type\":\"monthly_review\",\"period\":\"2026-01\"}");
        assertEquals(0, take(t, id, 0).size(), "a report queued a moment ago is not queued twice");
        reports.reportStore().update(t, id, r -> {
            r.queuedAt = r.queuedAt.minus(java.time.Duration.ofHours(1));
            return true;
        });
        asked(t, "{\"type\":\"monthly_review\",\"period\":\"2026-01\"}");
        List<LeanSqs.Message> again = take(t, id, 1);
        run(offlineWorker, again.get(0), 1);
        assertEquals("completed", read(t, id).path("status").asText());
        assertEquals(1_000_000 - FEE, available());
    }

    @Test
    void aCompetitorPulseOfATenantWithoutFacebookLoginSaysWhyCompetitorsAreNotAvailable() {
        grant(1_000_000);
        String t = tenant("Europe/Berlin");
        String id = asked(t, "{\"type\":\"competitor_pulse\",\"period\":\"2026-W10\"}").path("id").asText();
        run(offlineWorker, take(t, id, 1).get(0), 1);
        JsonNode report = read(t, id);
        assertEquals("completed", report.path("status").asText(), report.toString());
        JsonNode competitors = report.path("document").path("competitors");
        assertFalse(competitors.path("available").asBoolean(true), competitors.toString());
        assertFalse(competitors.path("reason").asText().isBlank(), competitors.toString());
        assertEquals(0, competitors.path("rows").size());
    }

    /** The ledger, whose first settle takes effect but whose answer is lost (the worker dies before it hears it). */
    static final class LosesFirstSettleAnswer implements Ledger {
        private final Ledger real;
        private final java.util.concurrent.atomic.AtomicInteger settles = new java.util.concurrent.atomic.AtomicInteger();

        LosesFirstSettleAnswer(Ledger real) {
            this.real = real;
        }

        @Override
        public Result settle(String accountId, String operationId, long actualMicroCredits) {
            Result r = real.settle(accountId, operationId, actualMicroCredits);
            if (settles.getAndIncrement() == 0) {
                throw new IllegalStateException("the ledger's answer was lost");
            }
            return r;
        }

        @Override
        public Balance balance(String accountId) {
            return real.balance(accountId);
        }

        @Override
        public Result grant(String accountId, long microCredits, String operationId, Category category, String reference) {
            return real.grant(accountId, microCredits, operationId, category, reference);
        }

        @Override
        public Result reserve(String accountId, long microCredits, String operationId, java.time.Instant expiresAt, String reference) {
            return real.reserve(accountId, microCredits, operationId, expiresAt, reference);
        }

        @Override
        public Result settleBatch(String accountId, String operationId, List<Charge> charges, List<Charge> carried) {
            return real.settleBatch(accountId, operationId, charges, carried);
        }

        @Override
        public Result refund(String accountId, String operationId, String reason) {
            return real.refund(accountId, operationId, reason);
        }

        @Override
        public Result adjust(String accountId, long deltaMicroCredits, String operationId, String reason) {
            return real.adjust(accountId, deltaMicroCredits, operationId, reason);
        }

        @Override
        public int expireReservations(java.time.Instant now, int max) {
            return real.expireReservations(now, max);
        }

        @Override
        public com.socialwire.shared.store.Page<Entry> entries(String accountId, int limit, String cursor) {
            return real.entries(accountId, limit, cursor);
        }
    }

    @Test
    void aSettleWhoseAnswerIsLostIsFinishedByTheNextDeliveryAndChargedOnce() {
        grant(2_000_000);
        String t = tenant("Australia/Sydney");
        String id = asked(t, "{\"type\":\"cost_report\",\"period\":\"2026-02\"}").path("id").asText();
        Reports offline = new Reports(Config.of(withOffline(env.functionEnvironment("ReportWorkerFunction"))), Clock.systemUTC());
        Metering metering = new Metering(new LosesFirstSettleAnswer(offline.metering().ledger()), offline.metering().card(), Clock.systemUTC());
        ReportWorker worker = new ReportWorker(offline.reportStore(), offline.tenants(), offline.reportSources(),
                new Narrator(new com.socialwire.shared.providers.llm.OfflineLlm(com.socialwire.shared.providers.llm.PriceTable.defaults()),
                        com.socialwire.shared.providers.llm.PriceTable.defaults(), metering, new LlmBudget(offline.table(), Clock.systemUTC())),
                offline.reportFiles(), ReportPages.NONE, new com.socialwire.shared.analytics.Activity(offline.table()), Clock.systemUTC());
        FunctionClient dying = new FunctionClient(env, "ReportWorkerFunction", new com.socialwire.reports.handler.ReportWorkerHandler(worker));
        LeanSqs.Message m = take(t, id, 1).get(0);
        assertEquals(1, run(dying, m, 1).path("batchItemFailures").size(), "the lost answer fails the delivery: SQS delivers it again");
        JsonNode between = read(t, id);
        assertEquals("completed", between.path("status").asText());
        assertEquals(2_000_000 - FEE, available(), "the settle took effect");
        run(dying, m, 2);
        run(offlineWorker, m, 3);
        assertEquals(2_000_000 - FEE, available());
        assertEquals(0, reserved());
        assertEquals(FEE, read(t, id).path("usage").path("settledMicroCredits").asLong());
    }

    static Map<String, String> withOffline(Map<String, String> env) {
        Map<String, String> vars = new HashMap<>(env);
        vars.put("LLM_PROVIDER", "offline");
        return vars;
    }
}
