package com.socialwire.local.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, driven by {@code puppeteer-core} (pinned in {@code local/chromium/} with its lockfile), for
 * screenshot tests of the pages we render. Whatever is missing is installed on first use: chromium (and
 * fonts-liberation) with apt-get when running as root on Debian, the npm package with {@code npm ci}. When chromium
 * cannot be had, {@link #available()} says why, so a test can skip with that reason.
 */
public final class Chromium {

    static final String PACKAGE = "puppeteer-core";
    private static final String[] CANDIDATES = {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"};

    private static Chromium shared;
    private static String unavailable;

    private final Path executable;
    private final Path dir;

    private Chromium(Path executable, Path dir) {
        this.executable = executable;
        this.dir = dir;
    }

    /** The browser, installing what is missing on first call; null when it cannot be had ({@link #whyUnavailable()}). */
    public static synchronized Chromium available() {
        if (shared == null && unavailable == null) {
            try {
                BlueskyPds.nodeVersion();
                Path exe = locateOrInstall();
                Path d = NodePackages.directory("chromium");
                NodePackages.install(d, PACKAGE, "chromium", "it needs the npm registry", "about 10 s");
                shared = new Chromium(exe, d);
            } catch (IllegalStateException e) {
                unavailable = e.getMessage();
            }
        }
        return shared;
    }

    public static synchronized String whyUnavailable() {
        return unavailable;
    }

    /** {@code CHROMIUM_PATH}, a Debian chromium already there, or one apt-get installs now. */
    static Path locateOrInstall() {
        String configured = System.getenv("CHROMIUM_PATH");
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                throw new IllegalStateException("CHROMIUM_PATH=" + configured + " is not an executable");
            }
            return Path.of(configured);
        }
        Path found = find();
        if (found != null) {
            return found;
        }
        install();
        found = find();
        if (found == null) {
            throw new IllegalStateException("apt-get installed chromium but none of " + String.join(", ", CANDIDATES) + " exists");
        }
        return found;
    }

    private static Path find() {
        for (String c : CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    /** {@code apt-get install chromium fonts-liberation} (after an update if the package is unknown), one JVM at a time. */
    private static void install() {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get")) || !"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("chromium is not installed and cannot be installed here (needs apt-get as root);"
                    + " install Debian's chromium or set CHROMIUM_PATH");
        }
        Path lock = Path.of(System.getProperty("java.io.tmpdir"), "socialwire-chromium-install.lock");
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (find() != null) {
                return;
            }
            Path log = Files.createTempFile("socialwire-apt-", ".log");
            System.err.println("[chromium] apt-get install chromium (first run: about 1-3 min, log " + log + ")");
            if (apt(log, "install") != 0 && (apt(log, "update") != 0 || apt(log, "install") != 0)) {
                throw new IllegalStateException("apt-get could not install chromium\n" + NodePackages.tail(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot install chromium: " + e.getMessage(), e);
        }
    }

    private static int apt(Path log, String verb) throws IOException {
        List<String> command = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "-y", verb));
        if (verb.equals("install")) {
            command.addAll(List.of("--no-install-recommends", "chromium", "fonts-liberation"));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        try {
            if (!p.waitFor(NodePackages.INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
    }

    public Path executable() {
        return executable;
    }

    /** A new browser with one page, driven command by command ({@code local/chromium/drive.js}); close it when done. */
    public BrowserSession session() {
        return BrowserSession.start(executable, dir);
    }

    /**
     * Loads {@code html} and saves full-page screenshots {@code <name>-<width>.png} in {@code out}, one per width.
     * Returns the harness's JSON: {@code metrics} (data-metric → data-value, null for "null"), {@code shots}
     * [{width, path, bytes, scrollWidth, clientWidth, height, svgs}], {@code requests}, {@code blocked}, {@code console},
     * {@code scripts}, {@code dialogs}, {@code duplicates}.
     */
    public JsonNode screenshot(Path html, Path out, String name, int... widths) {
        StringBuilder w = new StringBuilder();
        for (int width : widths) {
            w.append(w.isEmpty() ? "" : ",").append(width);
        }
        try {
            Path err = Files.createTempFile("socialwire-shoot-", ".log");
            Process p = new ProcessBuilder("node", "shoot.js", "--chromium", executable.toString(), "--html", html.toAbsolutePath().toString(),
                    "--out", out.toAbsolutePath().toString(), "--name", name, "--widths", w.toString())
                    .directory(dir.toFile()).redirectError(err.toFile()).start();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("shoot.js failed for " + html + "\n" + NodePackages.tail(err));
            }
            Files.deleteIfExists(err);
            return Json.tree(stdout.strip());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run node shoot.js: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
