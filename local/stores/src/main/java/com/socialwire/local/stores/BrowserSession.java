package com.socialwire.local.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One page in Debian's chromium, driven as a user would drive it ({@code local/chromium/drive.js}: puppeteer-core,
 * one long-lived node process; a JSON line per command, one JSON line back). Made by {@link Chromium#session()}.
 *
 * <p>Each method waits at most its timeout (navigation 90 s, anything else 60 s unless given); a command the browser
 * refuses (no such element, a navigation that never comes, a phrase that is not on the page) throws
 * {@link IllegalStateException} whose message holds the driver's reason, the page's address and the last console,
 * page-error, CSP and browser-log lines; a driver that dies or hangs is killed and its stderr is in the message.
 *
 * <p>The page's own Content-Security-Policy is never bypassed: what the driver runs in the page ({@link #eval},
 * {@link #selectText}'s range, {@link #axe}) goes over the DevTools protocol, which CSP does not govern. {@link #log}
 * returns the page's securitypolicyviolation events and console errors recorded since the start.
 */
public final class BrowserSession implements AutoCloseable {

    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration NAVIGATION_TIMEOUT = Duration.ofSeconds(90);
    private static final String EOF = "\u0000eof";

    /** Where a navigation ended: the final response's status and headers (after redirects), the address and title. */
    public record Navigation(int status, String url, String title, JsonNode headers) {
        /** A response header (lower-case name), or null. */
        public String header(String name) {
            JsonNode h = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return h == null || h.isNull() ? null : h.asText();
        }
    }

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path stderr;
    private final String version;
    private int nextId = 1;
    private boolean closed;

    private BrowserSession(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    answers.add(line);
                }
            } catch (IOException ignored) {
                // the process went away; EOF below
            }
            answers.add(EOF);
        }, "browser-session-stdout");
        reader.setDaemon(true);
        reader.start();
        JsonNode hello = await(0, Duration.ofSeconds(90), "launch");
        this.version = hello.path("version").asText();
    }

    /** Starts {@code node drive.js} in {@code dir} (the installed local/chromium) with {@code chromium}. */
    static BrowserSession start(Path chromium, Path dir) {
        try {
            Path err = Files.createTempFile("socialwire-drive-", ".log");
            Process p = new ProcessBuilder("node", "drive.js", "--chromium", chromium.toString())
                    .directory(dir.toFile()).redirectError(err.toFile()).start();
            try {
                return new BrowserSession(p, err);
            } catch (RuntimeException e) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node drive.js: " + e.getMessage(), e);
        }
    }

    /** The browser's version string (e.g. "Chrome/131.0…"). */
    public String version() {
        return version;
    }

    // ---- navigation

    /** Opens {@code url} and waits for its load event. */
    public Navigation navigate(String url) {
        return navigation(run("goto", Json.object().put("url", url), NAVIGATION_TIMEOUT));
    }

    public Navigation reload() {
        return navigation(run("reload", Json.object(), NAVIGATION_TIMEOUT));
    }

    /** Clicks {@code selector} and waits for the navigation it starts (a link, a submit button). */
    public Navigation clickAndWait(String selector) {
        return navigation(run("clickAndWait", Json.object().put("selector", selector), NAVIGATION_TIMEOUT));
    }

    /** Clicks the submit button of {@code formSelector} and waits for the page the answer leads to (303 → GET). */
    public Navigation submit(String formSelector) {
        return navigation(run("submit", Json.object().put("form", formSelector), NAVIGATION_TIMEOUT));
    }

    // ---- input

    public void click(String selector) {
        run("click", Json.object().put("selector", selector), COMMAND_TIMEOUT);
    }

    /** Types {@code text} into the element with the keyboard (after what it holds); returns the element's value. */
    public String type(String selector, String text) {
        return run("type", Json.object().put("selector", selector).put("text", text), COMMAND_TIMEOUT).path("value").asText();
    }

    /** Empties the field, then types {@code text}. */
    public String retype(String selector, String text) {
        return run("type", Json.object().put("selector", selector).put("text", text).put("clear", true), COMMAND_TIMEOUT).path("value").asText();
    }

    public void select(String selector, String value) {
        run("select", Json.object().put("selector", selector).put("value", value), COMMAND_TIMEOUT);
    }

    /** Sets an input's value as its widget would (datetime-local "2026-12-24T09:30"), firing input and change. */
    public void fill(String selector, String value) {
        run("fill", Json.object().put("selector", selector).put("value", value), COMMAND_TIMEOUT);
    }

    /**
     * Selects {@code phrase} in the text of {@code container} (a mouse drag over it; the Selection API plus mouseup and
     * selectionchange when a drag cannot select exactly it). Returns {selected, method: drag|range, offset}.
     */
    public JsonNode selectText(String container, String phrase) {
        return run("selectText", Json.object().put("container", container).put("phrase", phrase), COMMAND_TIMEOUT);
    }

    /** Clicks the point at fractions ({@code fx}, {@code fy}) of the element's box with real mouse events. Returns {x, y, box}. */
    public JsonNode clickAt(String selector, double fx, double fy) {
        return run("clickAt", Json.object().put("selector", selector).put("fx", fx).put("fy", fy), COMMAND_TIMEOUT);
    }

    /** Presses a key ("Enter", "Space", "Tab") with {@code selector} focused first (null: wherever focus is). */
    public void press(String selector, String key) {
        ObjectNode c = Json.object().put("key", key);
        if (selector != null) {
            c.put("selector", selector);
        }
        run("press", c, COMMAND_TIMEOUT);
    }

    /** Presses a key with {@code selector} focused first (null: wherever focus is) and waits for the navigation it starts. */
    public Navigation pressAndWait(String selector, String key) {
        ObjectNode c = Json.object().put("key", key);
        if (selector != null) {
            c.put("selector", selector);
        }
        return navigation(run("pressAndWait", c, NAVIGATION_TIMEOUT));
    }

    /**
     * Presses Tab from wherever focus is until the focused element matches {@code selector} (at most {@code max} times);
     * returns {presses, focusVisible, outlineStyle, outlineWidth, outlineColor, boxShadow} of the focused element.
     */
    public JsonNode tabTo(String selector, int max) {
        return run("tabTo", Json.object().put("selector", selector).put("max", max), Duration.ofSeconds(120));
    }

    public void waitFor(String selector) {
        run("waitFor", Json.object().put("selector", selector), COMMAND_TIMEOUT);
    }

    // ---- reading

    /** The rendered text (innerText) of the first match, or null when nothing matches. */
    public String text(String selector) {
        JsonNode r = run("text", Json.object().put("selector", selector), COMMAND_TIMEOUT);
        return r.isNull() ? null : r.asText();
    }

    /** An attribute of the first match; null when nothing matches or it has no such attribute. */
    public String attr(String selector, String name) {
        JsonNode r = run("attr", Json.object().put("selector", selector).put("name", name), COMMAND_TIMEOUT);
        return r.isNull() ? null : r.asText();
    }

    public int count(String selector) {
        return run("count", Json.object().put("selector", selector), COMMAND_TIMEOUT).asInt();
    }

    /** The value of a JavaScript expression in the page (for reading state), as JSON. */
    public JsonNode eval(String expression) {
        return run("eval", Json.object().put("expression", expression), COMMAND_TIMEOUT);
    }

    /** The page's current HTML. */
    public String content() {
        return run("content", Json.object(), COMMAND_TIMEOUT).asText();
    }

    /** Resizes the viewport; returns {width, scrollWidth, clientWidth, height} of the page at that size. */
    public JsonNode setViewport(int width, int height) {
        return run("setViewport", Json.object().put("width", width).put("height", height), COMMAND_TIMEOUT);
    }

    /** A PNG of the page at {@code width} (the viewport stays at that size); returns {path, bytes, scrollWidth, clientWidth, height}. */
    public JsonNode screenshot(Path file, int width, int height, boolean fullPage) {
        return run("screenshot", Json.object().put("path", file.toAbsolutePath().toString()).put("width", width).put("height", height)
                .put("fullPage", fullPage), COMMAND_TIMEOUT);
    }

    /**
     * axe-core (pinned in local/chromium) run in the current page: {violations: [{id, impact, help, helpUrl, nodes:
     * [{target, html, summary}]}], incomplete, passes (a count), version}. {@code options} are axe.run's (null: defaults).
     */
    public JsonNode axe(ObjectNode options) {
        return run("axe", Json.object().set("options", options == null ? Json.object() : options), Duration.ofSeconds(120));
    }

    /** The violations of {@code axe}'s result whose impact is serious or critical, one line each ("id (impact): help — targets"). */
    public static List<String> serious(JsonNode axe) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : axe.path("violations")) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                List<String> targets = new ArrayList<>();
                v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
                out.add(v.path("id").asText() + " (" + impact + "): " + v.path("help").asText() + " — " + String.join(", ", targets));
            }
        }
        return out;
    }

    /** The browser's cookies for the page: [{name, value, domain, path, httpOnly, secure, sameSite, session}]. */
    public JsonNode cookies() {
        return run("cookies", Json.object(), COMMAND_TIMEOUT);
    }

    /**
     * What the page reported since the start (or the last clearing call): {console: [{type, text, url}], violations:
     * [{violatedDirective, effectiveDirective, blockedURI, documentURI, sourceFile, lineNumber, sample}], pageErrors,
     * browser: [{level, source, text, url}], requestsFailed, dialogs, posts: [{url, origin, secFetchSite, referer, cookie
     * (whether one was sent)}] — the headers the browser really sent with each POST}.
     */
    public JsonNode log(boolean clear) {
        return run("log", Json.object().put("clear", clear), COMMAND_TIMEOUT);
    }

    /** The console errors, uncaught page errors and browser-log errors in {@code log} (one line each). */
    public static List<String> errors(JsonNode log) {
        List<String> out = new ArrayList<>();
        log.path("console").forEach(c -> {
            if (c.path("type").asText().equals("error")) {
                out.add("console: " + c.path("text").asText() + " (" + c.path("url").asText() + ")");
            }
        });
        log.path("pageErrors").forEach(e -> out.add("pageerror: " + e.asText()));
        log.path("browser").forEach(b -> {
            if (b.path("level").asText().equals("error")) {
                out.add("browser." + b.path("source").asText() + ": " + b.path("text").asText() + " (" + b.path("url").asText() + ")");
            }
        });
        return out;
    }

    // ---- plumbing

    private static Navigation navigation(JsonNode r) {
        return new Navigation(r.path("status").asInt(), r.path("url").asText(), r.path("title").asText(), r.path("headers"));
    }

    /** Sends one command and returns its result; throws with the driver's reason and the page's last log lines. */
    public synchronized JsonNode run(String cmd, ObjectNode args, Duration timeout) {
        if (closed) {
            throw new IllegalStateException("the browser session is closed");
        }
        int id = nextId++;
        args.put("id", id).put("cmd", cmd);
        try {
            stdin.write(Json.write(args) + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw failure("cannot send " + cmd + " to the driver: " + e.getMessage(), null);
        }
        return await(id, timeout, cmd);
    }

    private JsonNode await(int id, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line;
            try {
                line = answers.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
            if (line == null) {
                kill();
                closed = true;
                throw failure(what + " got no answer within " + timeout.toSeconds() + " s (driver killed)", null);
            }
            if (line.equals(EOF)) {
                closed = true;
                throw failure("the driver ended during " + what, null);
            }
            JsonNode answer;
            try {
                answer = Json.tree(line);
            } catch (RuntimeException e) {
                continue; // not ours (a stray line from a library); answers are JSON objects
            }
            if (!answer.isObject() || answer.path("id").asInt(-1) != id) {
                continue; // an answer to an earlier command that timed out on our side cannot come (we kill), but be safe
            }
            if (!answer.path("ok").asBoolean()) {
                throw failure(what + " failed: " + answer.path("error").asText()
                        + (answer.hasNonNull("url") ? " [page " + answer.path("url").asText() + "]" : ""), answer.path("log"));
            }
            return answer.path("result");
        }
    }

    private IllegalStateException failure(String message, JsonNode log) {
        StringBuilder m = new StringBuilder(message);
        if (log != null && log.size() > 0) {
            m.append("\nlast page log lines:");
            log.forEach(l -> m.append("\n  ").append(l.asText()));
        }
        String err = NodePackages.tail(stderr);
        if (!err.isBlank() && !err.equals("(no log)")) {
            m.append("\ndriver stderr:\n").append(err);
        }
        return new IllegalStateException(m.toString());
    }

    /** Ends the driver and the chromium processes it started (a killed node leaves its browser behind otherwise). */
    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Closes the browser and ends the driver (killed after 15 s). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                stdin.write("{\"cmd\":\"quit\"}\n");
                stdin.flush();
                stdin.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
