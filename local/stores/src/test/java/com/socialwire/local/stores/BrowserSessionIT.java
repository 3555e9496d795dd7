package com.socialwire.local.stores;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The browser driver ({@link BrowserSession}, local/chromium/drive.js) against pages served here with a strict CSP
 * (script-src by hash only), as the review page has: a phrase selected by a drag reaches the page's own script, a
 * click at a fraction of an image lands there, a datetime-local takes a value, a form posts and follows its 303,
 * axe-core runs under the CSP and finds a known violation, and CSP violations and console errors are recorded —
 * the page's policy still in force after axe ran.
 */
class BrowserSessionIT {

    static final String SCRIPT = "document.addEventListener('mouseup',function(){var s=String(window.getSelection());"
            + "if(s){document.getElementById('picked').value=s;document.getElementById('label').textContent='Commenting on: '+s;}});"
            + "document.getElementById('fig').addEventListener('click',function(e){var r=e.currentTarget.getBoundingClientRect();"
            + "document.getElementById('x').value=((e.clientX-r.left)/r.width).toFixed(3);"
            + "document.getElementById('y').value=((e.clientY-r.top)/r.height).toFixed(3);});"
            + "document.getElementById('when').addEventListener('change',function(e){document.getElementById('changed').textContent=e.target.value;});";
    static final String NOISY = "console.error('boom from the page');";

    static Chromium chromium;
    static HttpServer server;
    static String base;
    static BrowserSession browser;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.available();
        if (chromium == null) {
            System.err.println("[browser] skipped: chromium unavailable: " + Chromium.whyUnavailable());
            return;
        }
        byte[] png = png();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", BrowserSessionIT::serve);
        server.createContext("/img.png", x -> send(x, 200, "image/png", png, null));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        browser = chromium.session();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @BeforeEach
    void needsChromium() {
        assumeTrue(chromium != null, "chromium unavailable: " + Chromium.whyUnavailable());
    }

    static String csp(String script) {
        return "default-src 'none'; script-src '" + hash(script) + "'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self';"
                + " base-uri 'none'; frame-ancestors 'none'";
    }

    static String hash(String script) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void serve(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        switch (path) {
            case "/page" -> send(x, 200, "text/html; charset=utf-8", page().getBytes(StandardCharsets.UTF_8), csp(SCRIPT));
            case "/noreferrer" -> {
                x.getResponseHeaders().add("Referrer-Policy", "no-referrer");
                send(x, 200, "text/html; charset=utf-8", page().getBytes(StandardCharsets.UTF_8), csp(SCRIPT));
            }
            case "/submit" -> {
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                x.getResponseHeaders().add("Location", "/done?" + body);
                x.getResponseHeaders().add("Set-Cookie", "sw_test=1; Path=/; HttpOnly; SameSite=Strict");
                send(x, 303, "text/plain", new byte[0], null);
            }
            case "/done" -> {
                String q = URLDecoder.decode(x.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
                send(x, 200, "text/html; charset=utf-8", ("<!doctype html><html lang=en><title>Done</title><main><p id=echo>" + q.replace("<", "&lt;")
                        + "</p></main></html>").getBytes(StandardCharsets.UTF_8), csp(SCRIPT));
            }
            case "/violating" -> send(x, 200, "text/html; charset=utf-8", ("<!doctype html><html lang=en><title>Violating</title><main><p>x</p>"
                    + "<script>window.__pwned=1</script><script>" + NOISY + "</script><img src='https://example.invalid/a.png' alt='elsewhere'>"
                    + "</main></html>").getBytes(StandardCharsets.UTF_8), csp(NOISY));
            default -> send(x, 404, "text/html", "<!doctype html><title>Not found</title><p>none".getBytes(StandardCharsets.UTF_8), null);
        }
    }

    static String page() {
        return "<!doctype html><html lang=en><head><meta charset=utf-8><title>Driver page</title>"
                + "<meta name=viewport content='width=device-width,initial-scale=1'></head><body><main>"
                + "<h1>Driver page</h1>"
                + "<div class=post-text id=text style='white-space:pre-wrap'>Fresh rye loaves every morning at seven.\nCome early, they sell out fast!</div>"
                + "<p id=label>Commenting on: nothing</p>"
                + "<figure id=fig style='margin:0;width:400px;max-width:100%'><img src=/img.png alt='a loaf' style='display:block;width:100%'></figure>"
                + "<img src=/img.png id=noalt style='width:40px'>"
                + "<form method=post action=/submit id=f><label for=picked>Picked</label><textarea id=picked name=picked></textarea>"
                + "<label for=x>x</label><input id=x name=x><label for=y>y</label><input id=y name=y>"
                + "<label for=when>When</label><input type=datetime-local id=when name=when>"
                + "<label for=reason>Reason</label><textarea id=reason name=reason></textarea>"
                + "<button type=submit>Send</button></form><p id=changed></p>"
                + "<script>" + SCRIPT + "</script></main></body></html>";
    }

    static void send(HttpExchange x, int status, String type, byte[] body, String csp) throws IOException {
        x.getResponseHeaders().add("Content-Type", type);
        if (csp != null) {
            x.getResponseHeaders().add("Content-Security-Policy", csp);
        }
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            x.getResponseBody().write(body);
        }
        x.close();
    }

