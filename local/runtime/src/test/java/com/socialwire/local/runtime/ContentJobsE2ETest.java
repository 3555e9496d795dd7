package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Content jobs over HTTP on the local runtime with the offline generator: ContentJobsFunction queues a job, the content
 * worker (polling the content queue) runs it, and the job, its list, its prompt and its usage read back over HTTP; a
 * calendar's drafts are posts of the tenant; cancelling a job ends it.
 */
class ContentJobsE2ETest {

    static LocalRuntime runtime;
    static LocalApi api;

    @BeforeAll
    static void start() throws Exception {
        runtime = new LocalRuntime(LocalEnvironment.shared(), 0, null, 2);
        Fixtures.Account agency = new Fixtures().signup("Studio Agency " + Ids.base62(6));
        api = new LocalApi(LocalEnvironment.shared(), "http://127.0.0.1:" + runtime.port(), agency.adminKey());
    }

    @AfterAll
    static void stop() {
        runtime.closeKeepingStores();
    }

    JsonNode send(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = api.send(method, path, api.key, body);
        assertEquals(status, r.statusCode(), method + " " + path + " -> " + r.body());
        return Json.tree(r.body());
    }

    JsonNode awaitEnd(String jobs, String id, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        JsonNode j = null;
        while (System.nanoTime() < deadline) {
            j = send("GET", jobs + "/" + id, null, 200);
            if (List.of("completed", "failed", "cancelled").contains(j.path("status").asText())) {
                return j;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("job not finished within " + seconds + " s: " + j);
    }

    @Test
    void aCalendarAndACaptionRunThroughTheContentWorkerAndReadBackOverHttp() throws Exception {
        LocalApi.Brand b = api.brand("{}", "[\"politics\"]");
        String jobs = "/v1/tenants/" + b.tenantId() + "/content/jobs";
        JsonNode calendar = send("POST", jobs, "{\"type\":\"generate_calendar\",\"prompt\":\"Our winter bakes\",\"keywords\":[\"sourdough\"],"
                + "\"days\":3,\"cadence\":{\"postsPerDay\":2},\"platforms\":[\"twitter\",\"linkedin\",\"mastodon\"],\"pillars\":[\"tips\",\"team\"]}", 202);
        assertEquals("pending", calendar.path("status").asText());
        JsonNode caption = send("POST", jobs, "{\"type\":\"generate_caption\",\"prompt\":\"Rye week\",\"platforms\":[\"bluesky\"]}", 202);

        JsonNode cal = awaitEnd(jobs, calendar.path("id").asText(), 60);
        assertEquals("completed", cal.path("status").asText(), cal.toString());
        assertEquals(6, cal.path("result").path("posts").size(), cal.toString());
        assertTrue(cal.path("result").path("metadata").path("offlineGenerator").asBoolean());
        assertEquals(2_000, cal.path("usage").path("settledMicroCredits").asLong(), "the content_job fee: " + cal);
        for (JsonNode id : cal.path("result").path("posts")) {
            JsonNode p = send("GET", "/v1/tenants/" + b.tenantId() + "/posts/" + id.asText(), null, 200);
            assertEquals("draft", p.path("status").asText());
            assertEquals(calendar.path("id").asText(), p.path("campaignId").asText());
        }
        JsonNode cap = awaitEnd(jobs, caption.path("id").asText(), 60);
        assertEquals("completed", cap.path("status").asText(), cap.toString());

        List<String> completed = new ArrayList<>();
        send("GET", jobs + "?status=completed&type=generate_calendar", null, 200).path("items").forEach(i -> completed.add(i.path("id").asText()));
        assertEquals(List.of(calendar.path("id").asText()), completed);
        JsonNode prompt = send("GET", jobs + "/" + calendar.path("id").asText() + "/prompt", null, 200);
        assertTrue(prompt.path("system").asText().contains("\"sourdough\" (primary"), prompt.toString());
        assertTrue(prompt.has("strategyVersion") && prompt.has("templateVersion"), prompt.toString());

        // a cancel ends a job at once, whether the worker has taken it yet or not; a second is 409
        JsonNode blog = send("POST", jobs, "{\"type\":\"generate_blog\",\"prompt\":\"Why rye\"}", 202);
        assertEquals("cancelled", send("POST", jobs + "/" + blog.path("id").asText() + "/cancel", "{}", 200).path("status").asText());
        send("POST", jobs + "/" + blog.path("id").asText() + "/cancel", "{}", 409);
        JsonNode ended = awaitEnd(jobs, blog.path("id").asText(), 10);
        assertEquals("cancelled", ended.path("status").asText());
        assertTrue(ended.path("result").isNull(), ended.toString());
    }
}
