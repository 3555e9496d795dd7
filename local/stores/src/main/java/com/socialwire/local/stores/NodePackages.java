package com.socialwire.local.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pinned npm packages the tests run (a folder under {@code local/} with a package.json and its committed
 * package-lock.json): installed with {@code npm ci} on first use, one JVM at a time (a file lock), so a clean clone
 * needs nothing but Node and the npm registry.
 *
 * <p>Like Maven's {@code ~/.m2}, an install is kept per lockfile outside the checkout, in
 * {@code ~/.cache/socialwire/node/{folder}-{sha-256 of package.json and the lockfile}} ({@code SOCIALWIRE_NODE_CACHE}
 * moves it; {@code off} installs in the checkout), and the checkout's {@code node_modules} is a link to it: a new clone
 * with the same lockfile starts at once instead of spending a minute or two in {@code npm ci} (362 MB for the PDS),
 * and a changed lockfile gets an install of its own.
 */
public final class NodePackages {

    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private NodePackages() {
    }

    /** {@code local/<name>} of this checkout (found like template.yaml: from {@code socialwire.root} or the working directory up). */
    public static Path directory(String name) {
        return Template.locate().getParent().resolve("local").resolve(name);
    }

    /**
     * {@code npm ci} in {@code dir} unless its node_modules already holds {@code pkg}. {@code tag} names the caller in
     * messages, {@code needs} says what a failed install may lack, {@code typical} how long a first install takes.
     */
    public static void install(Path dir, String pkg, String tag, String needs, String typical) {
        Path modules = dir.resolve("node_modules");
        Path kept = keptInstall(dir);
        if (Files.isRegularFile(modules.resolve(pkg).resolve("package.json")) && !linkedElsewhere(modules, kept)) {
            return;
        }
        // a node_modules folder of an earlier install in place is used as it is
        if (kept != null && (Files.isSymbolicLink(modules) || !Files.exists(modules, java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
            try {
                Files.createDirectories(kept);
                Files.copy(dir.resolve("package.json"), kept.resolve("package.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.copy(dir.resolve("package-lock.json"), kept.resolve("package-lock.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                installIn(kept, pkg, tag, needs, typical);
                Files.deleteIfExists(modules); // a link to another lockfile's install
                Files.createSymbolicLink(modules, kept.resolve("node_modules"));
                return;
            } catch (IOException e) {
                System.err.println("[" + tag + "] cannot keep the install in " + kept + " (" + e.getMessage() + "): installing in " + dir);
                try {
                    Files.deleteIfExists(modules);
                } catch (IOException ignored) {
                    // npm ci below replaces it
                }
            }
        }
        installIn(dir, pkg, tag, needs, typical);
    }

    /** {@code modules} is a link to the kept install of another package.json or lockfile (a package added since). */
    private static boolean linkedElsewhere(Path modules, Path kept) {
        try {
            return kept != null && Files.isSymbolicLink(modules) && !Files.readSymbolicLink(modules).equals(kept.resolve("node_modules"));
        } catch (IOException e) {
            return true;
        }
    }

    /** Where {@code dir}'s install is kept for its package.json and lockfile, or null when keeping is off or they cannot be read. */
    static Path keptInstall(Path dir) {
        String root = System.getenv().getOrDefault("SOCIALWIRE_NODE_CACHE",
                Path.of(System.getProperty("user.home"), ".cache", "socialwire", "node").toString());
        if (root.isBlank() || "off".equals(root)) {
            return null;
        }
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(dir.resolve("package.json")));
            sha.update(Files.readAllBytes(dir.resolve("package-lock.json")));
            return Path.of(root).resolve(dir.getFileName() + "-" + java.util.HexFormat.of().formatHex(sha.digest(), 0, 8));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** {@code npm ci} in {@code dir} unless its node_modules holds {@code pkg}, one JVM at a time. */
    private static void installIn(Path dir, String pkg, String tag, String needs, String typical) {
        Path marker = dir.resolve("node_modules").resolve(pkg).resolve("package.json");
        if (Files.isRegularFile(marker)) {
            return;
        }
        Path npmLog = dir.resolve("npm-ci.log");
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".npm-ci.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (Files.isRegularFile(marker)) {
                return; // another JVM installed it while this one waited
            }
            System.err.println("[" + tag + "] npm ci in " + dir + " (first run: " + typical + ", log " + npmLog + ")");
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(npmLog.toFile()).start();
            if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci did not finish within " + INSTALL_TIMEOUT.toMinutes() + " min\n" + tail(npmLog));
            }
            if (npm.exitValue() != 0 || !Files.isRegularFile(marker)) {
                throw new IllegalStateException("npm ci failed in " + dir + " (exit " + npm.exitValue() + "; " + needs + ")\n" + tail(npmLog));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run npm in " + dir + " (install Node.js 20 with npm): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The last 30 lines of a log, for a failure message. */
    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }
}
