package com.socialwire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.runtime.LocalRuntime;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.LocalStores;
import com.socialwire.local.stores.Template;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.store.Table;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Cold starts of each function against a hello-world baseline, measured the way Lambda starts a
 * Java function: a fresh JVM running the Lambda runtime interface client (RIC) with Lambda's java21
 * JVM flags, the function zip unpacked as its task root (working directory, loaded by the RIC's
 * customer class loader), the function's template environment, and a Runtime API — here a local
 * one — handing it a real event. A cold start is the wall time from spawning the JVM to its
 * response arriving at the Runtime API: Lambda's init duration plus the first invocation.
 *
 * <p>Functions run round-robin, so machine noise lands on all of them alike; a wrong response
 * fails the run. Usage: {@code ColdStartBenchmark [runs] [--warmup N] [--jvm-arg ARG]...}.
 * Exit status: 0 when every function is within the target, 2 when one is not, 1 on any error.
 */
public final class ColdStartBenchmark {

    /** This release's target: a function's median cold start at most this multiple of hello-world's (the exit status). */
    static final double TARGET_RATIO = 3.0;

    /** Where the README's performance section leads: printed beside the target, not enforced. */
    static final double GOAL_RATIO = 1.5;

    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final String HELLO_HANDLER = "com.socialwire.bench.hello.HelloHandler::handleRequest";
    private static final String HELLO_NAME = "HelloWorld";
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Command-line options. */
    record Options(int runs, int warmup, List<String> jvmArgs, List<String> only, boolean breakdown) {
        static Options parse(String[] args) {
            int runs = 10;
            int warmup = 1;
            List<String> jvmArgs = new ArrayList<>();
            List<String> only = new ArrayList<>();
            boolean breakdown = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(value(args, ++i));
                    case "--warmup" -> warmup = Integer.parseInt(value(args, ++i));
                    case "--jvm-arg" -> jvmArgs.add(value(args, ++i));
                    case "--only" -> only.addAll(List.of(value(args, ++i).split(",")));
                    case "--breakdown" -> breakdown = true;
                    default -> {
                        if (!args[i].matches("\\d+")) {
                            throw new IllegalArgumentException("unknown argument " + args[i]);
                        }
                        runs = Integer.parseInt(args[i]);
                    }
                }
            }
            if (runs < 1 || warmup < 0) {
                throw new IllegalArgumentException("runs must be >= 1 and warm-up rounds >= 0");
            }
            return new Options(runs, warmup, List.copyOf(jvmArgs), List.copyOf(only), breakdown);
        }

        /** Whether {@code function} is measured: all of template.yaml's unless {@code --only} names some. */
        boolean selected(String function) {
            return only.isEmpty() || only.contains(function) || only.contains(function.replace("Function", ""));
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    /** A function under test: its unpacked zip, the event it gets and the status it must answer. */
    record Subject(String name, Path zip, Path taskRoot, String handler, int memoryMb, Duration timeout,
                   Map<String, String> environment, EventSource event, Expect expect) {
    }

    /** The summary of one function's cold starts, in milliseconds. */
    record Stats(double median, double min, double max, double p90) {
        static Stats of(List<Long> nanos) {
            List<Double> ms = nanos.stream().map(n -> n / 1e6).sorted().toList();
            int n = ms.size();
            double median = n % 2 == 1 ? ms.get(n / 2) : (ms.get(n / 2 - 1) + ms.get(n / 2)) / 2;
            double p90 = ms.get((int) Math.ceil(0.9 * n) - 1); // nearest rank
            return new Stats(median, ms.get(0), ms.get(n - 1), p90);
        }
    }

    private final Options options;
    private final Path root;
    private final Path work;
    private final Path logs;
    private final List<String> ricClasspath;
    private final Path jniLibrary;
    private volatile Process live;

    private ColdStartBenchmark(Options options, Path root, Path work) throws IOException {
        this.options = options;
        this.root = root;
        this.work = work;
        // Each function's last JVM output stays here for a look after the run.
        this.logs = Files.createDirectories(root.resolve("bench/target/coldstart-logs"));
        this.ricClasspath = ricJars(root.resolve("bench/target/ric"));
        this.jniLibrary = extractJni(ricClasspath, work);
    }

    public static void main(String[] args) {
        String usage = "usage: scripts/coldstart [runs] [--runs N] [--warmup N] [--jvm-arg ARG]... [--only Fn,Fn] [--breakdown]";
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            REPORT.println(usage);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(usage);
            System.exit(1);
            return;
        }
        try {
            System.exit(run(options));
        } catch (Exception e) {
            System.err.println();
            System.err.println("COLD-START BENCHMARK FAILED: " + e.getMessage());
            if (!(e instanceof BenchmarkFailure)) {
                e.printStackTrace();
            }
            System.exit(1);
        }
    }

    /** The report's stream: stdout as the benchmark found it; everything else (store and sandbox logs) goes to stderr. */
    private static final PrintStream REPORT = System.out;

    private static int run(Options options) throws Exception {
        System.setOut(System.err);
        Path template = Template.locate();
        Path root = template.getParent();
        Path work = Files.createTempDirectory("socialwire-coldstart-");
        System.err.println("starting the local stores (DynamoDB Local, ElasticMQ, S3Proxy) and the local Graph/Stripe sandboxes ...");
        try (LocalEnvironment env = startQuietly(template);
             // its gateway serves the Graph and Stripe sandboxes the functions' environment points at: no network
             LocalRuntime sandboxes = new LocalRuntime(env, 0, null, 1)) {
            ColdStartBenchmark bench = new ColdStartBenchmark(options, root, work);
            Runtime.getRuntime().addShutdownHook(new Thread(bench::killLive));
            return bench.measure(env);
        } finally {
            deleteRecursively(work);
        }
    }

    /** DynamoDB Local prints its banner to stdout; stdout is for the report alone. */
    private static LocalEnvironment startQuietly(Path template) {
        PrintStream out = System.out;
        System.setOut(System.err);
        try {
            return LocalEnvironment.start(template, 0, 0, 0, null);
        } finally {
            System.setOut(out);
        }
    }

    /**
     * The first event each function of template.yaml gets: an events/ fixture of its own trigger (an HTTP API
     * v2 request, an SQS batch, an EventBridge scheduled event, an S3 notification), so init and the first
     * invocation run the code a real first request runs, against the embedded stores.
     */
    static final Map<String, String> FIRST_EVENTS = orderedMap(
            "SystemFunction", "health.json",
            "AccountsFunction", "accounts-me.json",
            "TenantsFunction", "tenants-list.json",
            "CompetitorsFunction", "competitors-get.json",
            "SocialFunction", "social-accounts-list.json",
            "TokenCareFunction", "token-care.json",
            "MetaWebhookFunction", "meta-comment.json",
            "CommentWorkerFunction", "comment-worker-batch.json",
            "DmWorkerFunction", "dm-worker-batch.json",
            "InboxFunction", "inbox-list.json",
            "InboxPollFunction", "inbox-poll-run.json",
            "BillingFunction", "billing-balance.json",
            "StripeWebhookFunction", "stripe-checkout-completed.json",
            "ReservationSweepFunction", "reservation-sweep.json",
            "PostsFunction", "posts-list.json",
            "StudioFunction", "studio-strategy-get.json",
            "PublishRunFunction", "publish-run.json",
            "ContentWorkerFunction", "content-worker-batch.json",
            "AiToolsFunction", "ai-best-time.json",
            "AnalyticsFunction", "analytics-stats.json",
            "ContentJobsFunction", "content-jobs-list.json",
            "FeedsFunction", "rss-feeds-list.json",
            "FeedRunFunction", "feed-run.json",
            "InsightsFunction", "analytics-post.json",
            "InsightsRunFunction", "insights-run.json",
            "ReviewFunction", "review-page.json", // a client opening a real link (seeded below) over a post waiting for them
            "MediaFunction", "media-list.json",
            "MediaProcessorFunction", "media-processor-upload.json",
            "ReportsFunction", "reports-list.json",
            "ReportRunFunction", "report-run.json",
            "ReportWorkerFunction", "report-worker-batch.json",
            "ReadsFunction", "instagram-post.json");

    /** The tenant id the events/ fixtures carry in place of a real one. */
    private static final String FIXTURE_TENANT = "tnt_ReplaceWithARealId0000";
    private static final String FIXTURE_POST = "post_ReplaceWithARealPostId0";
    private static final String FIXTURE_REVIEW_TOKEN = "rvw_ReplaceWithTheTokenOfARealReviewLink0000000";

    /**
     * What a client's first page load needs, made through the functions themselves: a post of the seeded tenant taken
     * through its QA stage to the client (PostsFunction: create, submit, qa-approve) and a review link of its campaign
     * (ReviewFunction). Answers the link's token.
     */
    private String seedReviewLink(LocalEnvironment env, String key, String tenantId, Map<String, String> zips) throws Exception {
        System.err.println("seeding a post waiting for the client and a review link through PostsFunction and ReviewFunction ...");
        String when = java.time.Instant.now().plus(java.time.Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Subject posts = functionSubject(env, "PostsFunction", zips.get("PostsFunction"), () -> event("posts-create.json", key, tenantId, env,
                Map.of(), "{\"content\":\"Fresh rye and seeded sourdough from 7am: come early, they sell out.\",\"platforms\":[\"linkedin\"],"
                        + "\"scheduledFor\":\"" + when + "\",\"campaignId\":\"cmp_launch\"}"));
        String postId = JSON.readTree(JSON.readTree(coldStart(posts, posts.event().get(), Expect.status(201)).body()).path("body").asText())
                .path("id").asText();
        for (String step : List.of("/submit", "/qa-approve")) {
            byte[] e = event("posts-submit.json", key, tenantId, env, Map.of(FIXTURE_POST, postId, "/submit", step), null);
            coldStart(posts, e, Expect.status(200));
        }
        Subject review = functionSubject(env, "ReviewFunction", zips.get("ReviewFunction"),
                () -> event("review-links-create.json", key, tenantId, env));
        String url = JSON.readTree(JSON.readTree(coldStart(review, review.event().get(), Expect.status(201)).body()).path("body").asText())
                .path("url").asText();
        int at = url.indexOf("/review/");
        if (at < 0) {
            throw new BenchmarkFailure("review link creation answered no url: " + abbreviate(url));
        }
        return url.substring(at + "/review/".length());
    }

    private int measure(LocalEnvironment env) throws Exception {
        // The routes want an account's API key: an admin key of a fresh account, as the function tests use.
        TestKeys.Key account = TestKeys.newAccount(env);
        String key = "Bearer " + account.raw();
        grantSignupCredits(env, account.accountId());
        Map<String, String> zips = zipsByFunction(root.resolve("Makefile"));
        List<String> functions = env.template().functions().stream().map(Template.FunctionDef::logicalId)
                .filter(options::selected).toList();
        for (String fn : functions) {
            if (!FIRST_EVENTS.containsKey(fn)) {
                throw new BenchmarkFailure(fn + " is in template.yaml but has no first event in ColdStartBenchmark.FIRST_EVENTS");
            }
            if (!zips.containsKey(fn)) {
                throw new BenchmarkFailure(fn + " has no build-" + fn + " target in the Makefile naming its zip");
            }
        }

        // One tenant, created through the function itself (its Instagram token proven by the local Graph
        // sandbox), so list queries return real pages and the workers' jobs find their tenant.
        System.err.println("seeding one tenant through TenantsFunction ...");
        Subject creator = functionSubject(env, "TenantsFunction", zips.get("TenantsFunction"), () -> event("tenants-create.json", key, null, env));
        String created = coldStart(creator, creator.event().get(), Expect.status(201)).body();
        String tenantId = JSON.readTree(JSON.readTree(created).path("body").asText()).path("id").asText();
        if (!tenantId.startsWith("tnt_")) {
            throw new BenchmarkFailure("tenant creation answered no tenant id: " + abbreviate(created));
        }

        String reviewToken = functions.contains("ReviewFunction") ? seedReviewLink(env, key, tenantId, zips) : null;

        Subject hello = helloSubject(env, () -> event("health.json", key, tenantId, env));
        List<Subject> subjects = new ArrayList<>(List.of(hello));
        for (String fn : functions) {
            String file = FIRST_EVENTS.get(fn);
            subjects.add(functionSubject(env, fn, zips.get(fn), () -> reviewToken == null ? event(file, key, tenantId, env)
                    : event(file, key, tenantId, env, Map.of(FIXTURE_REVIEW_TOKEN, reviewToken), null)));
        }
        if (options.breakdown()) {
            return breakdown(subjects);
        }

        double loadBefore = loadAverage();
        Map<Subject, List<Long>> samples = new LinkedHashMap<>();
        Map<Subject, List<Double>> ratios = new LinkedHashMap<>(); // each start over the hello-world start just before it
        subjects.forEach(s -> {
            samples.put(s, new ArrayList<>());
            ratios.put(s, new ArrayList<>());
        });
        int rounds = options.warmup() + options.runs();
        for (int round = 0; round < rounds; round++) {
            boolean warmup = round < options.warmup();
            StringBuilder line = new StringBuilder(warmup
                    ? "warm-up %d/%d (discarded):".formatted(round + 1, options.warmup())
                    : "round %d/%d:".formatted(round - options.warmup() + 1, options.runs()));
            // Rotate the starting function each round so none always follows the same neighbour; hello-world runs
            // between every two functions, so each function's ratio is taken against starts of the same moment.
            for (int k = 0; k < subjects.size() - 1; k++) {
                Subject s = subjects.get(1 + (round + k) % (subjects.size() - 1));
                long helloNanos = 0;
                for (Subject t : List.of(hello, s)) {
                    long nanos = coldStart(t, t.event().get(), t.expect()).nanos();
                    if (!warmup) {
                        samples.get(t).add(nanos);
                        ratios.get(t).add(t == hello ? 1.0 : (double) nanos / helloNanos);
                    }
                    helloNanos = nanos;
                    if (t != hello) {
                        line.append("  %s %.0f".formatted(t.name().replace("Function", ""), nanos / 1e6));
                    }
                }
            }
            System.err.println(line);
        }
        return report(samples, ratios, hello, loadBefore, loadAverage());
    }

    /**
     * The promotional credits a signup grants (the local stack's {@code SIGNUP_GRANT_MICRO_CREDITS}, as DemoAccount), so
     * a paid first request (a read, a reply) does its work instead of answering 402 for an account no signup funded.
     */
    private static void grantSignupCredits(LocalEnvironment env, String accountId) {
        long grant = env.functionConfig("AccountsFunction").getLong("SIGNUP_GRANT_MICRO_CREDITS", 0);
        if (grant <= 0) {
            throw new BenchmarkFailure("SIGNUP_GRANT_MICRO_CREDITS is not set for AccountsFunction: the benchmark's account would have no credits");
        }
        Table table = new Table(new AwsClients(env.functionConfig("AccountsFunction")).dynamoDb(), env.resources().tables().get("Table"));
        new DynamoLedger(table, Clock.systemUTC()).grant(accountId, grant, "signup:" + accountId, Ledger.Category.PROMOTIONAL, "signup promotion");
    }

    /** Class families of the breakdown, by name prefix, first match wins; anything else is "other". */
    static final Map<String, List<String>> FAMILIES = orderedFamilies();

    private static Map<String, List<String>> orderedFamilies() {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("runtime", List.of("com.amazonaws.services.lambda.runtime.api.", "com.amazonaws.services.lambda.crac.", "lambdainternal."));
        f.put("logging", List.of("org.apache.logging.", "org.slf4j.", "software.amazon.lambda.powertools.logging", "ch.qos.logback.",
                "software.amazon.lambda.powertools.common"));
        f.put("metrics", List.of("software.amazon.lambda.powertools.metrics", "software.amazon.cloudwatchlogs."));
        f.put("jackson", List.of("com.fasterxml.jackson."));
        f.put("aws-sdk", List.of("software.amazon.awssdk.", "software.amazon.eventstream.", "org.reactivestreams."));
        f.put("lambda-libs", List.of("com.amazonaws.services.lambda.runtime."));
        f.put("stripe", List.of("com.stripe.", "com.google.gson."));
        f.put("socialwire", List.of("com.socialwire."));
        f.put("jdk", List.of("java.", "javax.", "jdk.", "sun.", "com.sun."));
        return Collections.unmodifiableMap(f);
    }

    static String family(String className) {
        for (var e : FAMILIES.entrySet()) {
            for (String prefix : e.getValue()) {
                if (className.startsWith(prefix)) {
                    return e.getKey();
                }
            }
        }
        return "other";
    }

    /**
     * Where each function's cold start goes: one start per function under {@code -Xlog:class+load}, each class
     * counted under its family, and the wall time between two class loads charged to the family that was
     * loading (a JDK class is charged to the last non-JDK family before it, whose code pulled it in). JVM boot
     * up to the runtime client is "jvm+ric"; after the last class load until the response is "run".
     */
    private int breakdown(List<Subject> subjects) throws IOException, InterruptedException {
        List<String> columns = new ArrayList<>(List.of("jvm+ric"));
        FAMILIES.keySet().stream().filter(f -> !f.equals("runtime") && !f.equals("jdk")).forEach(columns::add);
        columns.addAll(List.of("other", "run"));
        REPORT.println();
        REPORT.println("Cold-start breakdown (one start each, -Xlog:class+load): ms charged / classes loaded per family");
        StringBuilder head = new StringBuilder("%-24s %7s %7s".formatted("function", "total", "classes"));
        columns.forEach(c -> head.append(" %14s".formatted(c)));
        REPORT.println(head);
        for (Subject s : subjects) {
            Path log = logs.resolve(s.name() + ".classload.txt");
            Files.deleteIfExists(log);
            Started started = coldStart(s, s.event().get(), s.expect(), List.of("-Xlog:class+load=info:file=" + log + ":uptimenanos"));
            double total = started.nanos() / 1e6;
            Map<String, double[]> charged = new LinkedHashMap<>(); // family -> {ms, classes}
            columns.forEach(c -> charged.put(c, new double[2]));
            var line = java.util.regex.Pattern.compile("^\\[(\\d+)ns\\] (\\S+) source: (.*)$");
            long previous = 0;
            String loading = "jvm+ric";
            int classes = 0;
            boolean handlerSeen = false;
            for (String l : Files.readAllLines(log)) {
                var m = line.matcher(l);
                if (!m.matches()) {
                    continue;
                }
                long at = Long.parseLong(m.group(1));
                String fam = family(m.group(2));
                classes++;
                if (!handlerSeen && (fam.equals("socialwire") || m.group(2).startsWith("com.socialwire.bench.hello"))) {
                    handlerSeen = true; // the runtime client has booted and loads the handler
                }
                String charge = !handlerSeen ? "jvm+ric" : fam.equals("jdk") || fam.equals("runtime") ? loading : fam;
                charged.get(charge)[0] += (at - previous) / 1e6;
                charged.get(fam.equals("jdk") || fam.equals("runtime") ? charge : fam)[1]++;
                if (handlerSeen && !fam.equals("jdk") && !fam.equals("runtime")) {
                    loading = fam;
                }
                previous = at;
            }
            // spawn -> JVM start is not in the log; the remainder after the last class load is running code
            double logged = charged.values().stream().mapToDouble(v -> v[0]).sum();
            charged.get("run")[0] += Math.max(0, total - logged);
            StringBuilder row = new StringBuilder("%-24s %7.0f %7d".formatted(s.name(), total, classes));
            columns.forEach(c -> row.append(" %14s".formatted("%.0f/%d".formatted(charged.get(c)[0], (int) charged.get(c)[1]))));
            REPORT.println(row);
        }
        REPORT.println();
        REPORT.println("Class-load logs: " + logs + "/<function>.classload.txt");
        return 0;
    }

    /** What a function's first response must be: an HTTP status, or any non-error answer for the other triggers. */
    record Expect(int status) {
        static Expect status(int status) {
            return new Expect(status);
        }

        /** A status below 500 for an HTTP request; the runtime reporting no error otherwise. */
        static final Expect NO_ERROR = new Expect(-1);

        String check(String body) {
            int got = statusCode(body);
            if (status > 0) {
                return got == status ? null : "expected statusCode %d, got %d".formatted(status, got);
            }
            return got >= 500 ? "answered statusCode " + got : null;
        }
    }

    /** Each function's zip, from the Makefile's {@code build-<Function>: $(call lambda,<module>,<zip>)} targets (what sam build runs). */
    static Map<String, String> zipsByFunction(Path makefile) throws IOException {
        Map<String, String> zips = new LinkedHashMap<>();
        var m = java.util.regex.Pattern.compile("(?m)^build-(\\w+):\\s*\\n\\s*\\$\\(call lambda,([^,\\s]+),\\s*([^)\\s]+)\\)")
                .matcher(Files.readString(makefile));
        while (m.find()) {
            zips.put(m.group(1), m.group(2) + "/target/" + m.group(3) + ".zip");
        }
        return zips;
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** One cold start: nanoseconds from spawning the JVM to its response arriving, and the response. */
    record Started(long nanos, String body) {
    }

    /** Spawns {@code s} cold, hands it {@code event}, and returns the time from spawn to its response. */
    private Started coldStart(Subject s, byte[] event, Expect expect) throws IOException, InterruptedException {
        return coldStart(s, event, expect, List.of());
    }

    private Started coldStart(Subject s, byte[] event, Expect expect, List<String> extraJvmArgs) throws IOException, InterruptedException {
        // A Runtime API of its own for each start: the previous runtime's follow-up long-poll, still in flight when
        // its JVM was killed, must not take this start's invocation (it did under heavy load: a 60 s hang).
        try (RuntimeApiServer api = new RuntimeApiServer()) {
            return coldStart(api, s, event, expect, extraJvmArgs);
        }
    }

    private Started coldStart(RuntimeApiServer api, Subject s, byte[] event, Expect expect, List<String> extraJvmArgs)
            throws IOException, InterruptedException {
        RuntimeApiServer.Invocation invocation = api.arm(s.name(), event, s.timeout());
        Path log = logs.resolve(s.name() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command(s, extraJvmArgs))
                .directory(s.taskRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(s, api));
        long spawned = System.nanoTime();
        Process process = builder.start();
        live = process;
        try {
            CompletableFuture.anyOf(invocation.outcome, process.onExit()).get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
            if (!invocation.outcome.isDone()) {
                throw failure(s, "the runtime exited with status " + process.exitValue() + " before answering", log);
            }
            RuntimeApiServer.Outcome outcome = invocation.outcome.join();
            if (outcome instanceof RuntimeApiServer.Failure f) {
                throw failure(s, "the runtime reported an %s %s: %s".formatted(f.kind(), f.errorType(), f.body()), log);
            }
            String body = ((RuntimeApiServer.Response) outcome).body();
            String wrong = expect.check(body);
            if (wrong != null) {
                throw failure(s, wrong + ": " + abbreviate(body), log);
            }
            return new Started(outcome.arrivedNanos() - spawned, body);
        } catch (TimeoutException e) {
            throw failure(s, "no response within " + START_LIMIT.toSeconds() + " s", log);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            process.destroyForcibly();
            process.waitFor();
            live = null;
            invocation.retire();
        }
    }

    /**
     * The JVM command line of Lambda's java21 runtime, with the RIC and its JNI client where Lambda keeps them.
     * template.yaml's {@code JAVA_TOOL_OPTIONS} (Globals) is not repeated here: it reaches the JVM through the
     * function's environment, as on Lambda (its log starts "Picked up JAVA_TOOL_OPTIONS: ..."), so what is
     * measured is what is deployed.
     */
    private List<String> command(Subject s, List<String> extraJvmArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:MaxHeapSize=" + Math.round(s.memoryMb() * 1024 * 0.85) + "k");
        cmd.addAll(List.of("-XX:+UseSerialGC", "-Xshare:auto", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "--add-opens=java.base/java.io=ALL-UNNAMED", "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-XX:+ErrorFileToStderr"));
        // Newer JDKs than Lambda's 21 warn about the RIC's JNI and Unsafe use unless told; the flags do not exist on 21.
        int feature = Runtime.version().feature();
        if (feature >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        if (feature >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-D" + JNI_PROPERTY + "=" + jniLibrary);
        cmd.addAll(options.jvmArgs());
        cmd.addAll(extraJvmArgs);
        cmd.add("-classpath");
        cmd.add(String.join(":", ricClasspath));
        cmd.add(RIC_MAIN);
        cmd.add(s.handler());
        return cmd;
    }

    /** What Lambda puts in a function's environment, then the function's own (template) environment. */
    private Map<String, String> environment(Subject s, RuntimeApiServer api) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", s.taskRoot().toString());
        env.put("LAMBDA_RUNTIME_DIR", root.resolve("bench/target/ric").toString());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + s.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "coldstart/" + s.name());
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("_HANDLER", s.handler());
        env.put("AWS_ACCESS_KEY_ID", LocalStores.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalStores.SECRET_KEY);
        env.put("AWS_DEFAULT_REGION", LocalStores.REGION);
        env.putAll(s.environment());
        return env;
    }

    /** An event built afresh for each start (a webhook's signature is timestamped). */
    @FunctionalInterface
    interface EventSource {
        byte[] get() throws IOException;
    }

    private Subject functionSubject(LocalEnvironment env, String logicalId, String zip, EventSource event) throws IOException {
        Template.FunctionDef fn = env.template().function(logicalId);
        return subject(logicalId, zip, fn.handler(), fn.memoryMb(), fn.timeoutSeconds(), env.functionEnvironment(logicalId), event, Expect.NO_ERROR);
    }

    /** Hello-world as a function of the template with nothing of its own: Globals' settings and environment. */
    private Subject helloSubject(LocalEnvironment env, EventSource event) throws IOException {
        Map<String, Object> globals = child(child(env.template().raw(), "Globals"), "Function");
        Map<String, Object> variables = child(child(globals, "Environment"), "Variables");
        int memory = ((Number) globals.getOrDefault("MemorySize", 128)).intValue();
        int timeout = ((Number) globals.getOrDefault("Timeout", 3)).intValue();
        var def = new Template.FunctionDef(HELLO_NAME, HELLO_HANDLER, timeout, memory, variables, List.of());
        Map<String, String> environment = new LinkedHashMap<>(env.resources().environment(def));
        environment.put("AWS_REGION", LocalStores.REGION);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", HELLO_NAME);
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memory));
        return subject(HELLO_NAME, "bench/target/hello.zip", HELLO_HANDLER, memory, timeout, environment, event, Expect.status(200));
    }

    private Subject subject(String name, String zip, String handler, int memoryMb, int timeoutSeconds,
                            Map<String, String> environment, EventSource event, Expect expect) throws IOException {
        Path zipPath = root.resolve(zip);
        if (!Files.isRegularFile(zipPath)) {
            throw new BenchmarkFailure(zipPath + " is missing: build with scripts/coldstart (mvn -pl bench -am package)");
        }
        Path taskRoot = work.resolve(name);
        if (!Files.isDirectory(taskRoot)) { // the tenant seeding already unpacked its function
            unzip(zipPath, taskRoot);
        }
        return new Subject(name, zipPath, taskRoot, handler, memoryMb, Duration.ofSeconds(timeoutSeconds),
                Map.copyOf(environment), event, expect);
    }

    /**
     * An event of events/ as its function would first get it: an HTTP request carries {@code authorization}
     * (webhooks are signed instead, afresh with the local secrets), and the fixture's placeholder tenant is
     * {@code tenantId}.
     */
    private byte[] event(String file, String authorization, String tenantId, LocalEnvironment env) throws IOException {
        return event(file, authorization, tenantId, env, Map.of(), null);
    }

    /** As {@link #event(String, String, String, LocalEnvironment)}, with more placeholders replaced and another body (null: the fixture's). */
    private byte[] event(String file, String authorization, String tenantId, LocalEnvironment env, Map<String, String> replace, String newBody)
            throws IOException {
        String text = Files.readString(root.resolve("events").resolve(file));
        if (tenantId != null) {
            text = text.replace(FIXTURE_TENANT, tenantId);
        }
        for (Map.Entry<String, String> r : replace.entrySet()) {
            text = text.replace(r.getKey(), r.getValue());
        }
        ObjectNode event = (ObjectNode) JSON.readTree(text);
        if (newBody != null) {
            event.put("body", newBody);
        }
        if (event.has("requestContext")) {
            ObjectNode headers = event.withObjectProperty("headers");
            String body = event.path("body").asText("");
            if (headers.has("x-hub-signature-256")) {
                headers.put("x-hub-signature-256", "sha256=" + hmac(env.secrets().get("META_APP_SECRET"), body));
            } else if (headers.has("stripe-signature")) {
                long t = System.currentTimeMillis() / 1000;
                headers.put("stripe-signature", "t=" + t + ",v1=" + hmac(env.secrets().get("STRIPE_WEBHOOK_SECRET"), t + "." + body));
            } else {
                headers.put("authorization", authorization);
            }
        }
        return JSON.writeValueAsBytes(event);
    }

    private static String hmac(String secret, String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private int report(Map<Subject, List<Long>> samples, Map<Subject, List<Double>> ratios, Subject baseline,
                       double loadBefore, double loadAfter) {
        Stats base = Stats.of(samples.get(baseline));
        Runtime.Version version = Runtime.version();
        String jdk = "%s %s (%s)".formatted(System.getProperty("java.vm.name"), version,
                System.getProperty("java.vendor.version", System.getProperty("java.vendor")));
        REPORT.println();
        REPORT.println("Socialwire cold starts: " + options.runs() + " per function, round-robin, after "
                + options.warmup() + " discarded warm-up round(s)");
        REPORT.println("JDK:     " + jdk + ", " + System.getProperty("java.home"));
        REPORT.println("Runtime: " + ricName() + " against a local Runtime API; Lambda's java21 JVM flags;"
                + " " + Runtime.getRuntime().availableProcessors() + " CPUs");
        REPORT.println("Measure: JVM spawn -> response at the Runtime API (init + first invocation), each function's"
                + " first event from events/ against the embedded stores; hello-world started before every function");
        // Other work on the machine skews absolute numbers (round-robin keeps the ratios fair): say how busy it was.
        REPORT.println("Load:    1-min load average %.2f before the runs, %.2f after (the benchmark itself adds about 1)".formatted(loadBefore, loadAfter));
        REPORT.println();
        // The verdict is on "x hello": the median of each start over the hello-world start just before it, so a
        // burst of load on the shared machine skews a pair, not the whole column; "x med" divides the medians.
        String header = "%-24s %7s %9s %7s %7s %7s %7s %8s  %s";
        String row = "%-24s %7.2f %9.0f %7.0f %7.0f %7.0f %6.2fx %7.2fx  %s";
        REPORT.println(header.formatted("function", "zip MB", "median ms", "min ms", "max ms", "p90 ms", "x med", "x hello",
                "target <= " + TARGET_RATIO + "x (goal " + GOAL_RATIO + "x)"));
        boolean allPass = true;
        for (var entry : samples.entrySet()) {
            Subject s = entry.getKey();
            Stats stats = Stats.of(entry.getValue());
            double ofMedians = stats.median() / base.median();
            double ratio = median(ratios.get(s));
            String verdict;
            if (s == baseline) {
                verdict = "baseline";
            } else if (ratio <= GOAL_RATIO) {
                verdict = "PASS (within the goal)";
            } else if (ratio <= TARGET_RATIO) {
                verdict = "PASS";
            } else {
                verdict = "FAIL";
                allPass = false;
            }
            REPORT.println(row.formatted(s.name(), size(s.zip()) / 1e6, stats.median(), stats.min(), stats.max(),
                    stats.p90(), ofMedians, ratio, verdict));
        }
        REPORT.println();
        REPORT.println("Each function's last JVM output: " + logs);
        return allPass ? 0 : 2;
    }

    static double median(List<Double> values) {
        List<Double> v = values.stream().sorted().toList();
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private String ricName() {
        return ricClasspath.stream().map(p -> Path.of(p).getFileName().toString())
                .filter(n -> n.startsWith("aws-lambda-java-runtime-interface-client-"))
                .map(n -> n.replaceFirst("-(\\d[^-]*)\\.jar$", " $1"))
                .findFirst().orElse("the runtime interface client");
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private void killLive() {
        Process p = live;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private static int statusCode(String body) {
        try {
            JsonNode response = JSON.readTree(body);
            return response.path("statusCode").asInt(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static BenchmarkFailure failure(Subject s, String what, Path log) {
        String tail;
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            tail = String.join("\n  ", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | UncheckedIOException e) {
            tail = "(no output)";
        }
        return new BenchmarkFailure(s.name() + ": " + what + "\n--- last output of its JVM ---\n  " + tail);
    }

    private static String abbreviate(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "...";
    }

    private static List<String> ricJars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new BenchmarkFailure(dir + " is missing: build with scripts/coldstart (mvn -pl bench -am package)");
        }
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString).toList();
        }
    }

    /** Unpacks the RIC's JNI client once, as Lambda ships it, instead of letting every JVM extract it to /tmp. */
    private static Path extractJni(List<String> ricClasspath, Path work) throws IOException {
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new BenchmarkFailure("no RIC JNI client for " + System.getProperty("os.arch"));
        };
        boolean musl;
        try (Stream<Path> libs = Files.list(Path.of("/lib"))) {
            musl = libs.anyMatch(p -> p.getFileName().toString().startsWith("ld-musl-"));
        }
        String entry = "jni/libaws-lambda-jni." + (musl ? "linux_musl-" : "linux-") + arch + ".so";
        String ric = ricClasspath.stream().filter(p -> p.contains("runtime-interface-client")).findFirst()
                .orElseThrow(() -> new BenchmarkFailure("the runtime interface client jar is missing from bench/target/ric"));
        Path target = work.resolve("jni").resolve(Path.of(entry).getFileName());
        Files.createDirectories(target.getParent());
        try (ZipFile zip = new ZipFile(ric); InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> map, String key) {
        return map.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /** A failure the benchmark explains itself; no stack trace needed. */
    static final class BenchmarkFailure extends RuntimeException {
        BenchmarkFailure(String message) {
            super(message);
        }
    }
}
