package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One post cannot stop publishing for everyone, over HTTP on the local runtime: a post padded to
 * the largest size the API accepts is due together with 50 other tenants' posts; the schedule
 * fired by hand answers with its report, all 50 are published, and the large one is published or
 * failed with a reason.
 */
class PublishRunIsolationE2ETest {

    static final int TENANTS = 50;
    /** Tenants per agency: each agency's key stays well inside its 60 requests a minute. */
    static final int PER_AGENCY = 10;
    /** Facebook's limit: the longest any text field of a post may be. */
    static final int FIELD = 63_206;

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

    /** A due Instagram post whose overrides for other platforms pad it: two full fields and one of {@code last} characters. */
    static String padded(String mediaId, Instant due, int last) {
        String full = Json.write("x".repeat(FIELD));
        return "{\"content\":{\"text\":\"The largest loaf we ever baked\",\"platformOverrides\":{\"facebook\":" + full + ",\"reddit\":" + full
                + ",\"tiktok\":" + Json.write("t".repeat(last)) + "}},\"platforms\":[\"instagram\"],\"media\":[\""
                + mediaId + "\"],\"scheduledFor\":\"" + due + "\",\"status\":\"scheduled\"}";
    }

    record Due(LocalApi api, LocalApi.Brand brand, String postId) {
        String path() {
            return "/v1/tenants/" + brand.tenantId() + "/posts/" + postId;
        }
    }

    static Due duePost(LocalApi api, LocalApi.Brand b, String mediaId, Instant due) throws Exception {
        HttpResponse<String> r = api.send("POST", "/v1/tenants/" + b.tenantId() + "/posts", api.key, "{\"content\":\"Fresh loaves at 7 "
                + Ids.base62(6) + "\",\"platforms\":[\"instagram\"],\"media\":[\"" + mediaId + "\"],\"scheduledFor\":\""
                + due + "\",\"status\":\"scheduled\"}");
        assertEquals(201, r.statusCode(), r.body());
        return new Due(api, b, Json.tree(r.body()).path("id").asText());
    }

