package com.socialwire.bench.engagement;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.bench.AwsCallMeter;
import com.socialwire.bench.LocalApiClient;
import com.socialwire.local.runtime.LocalRuntime;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Json;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * Webhook latency and webhook-to-reply latency on the local runtime with the offline LLM, for
 * {@code accounts} agencies (one tenant each) receiving {@code rate} comments a second each for
 * {@code seconds}: signed comment webhooks, paced on one clock and sent without waiting for each
 * other (as Meta does), each timed from the start of its POST to its 200, and to the moment the
 * local Graph sandbox received its reply. Then it checks what must hold however fast it ran: no
 * comment answered twice, and per account the ledger's invariants through the billing API (the
 * balance never negative, no entry's balance below zero, the entries summing to the balance,
 * nothing left held).
 *
 * <pre>scripts/engagementbench [--accounts N] [--rate per-second-per-account] [--seconds S]
 * scripts/engagementbench [comments] [per-second]     (one account, as before)</pre>
 */
public final class EngagementBenchmark {

    private static final String[] QUESTIONS = {"Do you have gluten-free bread?", "Love the new croissants!",
            "What time do you open on Sunday?", "Is the cafe dog friendly?", "Can I pre-order a cake?"};

    /** What to run. */
    record Plan(int accounts, double ratePerAccount, int seconds) {
        static Plan parse(String[] args) {
            int accounts = 1;
            double rate = 20;
            int seconds = 10;
            if (args.length > 0 && !args[0].startsWith("--")) {
                int comments = Integer.parseInt(args[0]);
                rate = args.length > 1 ? Double.parseDouble(args[1]) : rate;
                return new Plan(1, rate, (int) Math.max(1, Math.round(comments / rate)));
            }
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--accounts" -> accounts = Integer.parseInt(args[i + 1]);
                    case "--rate" -> rate = Double.parseDouble(args[i + 1]);
                    case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (use --accounts N --rate per-second-per-account --seconds S)");
                }
            }
            return new Plan(accounts, rate, seconds);
        }

        int comments() {
            return (int) Math.round(accounts * ratePerAccount * seconds);
        }
    }

    /** One agency with its tenant: its admin key, its Instagram account and its account id. */
    record Agency(String key, String accountId, String igUserId) {
    }

    public static void main(String[] args) {
        com.socialwire.bench.BenchMain.run(args, EngagementBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        Plan plan = Plan.parse(args);
        try (LocalEnvironment env = LocalEnvironment.start(Template.locate(), 0, 0, 0, null);
             LocalRuntime runtime = new LocalRuntime(env, 0, null, 1)) {
            String base = "http://127.0.0.1:" + runtime.port();
            ExecutorService senders = Executors.newFixedThreadPool(16);
            HttpClient http = HttpClient.newBuilder().executor(senders).build();
            String secret = env.secrets().get("META_APP_SECRET");
            String owner = env.secrets().get("ownerKey");
            long credits = (long) (plan.ratePerAccount() * plan.seconds() * 20_000) + 10_000_000L;
            List<Agency> agencies = new ArrayList<>();
            for (int a = 0; a < plan.accounts(); a++) {
                agencies.add(agency(http, base, owner, a, credits));
            }

            // warm-up: the first comments pay for class loading and JIT, as a cold Lambda would
            for (int i = 0; i < 20; i++) {
                Agency ag = agencies.get(i % agencies.size());
                webhook(http, base, secret, ag.igUserId(), "1789" + (100_000_000_000L + i), QUESTIONS[i % QUESTIONS.length]);
            }
            Thread.sleep(3000);

            int n = plan.comments();
            String[] ids = new String[n];
            long[] sentAt = new long[n];
            long[] webhookNs = new long[n];
            List<CompletableFuture<?>> pending = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            long intervalNs = (long) (1e9 / (plan.accounts() * plan.ratePerAccount()));
            double loadBefore = loadAverage();
            AwsCallMeter.reset();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = start + i * intervalNs;
                // park, not spin: a spinning sender takes one of the machine's two cores from the pipeline it measures
                for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
                Agency ag = agencies.get(i % agencies.size());
                int at = i;
                ids[i] = "1788" + (100_000_000_000L + i);
                index.put(ids[i], i);
                sentAt[i] = System.currentTimeMillis();
                long t0 = System.nanoTime();
                pending.add(webhookAsync(http, base, secret, ag.igUserId(), ids[i], QUESTIONS[i % QUESTIONS.length]).thenAccept(r -> {
                    webhookNs[at] = System.nanoTime() - t0;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("webhook answered " + r.statusCode() + ": " + r.body());
                    }
                }));
            }
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();

            Map<String, Long> repliedAt = new HashMap<>();
            Map<String, Integer> replies = new HashMap<>();
            long deadline = System.currentTimeMillis() + 60_000;
            do {
                Thread.sleep(500);
                repliedAt.clear();
                replies.clear();
                JsonNode outbox = Json.tree(get(http, base + "/_local/outbox", null).body());
                for (JsonNode c : outbox.path("calls")) {
                    String path = c.path("path").asText();
                    if (path.endsWith("/replies") && c.path("method").asText().equals("POST")) {
                        String id = path.split("/")[1];
                        replies.merge(id, 1, Integer::sum);
                        if (index.containsKey(id)) {
                            repliedAt.putIfAbsent(id, Instant.parse(c.path("at").asText()).toEpochMilli());
                        }
                    }
                }
            } while (repliedAt.size() < n && System.currentTimeMillis() < deadline);
            double loadAfter = loadAverage();
            Map<String, Long> calls = AwsCallMeter.operations(AwsCallMeter.DYNAMODB);
            long[] e2e = repliedAt.entrySet().stream().mapToLong(e -> e.getValue() - sentAt[index.get(e.getKey())]).sorted().toArray();
            long duplicates = replies.values().stream().filter(c -> c > 1).count();
            Arrays.sort(webhookNs);

            System.out.printf("engagement pipeline on the local runtime: %d account(s) x %.0f comments/s for %d s = %d comments "
                            + "(sent in %.1f s), offline LLM, local Graph sandbox, JDK %d, %d cores, load average %.1f before / %.1f after%n",
                    plan.accounts(), plan.ratePerAccount(), plan.seconds(), n, sendSeconds, Runtime.version().feature(),
                    Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
            System.out.printf("  webhook request (POST /webhooks/meta -> 200): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(webhookNs, 50) / 1e6, pct(webhookNs, 95) / 1e6, pct(webhookNs, 99) / 1e6, webhookNs[n - 1] / 1e6);
            System.out.printf("  webhook -> reply at the Graph API: %d/%d replied; p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (target p99 <= 1000 ms)%n",
                    e2e.length, n, pct(e2e, 50), pct(e2e, 95), pct(e2e, 99), e2e.length == 0 ? 0 : e2e[e2e.length - 1]);
            System.out.printf("  duplicate replies: %d%n", duplicates);
            System.out.printf("  DynamoDB calls per comment: %.1f; by operation and item kind (failed calls and cancelled transactions by reason): %s%n",
                    calls.values().stream().mapToLong(Long::longValue).sum() / (double) n, calls);
            boolean ok = duplicates == 0;
            for (Agency ag : agencies) {
                ok &= ledgerHolds(http, base, ag);
            }
            senders.shutdownNow();
            if (!ok) {
                throw new IllegalStateException("a duplicate reply or a broken ledger invariant (above)");
            }
        }
    }

    /** Signs up an agency, binds a tenant to a fresh Instagram account of the sandbox, and tops it up through the owner's adjustment. */
    private static Agency agency(HttpClient http, String base, String owner, int a, long credits) throws Exception {
        JsonNode signup = Json.tree(postRetrying(http, base + "/v1/signup", null, "{\"accountName\":\"Bench Agency " + a + "\"}").body());
        String key = signup.path("apiKey").asText();
        String accountId = signup.path("account").path("id").asText();
        String ig = Long.toString(17841499999999999L - a);
        // a token of the account from the local Graph sandbox: a tenant is bound only to an account its token proves
        String token = Json.tree(post(http, base + "/_local/graph/_tokens", null, "{\"igUserId\":\"" + ig + "\"}", Map.of()).body())
                .path("accessToken").asText();
        HttpResponse<String> tenant = post(http, base + "/v1/tenants", key, "{\"name\":\"Bench Bakery " + a + "\",\"igUserId\":\"" + ig
                + "\",\"igAccessToken\":\"" + token + "\",\"brandVoice\":\"Warm\",\"settings\":{\"autoReplyComments\":true}}", Map.of());
        if (tenant.statusCode() != 201) {
            throw new IllegalStateException("tenant: " + tenant.statusCode() + " " + tenant.body());
        }
        HttpResponse<String> top = post(http, base + "/v1/ops/accounts/" + accountId + "/adjust", owner,
                "{\"microCredits\":" + credits + ",\"reason\":\"benchmark credits\"}", Map.of("Idempotency-Key", "bench-" + a));
        if (top.statusCode() != 200) {
            throw new IllegalStateException("top-up: " + top.statusCode() + " " + top.body());
        }
        return new Agency(key, accountId, ig);
    }

    /**
     * The ledger's invariants for one agency through the billing API, once every hold has ended:
     * available and reserved never negative, no entry's balanceAfter below zero, the entries summing
     * to the balance. Prints one line; false if one fails.
     */
    private static boolean ledgerHolds(HttpClient http, String base, Agency ag) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            JsonNode balance = Json.tree(get(http, base + "/v1/billing/balance", ag.key()).body());
            long available = balance.path("availableMicroCredits").asLong();
            long reserved = balance.path("reservedMicroCredits").asLong();
            long sum = 0;
            long entries = 0;
            long negative = 0;
            Map<String, Integer> types = new java.util.TreeMap<>();
            String cursor = null;
            do {
                JsonNode page = Json.tree(get(http, base + "/v1/billing/ledger?limit=100"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), ag.key()).body());
                for (JsonNode e : page.path("items")) {
                    sum += e.path("amountMicroCredits").asLong();
                    entries++;
                    negative += e.path("balanceAfter").asLong() < 0 ? 1 : 0;
                    types.merge(e.path("type").asText(), 1, Integer::sum);
                }
                cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            } while (cursor != null);
            boolean settled = reserved == 0 && sum == available;
            if (settled || System.currentTimeMillis() > deadline) {
                // work still in flight (a reserve or settle between the two reads) is not a broken invariant: wait for it
                boolean ok = settled && available >= 0 && negative == 0;
                System.out.printf("  ledger of %s: available %d, reserved %d; %d entries %s sum to %d; %d below zero -> %s%n",
                        ag.accountId(), available, reserved, entries, types, sum, negative,
                        ok ? "invariants hold" : reserved != 0 ? "NOT SETTLED after 120 s" : "INVARIANT BROKEN");
                return ok;
            }
            Thread.sleep(500);
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpRequest signed(String base, String secret, String ig, String id, String text) throws Exception {
        return new LocalApiClient(base).commentWebhookRequest(secret, ig, id, text);
    }

    private static HttpResponse<String> webhook(HttpClient http, String base, String secret, String ig, String id, String text) throws Exception {
        return http.send(signed(base, secret, ig, id, text), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> webhookAsync(HttpClient http, String base, String secret, String ig, String id,
                                                                       String text) throws Exception {
        return http.sendAsync(signed(base, secret, ig, id, text), HttpResponse.BodyHandlers.ofString());
    }

    /** A signup, waiting out the open signup's per-IP limit when several agencies are made. */
    private static HttpResponse<String> postRetrying(HttpClient http, String url, String key, String body) throws Exception {
        for (int i = 0; ; i++) {
            HttpResponse<String> r = post(http, url, key, body, Map.of());
            if (r.statusCode() != 429 || i >= 5) {
                return r;
            }
            Thread.sleep(1000L * Math.max(1, Long.parseLong(r.headers().firstValue("Retry-After").orElse("10"))));
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        while (r.statusCode() == 429) { // the key's 60 a minute: a long ledger takes a few minutes to read
            Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("10")));
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    private static HttpResponse<String> post(HttpClient http, String url, String key, String body, Map<String, String> headers) throws Exception {
        LocalApiClient api = new LocalApiClient(url.substring(0, url.indexOf('/', "http://".length())));
        return api.send("POST", url.substring(api.base().length()), key, body, headers);
    }

    private static long pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
