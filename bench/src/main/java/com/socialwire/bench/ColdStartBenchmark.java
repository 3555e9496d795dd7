package com.socialwire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.LocalStores;
import com.socialwire.local.stores.Template;
import com.socialwire.local.stores.TestKeys;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    /** The release target: a function's median cold start at most this multiple of hello-world's. */
    static final double TARGET_RATIO = 1.5;

    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final String HELLO_HANDLER = "com.socialwire.bench.hello.HelloHandler::handleRequest";
    private static final String HELLO_NAME = "HelloWorld";
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Command-line options. */
    record Options(int runs, int warmup, List<String> jvmArgs) {
        static Options parse(String[] args) {
            int runs = 10;
            int warmup = 1;
            List<String> jvmArgs = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(value(args, ++i));
                    case "--warmup" -> warmup = Integer.parseInt(value(args, ++i));
                    case "--jvm-arg" -> jvmArgs.add(value(args, ++i));
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
            return new Options(runs, warmup, List.copyOf(jvmArgs));
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
                   Map<String, String> environment, byte[] event, int expectedStatus) {
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
    private final RuntimeApiServer api;
    private final List<String> ricClasspath;
    private final Path jniLibrary;
    private volatile Process live;

    private ColdStartBenchmark(Options options, Path root, Path work, RuntimeApiServer api) throws IOException {
        this.options = options;
        this.root = root;
        this.work = work;
        // Each function's last JVM output stays here for a look after the run.
        this.logs = Files.createDirectories(root.resolve("bench/target/coldstart-logs"));
        this.api = api;
        this.ricClasspath = ricJars(root.resolve("bench/target/ric"));
        this.jniLibrary = extractJni(ricClasspath, work);
    }

    public static void main(String[] args) {
        String usage = "usage: scripts/coldstart [runs] [--runs N] [--warmup N] [--jvm-arg ARG]...";
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            System.out.println(usage);
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

    private static int run(Options options) throws Exception {
        Path template = Template.locate();
        Path root = template.getParent();
        Path work = Files.createTempDirectory("socialwire-coldstart-");
        System.err.println("starting the local stores (DynamoDB Local, ElasticMQ, S3Proxy) ...");
        try (LocalEnvironment env = startQuietly(template);
             RuntimeApiServer api = new RuntimeApiServer()) {
            ColdStartBenchmark bench = new ColdStartBenchmark(options, root, work, api);
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

    private int measure(LocalEnvironment env) throws Exception {
        // The tenants routes want an account's API key: an admin key of a fresh account, as the function tests use.
        String key = "Bearer " + TestKeys.newAccount(env).raw();
        Subject hello = helloSubject(env, event("health.json", key));
        Subject system = functionSubject(env, "SystemFunction", "functions/system/target/system.zip", event("health.json", key), 200);
        Subject tenants = functionSubject(env, "TenantsFunction", "functions/tenants/target/tenants.zip", event("tenants-list.json", key), 200);
        Subject posts = functionSubject(env, "PostsFunction", "functions/posts/target/posts.zip", event("platforms-list.json", key), 200);
        List<Subject> subjects = List.of(hello, system, tenants, posts);

        // One tenant, created through the function itself, so the measured list query returns a real page.
        System.err.println("seeding one tenant through TenantsFunction ...");
        coldStart(tenants, event("tenants-create.json", key), 201);

        double loadBefore = loadAverage();
        Map<Subject, List<Long>> samples = new LinkedHashMap<>();
        subjects.forEach(s -> samples.put(s, new ArrayList<>()));
        int rounds = options.warmup() + options.runs();
        for (int round = 0; round < rounds; round++) {
            boolean warmup = round < options.warmup();
            StringBuilder line = new StringBuilder(warmup
                    ? "warm-up %d/%d (discarded):".formatted(round + 1, options.warmup())
                    : "round %d/%d:".formatted(round - options.warmup() + 1, options.runs()));
            // Rotate the starting function each round so none always follows the same neighbour.
            for (int k = 0; k < subjects.size(); k++) {
                Subject s = subjects.get((round + k) % subjects.size());
                long nanos = coldStart(s, s.event(), s.expectedStatus());
                if (!warmup) {
                    samples.get(s).add(nanos);
                }
                line.append("  %s %.0f ms".formatted(s.name(), nanos / 1e6));
            }
            System.err.println(line);
        }
        return report(samples, hello, loadBefore, loadAverage());
    }

    /** Spawns {@code s} cold, hands it {@code event}, and returns nanoseconds from spawn to its response. */
    private long coldStart(Subject s, byte[] event, int expectedStatus) throws IOException, InterruptedException {
        RuntimeApiServer.Invocation invocation = api.arm(s.name(), event, s.timeout());
        Path log = logs.resolve(s.name() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command(s))
                .directory(s.taskRoot().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(s));
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
            int status = statusCode(body);
            if (status != expectedStatus) {
                throw failure(s, "expected statusCode %d, got %d: %s".formatted(expectedStatus, status, abbreviate(body)), log);
            }
            return outcome.arrivedNanos() - spawned;
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

    /** The JVM command line of Lambda's java21 runtime, with the RIC and its JNI client where Lambda keeps them. */
    private List<String> command(Subject s) {
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
        cmd.add("-classpath");
        cmd.add(String.join(":", ricClasspath));
        cmd.add(RIC_MAIN);
        cmd.add(s.handler());
        return cmd;
    }

    /** What Lambda puts in a function's environment, then the function's own (template) environment. */
    private Map<String, String> environment(Subject s) {
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

    private Subject functionSubject(LocalEnvironment env, String logicalId, String zip, byte[] event, int expectedStatus) throws IOException {
        Template.FunctionDef fn = env.template().function(logicalId);
        return subject(logicalId, zip, fn.handler(), fn.memoryMb(), fn.timeoutSeconds(), env.functionEnvironment(logicalId), event, expectedStatus);
    }

    /** Hello-world as a function of the template with nothing of its own: Globals' settings and environment. */
    private Subject helloSubject(LocalEnvironment env, byte[] event) throws IOException {
        Map<String, Object> globals = child(child(env.template().raw(), "Globals"), "Function");
        Map<String, Object> variables = child(child(globals, "Environment"), "Variables");
        int memory = ((Number) globals.getOrDefault("MemorySize", 128)).intValue();
        int timeout = ((Number) globals.getOrDefault("Timeout", 3)).intValue();
        var def = new Template.FunctionDef(HELLO_NAME, HELLO_HANDLER, timeout, memory, variables, List.of());
        Map<String, String> environment = new LinkedHashMap<>(env.resources().environment(def));
        environment.put("AWS_REGION", LocalStores.REGION);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", HELLO_NAME);
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memory));
        return subject(HELLO_NAME, "bench/target/hello.zip", HELLO_HANDLER, memory, timeout, environment, event, 200);
    }

    private Subject subject(String name, String zip, String handler, int memoryMb, int timeoutSeconds,
                            Map<String, String> environment, byte[] event, int expectedStatus) throws IOException {
        Path zipPath = root.resolve(zip);
        if (!Files.isRegularFile(zipPath)) {
            throw new BenchmarkFailure(zipPath + " is missing: build with scripts/coldstart (mvn -pl bench -am package)");
        }
        Path taskRoot = work.resolve(name);
        unzip(zipPath, taskRoot);
        return new Subject(name, zipPath, taskRoot, handler, memoryMb, Duration.ofSeconds(timeoutSeconds),
                Map.copyOf(environment), event, expectedStatus);
    }

    /** An event of events/, with the authorization header carrying {@code authorization}. */
    private byte[] event(String file, String authorization) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(root.resolve("events").resolve(file).toFile());
        event.withObjectProperty("headers").put("authorization", authorization);
        return JSON.writeValueAsBytes(event);
    }

    private int report(Map<Subject, List<Long>> samples, Subject baseline, double loadBefore, double loadAfter) {
        Stats base = Stats.of(samples.get(baseline));
        Runtime.Version version = Runtime.version();
        String jdk = "%s %s (%s)".formatted(System.getProperty("java.vm.name"), version,
                System.getProperty("java.vendor.version", System.getProperty("java.vendor")));
        System.out.println();
        System.out.println("Socialwire cold starts: " + options.runs() + " per function, round-robin, after "
                + options.warmup() + " discarded warm-up round(s)");
        System.out.println("JDK:     " + jdk + ", " + System.getProperty("java.home"));
        System.out.println("Runtime: " + ricName() + " against a local Runtime API; Lambda's java21 JVM flags;"
                + " " + Runtime.getRuntime().availableProcessors() + " CPUs");
        System.out.println("Measure: JVM spawn -> response at the Runtime API (init + first invocation)");
        // Other work on the machine skews absolute numbers (round-robin keeps the ratios fair): say how busy it was.
        System.out.println("Load:    1-min load average %.2f before the runs, %.2f after (the benchmark itself adds about 1)".formatted(loadBefore, loadAfter));
        System.out.println();
        String header = "%-16s %8s %10s %8s %8s %8s %8s  %s";
        String row = "%-16s %8.2f %10.0f %8.0f %8.0f %8.0f %7.2fx  %s";
        System.out.println(header.formatted("function", "zip MB", "median ms", "min ms", "max ms", "p90 ms", "x hello", "target <= " + TARGET_RATIO + "x"));
        boolean allPass = true;
        for (var entry : samples.entrySet()) {
            Subject s = entry.getKey();
            Stats stats = Stats.of(entry.getValue());
            double ratio = stats.median() / base.median();
            String verdict;
            if (s == baseline) {
                verdict = "baseline";
            } else if (ratio <= TARGET_RATIO) {
                verdict = "PASS";
            } else {
                verdict = "FAIL";
                allPass = false;
            }
            System.out.println(row.formatted(s.name(), size(s.zip()) / 1e6, stats.median(), stats.min(), stats.max(),
                    stats.p90(), ratio, verdict));
        }
        System.out.println();
        System.out.println("Each function's last JVM output: " + logs);
        return allPass ? 0 : 2;
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
