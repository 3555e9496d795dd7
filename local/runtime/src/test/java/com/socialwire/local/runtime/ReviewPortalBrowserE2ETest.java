package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.BrowserSession;
import com.socialwire.local.stores.Chromium;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.socialwire.local.runtime.ReviewAgency.BERLIN;
import static com.socialwire.local.runtime.ReviewAgency.SHOTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The client review portal as the client uses it, in a real headless Chromium (Debian's, driven by puppeteer-core:
 * {@link BrowserSession}) against the real local runtime: a brand needing its client's approval has three posts
 * waiting (an Instagram feed post with an image and an Instagram reel in one campaign, a LinkedIn post); the agency makes
 * a review link; the client opens it, sees the three posts grouped by platform and kind, comments on a phrase and on a
 * point of the image, rejects one with a reason (the content worker rewrites it with the offline LLM, the agency
 * QA-approves it and it is back on the page), approves it, approves the campaign's two posts at once and reschedules
 * one in the brand's time zone. Every effect is read back through the API; every action's page shows its notice.
 * Screenshots at 1280 and 390 px at the start and the end are kept in target/review-screenshots; axe-core finds no
 * serious or critical violation; the page's CSP (script and style by hash only) holds and nothing violates it; nothing
 * is logged as an error in the browser.
 */
class ReviewPortalBrowserE2ETest {

    static final String PHRASE = "every morning at seven";
    static final String CAMPAIGN = "spring-bake";
    static final String PRIMARY = "#f4c430";
    static final String ACCENT = "#2e8b57";