    static byte[] png() throws IOException {
        BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0xC8, 0x8A, 0x3A));
        g.fillRect(0, 0, 400, 300);
        g.setColor(new Color(0x5A, 0x32, 0x10));
        g.fillOval(60, 60, 280, 180);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void drivesAPageUnderAStrictCspAsAUserWould() throws Exception {
        browser.log(true);
        BrowserSession.Navigation nav = browser.navigate(base + "/page");
        assertEquals(200, nav.status());
        assertEquals("Driver page", nav.title());
        assertEquals(csp(SCRIPT), nav.header("Content-Security-Policy"));

        JsonNode sel = browser.selectText(".post-text", "every morning at seven");
        assertEquals("every morning at seven", sel.path("selected").asText(), sel.toString());
        assertEquals("every morning at seven", browser.eval("document.getElementById('picked').value").asText(),
                "the page's own (hashed) script saw the selection on mouseup");
        assertEquals("Commenting on: every morning at seven", browser.text("#label"));
        // a phrase across the line break
        JsonNode across = browser.selectText(".post-text", "seven.\nCome early");
        assertEquals("seven.\nCome early", browser.eval("document.getElementById('picked').value").asText(), across.toString());
        assertEquals("drag", across.path("method").asText(), across.toString());
        assertThrows(IllegalStateException.class, () -> browser.selectText(".post-text", "sourdough"));

        JsonNode at = browser.clickAt("#fig", 0.25, 0.75);
        assertEquals(0.25, browser.eval("Number(document.getElementById('x').value)").asDouble(), 0.01, at.toString());
        assertEquals(0.75, browser.eval("Number(document.getElementById('y').value)").asDouble(), 0.01, at.toString());

        browser.fill("input[name=when]", "2026-12-24T09:30");
        assertEquals("2026-12-24T09:30", browser.text("#changed"), "change fired");
        assertEquals("2026-12-24T09:30", browser.eval("document.getElementById('when').value").asText());
        browser.type("#reason", "Too salty");
        assertEquals(1, browser.count("form#f"));
        assertEquals(0, browser.count("form#nope"));
        assertNull(browser.text("#nope"));
        assertEquals("post", browser.attr("#f", "method"));

        BrowserSession.Navigation done = browser.submit("form#f");
        assertEquals(200, done.status(), "the 303 was followed");
        assertTrue(done.url().startsWith(base + "/done?"), done.url());
        String echo = browser.text("#echo");
        assertTrue(echo.contains("reason=Too salty") || echo.contains("reason=Too+salty"), echo);
        assertTrue(echo.contains("when=2026-12-24T09:30"), echo);
        assertTrue(echo.contains("x=0.25"), echo);
        JsonNode cookie = null;
        for (JsonNode c : browser.cookies()) {
            cookie = c.path("name").asText().equals("sw_test") ? c : cookie;
        }
        assertNotNull(cookie, browser.cookies().toString());
        assertTrue(cookie.path("httpOnly").asBoolean());
        assertEquals("Strict", cookie.path("sameSite").asText());

        JsonNode log = browser.log(true);
        JsonNode sent = log.path("posts").get(0);
        assertEquals(base + "/submit", sent.path("url").asText(), log.path("posts").toString());
        assertEquals(base, sent.path("origin").asText(), "a same-origin form post names its origin: " + sent);
        assertEquals("same-origin", sent.path("secFetchSite").asText(), sent.toString());
        assertEquals(0, log.path("violations").size(), log.toString());
        assertEquals(List.of(), BrowserSession.errors(log));
    }

    @Test
    void axeRunsUnderTheCspAndFindsAKnownViolationAndThePolicyStillHolds() throws Exception {
        browser.navigate(base + "/page");
        browser.log(true);
        JsonNode axe = browser.axe(null);
        assertFalse(axe.path("version").asText().isEmpty(), axe.toString());
        assertTrue(axe.path("passes").asInt() > 0, axe.toString());
        List<String> serious = BrowserSession.serious(axe);
        assertTrue(serious.stream().anyMatch(s -> s.startsWith("image-alt (critical)") && s.contains("#noalt")), serious.toString());
        assertEquals(1, serious.size(), "only the image without alt: " + serious);
        assertEquals(0, browser.log(false).path("violations").size(), "axe itself is not a CSP violation");

        // the page's policy still holds for what the page itself does: the unhashed inline script is refused and
        // reported, the hashed one runs, the foreign image is refused
        browser.navigate(base + "/violating");
        assertTrue(browser.eval("typeof window.__pwned === 'undefined'").asBoolean(), "the unhashed script did not run");
        long deadline = System.nanoTime() + 5_000_000_000L;
        JsonNode log = browser.log(false);
        while (log.path("violations").size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            log = browser.log(false);
        }
        List<String> directives = log.path("violations").findValues("effectiveDirective").stream().map(JsonNode::asText).toList();
        assertTrue(directives.contains("script-src-elem"), log.toString());
        assertTrue(directives.contains("img-src"), log.toString());
        assertTrue(BrowserSession.errors(log).stream().anyMatch(e -> e.contains("boom from the page")), BrowserSession.errors(log).toString());
        browser.log(true);
    }

    /** What a CSRF check sees from a page served with Referrer-Policy: no-referrer: a same-origin form post says Origin: null. */
    @Test
    void aNoReferrerPagePostsWithAnOpaqueOrigin() {
        browser.navigate(base + "/noreferrer");
        browser.log(true);
        assertEquals(200, browser.submit("form#f").status());
        JsonNode sent = browser.log(true).path("posts").get(0);
        assertEquals("null", sent.path("origin").asText(), sent.toString());
        assertEquals("same-origin", sent.path("secFetchSite").asText(), sent.toString());
        assertTrue(sent.path("referer").isNull(), sent.toString());
    }

    @Test
    void theKeyboardReachesAndPressesTheFormsButton() {
        browser.navigate(base + "/page");
        JsonNode reached = browser.tabTo("form#f button[type=submit]", 30);
        // picked, x, y, the datetime-local's own fields, reason, then the button (the image is not focusable)
        int presses = reached.path("presses").asInt();
        assertTrue(presses >= 6 && presses <= 20, reached.toString());
        assertTrue(reached.path("focusVisible").asBoolean(), reached.toString());
        assertThrows(IllegalStateException.class, () -> browser.tabTo("button.missing", 3));
        browser.navigate(base + "/page");
        browser.tabTo("form#f button[type=submit]", 30);
        BrowserSession.Navigation sent = browser.pressAndWait(null, "Enter");
        assertEquals(200, sent.status());
        assertTrue(sent.url().startsWith(base + "/done?"), sent.url());
    }

    @Test
    void screenshotsAndViewport() throws Exception {
        browser.navigate(base + "/page");
        Path dir = Files.createTempDirectory("shots");
        JsonNode wide = browser.screenshot(dir.resolve("wide.png"), 1280, 900, true);
        JsonNode narrow = browser.screenshot(dir.resolve("narrow.png"), 390, 844, true);
        assertTrue(Files.size(dir.resolve("wide.png")) > 5_000, wide.toString());
        assertTrue(narrow.path("bytes").asLong() > 5_000, narrow.toString());
        assertEquals(390, narrow.path("clientWidth").asInt(), narrow.toString());
        assertTrue(narrow.path("scrollWidth").asInt() <= 390, "no sideways scroll at 390: " + narrow);
        JsonNode v = browser.setViewport(1280, 900);
        assertEquals(1280, v.path("width").asInt());
    }

    @Test
    void aFailureSaysWhatAndWhere() {
        browser.navigate(base + "/page");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> browser.click("button.missing"));
        assertTrue(e.getMessage().contains("no element matches button.missing"), e.getMessage());
        assertTrue(e.getMessage().contains("/page"), e.getMessage());
        // a form the browser refuses to send fails at once with the field and the browser's reason
        browser.eval("document.getElementById('reason').required = true");
        IllegalStateException invalid = assertThrows(IllegalStateException.class, () -> browser.submit("form#f"));
        assertTrue(invalid.getMessage().contains("the browser will not send form#f: reason: "), invalid.getMessage());
    }
}
