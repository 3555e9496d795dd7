package com.socialwire.reports.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.local.stores.Chromium;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The report page in Debian's chromium (installed by the test when missing) at desktop (1280 px) and phone (390 px)
 * width: screenshots kept in target/report-screenshots, the page's data-metric values read by the browser equal the
 * document's, nothing runs, nothing but the thumbnails loads, and nothing is wider than the phone.
 */
class ReportPageScreenshotIT {

    static final Path OUT = Path.of("target/report-screenshots");
    static Chromium chromium;
    static HttpServer thumbnails;

    @BeforeAll
    static void start() throws IOException {
        chromium = Chromium.available();
        if (chromium == null) {
            System.err.println("[screenshot] skipped: chromium unavailable: " + Chromium.whyUnavailable());
            return;
        }
        // presigned-URL stand-in: one PNG for any thumbnail path
        byte[] png = thumbnailPng();
        thumbnails = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        thumbnails.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            exchange.getResponseBody().write(png);
            exchange.close();
        });
        thumbnails.start();
        Files.createDirectories(OUT);
    }

    @BeforeEach
    void needsChromium() {
        assumeTrue(chromium != null, "chromium unavailable: " + Chromium.whyUnavailable());
    }

    @AfterAll
    static void stop() {
        if (thumbnails != null) {
            thumbnails.stop(0);
        }
    }

    static byte[] thumbnailPng() throws IOException {
        try (InputStream in = ReportPageScreenshotIT.class.getResourceAsStream("/page/thumbnail.png")) {
            return in.readAllBytes();
        }
    }

    /** Renders {@code doc}, shoots it at both widths and checks what every page must hold. */
    static JsonNode shoot(String name, ObjectNode doc) throws IOException {
        Path html = OUT.resolve(name + ".html");
        Files.writeString(html, ReportPage.render(doc), StandardCharsets.UTF_8);
        JsonNode result = chromium.screenshot(html, OUT, name, 1280, 390);
        assertEquals(0, result.path("scripts").asInt(), "no script ran: " + result);
        assertEquals(0, result.path("dialogs").asInt(), "no dialog opened");
        assertEquals(0, result.path("duplicates").size(), "a metric shown twice shows one value: " + result.path("duplicates"));
        for (JsonNode shot : result.path("shots")) {
            assertTrue(shot.path("bytes").asLong() > 20_000, "a real screenshot: " + shot);
            assertTrue(shot.path("scrollWidth").asInt() <= shot.path("width").asInt(),
                    name + " fits " + shot.path("width").asInt() + " px without scrolling sideways: " + shot);
            assertTrue(shot.path("narrowestSvg").asDouble() >= Math.min(300, shot.path("width").asInt() - 60), "charts use the width: " + shot);
            System.err.printf("[screenshot] %s %d px: %s (%d bytes, page %d px high)%n", name, shot.path("width").asInt(),
                    shot.path("path").asText(), shot.path("bytes").asLong(), shot.path("height").asInt());
        }
        return result;
    }

    static Map<String, String> browserMetrics(JsonNode result) {
        Map<String, String> m = new LinkedHashMap<>();
        result.path("metrics").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isNull() ? "null" : e.getValue().asText()));
        return m;
    }

    @Test
    void thirtyDayReportAtDesktopAndPhoneWidth() throws IOException {
        String base = "http://127.0.0.1:" + thumbnails.getAddress().getPort() + "/sw-media/ten_1";
        ObjectNode doc = ReportDocuments.seeded(42, 30, base);
        JsonNode result = shoot("report-30-days", doc);
        ReportPageTest.assertSameMetrics(ReportPageTest.expectedMetrics(doc), browserMetrics(result));
        assertEquals(0, result.path("blocked").size(), "nothing failed to load: " + result.path("blocked"));
        assertEquals(4, result.path("requests").size(), "only the four thumbnails load: " + result.path("requests"));
        assertEquals(11, result.path("shots").get(0).path("svgs").asInt(), "all charts drawn");
    }

    @Test
    void emptyReport() throws IOException {
        ObjectNode doc = ReportDocuments.empty();
        JsonNode result = shoot("report-empty", doc);
        ReportPageTest.assertSameMetrics(ReportPageTest.expectedMetrics(doc), browserMetrics(result));
        assertEquals(0, result.path("requests").size());
    }

    @Test
    void hostileLabels() throws IOException {
        JsonNode result = shoot("report-hostile", ReportDocuments.hostile());
        assertEquals(0, result.path("requests").size(), "no hostile URL was fetched: " + result.path("requests"));
        for (JsonNode line : result.path("console")) {
            assertTrue(!line.asText().contains("pwned"), line.asText());
        }
    }
}