    static Chromium chromium;
    static LocalRuntime runtime;
    static ReviewAgency agency;
    static BrowserSession browser;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.available();
        if (chromium == null) {
            System.err.println("[review] skipped: chromium unavailable: " + Chromium.whyUnavailable());
            return;
        }
        runtime = new LocalRuntime(LocalEnvironment.shared(), 0, null, 2);
        agency = ReviewAgency.start(runtime, "Review Agency");
        browser = chromium.session();
        ReviewAgency.shotsDir();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (runtime != null) {
            runtime.closeKeepingStores();
        }
    }

    @Test
    void theClientReviewsCommentsRejectsApprovesAndReschedulesInTheBrowser() throws Exception {
        assumeTrue(chromium != null, "chromium unavailable: " + Chromium.whyUnavailable());
        long t0 = System.nanoTime();
        String tenant = agency.brand("Bloom Bakery", "");
        String path = "/v1/tenants/" + tenant;
        String jpeg1 = agency.api.uploadedJpeg(new LocalApi.Brand(tenant, null), MediaE2ETest.image("jpg", 1080, 1350));
        String jpeg2 = agency.api.uploadedJpeg(new LocalApi.Brand(tenant, null), MediaE2ETest.image("jpg", 1080, 1920));
        // a light primary colour (the header's text must turn dark) and a mid-tone accent (the buttons' text is chosen by contrast)
        String logo = agency.api.uploadedJpeg(new LocalApi.Brand(tenant, null), MediaE2ETest.image("jpg", 400, 400));
        agency.branding(tenant, PRIMARY, ACCENT, logo);
        // ten days ahead at 09:30 in Berlin, whatever the season
        ZonedDateTime firstSlot = ZonedDateTime.of(LocalDate.now(BERLIN).plusDays(10), LocalTime.of(9, 30), BERLIN);
        String textA = "Fresh rye loaves " + PHRASE + ".\nCome early, they sell out fast! #rye #bakery";
        String feed = agency.submittedPost(tenant, "{\"content\":" + Json.write(textA) + ",\"platforms\":[\"instagram\"],\"format\":\"feed\","
                + "\"media\":[\"" + jpeg1 + "\"],\"campaignId\":\"" + CAMPAIGN + "\",\"scheduledFor\":\"" + firstSlot.toInstant() + "\"}");
        String reel = agency.submittedPost(tenant, "{\"content\":\"Watch our bakers shape two hundred pretzels before sunrise. Sound on!\","
                + "\"platforms\":[\"instagram\"],\"format\":\"reel\",\"media\":[\"" + jpeg2 + "\"],\"campaignId\":\"" + CAMPAIGN + "\"}");
        String textC = "We are hiring a second baker for our Kreuzberg shop. Early mornings, fair pay and all the bread you can carry.";
        String linkedin = agency.submittedPost(tenant, "{\"content\":" + Json.write(textC) + ",\"platforms\":[\"linkedin\"]}");
        ReviewAgency.Link link = agency.link(tenant, null, 7);
        double setUp = (System.nanoTime() - t0) / 1e9;

        // ---- the page as the link opens it
        browser.log(true);
        BrowserSession.Navigation opened = browser.navigate(link.url());
        assertEquals(200, opened.status(), opened.toString());
        assertTrue(opened.title().contains("Bloom Bakery"), opened.title());
        assertEquals(3, browser.count("article.post"), "the three posts waiting for the client");
        assertEquals(3, browser.count("section.group"), "grouped: Instagram feed, Instagram reels, LinkedIn");
        assertEquals(1, browser.count(group("instagram", "feed") + " " + post(feed)));
        assertEquals(1, browser.count(group("instagram", "reel") + " " + post(reel)));
        assertEquals(1, browser.count("section.group[data-platform=\"linkedin\"] " + post(linkedin)));
        assertEquals("client_review", browser.attr(post(feed), "data-status"));
        assertEquals(1, browser.count(approveAll()), "one campaign to approve at once");
        assertTrue(browser.text(approveAll() + " button[type=submit]").contains("2"), browser.text(approveAll()));
        assertTrue(browser.text("header.brand h1").contains("Bloom Bakery"));
        // the brand's look: its logo (through the page's own media route), its colours on the header and the main buttons
        assertEquals("Bloom Bakery logo", browser.attr("header.brand img.logo", "alt"));
        assertTrue(loaded("header.brand img.logo"), "the logo loaded");
        assertEquals("rgb(244, 196, 48)", style("header.brand", "background-color"), "the header in the primary colour");
        assertEquals("rgb(46, 139, 87)", style(approveAll() + " button[type=submit]", "background-color"), "main buttons in the accent");
        // the scheduled time: UTC in datetime, the tenant's wall clock and zone in the text
        assertEquals(firstSlot.toInstant(), Instant.parse(browser.attr(post(feed) + " .meta time", "datetime")));
        String shown = browser.text(post(feed) + " .meta time");
        assertTrue(shown.contains("09:30") && shown.contains("Europe/Berlin"), shown);
        assertEquals("false", browser.attr(post(feed) + " ul.limits li[data-platform=\"instagram\"]", "data-over"));
        assertEquals(textA, browser.text(post(feed) + " [data-post-text]"), "the text as it will look, line break kept");
        assertEquals(1, browser.count(post(feed) + " figure.media[data-media-id=\"" + jpeg1 + "\"] img"));
        assertTrue(loaded(post(feed) + " figure.media img"), "the thumbnail loaded");
        cspHolds(opened, link.url());
        List<String> startShots = screenshots("start");
        axeClean("start");

        // ---- a comment on a phrase of the feed post's text
        JsonNode selected = browser.selectText(post(feed) + " [data-post-text]", PHRASE);
        browser.click(post(feed) + " button[data-comment-selection]");
        assertTrue(browser.text(post(feed) + " [data-anchor-label]").contains(PHRASE), "Commenting on: " + selected);
        browser.type(post(feed) + " form[data-action=\"comment\"] textarea[name=\"text\"]", "Could we say 7 am instead?");
        noticeAfter(browser.submit(post(feed) + " form[data-action=\"comment\"]"), feed, "success");
        JsonNode textComment = comment(tenant, feed, "Could we say 7 am instead?");
        assertEquals("text", textComment.path("anchor").path("type").asText(), textComment.toString());
        assertEquals(PHRASE, textComment.path("anchor").path("text").asText(), textComment.toString());
        assertEquals(textA.indexOf(PHRASE), textComment.path("anchor").path("offset").asInt(), textComment.toString());
        assertEquals(1, browser.count(post(feed) + " ul.comments li[data-anchor-type=\"text\"]"), "the comment is shown under the post");

        // ---- a comment on a point of the image (a click at a quarter across, three quarters down)
        browser.clickAt(post(feed) + " figure.media img", 0.25, 0.75);
        String label = browser.text(post(feed) + " [data-anchor-label]");
        assertTrue(label.contains("25% across") && label.contains("75% down"), label);
        browser.type(post(feed) + " form[data-action=\"comment\"] textarea[name=\"text\"]", "Less flour on the crust here, please.");
        noticeAfter(browser.submit(post(feed) + " form[data-action=\"comment\"]"), feed, "success");
        JsonNode imageComment = comment(tenant, feed, "Less flour on the crust here, please.");
        JsonNode anchor = imageComment.path("anchor");
        assertEquals("image", anchor.path("type").asText(), imageComment.toString());
        assertEquals(jpeg1, anchor.path("mediaId").asText(), imageComment.toString());
        assertEquals(0.25, anchor.path("x").asDouble(-1), 0.01, imageComment.toString());
        assertEquals(0.75, anchor.path("y").asDouble(-1), 0.01, imageComment.toString());
        assertEquals(1, browser.count(post(feed) + " ul.comments li[data-anchor-type=\"image\"]"));
        // the same from the keyboard: the image's button puts the point in the centre
        browser.press(post(feed) + " button[data-comment-image]", "Enter");
        assertEquals("0.500", browser.eval("document.querySelector(" + Json.write(post(feed) + " form[data-action=\"comment\"] input[name=\"anchorX\"]")
                + ").value").asText());
        browser.click(post(feed) + " button[data-anchor-clear]");

        // ---- reject the LinkedIn post with a reason: rewritten by the content worker, QA-approved, back on the page
        String reason = "Please name the shop's address and leave out the pay.";
        browser.type(post(linkedin) + " form[data-action=\"reject\"] textarea[name=\"reason\"]", reason);
        noticeAfter(browser.submit(post(linkedin) + " form[data-action=\"reject\"]"), linkedin, "success");
        JsonNode rejected = agency.post(tenant, linkedin);
        JsonNode rejection = last(rejected, "client-reject");
        assertNotNull(rejection, rejected.toString());
        assertEquals("regenerating", rejection.path("to").asText(), rejection.toString());
        assertEquals(reason, rejection.path("reason").asText(), rejection.toString());
        assertTrue(Set.of("regenerating", "qa_review").contains(rejected.path("status").asText()), rejected.toString());
        JsonNode rewritten = agency.awaitStatus(tenant, linkedin, "qa_review", 120);
        assertNotNull(last(rewritten, "regeneration-complete"), rewritten.toString());
        assertFalse(rewritten.path("lastRegeneration").has("error"), rewritten.path("lastRegeneration").toString());
        assertNotEquals(textC, rewritten.path("content").path("text").asText(), "the content worker rewrote the text: " + rewritten);
        HttpResponse<String> qa = agency.send("POST", path + "/posts/" + linkedin + "/qa-approve", "{}");
        assertEquals(200, qa.statusCode(), qa.body());
        assertEquals("client_review", Json.tree(qa.body()).path("status").asText(), qa.body());
        BrowserSession.Navigation again = browser.navigate(link.url());
        assertEquals(200, again.status());
        assertEquals(3, browser.count("article.post"));
        assertEquals("client_review", browser.attr(post(linkedin), "data-status"), "back, waiting for the client");
        assertEquals(rewritten.path("content").path("text").asText(), browser.text(post(linkedin) + " [data-post-text]"), "with the rewritten text");

        // ---- approve it from the keyboard: Tab from the top of the page to its Approve button (a visible focus ring), Enter
        JsonNode focused = browser.tabTo(post(linkedin) + " form[data-action=\"approve\"] button[type=submit]", 80);
        assertTrue(focused.path("focusVisible").asBoolean(), focused.toString());
        assertTrue(!focused.path("outlineStyle").asText().equals("none") && !focused.path("outlineWidth").asText().equals("0px")
                || !focused.path("boxShadow").asText().equals("none"), "a focus ring: " + focused);
        noticeAfter(browser.pressAndWait(null, "Enter"), linkedin, "success");
        JsonNode approved = agency.post(tenant, linkedin);
        assertEquals("approved", approved.path("status").asText(), "no date: approved " + approved);
        assertNotNull(last(approved, "client-approve"), approved.toString());

        // ---- approve all of the campaign: both of its posts
        noticeAfter(browser.submit(approveAll()), null, "success");
        JsonNode feedNow = agency.post(tenant, feed);
        JsonNode reelNow = agency.post(tenant, reel);
        assertEquals("scheduled", feedNow.path("status").asText(), "approved with a date: scheduled " + feedNow);
        assertEquals("approved", reelNow.path("status").asText(), "approved without a date " + reelNow);
        assertNotNull(last(feedNow, "client-approve"), feedNow.toString());
        assertNotNull(last(reelNow, "client-approve"), reelNow.toString());
        assertEquals(0, browser.count(approveAll()), "nothing of the campaign is waiting any more");

        // ---- reschedule the reel (approved, no date) to a wall-clock time in Berlin, three weeks ahead
        LocalDateTime wall = LocalDate.now(BERLIN).plusDays(21).atTime(17, 45);
        String local = wall.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        browser.fill(post(reel) + " form[data-action=\"reschedule\"] input[name=\"scheduledFor\"]", local);
        noticeAfter(browser.submit(post(reel) + " form[data-action=\"reschedule\"]"), reel, "success");
        JsonNode rescheduled = agency.post(tenant, reel);
        Instant expected = wall.atZone(BERLIN).toInstant();
        assertEquals("scheduled", rescheduled.path("status").asText(), rescheduled.toString());
        assertEquals(expected, Instant.parse(rescheduled.path("scheduledFor").asText()), rescheduled.toString());
        int offsetHours = BERLIN.getRules().getOffset(expected).getTotalSeconds() / 3600;
        assertTrue(offsetHours == 1 || offsetHours == 2, "Berlin is UTC+1 or +2");
        assertEquals(wall.minusHours(offsetHours), LocalDateTime.ofInstant(Instant.parse(rescheduled.path("scheduledFor").asText()),
                java.time.ZoneOffset.UTC), "the wall-clock time was read in the tenant's zone, not UTC");
        assertTrue(browser.text(post(reel) + " .meta time").contains("17:45"), browser.text(post(reel) + " .meta"));

        // ---- the agency sees who did what, each action once
        HttpResponse<String> activity = agency.read(path + "/review-activity?limit=100");
        assertEquals(200, activity.statusCode(), activity.body());
        Map<String, Integer> actions = new java.util.TreeMap<>();
        for (JsonNode a : Json.tree(activity.body()).path("items")) {
            if (!a.path("action").asText().equals("opened")) {
                actions.merge(a.path("action").asText() + ":" + a.path("postId").asText(), 1, Integer::sum);
            }
            assertEquals("Anna Baker", a.path("approverName").asText(), a.toString());
            assertEquals(link.id(), a.path("linkId").asText(), a.toString());
        }
        assertEquals(new java.util.TreeMap<>(Map.of("commented:" + feed, 2, "rejected:" + linkedin, 1, "approved:" + linkedin, 1,
                "approved_all:" + feed, 1, "approved_all:" + reel, 1, "rescheduled:" + reel, 1)), actions, activity.body());

        // ---- the end: screenshots, accessibility, and nothing refused or logged as an error during the whole run
        List<String> endShots = screenshots("end");
        axeClean("end");
        JsonNode log = browser.log(false);
        assertEquals(0, log.path("violations").size(), "no CSP violation during the run: " + log.path("violations"));
        assertEquals(List.of(), pageErrors(log), "no console or page error during the run");
        assertEquals(0, log.path("dialogs").size(), log.path("dialogs").toString());
        // the forms went as a browser sends them from this page: same-origin by its fetch metadata, with the CSRF cookie
        assertEquals(6, log.path("posts").size(), "six form posts: " + log.path("posts"));
        for (JsonNode sent : log.path("posts")) {
            assertEquals("same-origin", sent.path("secFetchSite").asText(), sent.toString());
            assertTrue(sent.path("cookie").asBoolean(), sent.toString());
            assertTrue(sent.path("referer").isNull(), "no referrer (the token is in the address): " + sent);
        }
        System.out.printf("review portal in the browser (%s): set-up %.1f s, whole scenario %.1f s; phrase selected by %s;"
                + " screenshots %s %s%n", browser.version(), setUp, (System.nanoTime() - t0) / 1e9, selected.path("method").asText(),
                startShots, endShots);
    }

    // ---- checks

    /** The page's CSP: script and style by hash only (the hashes of the page's one inline script and style), nothing else. */
    static void cspHolds(BrowserSession.Navigation page, String url) throws Exception {
        String csp = page.header("content-security-policy");
        assertNotNull(csp, "a CSP header: " + page.headers());
        Map<String, String> d = new LinkedHashMap<>();
        for (String part : csp.split(";")) {
            String p = part.strip();
            if (!p.isEmpty()) {
                int sp = p.indexOf(' ');
                d.put(sp < 0 ? p : p.substring(0, sp), sp < 0 ? "" : p.substring(sp + 1).strip());
            }
        }
        assertEquals("'none'", d.get("default-src"), csp);
        assertTrue(d.get("script-src").matches("'sha256-[A-Za-z0-9+/]+=*'"), "script by one hash only: " + csp);
        assertTrue(d.get("style-src").matches("'sha256-[A-Za-z0-9+/]+=*'"), "style by one hash only: " + csp);
        assertEquals("'self' data:", d.get("img-src"), csp);
        assertEquals("'self'", d.get("form-action"), csp);
        assertEquals("'none'", d.get("base-uri"), csp);
        assertEquals("'none'", d.get("frame-ancestors"), csp);
        assertFalse(csp.contains("unsafe"), csp);
        assertEquals("no-store", page.header("cache-control"));
        assertEquals("no-referrer", page.header("referrer-policy"));
        assertEquals("nosniff", page.header("x-content-type-options"));
        assertEquals("DENY", page.header("x-frame-options"));
        // the hashes are those of the page's own inline script and style, so the browser runs exactly them
        HttpResponse<String> raw = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, raw.statusCode());
        assertEquals(List.of(d.get("script-src")), hashes(raw.body(), "script"), "the script-src hash is the inline script's");
        assertEquals(List.of(d.get("style-src")), hashes(raw.body(), "style"), "the style-src hash is the inline style's");
        // and the script did run under that policy: the controls that need it are shown
        assertTrue(browser.eval("document.documentElement.classList.contains('js')").asBoolean(), "the page's script ran");
    }

    static List<String> hashes(String html, String tag) throws Exception {
        Matcher m = Pattern.compile("<" + tag + "[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add("'sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(m.group(1).getBytes(StandardCharsets.UTF_8))) + "'");
        }
        return out;
    }

    /** Full-page PNGs at 1280 and 390 px, kept; the phone width scrolls only down. Back at 1280 afterwards. */
    static List<String> screenshots(String name) throws Exception {
        List<String> out = new ArrayList<>();
        for (int width : new int[]{1280, 390}) {
            Path file = SHOTS.resolve("review-" + name + "-" + width + ".png");
            Files.deleteIfExists(file);
            JsonNode shot = browser.screenshot(file, width, width == 390 ? 844 : 900, true);
            assertTrue(Files.isRegularFile(file), file.toString());
            assertTrue(Files.size(file) > 20_000, "a real page, not a blank: " + shot);
            byte[] head = Arrays.copyOf(Files.readAllBytes(file), 4);
            assertEquals("\u0089PNG", new String(head, StandardCharsets.ISO_8859_1));
            if (width == 390) {
                assertTrue(shot.path("scrollWidth").asInt() <= shot.path("clientWidth").asInt(),
                        "no sideways scroll at 390 px: " + shot + " widest: " + widest());
                assertEquals(390, shot.path("clientWidth").asInt(), shot.toString());
            }
            out.add(file + " (" + Files.size(file) + " bytes)");
        }
        browser.setViewport(1280, 900);
        return out;
    }

    /** What sticks out at phone width (for the failure message). */
    static String widest() {
        return browser.eval("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
                + "document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + "
                + "Math.round(e.getBoundingClientRect().right)).join(', ')").asText();
    }

    /** axe-core (WCAG 2 A/AA and best practice) at desktop and phone width: nothing serious or critical. */
    static void axeClean(String when) {
        for (int width : new int[]{1280, 390}) {
            browser.setViewport(width, 900);
            JsonNode axe = browser.axe(null);
            assertTrue(axe.path("passes").asInt() > 10, "axe ran: " + axe.path("passes"));
            List<String> serious = BrowserSession.serious(axe);
            assertEquals(List.of(), serious, "axe-core " + axe.path("version").asText() + " at " + width + " px (" + when + ")");
        }
        browser.setViewport(1280, 900);
    }

    /** After an action: the 303 led back to the page (with its notice code and the post's anchor), the notice is shown. */
    static void noticeAfter(BrowserSession.Navigation nav, String postId, String kind) {
        assertEquals(200, nav.status(), () -> nav + "\n" + browser.text("main") + "\ncookies: " + browser.cookies());
        assertTrue(nav.url().contains("notice="), nav.url());
        if (postId != null) {
            assertTrue(nav.url().endsWith("#post-" + postId), nav.url());
        }
        assertEquals(1, browser.count(".notice[role=\"status\"]"), "a notice: " + nav.url());
        assertEquals(kind, browser.attr(".notice[role=\"status\"]", "data-notice-kind"), browser.text(".notice"));
        assertFalse(browser.text(".notice[role=\"status\"]").isBlank());
    }

    static JsonNode comment(String tenant, String postId, String text) throws Exception {
        List<JsonNode> found = agency.comments(tenant, postId).stream().filter(c -> text.equals(c.path("text").asText())).toList();
        assertEquals(1, found.size(), "one comment \"" + text + "\": " + agency.comments(tenant, postId));
        return found.get(0);
    }

    /**
     * The run's console, page and browser-log errors, but for the browser's own request of /favicon.ico (made by the
     * browser for its tab, not by the page; the API has no favicon and answers 404).
     */
    static List<String> pageErrors(JsonNode log) {
        return BrowserSession.errors(log).stream().filter(e -> !e.contains("/favicon.ico)")).toList();
    }

    /** The post's last history entry of {@code action}, or null. */
    static JsonNode last(JsonNode post, String action) {
        JsonNode found = null;
        for (JsonNode h : post.path("history")) {
            found = action.equals(h.path("action").asText()) ? h : found;
        }
        return found;
    }

    /** Whether the image loaded (its bytes arrived and decoded). */
    static boolean loaded(String selector) {
        return browser.eval("(() => { const i = document.querySelector(" + Json.write(selector) + "); return !!i && i.complete && i.naturalWidth > 0; })()")
                .asBoolean();
    }

    /** An element's computed style property. */
    static String style(String selector, String property) {
        return browser.eval("getComputedStyle(document.querySelector(" + Json.write(selector) + ")).getPropertyValue(" + Json.write(property) + ")")
                .asText();
    }

    static String post(String id) {
        return "#post-" + id;
    }

    static String group(String platform, String kind) {
        return "section.group[data-platform=\"" + platform + "\"][data-kind=\"" + kind + "\"]";
    }

    static String approveAll() {
        return "form[data-action=\"approve-all\"][data-campaign-id=\"" + CAMPAIGN + "\"]";
    }
}
