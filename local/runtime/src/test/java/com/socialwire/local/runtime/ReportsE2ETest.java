package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports over HTTP on the local runtime: a report asked for through the API is built by ReportWorkerFunction from the
 * report queue's poller (the offline narrative, labelled), charged once, and read back with its document; the quarter-hourly
 * report run fires by hand.
 */
class ReportsE2ETest {

    static LocalRuntime runtime;
    static LocalEnvironment env;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        env = LocalEnvironment.shared();
        runtime = new LocalRuntime(env, 0, null, 2);
        base = "http://127.0.0.1:" + runtime.port();
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    @Test
    void aReportAskedForIsBuiltByTheQueuedWorkerAndTheRunFiresByHand() throws Exception {
        Fixtures fx = new Fixtures();
        Fixtures.Account a = fx.signup("Report Agency " + Ids.base62(6));
        LocalApi api = new LocalApi(env, base, a.adminKey());
        String tenant = fx.tenant(a, "Report Bakery");
        assertEquals(200, api.send("POST", "/v1/ops/accounts/" + a.id() + "/adjust", env.ownerKey(),
                "{\"microCredits\":1000000,\"reason\":\"test: credits for a report\"}").statusCode());
        HttpResponse<String> asked = api.send("POST", "/v1/tenants/" + tenant + "/reports", a.adminKey(),
                "{\"type\":\"daily_briefing\",\"period\":\"2026-11-30\"}");
        assertEquals(202, asked.statusCode(), asked.body());
        String id = Json.tree(asked.body()).path("id").asText();
        JsonNode report = null;
        for (int i = 0; i < 300; i++) { // the poller takes the job within a few seconds; no timing is asserted
            report = Json.tree(api.send("GET", "/v1/tenants/" + tenant + "/reports/" + id, a.adminKey(), null).body());
            if (report.path("status").asText().equals("completed") || report.path("status").asText().equals("failed")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("completed", report.path("status").asText(), report.toString());
        assertEquals("offline", report.path("document").path("narrative").path("source").asText(), report.toString());
        assertEquals(50_000, report.path("usage").path("settledMicroCredits").asLong(), report.toString());
        assertTrue(report.path("document").path("narrative").path("text").asText().startsWith("Daily briefing for Report Bakery"));

        HttpResponse<String> fired = api.send("POST", "/_local/schedules/ReportRunFunction/Every15Minutes", null, null);
        assertEquals(200, fired.statusCode(), fired.body());
        assertTrue(fired.body().contains("\"zones\""), "the run answers what it did: " + fired.body());
    }
}
