package com.socialwire.bench.publish;

import com.socialwire.shared.aws.LeanDynamoDb;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.bench.AwsCallMeter;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.LocalStores;
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
import com.socialwire.shared.aws.LeanSqs;
import com.socialwire.shared.aws.S3GetUrls;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.jobs.JobQueue;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.providers.instagram.GraphApis;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.TenantProfiles;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One publish run over N scheduled posts of which D are due, across T tenants, on DynamoDB Local and
 * ElasticMQ: how long the run takes to claim and queue them (target: 10,000 due posts of 1,000 tenants
 * in 30 s), how many items it reads, and every DynamoDB operation it issues, in all and per due post
 * (counted by {@link AwsCallMeter}, the SDK interceptor every client here carries, so a Scan would show),
 * with the capacity units DynamoDB Local reports and the SQS requests. Then a second run at once: nothing left to claim.
 *
 * <pre>scripts/publishbench [scheduled=12000] [due=10000] [tenants=1000]</pre>
 */
public final class PublishRunBenchmark {

    public static void main(String[] args) {
        com.socialwire.bench.BenchMain.run(args, PublishRunBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 12_000;
        int due = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int tenants = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        AwsCallMeter.askForCapacity();
        try (LocalEnvironment env = LocalEnvironment.start(Template.locate(), 0, 0, 0, null)) {
            Config config = env.functionConfig("PublishRunFunction");
            AwsClients aws = new AwsClients(config);
            LeanDynamoDb db = aws.dynamoDb();
            Table table = new Table(db, config.require("TABLE_NAME"));
            PostStore posts = new PostStore(table);
            Clock clock = Clock.systemUTC();
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);

            System.out.printf("JDK %d, %d cores; seeding %,d scheduled posts over %,d tenants, %,d due (scheduled in the last 6 days), the rest over the next 30 days%n",
                    Runtime.version().feature(), Runtime.getRuntime().availableProcessors(), total, tenants, due);
            long seedStart = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            for (int i = 0; i < total; i++) {
                final int n = i;
                pool.submit(() -> {
                    Instant when = n < due ? now.minus(Duration.ofSeconds(1 + (long) n * 500L * 1_000 / Math.max(1_000, due))) // spread over ~6 days of buckets
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

            LeanSqs sqs = aws.sqs();
            String queueUrl = config.require("CONTENT_QUEUE_URL");
            JobQueue queue = new JobQueue(() -> sqs, queueUrl);
            Metering metering = new Metering(new DynamoLedger(table, clock), PriceCard.BUILT_IN, clock);
            Publisher publisher = Posts.publisher(posts, new TenantProfiles(table, SecretCipher.fromConfig(config, aws)),
                    GraphApis.fromConfig(config), new MediaLibrary(table, S3GetUrls.of(aws), "unused"), metering, clock,
                    Duration.ofSeconds(12), Duration.ofSeconds(20), Duration.ofSeconds(2));
            PublishRun run = new PublishRun(posts, new PublishJobs(queue), publisher, clock, 7, Duration.ofSeconds(60));

            for (String label : List.of("first run", "second run (immediately after)")) {
                AwsCallMeter.reset();
                long t0 = System.nanoTime();
                PublishRun.Report r = run.run();
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf("%n%s: %.0f ms%n", label, ms);
                System.out.printf("  report: %s%n", r.toMap());
                Map<String, Long> ops = AwsCallMeter.operations(AwsCallMeter.DYNAMODB);
                System.out.printf("  DynamoDB operations: %s%n", ops);
                System.out.printf("  items returned by Query: %,d (evaluated: %,d)%n", (long) AwsCallMeter.total(AwsCallMeter.DYNAMODB, t -> t.items.sum()),
                        (long) AwsCallMeter.total(AwsCallMeter.DYNAMODB, t -> t.scanned.sum()));
                System.out.printf("  Scan operations: %d%n", ops.entrySet().stream().filter(e -> e.getKey().startsWith("Scan"))
                        .mapToLong(Map.Entry::getValue).sum());
                System.out.printf("  SQS operations: %s%n", AwsCallMeter.operations(AwsCallMeter.SQS));
                if (r.claimed() > 0) {
                    Map<String, String> perPost = new TreeMap<>();
                    ops.forEach((op, c) -> perPost.put(op, String.format("%.3f", c / (double) r.claimed())));
                    System.out.printf("  DynamoDB calls per claimed post: %s; capacity units per post: %.2f read, %.2f write%n", perPost,
                            AwsCallMeter.total(AwsCallMeter.DYNAMODB, t -> t.readUnits.sum()) / r.claimed(),
                            AwsCallMeter.total(AwsCallMeter.DYNAMODB, t -> t.writeUnits.sum()) / r.claimed());
                    System.out.printf("  SQS requests per claimed post: %.3f%n", AwsCallMeter.total(AwsCallMeter.SQS, t -> t.calls.sum()) / r.claimed());
                    System.out.printf("  claimed and queued %,d posts in %.1f s (target: 10,000 due posts of 1,000 tenants in <= 30 s)%n",
                            r.claimed(), ms / 1000);
                }
            }
            // the function may not read queue attributes (template.yaml): ask as the stores' own key
            SqsClient admin = SqsClient.builder().endpointOverride(env.stores().sqsEndpoint()).region(aws.region())
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalStores.ACCESS_KEY, LocalStores.SECRET_KEY)))
                    .build();
            long queued = Long.parseLong(admin.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
            System.out.printf("%ncontent queue now holds %,d publish jobs (expected %,d)%n", queued, due);
        }
    }
}
