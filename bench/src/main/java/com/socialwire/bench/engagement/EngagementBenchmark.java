package com.socialwire.bench.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.bench.LocalApiClient;
import com.socialwire.local.runtime.LocalRuntime;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Webhook latency and webhook-to-reply latency on the local runtime with the offline LLM:
 * N signed comment webhooks, paced, each timed from the start of its POST to its 200, and to
 * the moment the local Graph sandbox received its reply.
 *
 * <pre>scripts/engagementbench [comments] [per-second]</pre>
 */
public final class EngagementBenchmark {

    public static void main(String[] args) {
        com.socialwire.bench.BenchMain.run(args, EngagementBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        try (LocalEnvironment env = LocalEnvironment.start(Template.locate(), 0, 0, 0, null);
             LocalRuntime runtime = new LocalRuntime(env, 0, null, 1)) {
            String base = "http://127.0.0.1:" + runtime.port();
            HttpClient http = HttpClient.newHttpClient();
            String key = Json.tree(post(http, base + "/v1/signup", null, "{\"accountName\":\"Bench Agency\"}", Map.of()).body())
                    .path("apiKey").asText();
            String ig = "17841499999999999";
            // a token of the account from the local Graph sandbox: a tenant is bound only to an account its token proves
            String token = Json.tree(post(http, base + "/_local/graph/_tokens", null, "{\"igUserId\":\"" + ig + "\"}", Map.of()).body())
                    .path("accessToken").asText();
            post(http, base + "/v1/tenants", key, "{\"name\":\"Bench Bakery\",\"igUserId\":\"" + ig + "\",\"igAccessToken\":\"" + token + "\","
                    + "\"brandVoice\":\"Warm\",\"settings\":{\"autoReplyComments\":true}}", Map.of());
            String secret = env.secrets().get("META_APP_SECRET");
            String[] questions = {"Do you have gluten-free bread?", "Love the new croissants!", "What time do you open on Sunday?",
                    "Is the cafe dog friendly?", "Can I pre-order a cake?"};

            // warm-up: the first comments pay for class loading and JIT, as a cold Lambda would
            for (int i = 0; i < 20; i++) {
                webhook(http, base, secret, ig, "1789" + (100_000_000_000L + i), questions[i % questions.length]);
            }
            Thread.sleep(3000);

            long[] webhookNs = new long[n];
            Map<String, Long> sentAt = new HashMap<>();
            long intervalNs = (long) (1e9 / rate);
            long next = System.nanoTime();
            for (int i = 0; i < n; i++) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                next += intervalNs;
                String id = "1788" + (100_000_000_000L + i);
                long t0 = System.nanoTime();
                sentAt.put(id, System.currentTimeMillis());
                HttpResponse<String> r = webhook(http, base, secret, ig, id, questions[i % questions.length]);
                webhookNs[i] = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("webhook answered " + r.statusCode() + ": " + r.body());
                }
            }
            Map<String, Long> repliedAt = new HashMap<>();
            long deadline = System.currentTimeMillis() + 60_000;
            while (repliedAt.size() < n && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
                JsonNode outbox = Json.tree(http.send(HttpRequest.newBuilder(URI.create(base + "/_local/outbox")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode c : outbox.path("calls")) {
                    String path = c.path("path").asText();
                    if (path.endsWith("/replies") && c.path("method").asText().equals("POST")) {
                        String id = path.split("/")[1];
                        if (sentAt.containsKey(id)) {
                            repliedAt.putIfAbsent(id, Instant.parse(c.path("at").asText()).toEpochMilli());
                        }
                    }
                }
            }
            long[] e2e = sentAt.entrySet().stream().filter(e -> repliedAt.containsKey(e.getKey()))
                    .mapToLong(e -> repliedAt.get(e.getKey()) - e.getValue()).sorted().toArray();
            Arrays.sort(webhookNs);
            System.out.printf("engagement pipeline on the local runtime: %d comments at %.0f/s, offline LLM, local Graph sandbox, JDK %d%n",
                    n, rate, Runtime.version().feature());
            System.out.printf("  webhook request (POST /webhooks/meta -> 200): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(webhookNs, 50) / 1e6, pct(webhookNs, 90) / 1e6, pct(webhookNs, 99) / 1e6, webhookNs[n - 1] / 1e6);
            System.out.printf("  webhook -> reply at the Graph API: %d/%d replied; p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (target p99 <= 1000 ms)%n",
                    e2e.length, n, pct(e2e, 50), pct(e2e, 90), pct(e2e, 99), e2e.length == 0 ? 0 : e2e[e2e.length - 1]);
        }
    }

    private static HttpResponse<String> webhook(HttpClient http, String base, String secret, String ig, String id, String text) throws Exception {
        return new LocalApiClient(base).commentWebhook(secret, ig, id, text);
    }

    private static HttpResponse<String> post(HttpClient http, String url, String key, String body, Map<String, String> headers) throws Exception {
        LocalApiClient api = new LocalApiClient(url.substring(0, url.indexOf('/', "http://".length())));
        return api.send("POST", url.substring(api.base().length()), key, body, headers);
    }

    private static long pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
