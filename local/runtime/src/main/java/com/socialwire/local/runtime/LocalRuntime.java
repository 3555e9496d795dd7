package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.runtime.sandbox.BlueskySandbox;
import com.socialwire.local.runtime.sandbox.SandboxHost;
import com.socialwire.local.stores.Invoker;
import com.socialwire.local.stores.LocalContext;
import com.socialwire.local.stores.BlueskyPds;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Json;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Socialwire on a developer's machine, without Docker or an AWS account: the embedded stores
 * provisioned from template.yaml, the HTTP API, the SQS workers, the schedules and the S3 events,
 * all running the handler classes template.yaml names.
 *
 * <pre>
 * LocalRuntime [serve] [--port 3000] [--host 127.0.0.1] [--persist] [--dynamodb-port 8000] [--sqs-port 9324] [--s3-port 9000]
 * LocalRuntime invoke &lt;FunctionLogicalId&gt; &lt;event.json | -&gt;
 * </pre>
 */
public final class LocalRuntime implements AutoCloseable {

    /** Where the API listens unless {@code --host} or {@code HOST} says otherwise. */
    static final String LOOPBACK = "127.0.0.1";

    private final LocalEnvironment env;
    private final FunctionHost host;
    private final Scheduler scheduler;
    private final HttpGateway gateway;
    private final List<QueuePoller> pollers = new ArrayList<>();
    private final S3EventDispatcher s3Events;
    private Runnable s3Subscription = () -> { };
    private final SqsClient sqs;
    private final Path stateFile;
    /** Bluesky accounts connect to the local Bluesky sandbox (no {@code --bluesky-pds}). */
    private final boolean blueskySandbox;

    public LocalRuntime(LocalEnvironment env, int port, Path stateFile) throws IOException {
        this(env, port, stateFile, retryDelaySeconds());
    }

    private static int retryDelaySeconds() {
        return Integer.parseInt(System.getenv().getOrDefault("LOCAL_RETRY_DELAY_SECONDS", "2"));
    }

    /** {@code retryDelaySeconds}: how long a failed SQS message stays invisible, times its receive count. */
    public LocalRuntime(LocalEnvironment env, int port, Path stateFile, int retryDelaySeconds) throws IOException {
        this(env, LOOPBACK, port, stateFile, retryDelaySeconds);
    }

    /** {@code bindHost}: the address the API listens on ({@value #LOOPBACK} unless told otherwise: nothing else on the network reaches it). */
    public LocalRuntime(LocalEnvironment env, String bindHost, int port, Path stateFile, int retryDelaySeconds) throws IOException {
        this(env, bindHost, port, stateFile, retryDelaySeconds, Map.of());
    }

