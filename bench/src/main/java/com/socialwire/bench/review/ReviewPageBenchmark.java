package com.socialwire.bench.review;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client review page on the local runtime: one tenant with {@code posts} posts (two thirds waiting for the client,
 * a third approved and scheduled, two review comments each, three platforms), one review link; then the page's
 * {@code GET /review/{token}} timed over {@code gets} sequential requests (after a warm-up), its size, and the
 * DynamoDB calls ReviewFunction makes per page; and {@code actions} approvals through the page's own form (CSRF
 * cookie and field, nonce, version), timed to their 303.
 *
 * <pre>scripts/reviewbench [posts] [gets] [actions]     (defaults 30 200 10)</pre>
 */
public final class ReviewPageBenchmark {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final String[] PLATFORMS = {"mastodon", "bluesky", "linkedin"};

    public static void main(String[] args) {
        com.socialwire.bench.BenchMain.run(args, ReviewPageBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int posts = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int gets = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int actions = Math.min(args.length > 2 ? Integer.parseInt(args[2]) : 10, posts * 2 / 3);
        try (LocalEnvironment env = LocalEnvironment.start(Template.locate(), 0, 0, 0, null);
             // the limits (a page's 120/min per address, a key's 60/min) stay in the path, but must not stop one client's measured loads
             LocalRuntime runtime = new LocalRuntime(env, "127.0.0.1", 0, null, 1, Map.of("REVIEW_PAGE_PER_MINUTE", "1000000",
                     "REVIEW_PAGE_PER_HOUR", "1000000", "REVIEW_PAGE_PER_DAY", "1000000", "RATE_LIMIT_PER_MINUTE", "1000000",
                     "RATE_LIMIT_PER_HOUR", "1000000", "RATE_LIMIT_PER_DAY", "1000000"))) {
            String base = "http://127.0.0.1:" + runtime.port();
            LocalApiClient api = new LocalApiClient(base);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String owner = env.secrets().get("ownerKey");
            JsonNode signup = Json.tree(api.post("/v1/signup", null, "{\"accountName\":\"Review Bench Agency\"}").body());
            String key = signup.path("apiKey").asText();
            String accountId = signup.path("account").path("id").asText();
            api.send("POST", "/v1/ops/accounts/" + accountId + "/adjust", owner, "{\"microCredits\":100000000,\"reason\":\"benchmark credits\"}",
                    Map.of("Idempotency-Key", "review-bench"));
            String tenantId = Json.tree(api.ok("POST", "/v1/tenants", key, "{\"name\":\"Bench Bakery\",\"timezone\":\"Europe/Berlin\","
                    + "\"settings\":{\"requiresClientApproval\":true,\"branding\":{\"primaryColor\":\"#7c2d12\",\"accentColor\":\"#fbbf24\"}}}"))
                    .path("id").asText();
            String tenant = "/v1/tenants/" + tenantId;
            List<String> waiting = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                boolean approved = i % 3 == 2;
                String platform = PLATFORMS[i % PLATFORMS.length];
                String when = java.time.Instant.now().plus(java.time.Duration.ofDays(3 + i)).toString();
                String id = Json.tree(api.ok("POST", tenant + "/posts", key, "{\"content\":\"Fresh rye and seeded sourdough, post " + i
                        + ": warm from the oven at seven, with a new honey oat loaf on Saturdays.\",\"platforms\":[\"" + platform + "\"],"
                        + "\"campaignId\":\"winter-" + (i % 2) + "\",\"scheduledFor\":\"" + when + "\"}")).path("id").asText();
                api.ok("POST", tenant + "/posts/" + id + "/submit", key, "{}");
                for (int c = 0; c < 2; c++) {
                    api.ok("POST", tenant + "/posts/" + id + "/comments", key, "{\"text\":\"Agency note " + c + " on post " + i + "\"}");
                }
                if (approved) {
                    api.ok("POST", tenant + "/posts/" + id + "/client-approve", key, "{}");
                } else {
                    waiting.add(id);
                }
            }
            JsonNode link = Json.tree(api.ok("POST", tenant + "/review-links", key,
                    "{\"approverName\":\"Ada Client\",\"approverEmail\":\"ada@bakery.example\",\"expiresInDays\":7}"));
            String path = URI.create(link.path("url").asText()).getPath();

            // a browser: the first load sets the page's cookie (and records "opened"), later loads send it back
            String cookie = page(http, base + path, null).headers().firstValue("set-cookie").map(c -> c.split(";", 2)[0]).orElse(null);
            for (int i = 0; i < 20; i++) {
                page(http, base + path, cookie);
            }
            AwsCallMeter.reset();
            long[] ns = new long[gets];
            int bytes = 0;
            for (int i = 0; i < gets; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = page(http, base + path, cookie);
                ns[i] = System.nanoTime() - t0;
                bytes = r.body().getBytes(StandardCharsets.UTF_8).length;
            }
            Map<String, Long> perPage = callsOf("ReviewFunction");
            Arrays.sort(ns);

            // approvals through the page's form, as a browser sends them
            HttpResponse<String> first = page(http, base + path, cookie);
            Matcher m = CSRF.matcher(first.body());
            if (!m.find()) {
                throw new IllegalStateException("the page has no csrf field");
            }
            String csrf = m.group(1);
            long[] actionNs = new long[actions];
            AwsCallMeter.reset();
            for (int i = 0; i < actions; i++) {
                String postId = waiting.get(i);
                long version = Json.tree(api.ok("GET", tenant + "/posts/" + postId, key, null)).path("version").asLong();
                String form = "csrf=" + enc(csrf) + "&nonce=bench" + i + "&version=" + version;
                HttpRequest post = HttpRequest.newBuilder(URI.create(base + path + "/posts/" + postId + "/approve"))
                        .header("content-type", "application/x-www-form-urlencoded").header("cookie", cookie == null ? "" : cookie)
                        .header("origin", base).POST(HttpRequest.BodyPublishers.ofString(form)).build();
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
                actionNs[i] = System.nanoTime() - t0;
                if (r.statusCode() != 303) {
                    throw new IllegalStateException("approve answered " + r.statusCode() + ": " + r.body());
                }
                String status = Json.tree(api.ok("GET", tenant + "/posts/" + postId, key, null)).path("status").asText();
                if (status.equals("client_review")) {
                    throw new IllegalStateException("approve through the page left " + postId + " in client_review");
                }
            }
            Map<String, Long> perAction = callsOf("ReviewFunction");
            Arrays.sort(actionNs);

            System.out.printf("review page on the local runtime: %d posts (%d waiting, %d approved; 2 comments each; 3 platforms), "
                            + "JDK %d, %d cores, load average %s%n", posts, waiting.size(), posts - waiting.size(), Runtime.version().feature(),
                    Runtime.getRuntime().availableProcessors(), load());
            System.out.printf("  GET /review/{token} x %d (after 20 warm-up): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; %,d bytes of HTML%n",
                    gets, pct(ns, 50) / 1e6, pct(ns, 95) / 1e6, pct(ns, 99) / 1e6, ns[gets - 1] / 1e6, bytes);
            System.out.printf("  DynamoDB calls per page: %.1f %s%n", perPage.values().stream().mapToLong(Long::longValue).sum() / (double) gets,
                    per(perPage, gets));
            if (actions > 0) {
                System.out.printf("  approve through the page's form x %d: p50 %.1f ms, p95 %.1f ms, max %.1f ms; DynamoDB calls per action: %.1f %s%n",
                        actions, pct(actionNs, 50) / 1e6, pct(actionNs, 95) / 1e6, actionNs[actions - 1] / 1e6,
                        perAction.values().stream().mapToLong(Long::longValue).sum() / (double) actions, per(perAction, actions));
            }
        }
    }

    private static HttpResponse<String> page(HttpClient http, String url, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (cookie != null) {
            b.header("cookie", cookie);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the review page answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    /** DynamoDB calls of one function by operation since the last reset. */
    private static Map<String, Long> callsOf(String function) {
        Map<String, Long> out = new TreeMap<>();
        AwsCallMeter.snapshot().forEach((k, t) -> {
            if (k.caller().equals(function) && k.service().equals(AwsCallMeter.DYNAMODB)) {
                out.merge(k.operation(), t.calls.sum(), Long::sum);
            }
        });
        return out;
    }

    private static String per(Map<String, Long> calls, int n) {
        Map<String, String> out = new TreeMap<>();
        calls.forEach((op, c) -> out.put(op, String.format("%.1f", c / (double) n)));
        return out.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1))];
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
