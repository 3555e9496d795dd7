package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local runtime as {@code scripts/dev} starts it: {@code LocalRuntime serve} in its own JVM, with the
 * environment a developer's shell would give it, on free ports, with its state file under a temporary root (so a
 * running {@code scripts/dev} is left alone). For what an in-process runtime cannot show: the process environment.
 */
final class RuntimeProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("ready on http://localhost:(\\d+)");

    final Path root;
    final int port;
    /** The store endpoints, as the runtime wrote them to its state file: dynamodb, sqs, s3. */
    final JsonNode stores;
    private final Process process;
    private final List<String> output = new ArrayList<>();

    private RuntimeProcess(Path root, Process process, int port, JsonNode stores) {
        this.root = root;
        this.process = process;
        this.port = port;
        this.stores = stores;
    }

    /** Starts {@code LocalRuntime serve} with {@code env} over this process's environment and waits for its ready line. */
    static RuntimeProcess start(Map<String, String> env, String... args) throws Exception {
        Path root = Files.createTempDirectory("socialwire-runtime");
        Files.copy(Template.locate(), root.resolve("template.yaml"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx400m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dsocialwire.root=" + root,
                "-cp", System.getProperty("java.class.path"), LocalRuntime.class.getName(), "serve",
                "--port", "0", "--dynamodb-port", "0", "--sqs-port", "0", "--s3-port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("PORT");
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                Integer port = null;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Matcher m = READY.matcher(line);
                    if (port == null && m.find()) {
                        port = Integer.parseInt(m.group(1));
                        int found = port;
                        // keep draining the output so the runtime never blocks on a full pipe
                        Thread drain = new Thread(() -> drain(r, lines), "runtime-output");
                        drain.setDaemon(true);
                        drain.start();
                        return found;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        Integer port = null;
        try {
            port = ready.get(240, TimeUnit.SECONDS);
        } catch (Exception timedOut) {
            // reported below with the output
        }
        if (port == null) {
            p.destroyForcibly();
            synchronized (lines) {
                throw new AssertionError("the local runtime did not start:\n" + String.join("\n", lines));
            }
        }
        JsonNode stores = Json.tree(Files.readString(root.resolve(".local/runtime.json")));
        RuntimeProcess rp = new RuntimeProcess(root, p, port, stores);
        synchronized (lines) {
            rp.output.addAll(lines);
        }
        return rp;
    }

    private static void drain(BufferedReader r, List<String> lines) {
        try {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (lines) {
                    if (lines.size() < 5000) {
                        lines.add(line);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    List<String> startupOutput() {
        return output;
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: the runtime's shutdown hook stops the stores
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