    /**
     * {@code realServers}: variables that point a platform at a real server on this machine instead of its sandbox
     * ({@code --bluesky-pds}: {@code BLUESKY_SERVICE}); they win over the sandboxes'.
     */
    public LocalRuntime(LocalEnvironment env, String bindHost, int port, Path stateFile, int retryDelaySeconds,
                        Map<String, String> realServers) throws IOException {
        this.env = env;
        this.blueskySandbox = !realServers.containsKey("BLUESKY_SERVICE");
        this.stateFile = stateFile;
        this.host = new FunctionHost(env);
        this.scheduler = new Scheduler(host);
        this.gateway = new HttpGateway(host, scheduler);
        this.sqs = SqsClient.builder().region(Region.US_EAST_1).endpointOverride(env.stores().sqsEndpoint())
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        this.s3Events = new S3EventDispatcher(host, env.resources(), sqs);
        int retryDelay = retryDelaySeconds;
        for (Template.FunctionDef fn : env.template().functions()) {
            for (Template.EventDef e : fn.events()) {
                if (e instanceof Template.SqsEvent s) {
                    pollers.add(new QueuePoller(host, sqs, env.resources(), fn.logicalId(), s, retryDelay));
                }
            }
        }
        gateway.start(bindHost, port);
        // third-party APIs point at local sandboxes (the LLM at the offline generator unless one is configured)
        env.override("GRAPH_API_BASE_URL", "http://127.0.0.1:" + gateway.port() + "/_local/graph");
        // Instagram Login's Graph calls (long-lived exchange, refresh, GET /me) too
        env.override("INSTAGRAM_GRAPH_BASE", "http://127.0.0.1:" + gateway.port() + "/_local/graph");
        env.override("STRIPE_API_BASE", "http://127.0.0.1:" + gateway.port() + "/_local/stripe");
        // a Mastodon instance or Bluesky PDS running on this machine (scripts/dev --bluesky-pds) may be named over http
        env.override("SOCIAL_ALLOW_LOCAL_HTTP", "true");
        // RSS/Atom feeds may be served from this machine (a local file server, the gateway): never set on AWS
        env.override("FEED_ALLOW_PRIVATE_HOSTS", "true");
        // review links point at the address the request came to (template.yaml's REVIEW_BASE_URL is the deployed API's)
        env.override("REVIEW_BASE_URL", "");
        // every other platform's connector and publisher at its local sandbox (LOCAL SANDBOX: nothing reaches the platform)
        platformEnvironment(gateway.sandboxes(), "http://127.0.0.1:" + gateway.port(), realServers).forEach(env::override);
        // Bluesky notifications come from the local index over whichever PDS accounts live on (the real one, else the sandbox)
        for (SandboxHost s : gateway.sandboxes()) {
            if (s.sandbox() instanceof com.socialwire.local.runtime.sandbox.BlueskyNotificationsIndex index) {
                index.pds(realServers.get("BLUESKY_SERVICE"));
            }
        }
        gateway.stripeSandbox(new StripeSandbox(env.secrets().get("STRIPE_WEBHOOK_SECRET")));
        DemoAccount.ensure(env);
        host.warmAll();
        this.s3Subscription = env.stores().onObjectCreated(s3Events::onObjectCreated);
        // Lambda's SQS event source polls with several concurrent pollers from the start, and more under a backlog; so do we
        pollers.forEach(QueuePoller::start);
        scheduler.start();
        if (stateFile != null) {
            ObjectNode state = Json.object();
            state.put("api", "http://localhost:" + gateway.port());
            state.put("dynamodb", env.stores().dynamoEndpoint().toString());
            state.put("sqs", env.stores().sqsEndpoint().toString());
            state.put("s3", env.stores().s3Endpoint().toString());
            state.put("kms", env.stores().kmsEndpoint().toString());
            Files.createDirectories(stateFile.getParent());
            Files.writeString(stateFile, Json.write(state));
        }
    }

    public int port() {
        return gateway.port();
    }

    public LocalEnvironment environment() {
        return env;
    }

    /** Told of every invocation of a hosted function, after it returns or throws (the cost benchmark's Lambda meter). */
    @FunctionalInterface
    public interface InvocationListener {
        void invoked(String function, int memoryMb, long durationNanos);
    }

    /** Sets the one listener told of each invocation (null: none). */
    public void onInvocation(InvocationListener listener) {
        host.listener(listener);
    }

    /** Fires a schedule now (tests and {@code POST /_local/schedules/...}). */
    public JsonNode fire(String function, String event) {
        return scheduler.fire(function, event);
    }