    /** Runs {@code work} for each agency on its own thread and gathers what they made. */
    static <T> List<T> perAgency(List<LocalApi> agencies, Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(agencies.size());
        try {
            List<Future<List<T>>> made = new ArrayList<>();
            for (int a = 0; a < agencies.size(); a++) {
                int agency = a;
                made.add(pool.submit(() -> {
                    List<T> out = new ArrayList<>();
                    for (int i = 0; i < PER_AGENCY; i++) {
                        out.add(work.make(agencies.get(agency), agency * PER_AGENCY + i));
                    }
                    return out;
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<List<T>> f : made) {
                out.addAll(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    interface Work<T> {
        T make(LocalApi agency, int index) throws Exception;
    }

    @Test
    void aPostOfTheLargestAcceptedSizeLeavesFiftyOtherTenantsPublished() throws Exception {
        long t0 = System.nanoTime();
        Fixtures fixtures = new Fixtures();
        LocalApi big = new LocalApi(env, base, fixtures.signup("Large Post Agency " + Ids.base62(6)).adminKey());
        LocalApi.Brand bigBrand = big.brand("{}", "[]");
        String bigMedia = big.media(bigBrand.tenantId());
        // 50 other tenants of five agencies, through the API
        List<LocalApi> agencies = new ArrayList<>();
        for (int a = 0; a < TENANTS / PER_AGENCY; a++) {
            agencies.add(new LocalApi(env, base, fixtures.signup("Bakery Agency " + a + " " + Ids.base62(6)).adminKey()));
        }
        List<LocalApi.Brand> brands = perAgency(agencies, (agency, i) -> agency.brand("{}", "[]"));
        List<String> media = brands.stream().map(b -> big.media(b.tenantId())).toList();
        System.out.printf("%d tenants in %.1f s%n", brands.size() + 1, (System.nanoTime() - t0) / 1e9);

        // all due at one time, close ahead
        Instant due = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
        // the largest post the API accepts: its answer to a larger one says by how much it is over
        String posts = "/v1/tenants/" + bigBrand.tenantId() + "/posts";
        HttpResponse<String> over = big.send("POST", posts, big.key, padded(bigMedia, due, FIELD));
        assertEquals(422, over.statusCode(), over.body());
        JsonNode sizes = Json.tree(over.body()).path("error").path("details").path("post");
        int last = FIELD - (sizes.path("sizeBytes").asInt() - sizes.path("maxBytes").asInt());
        assertTrue(last > 0 && last < FIELD, over.body());
        assertEquals(422, big.send("POST", posts, big.key, padded(bigMedia, due, last + 1)).statusCode(), "one byte more is refused");
        HttpResponse<String> largest = big.send("POST", posts, big.key, padded(bigMedia, due, last));
        assertEquals(201, largest.statusCode(), largest.body().substring(0, Math.min(300, largest.body().length())));
        Due bigPost = new Due(big, bigBrand, Json.tree(largest.body()).path("id").asText());
        System.out.printf("largest post accepted: a %,d-byte document (%,d-byte request)%n", sizes.path("maxBytes").asInt(),
                padded(bigMedia, due, last).length());
        // one due post each
        List<Due> others = perAgency(agencies, (agency, i) -> duePost(agency, brands.get(i), media.get(i), due));
        assertEquals(TENANTS, others.size());
        System.out.printf("%d posts created by %.1f s, due at %s%n", others.size() + 1, (System.nanoTime() - t0) / 1e9, due);

        // the schedule fired by hand answers with its report
        HttpResponse<String> fired = big.send("POST", "/_local/schedules/PublishRunFunction/EveryMinute", null, null);
        assertEquals(200, fired.statusCode(), fired.body());
        JsonNode report = Json.tree(fired.body()).path("response");
        assertTrue(report.has("claimed") && report.has("failed"), fired.body());
        System.out.println("publish run: " + report);

        // every account publishes: wait for Instagram to see all 51, then read each post
        List<Due> all = new ArrayList<>(others);
        all.add(bigPost);
        Set<String> accounts = new HashSet<>();
        all.forEach(d -> accounts.add(d.brand().igUserId()));
        long deadline = System.nanoTime() + 90_000_000_000L;
        Set<String> published = new HashSet<>();
        while (System.nanoTime() < deadline && !published.containsAll(accounts)) {
            for (JsonNode c : big.graphCalls("/media_publish")) {
                String outcome = c.path("outcome").asText();
                if (outcome.startsWith("ok") || outcome.startsWith("applied")) {
                    accounts.stream().filter(ig -> c.path("path").asText().contains("/" + ig + "/media_publish")).forEach(published::add);
                }
            }
            Thread.sleep(1_000);
        }
        Set<String> missing = new HashSet<>(accounts);
        missing.removeAll(published);
        missing.remove(bigBrand.igUserId()); // the large one may have failed instead
        assertEquals(Set.of(), missing, "every other tenant's post reached Instagram");

        for (Due d : others) {
            JsonNode p = awaitEnd(d);
            assertEquals("published", p.path("status").asText(), p.toString());
        }
        JsonNode end = awaitEnd(bigPost);
        String status = end.path("status").asText();
        if ("failed".equals(status)) {
            assertFalse(end.path("deliveries").path("instagram").path("reason").asText().isBlank(), "failed with a reason: " + end.path("deliveries"));
        } else {
            assertEquals("published", status, end.path("deliveries").toString());
        }
        System.out.printf("the large post ended %s; all %d others published; %.1f s in all%n", status, others.size(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** The post once it has left scheduled and publishing (a few seconds after Instagram saw it). */
    static JsonNode awaitEnd(Due d) throws Exception {
        JsonNode p = null;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = d.api().send("GET", d.path(), d.api().key, null);
            assertEquals(200, r.statusCode(), r.body());
            p = Json.tree(r.body());
            String s = p.path("status").asText();
            if (!s.equals("scheduled") && !s.equals("publishing")) {
                return p;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("post did not end: " + p);
    }
}
