package com.socialwire.local.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The reference Bluesky PDS ({@code @atproto/dev-env} 0.3.215's {@code TestNetworkNoAppView}: a PDS and an in-memory
 * PLC directory) in a node child process, for the tests and the local runtime. {@code local/bluesky-pds/} holds the
 * pinned package and its lockfile; the first start on a clean clone runs {@code npm ci} there (1.5 min idle, 5 min
 * under heavy load: it compiles better-sqlite3), one JVM at a time. The child dies with this JVM: it exits when its
 * stdin closes.
 */
public final class BlueskyPds implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String PACKAGE = "@atproto/dev-env";

    private static BlueskyPds shared;

    private final Process process;
    private final URI pdsUrl;
    private final URI plcUrl;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final SecureRandom random = new SecureRandom();

    private BlueskyPds(Process process, URI pdsUrl, URI plcUrl, Path log) {
        this.process = process;
        this.pdsUrl = pdsUrl;
        this.plcUrl = plcUrl;
        this.log = log;
    }

    /** One PDS per test JVM, started on first use and stopped when the JVM exits. */
    public static synchronized BlueskyPds shared() {
        if (shared == null) {
            shared = start(directory(), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** {@code local/bluesky-pds} of this checkout (found like template.yaml: from {@code socialwire.root} or the working directory up). */
    public static Path directory() {
        return NodePackages.directory("bluesky-pds");
    }

    /** Installs the package if needed, then starts the PDS on {@code port} (0: a free one) and waits until it answers. */
    public static BlueskyPds start(Path dir, int port) {
        String node = nodeVersion();
        long installStart = System.nanoTime();
        install(dir);
        long startNanos = System.nanoTime();
        Path log;
        try {
            log = Files.createTempFile("socialwire-pds-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of("node", "launch.js"));
        if (port > 0) {
            command.addAll(List.of("--port", Integer.toString(port)));
        }
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node in " + dir + ": " + e.getMessage(), e);
        }
        String line;
        try {
            line = firstLine(process);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the Bluesky PDS (node " + node + ") did not start: " + e.getMessage()
                    + "\n" + NodePackages.tail(log), e);
        }
        JsonNode ready = Json.tree(line);
        System.err.printf("[bluesky-pds] %s up in %d ms (node %s%s)%n", ready.path("pdsUrl").asText(),
                (System.nanoTime() - startNanos) / 1_000_000, node,
                startNanos - installStart > 1_000_000_000L ? ", npm ci " + (startNanos - installStart) / 1_000_000 + " ms" : "");
        return new BlueskyPds(process, URI.create(ready.path("pdsUrl").asText()), URI.create(ready.path("plcUrl").asText()), log);
    }

    private static String firstLine(Process process) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            String l = line.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (l == null || !l.startsWith("{")) {
                throw new IllegalStateException("launch.js exited with " + (process.isAlive() ? "no url" : "code " + process.waitFor()));
            }
            return l;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no url within " + START_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** The Node version, or a failure that says what to install. */
    static String nodeVersion() {
        return nodeVersion("node");
    }

    static String nodeVersion(String nodeCommand) {
        String hint = "the Bluesky tests run the reference PDS from npm: install Node.js 20 (node and npm on PATH),"
                + " e.g. from https://nodejs.org or `apt-get install nodejs npm`";
        try {
            Process p = new ProcessBuilder(nodeCommand, "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !v.startsWith("v")) {
                throw new IllegalStateException("`node --version` failed (" + v + "); " + hint);
            }
            int major = Integer.parseInt(v.substring(1, v.indexOf('.')));
            if (major < 18) {
                throw new IllegalStateException("node " + v + " is too old; " + hint);
            }
            return v;
        } catch (IOException e) {
            throw new IllegalStateException(nodeCommand + " not found; " + hint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code npm ci} in {@code dir} unless its node_modules holds the package (see {@link NodePackages#install}). */
    static void install(Path dir) {
        NodePackages.install(dir, PACKAGE, "bluesky-pds", "it needs the npm registry and gcc, make and python3 for better-sqlite3",
                "about 1.5 min");
    }

    /** The PDS's base URL, e.g. {@code http://localhost:41299}: the service URL a Bluesky account is connected with. */
    public URI url() {
        return pdsUrl;
    }

    public URI plcUrl() {
        return plcUrl;
    }

    /**
     * A new account with a main password and an app password made for it through
     * {@code com.atproto.server.createAppPassword}, as a user does in Settings → App Passwords.
     */
    public Account newAccount() {
        String handle = "sw" + randomLetters(10) + ".test";
        String mainPassword = "main-" + randomLetters(16);
        ObjectNode body = Json.object().put("email", handle.replace(".test", "@example.test")).put("handle", handle)
                .put("password", mainPassword);
        JsonNode created = xrpc("com.atproto.server.createAccount", null, body);
        String accessJwt = created.path("accessJwt").asText();
        JsonNode app = xrpc("com.atproto.server.createAppPassword", accessJwt, Json.object().put("name", "socialwire"));
        return new Account(created.path("did").asText(), handle, mainPassword, app.path("password").asText(), accessJwt);
    }

    /**
     * Gives the account a profile (as the Bluesky app does when a person sets a name and picture): {@code avatar}, a
     * blob the account uploaded ({@code {"$type":"blob",…}}), or null.
     */
    public void putProfile(Account account, String displayName, JsonNode avatar) {
        ObjectNode record = Json.object().put("$type", "app.bsky.actor.profile").put("displayName", displayName);
        if (avatar != null) {
            record.set("avatar", avatar);
        }
        ObjectNode body = Json.object().put("repo", account.did()).put("collection", "app.bsky.actor.profile").put("rkey", "self");
        body.set("record", record);
        xrpc("com.atproto.repo.putRecord", account.mainAccessJwt(), body);
    }

    /** Revokes an app password (the user removing Socialwire's access): its sessions' refresh tokens stop working. */
    public void revokeAppPassword(Account account, String name) {
        xrpc("com.atproto.server.revokeAppPassword", account.mainAccessJwt(), Json.object().put("name", name));
    }

    /** A test account: its DID and handle, both passwords, and a main-password session's access token (to administer it). */
    public record Account(String did, String handle, String mainPassword, String appPassword, String mainAccessJwt) {
        @Override
        public String toString() {
            return "Account[" + did + ", " + handle + "]";
        }
    }

    private JsonNode xrpc(String method, String bearer, ObjectNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(pdsUrl.resolve("/xrpc/" + method))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? Json.object() : Json.tree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String randomLetters(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** Closes the child's stdin (it shuts down and removes its data), then kills it if it lingers. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file
        }
    }

    @Override
    public String toString() {
        return "BlueskyPds[" + pdsUrl + "]";
    }
}