    void printBanner(PrintStream out) {
        Map<String, String> tables = env.resources().tables();
        Map<String, String> queues = env.resources().queueUrls();
        Map<String, String> buckets = env.resources().buckets();
        out.println();
        out.println("Socialwire local runtime — template.yaml: " + env.template().functions().size() + " functions, "
                + gateway.routes().size() + " routes, " + pollers.size() + " queue consumers, " + scheduler.size()
                + " schedules, " + s3Events.size() + " S3 triggers");
        out.println("  API       http://localhost:" + gateway.port() + "   (GET /_local/routes lists routes and local tools)");
        out.println("  DynamoDB  " + env.stores().dynamoEndpoint() + "   tables: " + String.join(", ", tables.values()));
        out.println("  SQS       " + env.stores().sqsEndpoint() + "   queues: " + queues.size());
        queues.values().forEach(q -> out.println("              " + q));
        out.println("  S3        " + env.stores().s3Endpoint() + "   buckets: " + String.join(", ", buckets.values()));
        out.println("  KMS       " + env.stores().kmsEndpoint() + "   keys: " + String.join(", ", env.resources().kmsKeys().values()));
        out.println("  IAM       " + (env.stores().policies() != null
                ? "each function's calls are held to its template.yaml policies (SOCIALWIRE_LOCAL_IAM=off to stop)"
                : "OFF: functions may make calls their roles could not make on AWS"));
        pollers.forEach(p -> out.println("  worker    " + p.describe()));
        out.println("  AWS CLI   export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1");
        out.println("            aws --endpoint-url " + env.stores().dynamoEndpoint() + " dynamodb scan --table-name "
                + tables.values().stream().findFirst().orElse("?"));
        out.println("            aws --endpoint-url " + env.stores().sqsEndpoint() + " sqs list-queues");
        out.println("            aws --endpoint-url " + env.stores().s3Endpoint() + " s3 ls");
        out.println("Local default secrets (local only; set SOCIALWIRE_OWNER_KEY / SOCIALWIRE_DEMO_KEY / LOCAL_ENCRYPTION_KEY to change):");
        out.println("  owner API key         " + env.ownerKey() + "   (only /v1/ops/*)");
        out.println("  demo admin API key    " + env.demoKey() + "   (account " + DemoAccount.ACCOUNT_ID + "; or POST /v1/signup for your own)");
        out.println("  LOCAL_ENCRYPTION_KEY  " + env.secrets().get("LOCAL_ENCRYPTION_KEY"));
        out.println("  META_APP_SECRET       " + env.secrets().get("META_APP_SECRET") + "   (signs X-Hub-Signature-256; scripts/meta-webhook signs for you)");
        out.println("  META_VERIFY_TOKEN     " + env.secrets().get("META_VERIFY_TOKEN"));
        out.println("  STRIPE_WEBHOOK_SECRET " + env.secrets().get("STRIPE_WEBHOOK_SECRET") + "   (scripts/stripe-checkout-complete signs events)");
        out.println("  demo Instagram token  " + GraphSandbox.DEMO_TOKEN + "   (account " + GraphSandbox.DEMO_IG_USER_ID
                + " @" + GraphSandbox.DEMO_USERNAME + "; POST /_local/graph/_tokens issues others)");
        if (blueskySandbox) {
            out.println("  demo Bluesky account  " + BlueskySandbox.DEMO_HANDLE + ", app password " + BlueskySandbox.DEMO_APP_PASSWORD
                    + "   (LOCAL BLUESKY SANDBOX, no instance needed; scripts/dev --bluesky-pds for the real reference PDS)");
        }
        out.println("Providers: Stripe -> LOCAL SANDBOX http://localhost:" + gateway.port() + "/_local/stripe (open a checkout url to pay it); "
                + "new accounts get " + env.functionEnvironment("AccountsFunction").get("SIGNUP_GRANT_MICRO_CREDITS") + " promotional micro-credits");
        out.println("Providers: Instagram Graph API -> LOCAL SANDBOX http://localhost:" + gateway.port() + "/_local/graph (calls at GET /_local/outbox); "
                + "LLM -> " + env.functionEnvironment("CommentWorkerFunction").getOrDefault("LLM_PROVIDER", "offline")
                + (env.functionEnvironment("CommentWorkerFunction").getOrDefault("LLM_PROVIDER", "offline").equals("offline") ? " (OFFLINE DETERMINISTIC GENERATOR, not a real model)" : ""));
        out.println("Providers: Instagram reads -> LOCAL READ API SANDBOX http://localhost:" + gateway.port() + "/_local/readapi (made-up data "
                + "per shortcode; try GET /v1/instagram/post?url=DDBn4GchLot, /v1/instagram/reel?url=C9aBcDeFgH1&transcript=provider)");
        String images = env.functionEnvironment("MediaFunction").getOrDefault("IMAGE_PROVIDER", "offline");
        out.println("Providers: AI images -> " + images + (images.equals("offline") ? " (OFFLINE BRANDED-CARD GENERATOR, not a real model)" : ""));
        out.println("  try: curl -s -H 'Authorization: Bearer " + env.demoKey() + "' http://localhost:" + gateway.port() + "/v1/tenants");
        out.println("Socialwire local runtime ready on http://localhost:" + gateway.port());
        out.flush();
    }

    /** Invokes one function with raw event bytes (a warm container after the first call). */
    public byte[] invoke(String function, byte[] event) {
        return host.invoke(function, event);
    }

