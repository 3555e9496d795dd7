package com.socialwire.bench.cost;

import com.socialwire.shared.store.Write;
import com.socialwire.shared.store.Table;
import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.bench.AwsCallMeter;
import com.socialwire.bench.LocalApiClient;
import com.socialwire.local.runtime.LocalRuntime;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.LocalStores;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Ids;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.store.Item;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * What one comment reply and one publish cost on AWS, counted on the local runtime and priced at
 * the list prices of {@value Prices#FILE}. Every AWS call the functions make is counted by
 * {@link AwsCallMeter} (an SDK interceptor; DynamoDB capacity units are the ConsumedCapacity that
 * DynamoDB Local answers to {@code ReturnConsumedCapacity=TOTAL}); every invocation by the local
 * runtime's invocation hook, billed at the function's MemorySize from template.yaml for the
 * duration measured here. API Gateway requests are the invocations of functions behind the HTTP API.
 * <ul>
 * <li>reply: a signed Meta comment webhook → MetaWebhookFunction → comments queue → CommentWorkerFunction
 * (moderation, ledger hold and settle, offline LLM, Graph reply on the local sandbox);</li>
 * <li>publish: create a post → submit → qa-approve (scheduled) → PublishRunFunction claims and queues it →
 * ContentWorkerFunction publishes it on the local Graph sandbox (container, media_publish).</li>
 * </ul>
 * Only the scenario's own functions and the event-source polls of its own queue are counted
 * (other schedules fire meanwhile); idle long polls are left out (they cost per queue and minute,
 * not per item).
 *
 * <pre>scripts/costbench [--burst] [replies=30] [publishes=10] [reels=0]</pre>
 * {@code --burst}: the replies' webhooks are sent at once rather than 5 a second, so the comment worker's
 * SQS batches fill to the template's BatchSize (a busy brand), and the per-batch costs (the credit hold and
 * its settlement, the LLM budget's) divide by it; the batch size is printed beside the cost.
 */
public final class CostBenchmark {

    /** The caller name of the local runtime's own calls: Lambda's event source mappings polling the queues. */
    static final String EVENT_SOURCE = LocalStores.ACCESS_KEY;
    static final Set<String> EVENT_SOURCE_OPS = Set.of("ReceiveMessage", "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility",
            "ChangeMessageVisibilityBatch");

    /** Invocations of one function: count and summed duration. */
    static final class Invocations {
        final LongAdder count = new LongAdder();
        final LongAdder billedMs = new LongAdder();
        final DoubleAdder gbSeconds = new DoubleAdder();
    }

    /** One priced line of a scenario, per item. */
    record Line(String service, String caller, String what, double quantity, String unit, double usd) {
    }

    public static void main(String[] args) {
        com.socialwire.bench.BenchMain.run(args, CostBenchmark::run);
    }

    private static void run(String[] all) throws Exception {
        boolean burst = java.util.Arrays.asList(all).contains("--burst");
        String[] args = java.util.Arrays.stream(all).filter(a -> !a.equals("--burst")).toArray(String[]::new);
        int replies = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int publishes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int reels = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Prices prices = Prices.load();
        AwsCallMeter.askForCapacity();
        Map<String, Invocations> invocations = new ConcurrentHashMap<>();
        try (LocalEnvironment env = LocalEnvironment.start(Template.locate(), 0, 0, 0, null);
             LocalRuntime runtime = new LocalRuntime(env, 0, null, 1)) {
            runtime.onInvocation((fn, memoryMb, nanos) -> {
                Invocations i = invocations.computeIfAbsent(fn, k -> new Invocations());
                long ms = Math.max(1, (nanos + 999_999) / 1_000_000); // Lambda bills each invocation in whole milliseconds, rounded up
                i.count.increment();
                i.billedMs.add(ms);
                i.gbSeconds.add(memoryMb / 1024.0 * ms / 1000.0);
            });
            LocalApiClient api = new LocalApiClient("http://127.0.0.1:" + runtime.port());
            SqsClient admin = SqsClient.builder().endpointOverride(env.stores().sqsEndpoint()).region(Region.US_EAST_1)
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalStores.ACCESS_KEY, LocalStores.SECRET_KEY)))
                    .build();
            String key = Json.tree(api.ok("POST", "/v1/signup", null, "{\"accountName\":\"Cost Agency\"}")).path("apiKey").asText();
            String ig = "17841499999999998";
            String token = Json.tree(api.ok("POST", "/_local/graph/_tokens", null, "{\"igUserId\":\"" + ig + "\"}")).path("accessToken").asText();
            // a brand whose posts go through staff QA, as an agency's do: create, submit, qa-approve
            String tenantId = Json.tree(api.ok("POST", "/v1/tenants", key, "{\"name\":\"Cost Bakery\",\"igUserId\":\"" + ig
                    + "\",\"igAccessToken\":\"" + token + "\",\"brandVoice\":\"Warm\",\"settings\":{\"autoReplyComments\":true,"
                    + "\"requiresQaApproval\":true}}")).path("id").asText();
            String mediaId = media(env, tenantId, "image", "image/jpeg");
            String videoId = media(env, tenantId, "video", "video/mp4");
            String secret = env.secrets().get("META_APP_SECRET");
            Scenario reply = new Scenario("reply", Set.of("MetaWebhookFunction", "CommentWorkerFunction"),
                    env.resources().queueUrl("CommentsQueue"));
            Scenario publish = new Scenario("publish", Set.of("PostsFunction", "PublishRunFunction", "ContentWorkerFunction"),
                    env.resources().queueUrl("ContentQueue"));

            // warm-up, not counted: the first items pay for class loading and JIT, as a cold Lambda would once
            replies(api, secret, ig, "1787", 5, burst);
            awaitDrained(admin, reply.queueUrl, invocations);
            publishes(api, runtime, key, tenantId, mediaId, ig, 2);
            awaitDrained(admin, publish.queueUrl, invocations);

            AwsCallMeter.reset();
            invocations.clear();
            replies(api, secret, ig, "1788", replies, burst);
            awaitDrained(admin, reply.queueUrl, invocations);
            List<Line> replyLines = reply.price(env.template(), prices, invocations, replies);
            // the figure holds for the batch size it ran at: SQS batches grow under load, and per-batch costs divide by them
            Invocations workers = invocations.get("CommentWorkerFunction");
            double batch = workers == null ? 0 : replies / (double) workers.count.sum();

            AwsCallMeter.reset();
            invocations.clear();
            publishes(api, runtime, key, tenantId, mediaId, ig, publishes);
            awaitDrained(admin, publish.queueUrl, invocations);
            List<Line> publishLines = publish.price(env.template(), prices, invocations, publishes);
            // Meta fetches each image of a container from its presigned S3 URL: one GET per media item (not observable locally)
            publishLines.add(new Line("S3", "Meta (Graph API)", "GET of the presigned media URL (modelled: 1 per image)", 1, "requests",
                    prices.usd("s3.getClassRequest")));

            List<Line> reelLines = List.of();
            if (reels > 0) {
                // a reel: Instagram processes the video (the sandbox answers IN_PROGRESS to its first status reads)
                AwsCallMeter.reset();
                invocations.clear();
                publishes(api, runtime, key, tenantId, videoId, ig, reels);
                awaitDrained(admin, publish.queueUrl, invocations);
                reelLines = publish.price(env.template(), prices, invocations, reels);
            }

            System.out.printf("AWS cost per item on the local runtime (JDK %d, %d cores shared; Lambda durations measured here, warm), "
                    + "priced at %s list prices checked %s (bench/src/main/resources/%s)%n", Runtime.version().feature(),
                    Runtime.getRuntime().availableProcessors(), prices.region(), prices.checked(), Prices.FILE);
            if (replies > 0) {
                print(String.format("comment reply (Meta webhook -> comment worker -> offline LLM -> Graph reply), %d replies %s "
                        + "= SQS batches of %.2f comments on average (BatchSize %d)", replies, burst ? "sent at once" : "paced 5 a second", batch,
                        env.template().function("CommentWorkerFunction").events().stream().filter(e -> e instanceof Template.SqsEvent)
                                .mapToInt(e -> ((Template.SqsEvent) e).batchSize()).findFirst().orElse(0)), replyLines, 6.0,
                        "LLM tokens excluded");
            }
            print("publish (create -> submit -> qa-approve -> publish run -> content worker -> Graph media_publish), " + publishes + " posts",
                    publishLines, 10.0, "");
            if (reels > 0) {
                print("publish a reel (as above; the container IN_PROGRESS for its first status reads), " + reels + " reels",
                        reelLines, 10.0, "");
            }
            System.out.println();
            System.out.println("Not counted: CloudWatch Logs ingestion, X-Ray traces (Tracing: Active samples 1/s + 5%), data transfer "
                    + "out (Meta downloading the image), DynamoDB storage, idle SQS long polls and the publish run's empty minutes "
                    + "(per queue and minute, not per item), LLM tokens.");
        }
    }

    /** The functions and the queue one scenario runs through. */
    record Scenario(String name, Set<String> functions, String queueUrl) {

        List<Line> price(Template template, Prices prices, Map<String, Invocations> invocations, int items) {
            List<Line> lines = new ArrayList<>();
            String queue = queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
            Predicate<AwsCallMeter.Key> ours = k -> functions.contains(k.caller())
                    || (k.caller().equals(EVENT_SOURCE) && k.service().equals(AwsCallMeter.SQS) && k.operation().endsWith(" " + queue)
                    && EVENT_SOURCE_OPS.contains(k.operation().substring(0, k.operation().indexOf(' '))));
            for (String fn : functions.stream().sorted().toList()) {
                Invocations i = invocations.get(fn);
                if (i == null) {
                    continue;
                }
                double n = i.count.sum() / (double) items;
                lines.add(new Line("Lambda", fn, "invocations", n, "requests", n * prices.usd("lambda.request")));
                double gbs = i.gbSeconds.sum() / items;
                lines.add(new Line("Lambda", fn, String.format("duration at %d MB, %.0f ms billed per invocation", template.function(fn).memoryMb(),
                        i.billedMs.sum() / (double) i.count.sum()), gbs, "GB-s", gbs * prices.usd("lambda.arm64GbSecond")));
                boolean http = template.function(fn).events().stream().anyMatch(e -> e instanceof Template.HttpApiEvent);
                if (http) {
                    lines.add(new Line("API Gateway", fn, "HTTP API requests", n, "requests", n * prices.usd("apigateway.httpApiRequest")));
                }
            }
            AwsCallMeter.snapshot().forEach((k, t) -> {
                if (!ours.test(k)) {
                    return;
                }
                String caller = k.caller().equals(EVENT_SOURCE) ? "Lambda event source" : k.caller();
                double calls = t.calls.sum() / (double) items;
                switch (k.service()) {
                    case AwsCallMeter.DYNAMODB -> {
                        double r = t.readUnits.sum() / items;
                        double w = t.writeUnits.sum() / items;
                        String what = String.format("%s: %.2f calls, %.0f ms each%s", k.operation(), calls,
                                t.nanos.sum() / 1e6 / Math.max(1, t.calls.sum()), t.unmeasured.sum() > 0 ? " (" + t.unmeasured.sum() + " without capacity)" : "");
                        if (w > 0 || AwsCallMeter.writes(k.operation())) {
                            lines.add(new Line("DynamoDB", caller, what, w, "WRU", w * prices.usd("dynamodb.writeRequestUnit")));
                        } else {
                            lines.add(new Line("DynamoDB", caller, what, r, "RRU", r * prices.usd("dynamodb.readRequestUnit")));
                        }
                    }
                    case AwsCallMeter.SQS -> {
                        double billed = t.billedRequests.sum() / (double) items;
                        lines.add(new Line("SQS", caller, k.operation(), billed, "requests", billed * prices.usd("sqs.request")));
                    }
                    case AwsCallMeter.KMS -> lines.add(new Line("KMS", caller, k.operation(), calls, "requests", calls * prices.usd("kms.request")));
                    case AwsCallMeter.S3 -> {
                        boolean put = Set.of("PutObject", "CopyObject", "ListObjectsV2", "ListObjects", "CreateMultipartUpload", "UploadPart",
                                "CompleteMultipartUpload").contains(k.operation());
                        boolean free = k.operation().startsWith("Delete");
                        lines.add(new Line("S3", caller, k.operation(), calls, "requests",
                                free ? 0 : calls * prices.usd(put ? "s3.putClassRequest" : "s3.getClassRequest")));
                    }
                    default -> lines.add(new Line(k.service(), caller, k.operation() + " (not priced)", calls, "requests", 0));
                }
            });
            return lines;
        }
    }

    private static void print(String title, List<Line> lines, double targetPerMillion, String note) {
        double total = lines.stream().mapToDouble(Line::usd).sum();
        System.out.printf("%n%s — per item:%n", title);
        System.out.printf("  %-12s %-22s %-90s %9s %-8s %10s%n", "service", "caller", "what", "quantity", "unit", "$ per 1M");
        lines.stream().sorted(Comparator.comparing(Line::service).thenComparing(Line::caller).thenComparing(Line::what)).forEach(l ->
                System.out.printf("  %-12s %-22s %-90s %9.3f %-8s %10.4f%n", l.service(), l.caller(), l.what(), l.quantity(), l.unit(), l.usd() * 1e6));
        Map<String, Double> byService = new java.util.TreeMap<>();
        lines.forEach(l -> byService.merge(l.service(), l.usd() * 1e6, Double::sum));
        System.out.printf("  by service ($ per 1M): %s%n", byService.entrySet().stream()
                .map(e -> String.format("%s %.3f", e.getKey(), e.getValue())).toList());
        Line biggest = lines.stream().max(Comparator.comparingDouble(Line::usd)).orElseThrow();
        System.out.printf("  biggest line: %s %s %s ($%.3f per 1M)%n", biggest.service(), biggest.caller(), biggest.what(), biggest.usd() * 1e6);
        System.out.printf("  TOTAL: $%.2f per 1M (target <= $%.0f per 1M%s) -> %s%n", total * 1e6, targetPerMillion,
                note.isEmpty() ? "" : ", " + note, total * 1e6 <= targetPerMillion ? "within target" : "OVER target");
        Map<String, Double> byCaller = new java.util.TreeMap<>();
        lines.forEach(l -> byCaller.merge(l.caller(), l.usd() * 1e6, Double::sum));
        System.out.printf("  by caller ($ per 1M): %s%n", byCaller.entrySet().stream()
                .map(e -> String.format("%s %.3f", e.getKey(), e.getValue())).toList());
    }

    /** {@code n} comment webhooks, paced 5 a second (or at once: {@code burst}), and waits until the Graph sandbox got every reply. */
    private static void replies(LocalApiClient api, String secret, String ig, String prefix, int n, boolean burst) throws Exception {
        String[] questions = {"Do you have gluten-free bread?", "What time do you open on Sunday?", "Is the cafe dog friendly?",
                "Can I pre-order a cake?", "Love the new croissants!"};
        List<String> ids = new ArrayList<>();
        List<java.util.concurrent.Future<Integer>> sent = new ArrayList<>();
        // a burst: every webhook at once (a viral post), so the comments wait in the queue together and batches fill
        try (java.util.concurrent.ExecutorService at = burst ? java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()
                : java.util.concurrent.Executors.newSingleThreadExecutor()) {
            for (int i = 0; i < n; i++) {
                String id = prefix + (100_000_000_000L + i);
                String question = questions[i % questions.length];
                ids.add(id);
                sent.add(at.submit(() -> api.commentWebhook(secret, ig, id, question).statusCode()));
                if (!burst) {
                    Thread.sleep(200);
                }
            }
            for (java.util.concurrent.Future<Integer> status : sent) {
                if (status.get() != 200) {
                    throw new IllegalStateException("webhook answered " + status.get());
                }
            }
        }
        awaitGraph(api, c -> c.path("method").asText().equals("POST") && ids.contains(c.path("path").asText().split("/")[1])
                && c.path("path").asText().endsWith("/replies"), n, "replies");
    }

    /** {@code n} posts through QA to the schedule, one publish run, and waits until the Graph sandbox published each. */
    private static void publishes(LocalApiClient api, LocalRuntime runtime, String key, String tenantId, String mediaId, String ig, int n)
            throws Exception {
        long before = count(api.graphOutbox(), c -> isPublish(c, ig));
        Instant when = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.SECONDS);
        String posts = "/v1/tenants/" + tenantId + "/posts";
        for (int i = 0; i < n; i++) {
            String id = Json.tree(api.ok("POST", posts, key, "{\"content\":\"Fresh loaves at 7, batch " + Ids.base62(6)
                    + "\",\"platforms\":[\"instagram\"],\"media\":[\"" + mediaId + "\"],\"scheduledFor\":\"" + when + "\"}")).path("id").asText();
            api.ok("POST", posts + "/" + id + "/submit", key, "{}");
            String status = Json.tree(api.ok("POST", posts + "/" + id + "/qa-approve", key, "{}")).path("status").asText();
            if (!status.equals("scheduled")) {
                throw new IllegalStateException("post " + id + " is " + status + " after qa-approve, not scheduled");
            }
        }
        runtime.fire("PublishRunFunction", "EveryMinute"); // what the every-minute schedule does; its jobs wait in SQS until the post's time
        awaitGraph(api, c -> isPublish(c, ig), before + n, "media_publish calls");
    }

    private static boolean isPublish(JsonNode c, String ig) {
        return c.path("method").asText().equals("POST") && c.path("path").asText().equals("/" + ig + "/media_publish")
                && c.path("outcome").asText().startsWith("ok");
    }

    private static long count(JsonNode outbox, Predicate<JsonNode> match) {
        long n = 0;
        for (JsonNode c : outbox.path("calls")) {
            if (match.test(c)) {
                n++;
            }
        }
        return n;
    }

    private static void awaitGraph(LocalApiClient api, Predicate<JsonNode> match, long n, String what) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = count(api.graphOutbox(), match);
            if (seen >= n) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the Graph sandbox saw " + seen + " of " + n + " " + what + " within 180 s");
    }

    /** Waits until the queue holds nothing (visible, in flight or delayed) and no invocation ran for 2 s: the workers' last writes are in. */
    private static void awaitDrained(SqsClient sqs, String queueUrl, Map<String, Invocations> invocations) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        long lastCount = -1;
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            long held = a.values().stream().mapToLong(Long::parseLong).sum();
            long count = invocations.values().stream().mapToLong(i -> i.count.sum()).sum();
            quiet = held == 0 && count == lastCount ? quiet + 1 : 0;
            if (quiet >= 8) {
                return;
            }
            lastCount = count;
            Thread.sleep(250);
        }
        throw new IllegalStateException(queueUrl + " did not drain within 120 s");
    }

    /** A verified image or video of the tenant, as the media processor leaves one (set-up, not counted). */
    private static String media(LocalEnvironment env, String tenantId, String kind, String mimeType) {
        var config = env.functionConfig("PostsFunction");
        String id = "med_" + Ids.base62(20);
        new Table(new AwsClients(config).dynamoDb(), config.require("TABLE_NAME")).put(new Write.Put(Item.create()
                .s("PK", MediaLibrary.pk(tenantId)).s("SK", MediaLibrary.sk(id)).s("id", id).s("tenantId", tenantId)
                .s("status", "ready").s("kind", kind).s("mimeType", mimeType).s("s3Key", "media/" + tenantId + "/" + id + "/loaf." + mimeType.substring(6))
                .n("width", 1080).n("height", 1350).n("sizeBytes", 350_000).build()));
        return id;
    }
}
