package com.socialwire.posts.review.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.Chromium;
import com.socialwire.local.stores.NodePackages;
import com.socialwire.shared.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The review page in Debian's chromium (installed by the test when missing), served over HTTP with its real headers
 * (so its CSP is the one enforced): screenshots at desktop (1280 px) and phone (390 px) width kept in
 * target/review-screenshots, nothing wider than the phone, the script runs under the policy's hash with no console
 * error or CSP violation, and it anchors comments as an approver does (selected words, a clicked image point, an
 * image's centre from the keyboard). axe-core runs too when installed next to puppeteer-core.
 */
class ReviewPageScreenshotIT {

    static final Path OUT = Path.of("target/review-screenshots");
    static Chromium chromium;
    static HttpServer server;
    static Html html;
    static Html gone;

    @BeforeAll
    static void start() throws IOException {
        chromium = Chromium.available();
        if (chromium == null) {
            System.err.println("[screenshot] skipped: chromium unavailable: " + Chromium.whyUnavailable());
            return;
        }
        html = new ReviewPage().render(SampleViews.sample());
        byte[] page = html.body().getBytes(StandardCharsets.UTF_8);
        gone = new ReviewPage().message(410, "This review link has expired", "Ask your agency for a new link.");
        byte[] portrait = png(540, 960, new Color(0x6b21a8), new Color(0xf59e0b));
        byte[] landscape = png(600, 400, new Color(0x0f766e), new Color(0xfde68a));
        byte[] logo = png(160, 60, new Color(0x111827), new Color(0xffffff));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String p = exchange.getRequestURI().getPath();
            if (p.equals(SampleViews.BASE) || p.equals("/review/gone")) {
                Html h = p.equals("/review/gone") ? gone : html;
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.getResponseHeaders().add("Content-Security-Policy", h.contentSecurityPolicy());
                exchange.getResponseHeaders().add("Cache-Control", "no-store");
                exchange.getResponseHeaders().add("Referrer-Policy", "no-referrer");
                exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
                exchange.getResponseHeaders().add("X-Frame-Options", "DENY");
                send(exchange, h.status(), h.body().getBytes(StandardCharsets.UTF_8));
            } else if (p.equals(SampleViews.BASE + "/media/med_a1")) {
                send(exchange, 200, portrait);
            } else if (p.startsWith(SampleViews.BASE + "/media/")) {
                send(exchange, 200, landscape);
            } else if (p.equals(SampleViews.BASE + "/logo")) {
                send(exchange, 200, logo);
            } else {
                send(exchange, 404, new byte[0]);
            }
        });
        server.start();
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("review.html"), html.body(), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (status == 200 && !exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** A picture with something in it (a gradient and a disc), as a PNG. */
    static byte[] png(int w, int h, Color from, Color to) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, from, w, h, to));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.WHITE);
        g.fillOval(w / 3, h / 3, w / 3, w / 3);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static JsonNode drive(String path, String name, String mode) throws Exception {
        Path script = Path.of(ReviewPageScreenshotIT.class.getResource("/review/drive-review-page.js").toURI());
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + path;
        Path err = Files.createTempFile("socialwire-review-drive-", ".log");
        ProcessBuilder pb = new ProcessBuilder("node", script.toString(), "--chromium", chromium.executable().toString(), "--url", url,
                "--out", OUT.toAbsolutePath().toString(), "--name", name, "--widths", "1280,390", "--mode", mode)
                .redirectError(err.toFile());
        pb.environment().put("NODE_PATH", NodePackages.directory("chromium").resolve("node_modules").toString());
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("drive-review-page.js failed\n" + Files.readString(err));
        }
        Files.deleteIfExists(err);
        return Json.tree(stdout.strip());
    }

    @Test
    void pageFitsBothWidthsRunsOnlyItsOwnScriptAndAnchorsComments() throws Exception {
        assumeTrue(chromium != null, "chromium unavailable: " + Chromium.whyUnavailable());
        JsonNode r = drive(SampleViews.BASE, "review", "page");
        assertClean(r, html, "review");
        assertTrue(r.path("scriptRan").asBoolean(), "the script ran under the policy's hash: " + r.path("console"));
        assertEquals(List.of("pst_reel1", "pst_x1", "pst_x2"), texts(r.path("posts")));
        JsonNode pins = r.path("pins");
        assertEquals(1, pins.size(), "the one comment on an image point has its pin: " + pins);
        assertEquals("med_a1", pins.get(0).path("media").asText());
        assertEquals(0.25, pins.get(0).path("x").asDouble(), 0.02, pins.toString());
        assertEquals(0.75, pins.get(0).path("y").asDouble(), 0.02, pins.toString());
        assertEquals("Pin 1: On video 1, 25% across, 75% down", pins.get(0).path("comment").asText());
        assertEquals("skip", r.path("firstTab").asText(), "the first Tab reaches the skip link");

        JsonNode text = r.path("text");
        assertEquals("text", text.path("anchorType").asText(), text.toString());
        assertEquals("winter blend", text.path("anchorText").asText());
        assertEquals(r.path("selected").path("offset").asInt(), text.path("anchorOffset").asInt());
        assertEquals(r.path("selected").path("text").asText().indexOf("winter blend"), text.path("anchorOffset").asInt());
        assertEquals("Commenting on: \u201cwinter blend\u201d", text.path("label").asText());
        assertTrue(text.path("labelVisible").asBoolean());
        assertEquals("textarea[name=text]", text.path("focus").asText(), "focus moves to the comment");
        assertTrue(text.path("focusInForm").asBoolean());

        JsonNode image = r.path("image");
        assertEquals("image", image.path("anchorType").asText(), image.toString());
        assertEquals("med_a1", image.path("anchorMediaId").asText());
        assertEquals("", image.path("anchorText").asText(), "the text anchor is replaced");
        assertEquals(0.25, Double.parseDouble(image.path("anchorX").asText()), 0.01);
        assertEquals(0.75, Double.parseDouble(image.path("anchorY").asText()), 0.01);
        assertTrue(image.path("anchorX").asText().matches("0\\.\\d{3}"), "three decimals: " + image.path("anchorX"));
        assertEquals(0.25, image.path("marker").path("x").asDouble(), 0.02, "the marker is where the click was: " + image);
        assertEquals(0.75, image.path("marker").path("y").asDouble(), 0.02);
        assertEquals("Commenting on: video 1, 25% across, 75% down", image.path("label").asText());
        assertEquals("textarea[name=text]", image.path("focus").asText());

        JsonNode keys = r.path("keyboard");
        assertEquals("image", keys.path("anchorType").asText());
        assertEquals("0.500", keys.path("anchorX").asText());
        assertEquals("0.500", keys.path("anchorY").asText());
        assertEquals("textarea[name=text]", keys.path("focus").asText());

        JsonNode cleared = r.path("cleared");
        for (String f : List.of("anchorType", "anchorText", "anchorOffset", "anchorMediaId", "anchorX", "anchorY")) {
            assertEquals("", cleared.path(f).asText(), "cleared " + f);
        }
        assertFalse(cleared.path("labelVisible").asBoolean());
        assertTrue(cleared.path("marker").isMissingNode(), "marker hidden");

        JsonNode none = r.path("nothingSelected");
        assertEquals("", none.path("anchorType").asText(), "nothing selected: nothing anchored");
        assertTrue(none.path("hint").asText().startsWith("Select some words"), none.toString());

        JsonNode back = r.path("back");
        assertEquals(1, back.path("notices").asInt(), back.toString());
        assertEquals("pst_x1", back.path("in").asText(), "the notice is shown in the post the action was on: " + back);
        assertTrue(back.path("visible").asBoolean(), "and seen: " + back);

        assertTrue(r.path("badFragment").path("js").asBoolean(), "a malformed #fragment breaks nothing: " + r.path("badFragment"));
        assertEquals(9, r.path("badFragment").path("shown").asInt(), r.path("badFragment").toString());
        JsonNode plain = r.path("noScript");
        assertEquals(1 + 4 + 4 + 3, plain.path("forms").asInt(), "every form without the script: " + plain);
        assertTrue(plain.path("hiddenNeedingScript").asInt() > 0);
        assertEquals(0, plain.path("shownNeedingScript").asInt(), "no dead control without the script: " + plain);

        assertAccessible(r);
    }

    @Test
    void messagePageFitsBothWidthsAndLoadsNothingElse() throws Exception {
        assumeTrue(chromium != null, "chromium unavailable: " + Chromium.whyUnavailable());
        JsonNode r = drive("/review/gone", "review-expired", "message");
        assertEquals(410, r.path("status").asInt());
        assertClean(r, gone, "review-expired");
        assertFalse(r.path("scriptRan").asBoolean(), "no script on a message page");
        assertEquals(List.of("h1 This review link has expired"), texts(r.path("headings")));
        assertEquals(1, r.path("requests").size(), "the page only: " + r.path("requests"));
        assertAccessible(r);
    }

    /** axe-core's findings (when it is installed next to puppeteer-core): none serious or critical at either width. */
    static void assertAccessible(JsonNode r) {
        JsonNode axe = r.path("axe");
        if (axe.has("skipped")) {
            System.err.println("[screenshot] axe-core: " + axe.path("skipped").asText());
        } else {
            List<String> serious = new ArrayList<>();
            axe.fields().forEachRemaining(e -> {
                for (JsonNode v : e.getValue()) {
                    System.err.println("[axe " + e.getKey() + "] " + v);
                    if (v.path("impact").asText().equals("serious") || v.path("impact").asText().equals("critical")) {
                        serious.add(e.getKey() + " " + v);
                    }
                }
            });
            assertEquals(List.of(), serious, "no serious or critical accessibility violation");
        }
    }

    /** The headers, no error or CSP violation, only the page's own origin asked, both widths without sideways scrolling. */
    static void assertClean(JsonNode r, Html expected, String name) {
        assertEquals(expected.status(), r.path("status").asInt());
        assertEquals(expected.contentSecurityPolicy(), r.path("headers").path("content-security-policy").asText());
        assertEquals(0, r.path("pageErrors").size(), "no script error: " + r.path("pageErrors"));
        assertEquals(0, r.path("csp").size(), "no CSP violation: " + r.path("csp"));
        for (JsonNode line : r.path("console")) {
            boolean expectedStatus = expected.status() != 200 && line.asText().contains("status of " + expected.status());
            assertTrue(expectedStatus || !line.asText().startsWith("error") && !line.asText().contains("Content Security Policy"),
                    "console: " + line.asText());
        }
        assertEquals(0, r.path("blocked").size(), "nothing failed to load: " + r.path("blocked"));
        assertEquals(0, r.path("brokenImages").size(), "every image shows: " + r.path("brokenImages"));
        String origin = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        for (JsonNode req : r.path("requests")) {
            assertTrue(req.asText().startsWith("GET " + origin), "only the page's own origin is asked: " + req.asText());
        }
        assertEquals(2, r.path("shots").size());
        for (JsonNode shot : r.path("shots")) {
            int width = shot.path("width").asInt();
            assertTrue(shot.path("bytes").asLong() > 5_000, "a real screenshot: " + shot);
            assertTrue(shot.path("scrollWidth").asInt() <= width, "fits " + width + " px without scrolling sideways: " + shot);
            assertEquals(0, shot.path("wide").size(), "nothing sticks out at " + width + " px: " + shot.path("wide"));
            System.err.printf("[screenshot] %s %d px: %s (%d bytes, page %d px high)%n", name, width, shot.path("path").asText(),
                    shot.path("bytes").asLong(), shot.path("height").asInt());
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