    /**
     * The function an event fixture is for, found the way AWS delivers it: an HTTP API event by
     * its route, an SQS record by its queue, a scheduled event by its rule, an S3 record by its bucket.
     */
    public String functionFor(JsonNode event) {
        if ("2.0".equals(event.path("version").asText()) && event.has("rawPath")) {
            String method = event.path("requestContext").path("http").path("method").asText();
            String path = event.path("rawPath").asText();
            return gateway.routes().stream()
                    .filter(r -> r.isDefault() || r.method().equals("ANY") || r.method().equals(method))
                    .filter(r -> r.match(path) != null)
                    .findFirst().map(HttpGateway.RouteDef::function)
                    .orElseThrow(() -> new IllegalArgumentException("no route for " + method + " " + path));
        }
        JsonNode record = event.path("Records").path(0);
        for (Template.FunctionDef fn : env.template().functions()) {
            for (Template.EventDef e : fn.events()) {
                if (e instanceof Template.SqsEvent s && "aws:sqs".equals(record.path("eventSource").asText())
                        && record.path("eventSourceARN").asText().endsWith(":" + env.resources().attribute(s.queue(), "QueueName"))) {
                    return fn.logicalId();
                }
                if (e instanceof Template.S3Event s && "aws:s3".equals(record.path("eventSource").asText())
                        && record.path("s3").path("bucket").path("name").asText().equals(env.resources().buckets().get(s.bucket()))) {
                    return fn.logicalId();
                }
                if (e instanceof Template.ScheduleEvent s && "aws.events".equals(event.path("source").asText())
                        && event.path("resources").path(0).asText().endsWith("/" + fn.logicalId() + "-" + s.name())) {
                    return fn.logicalId();
                }
            }
        }
        throw new IllegalArgumentException("no function of template.yaml takes this event");
    }

    /** Stops the gateway, workers and schedules but leaves the stores running (tests share them). */
    public void closeKeepingStores() {
        scheduler.stop();
        pollers.forEach(QueuePoller::stop);
        gateway.stop();
        s3Subscription.run();
        s3Events.stop();
        sqs.close();
    }

    @Override
    public void close() {
        scheduler.stop();
        pollers.forEach(QueuePoller::stop);
        gateway.stop();
        s3Subscription.run();
        s3Events.stop();
        sqs.close();
        if (stateFile != null) {
            try {
                Files.deleteIfExists(stateFile);
            } catch (IOException ignored) {
                // best effort
            }
        }
        env.close();
    }

