package com.socialwire.bench.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.Template;
import com.socialwire.posts.Posts;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.publish.PublishJobs;
import com.socialwire.posts.publish.PublishRun;
import com.socialwire.posts.publish.Publisher;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Config;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.providers.instagram.GraphApis;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.TenantProfiles;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One publish run over N scheduled posts of which D are due, on DynamoDB Local and ElasticMQ:
 * how long the run takes, how many items it reads, and every DynamoDB operation it issues (counted
 * by an SDK interceptor, so a Scan would show). Then a second run at once: nothing left to claim.
 *
 * <pre>scripts/publishbench [scheduled] [due]</pre>
 */
public final class PublishRunBenchmark {

    /** Counts every DynamoDB operation by name and the items Query returns and evaluates. */
    static final class Counter implements ExecutionInterceptor {
        final Map<String, AtomicLong> operations = new ConcurrentHashMap<>();
        final AtomicLong queryItems = new AtomicLong();
        final AtomicLong queryScanned = new AtomicLong();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            operations.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
            if (context.response() instanceof QueryResponse q) {
                queryItems.addAndGet(q.count());
                queryScanned.addAndGet(q.scannedCount());
            }
        }

        void reset() {
            operations.clear();
            queryItems.set(0);
            queryScanned.set(0);
        }

        Map<String, Long> snapshot() {
            Map<String, Long> out = new TreeMap<>();
            operations.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }
    }

    public static void main(String[] args) {
        com.socialwire.bench.BenchMain.run(args, PublishRunBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int due = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int tenants = 20;
        try (LocalEnvironment env = LocalEnvironment.start(Template.locate(), 0, 0, 0, null)) {
            Config config = env.functionConfig("PublishRunFunction");
            AwsClients aws = new AwsClients(config);
            Counter counter = new Counter();
            DynamoDbClient db = aws.configure(DynamoDbClient.builder(), "DYNAMODB_ENDPOINT")
                    .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
            Table table = new Table(db, config.require("TABLE_NAME"));
            PostStore posts = new PostStore(table);
            Clock clock = Clock.systemUTC();
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);

            System.out.printf("seeding %,d scheduled posts over %d tenants, %,d due (scheduled in the last 6 days), the rest over the next 30 days%n",
                    total, tenants, due);
            long seedStart = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            for (int i = 0; i < total; i++) {
                final int n = i;
                pool.submit(() -> {
                    Instant when = n < due ? now.minus(Duration.ofSeconds(1 + (long) n * 500)) // spread over ~6 days of buckets
                            : now.plus(Duration.ofMinutes(5 + (long) (n - due) * 4));
                    ObjectNode doc = Json.object();
                    doc.putObject("content").put("text", "Bench post " + n).putObject("platformOverrides");
                    doc.putArray("platforms").add("instagram");
                    doc.putArray("media");
                    Post p = new Post(Ids.next("post"), "tnt_bench" + (n % tenants), "acct_bench", now, com.socialwire.posts.model.PostStatus.SCHEDULED, 0, when, now, doc,
                            Json.object(), List.of());
                    posts.create(p);
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
            System.out.printf("seeded in %.1f s%n", (System.nanoTime() - seedStart) / 1e9);

            SqsClient sqs = aws.sqs();
            String queueUrl = config.require("CONTENT_QUEUE_URL");
            JobQueue queue = new JobQueue(() -> sqs, queueUrl);
            Metering metering = new Metering(new DynamoLedger(table, clock), PriceCard.BUILT_IN, clock);
            Publisher publisher = Posts.publisher(posts, new TenantProfiles(table, SecretCipher.fromConfig(config, aws)),
                    GraphApis.fromConfig(config), new MediaLibrary(table, aws::s3Presigner, "unused"), metering, clock,
                    Duration.ofSeconds(12), Duration.ofSeconds(20), Duration.ofSeconds(2));
            PublishRun run = new PublishRun(posts, new PublishJobs(queue), publisher, clock, 7, Duration.ofSeconds(60));

            for (String label : List.of("first run", "second run (immediately after)")) {
                counter.reset();
                long t0 = System.nanoTime();
                PublishRun.Report r = run.run();
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf("%n%s: %.0f ms%n", label, ms);
                System.out.printf("  report: %s%n", r.toMap());
                System.out.printf("  DynamoDB operations: %s%n", counter.snapshot());
                System.out.printf("  items returned by Query: %,d (evaluated: %,d)%n", counter.queryItems.get(), counter.queryScanned.get());
                System.out.printf("  Scan operations: %d%n", counter.operations.getOrDefault("Scan", new AtomicLong()).get());
            }
            long queued = Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
            System.out.printf("%ncontent queue now holds %,d publish jobs (expected %,d)%n", queued, due);
        }
    }
}
