package com.socialwire.bench.auth;

import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.Template;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.http.ApiRequest;
import com.socialwire.shared.http.ApiResponse;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.http.HttpApi;
import com.socialwire.shared.security.Access;
import com.socialwire.shared.security.Principal;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.aws.AwsCallObserver;
import com.socialwire.shared.aws.LeanDynamoDb;
import software.amazon.awssdk.core.SdkRequest;

import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the gate costs a request: the same trivial route served public (no key) and behind an
 * account key (key lookup + per-key rate limit), interleaved, through the shared router against
 * DynamoDB Local, with every DynamoDB call counted by an SDK interceptor.
 *
 * <pre>scripts/authbench [requests]</pre>
 */
public final class AuthOverheadBenchmark {

    public static void main(String[] args) {
        com.socialwire.bench.BenchMain.run(args, AuthOverheadBenchmark::run);
    }

    private static void run(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int warmup = Math.max(200, n / 5);
        try (LocalEnvironment env = LocalEnvironment.start(Template.locate(), 0, 0, 0, null)) {
            Map<String, String> vars = new HashMap<>(env.functionEnvironment("TenantsFunction"));
            // the limiter runs in full, but the benchmark must not hit the 60/min default
            vars.put("RATE_LIMIT_PER_MINUTE", "1000000000");
            vars.put("RATE_LIMIT_PER_HOUR", "1000000000");
            vars.put("RATE_LIMIT_PER_DAY", "1000000000");
            Config config = Config.of(vars);
            AtomicLong calls = new AtomicLong();
            // counts each DynamoDB call as it goes out (an observer: the raw call is shown to it in the SDK's model)
            AwsCallObserver counter = new AwsCallObserver() {
                @Override
                public SdkRequest beforeCall(String service, String operation, SdkRequest request) {
                    calls.incrementAndGet();
                    return request;
                }
            };
            AwsClients aws = new AwsClients(config);
            LeanDynamoDb db = new LeanDynamoDb(aws.endpoint("DYNAMODB_ENDPOINT").orElseThrow(), aws.regionId(), aws.credentials(),
                    List.of(counter), Clock.systemUTC());
            Table table = new Table(db, config.require("TABLE_NAME"));
            HttpApi api = HttpApi.builder(Gate.of(config, table, Clock.systemUTC()), (String route, ApiRequest r) -> ApiResponse.ok(Map.of("ok", true)))
                    .route("GET", "/bench/public", Access.PUBLIC, "public")
                    .route("GET", "/bench/keyed", Access.anyKey(), "keyed")
                    .build();
            String key = TestKeys.newAccount(env).raw();
            ApiRequest open = request("/bench/public", null);
            ApiRequest keyed = request("/bench/keyed", key);

            long coldStart = System.nanoTime();
            long before = calls.get();
            check(api.handle(keyed));
            long coldNanos = System.nanoTime() - coldStart;
            long coldCalls = calls.get() - before;

            for (int i = 0; i < warmup; i++) {
                check(api.handle(open));
                check(api.handle(keyed));
            }
            long[] openNs = new long[n];
            long[] keyedNs = new long[n];
            long openCalls = 0;
            long keyedCalls = 0;
            for (int i = 0; i < n; i++) {
                long c0 = calls.get();
                long t0 = System.nanoTime();
                check(api.handle(open));
                long t1 = System.nanoTime();
                long c1 = calls.get();
                check(api.handle(keyed));
                long t2 = System.nanoTime();
                openCalls += c1 - c0;
                keyedCalls += calls.get() - c1;
                openNs[i] = t1 - t0;
                keyedNs[i] = t2 - t1;
            }
            Arrays.sort(openNs);
            Arrays.sort(keyedNs);
            System.out.printf("auth + rate limit overhead, %d interleaved request pairs after %d warm-up pairs (DynamoDB Local, JDK %s)%n",
                    n, warmup, Runtime.version().feature());
            System.out.printf("  %-28s %10s %10s %10s %14s%n", "route", "p50 ms", "p90 ms", "p99 ms", "DynamoDB/req");
            row("public (no key)", openNs, (double) openCalls / n);
            row("account key (auth + limit)", keyedNs, (double) keyedCalls / n);
            System.out.printf("  median added latency: %.3f ms per request; DynamoDB calls added: %.2f per request%n",
                    (pct(keyedNs, 50) - pct(openNs, 50)) / 1e6, (double) (keyedCalls - openCalls) / n);
            System.out.printf("  first keyed request on a cold key cache: %.2f ms, %d DynamoDB calls (key lookup + limit)%n",
                    coldNanos / 1e6, coldCalls);
        }
    }

    private static ApiRequest request(String path, String key) {
        Map<String, String> headers = key == null ? Map.of() : Map.of("authorization", "Bearer " + key);
        return new ApiRequest("GET", path, Map.of(), Map.of(), headers, null, "req_bench", "127.0.0.1", Principal.ANONYMOUS);
    }

    private static void check(ApiResponse r) {
        if (r.status() != 200) {
            throw new IllegalStateException("benchmark request failed: " + r.status() + " " + r.body());
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void row(String name, long[] sorted, double callsPerRequest) {
        System.out.printf("  %-28s %10.3f %10.3f %10.3f %14.2f%n", name, pct(sorted, 50) / 1e6, pct(sorted, 90) / 1e6,
                pct(sorted, 99) / 1e6, callsPerRequest);
    }
}