    /**
     * What points the functions at the platforms: each sandbox's variables for its base under {@code gatewayBase}, then
     * {@code realServers} over them (a real server started for a platform wins over its sandbox).
     */
    static Map<String, String> platformEnvironment(java.util.Collection<SandboxHost> sandboxes, String gatewayBase,
                                                   Map<String, String> realServers) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (SandboxHost s : sandboxes) {
            out.putAll(s.sandbox().environment(gatewayBase + "/_local/" + s.name()));
        }
        out.putAll(realServers);
        return out;
    }

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        if (!a.isEmpty() && a.get(0).equals("invoke")) {
            System.exit(invoke(a.subList(1, a.size())));
        }
        if (!a.isEmpty() && a.get(0).equals("serve")) {
            a.remove(0);
        }
        int port = Integer.parseInt(option(a, "--port", System.getenv().getOrDefault("PORT", "3000")));
        String host = option(a, "--host", System.getenv().getOrDefault("HOST", LOOPBACK));
        boolean persist = a.remove("--persist");
        boolean blueskyPds = a.remove("--bluesky-pds");
        Path template = Template.locate();
        Path root = template.getParent();
        int dynamoPort = freeOr(Integer.parseInt(option(a, "--dynamodb-port", "8000")));
        int sqsPort = freeOr(Integer.parseInt(option(a, "--sqs-port", "9324")));
        int s3Port = freeOr(Integer.parseInt(option(a, "--s3-port", "9000")));
        if (!a.isEmpty()) {
            System.err.println("unknown arguments: " + a);
            System.exit(2);
        }
        long started = System.nanoTime();
        LocalEnvironment env = LocalEnvironment.start(template, dynamoPort, sqsPort, s3Port,
                persist ? root.resolve(".local/data") : null);
        // the real PDS starts first: accounts connected without naming one log in there, not at the Bluesky sandbox
        BlueskyPds pds = blueskyPds ? startBlueskyPds() : null;
        LocalRuntime runtime = new LocalRuntime(env, host, port, root.resolve(".local/runtime.json"), retryDelaySeconds(),
                pds == null ? Map.of() : Map.of("BLUESKY_SERVICE", pds.url().toString()));
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        System.out.println("stores " + (persist ? "on disk under .local/data" : "in memory (--persist keeps them under .local/)")
                + ", started in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        runtime.printBanner(System.out);
        if (pds != null) {
            printBlueskyPds(pds, runtime.port(), env.demoKey());
        }
        new CountDownLatch(1).await();
    }

    /**
     * {@code --bluesky-pds}: the real reference Bluesky server (@atproto/dev-env from npm, installed on first use) on
     * this machine, with a demo account and an app password to connect a tenant with; publishing to Bluesky then
     * reaches it for real. Stopped with the runtime.
     */
    static BlueskyPds startBlueskyPds() {
        BlueskyPds pds = BlueskyPds.start(BlueskyPds.directory(), freeOr(2583));
        Runtime.getRuntime().addShutdownHook(new Thread(pds::close));
        return pds;
    }

    /** The real PDS's demo account and how to connect it (no instance needed: it is the default service). */
    static void printBlueskyPds(BlueskyPds pds, int apiPort, String demoKey) {
        BlueskyPds.Account demo = pds.newAccount();
        System.out.println("Bluesky -> REAL reference PDS (@atproto/dev-env) " + pds.url() + "; demo account " + demo.handle()
                + ", app password " + demo.appPassword() + " (local only)");
        System.out.println("  connect: curl -s -X POST -H 'Authorization: Bearer " + demoKey + "' -H 'Content-Type: application/json'"
                + " http://localhost:" + apiPort + "/v1/tenants/<tenantId>/social-accounts -d '{\"platform\":\"bluesky\",\"identifier\":\""
                + demo.handle() + "\",\"appPassword\":\"" + demo.appPassword() + "\"}'");
        System.out.flush();
    }

    /**
     * Invokes one function once with an event file, like {@code sam local invoke}: against the
     * running local runtime's stores if one is up, else against fresh in-memory stores. The
     * function's response goes to stdout; its logs go to stderr.
     */
    static int invoke(List<String> args) throws Exception {
        if (args.size() != 2) {
            System.err.println("usage: invoke <FunctionLogicalId> <event.json | ->");
            return 2;
        }
        PrintStream stdout = System.out;
        System.setOut(System.err);
        Path template = Template.locate();
        byte[] event = args.get(1).equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(args.get(1)));
        Path state = template.getParent().resolve(".local/runtime.json");
        LocalEnvironment env = null;
        String runningApi = null;
        if (Files.exists(state)) {
            JsonNode s = Json.tree(Files.readString(state));
            if (reachable(s.path("dynamodb").asText())) {
                System.err.println("using the running local runtime's stores (" + s.path("api").asText() + ")");
                runningApi = s.path("api").asText();
                env = LocalEnvironment.attach(template, URI.create(s.path("dynamodb").asText()),
                        URI.create(s.path("sqs").asText()), URI.create(s.path("s3").asText()), URI.create(s.path("kms").asText()));
            }
        }
        if (env == null) {
            System.err.println("no local runtime running: using fresh in-memory stores");
            env = LocalEnvironment.start(template, 0, 0, 0, null);
        }
        // Instagram calls go to a local Graph sandbox, never to Meta: the running runtime's, else one of our own
        HttpGateway sandbox = null;
        if (runningApi != null && reachable(runningApi)) {
            env.override("GRAPH_API_BASE_URL", runningApi + "/_local/graph");
        } else {
            sandbox = new HttpGateway(new FunctionHost(env), null);
            sandbox.start("127.0.0.1", 0);
            env.override("GRAPH_API_BASE_URL", "http://127.0.0.1:" + sandbox.port() + "/_local/graph");
        }
        try (LocalEnvironment e = env) {
            Template.FunctionDef fn = e.template().function(args.get(0));
            Object handler = e.newHandler(fn.logicalId());
            byte[] out = Invoker.invoke(handler, event, new LocalContext(fn.logicalId(), fn.memoryMb(), fn.timeoutSeconds()));
            stdout.println(out.length == 0 ? "" : Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Json.tree(out)));
            stdout.flush();
            return 0;
        } finally {
            if (sandbox != null) {
                sandbox.stop();
            }
        }
    }

    private static boolean reachable(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            c.getResponseCode();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return v;
    }

    /** The wanted port if it is free, else any free port (a second runtime, or another tool on 8000). */
    private static int freeOr(int wanted) {
        try (ServerSocket s = new ServerSocket(wanted)) {
            return wanted;
        } catch (IOException busy) {
            return 0;
        }
    }
}
