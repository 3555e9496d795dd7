package com.socialwire.local.runtime;

import com.socialwire.local.stores.BrowserSession;
import com.socialwire.local.stores.Chromium;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.security.Hashing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Review links that must not work, in the browser against the real local runtime: an expired link, a revoked link, a
 * token of another agency's tenant used against this tenant's post, a tampered token (one character changed) each show
 * their page (status, title, text, nothing of the tenant) and change nothing (every post's status, version, comments
 * and schedule read through the API before and after) — also when a form of a page opened while the link was live is
 * sent afterwards. A forged form post (no CSRF token; a cross-site Origin; a cross-site Sec-Fetch-Site; no cookie) is
 * refused 403 and changes nothing, while the same request made right is done (303): the refusals are the CSRF check's.
 * A post the agency changed after the page was opened is not approved from the stale page, which says to reload.
 */
class ReviewPortalLinksE2ETest {

    static Chromium chromium;
    static LocalRuntime runtime;
    static ReviewAgency agency;
    static ReviewAgency otherAgency;
    static BrowserSession browser;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final String BRAND = "Kiln Coffee";

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.available();
        if (chromium == null) {
            System.err.println("[review] skipped: chromium unavailable: " + Chromium.whyUnavailable());
            return;
        }
        runtime = new LocalRuntime(LocalEnvironment.shared(), 0, null, 2);
        agency = ReviewAgency.start(runtime, "Links Agency");
        otherAgency = ReviewAgency.start(runtime, "Other Agency");
        browser = chromium.session();
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

    @BeforeEach
    void needsChromium() {
        assumeTrue(chromium != null, "chromium unavailable: " + Chromium.whyUnavailable());
        browser.log(true);
    }

    /** A brand of {@code p}'s agency with two posts waiting for the client; returns {tenantId, postId, postId}. */
    static String[] brandWithTwoPosts(ReviewAgency p, String name) throws Exception {
        String tenant = p.brand(name, "");
        String a = p.submittedPost(tenant, "{\"content\":\"Single-origin espresso from Huila, roasted on Tuesday.\",\"platforms\":[\"linkedin\"]}");
        String b = p.submittedPost(tenant, "{\"content\":\"Our oat flat white is back for winter.\",\"platforms\":[\"linkedin\"]}");
        return new String[]{tenant, a, b};
    }

    @Test
    void anExpiredLinkShowsItsPageAndChangesNothingEvenFromAPageOpenedBefore() throws Exception {
        String[] t = brandWithTwoPosts(agency, BRAND);
        ReviewAgency.Link link = agency.link(t[0], null, 1);
        BrowserSession.Navigation live = browser.navigate(link.url());
        assertEquals(200, live.status(), "live before it expires");
        assertEquals(2, browser.count("article.post"));
        Map<String, String> before = agency.snapshot(t[0], t[1], t[2]);

        expire(link);
        // the tab opened while the link was live sends its approve form now
        BrowserSession.Navigation late = browser.submit("#post-" + t[1] + " form[data-action=\"approve\"]");
        messagePage(late, 410, "expired");
        BrowserSession.Navigation opened = browser.navigate(link.url());
        messagePage(opened, 410, "expired");
        assertEquals(before, agency.snapshot(t[0], t[1], t[2]), "nothing changed");
        quiet();
    }

    @Test
    void aRevokedLinkShowsItsPageAndChangesNothingEvenFromAPageOpenedBefore() throws Exception {
        String[] t = brandWithTwoPosts(agency, BRAND);
        ReviewAgency.Link link = agency.link(t[0], null, 7);
        assertEquals(200, browser.navigate(link.url()).status());
        browser.type("#post-" + t[2] + " form[data-action=\"reject\"] textarea[name=\"reason\"]", "Say it is back until March.");
        Map<String, String> before = agency.snapshot(t[0], t[1], t[2]);

        HttpResponse<String> revoked = agency.send("DELETE", "/v1/tenants/" + t[0] + "/review-links/" + link.id(), null);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("revoked", Json.tree(revoked.body()).path("status").asText(), revoked.body());
        assertFalse(revoked.body().contains(link.token()), "no token in the answer");

        BrowserSession.Navigation late = browser.submit("#post-" + t[2] + " form[data-action=\"reject\"]");
        messagePage(late, 410, "withdrawn");
        messagePage(browser.navigate(link.url()), 410, "withdrawn");
        assertEquals(before, agency.snapshot(t[0], t[1], t[2]), "nothing changed");
        quiet();
    }

    @Test
    void aTamperedTokenIsNotFoundAndChangesNothing() throws Exception {
        String[] t = brandWithTwoPosts(agency, BRAND);
        ReviewAgency.Link link = agency.link(t[0], null, 7);
        String tampered = tamper(link.token());
        assertEquals(200, browser.navigate(link.url()).status());
        Map<String, String> before = agency.snapshot(t[0], t[1], t[2]);

        // the live page's approve form, its action pointed at the tampered token (as an edited link would send it)
        retarget("#post-" + t[1] + " form[data-action=\"approve\"]", "/review/" + tampered + "/posts/" + t[1] + "/approve");
        messagePage(browser.submit("#post-" + t[1] + " form[data-action=\"approve\"]"), 404, "not valid");
        messagePage(browser.navigate(agency.base + "/review/" + tampered), 404, "not valid");
        // a token that is not even shaped like one
        messagePage(browser.navigate(agency.base + "/review/" + link.token().substring(0, 20)), 404, "not valid");
        assertEquals(before, agency.snapshot(t[0], t[1], t[2]), "nothing changed");
        assertEquals(200, browser.navigate(link.url()).status(), "the real token still works");
        quiet();
    }

    @Test
    void anotherTenantsTokenCannotActOnThisTenantsPosts() throws Exception {
        String[] mine = brandWithTwoPosts(agency, BRAND);
        String[] theirs = brandWithTwoPosts(otherAgency, "Harbour Roasters");
        ReviewAgency.Link theirLink = otherAgency.link(theirs[0], null, 7);
        Map<String, String> before = agency.snapshot(mine[0], mine[1], mine[2]);
        Map<String, String> theirsBefore = otherAgency.snapshot(theirs[0], theirs[1], theirs[2]);

        // the other brand's approver, on their own valid page, sends its forms at this brand's posts
        assertEquals(200, browser.navigate(theirLink.url()).status());
        String form = "#post-" + theirs[1] + " form[data-action=\"approve\"]";
        retarget(form, "/review/" + theirLink.token() + "/posts/" + mine[1] + "/approve");
        messagePage(browser.submit(form), 404, "not found");

        assertEquals(200, browser.navigate(theirLink.url()).status());
        String comment = "#post-" + theirs[1] + " form[data-action=\"comment\"]";
        retarget(comment, "/review/" + theirLink.token() + "/posts/" + mine[2] + "/comment");
        browser.type(comment + " textarea[name=\"text\"]", "Cross-tenant comment");
        messagePage(browser.submit(comment), 404, "not found");

        assertEquals(before, agency.snapshot(mine[0], mine[1], mine[2]), "nothing of this brand changed");
        assertEquals(theirsBefore, otherAgency.snapshot(theirs[0], theirs[1], theirs[2]), "nor of theirs");
        quiet();
    }

    @Test
    void aPostChangedSinceThePageOpenedIsNotApprovedAndThePageSaysReload() throws Exception {
        String[] t = brandWithTwoPosts(agency, BRAND);
        ReviewAgency.Link link = agency.link(t[0], null, 7);
        assertEquals(200, browser.navigate(link.url()).status());
        String shownVersion = browser.attr("#post-" + t[1], "data-version");
        // the agency edits the post while the client looks at the old text
        HttpResponse<String> edited = agency.send("PUT", "/v1/tenants/" + t[0] + "/posts/" + t[1],
                "{\"content\":\"Single-origin espresso from Huila, roasted every Tuesday and Friday.\"}");
        assertEquals(200, edited.statusCode(), edited.body());
        assertNotEquals(shownVersion, Json.tree(edited.body()).path("version").asText(), edited.body());
        Map<String, String> before = agency.snapshot(t[0], t[1], t[2]);

        BrowserSession.Navigation stale = browser.submit("#post-" + t[1] + " form[data-action=\"approve\"]");
        assertEquals(200, stale.status(), stale.toString());
        assertEquals("conflict", browser.attr(".notice[role=\"status\"]", "data-notice-kind"), browser.text("main"));
        assertTrue(browser.text(".notice[role=\"status\"]").toLowerCase(Locale.ROOT).contains("reload"), browser.text(".notice"));
        assertEquals(before, agency.snapshot(t[0], t[1], t[2]), "the changed post was not approved");
        // the page now shows the new text at its new version, and approving that works
        assertTrue(browser.text("#post-" + t[1] + " [data-post-text]").contains("every Tuesday and Friday"));
        BrowserSession.Navigation fresh = browser.submit("#post-" + t[1] + " form[data-action=\"approve\"]");
        assertEquals(200, fresh.status());
        assertEquals("success", browser.attr(".notice[role=\"status\"]", "data-notice-kind"), browser.text("main"));
        assertEquals("approved", agency.post(t[0], t[1]).path("status").asText());
        quiet();
    }

    @Test
    void aForgedFormPostIsRefusedAndChangesNothing() throws Exception {
        String[] t = brandWithTwoPosts(agency, BRAND);
        ReviewAgency.Link link = agency.link(t[0], null, 7);
        String action = "/review/" + link.token() + "/posts/" + t[1] + "/approve";

        // what a browser holds after opening the page: the cookie and the approve form's fields
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(link.url())).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        String cookie = page.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("sw_review_csrf="))
                .findFirst().orElseThrow(() -> new AssertionError("no csrf cookie: " + page.headers().map()));
        String cookieLower = cookie.toLowerCase(Locale.ROOT);
        assertTrue(cookieLower.contains("httponly") && cookieLower.contains("samesite=strict") && cookieLower.contains("path=/review"), cookie);
        String cookiePair = cookie.substring(0, cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';'));
        Map<String, String> fields = formFields(page.body(), action);
        assertTrue(fields.keySet().containsAll(List.of("csrf", "nonce", "version")), fields.toString());
        Map<String, String> before = agency.snapshot(t[0], t[1], t[2]);

        Map<String, String> noCsrf = new LinkedHashMap<>(fields);
        noCsrf.remove("csrf");
        refused(post(action, noCsrf, cookiePair, agency.base, null), "without its CSRF token");
        Map<String, String> wrongCsrf = new LinkedHashMap<>(fields);
        wrongCsrf.put("csrf", tamper(fields.get("csrf")));
        refused(post(action, wrongCsrf, cookiePair, agency.base, null), "with a changed CSRF token");
        refused(post(action, fields, null, agency.base, null), "without the cookie");
        refused(post(action, fields, "sw_review_csrf=someone-elses-cookie-value", agency.base, null), "with another cookie");
        refused(post(action, fields, cookiePair, "https://evil.example", null), "from a cross-site Origin");
        refused(post(action, fields, cookiePair, null, "cross-site"), "with Sec-Fetch-Site cross-site");
        // in the browser: the page's own form with its csrf field removed
        assertEquals(200, browser.navigate(link.url()).status());
        browser.eval("document.querySelector('#post-" + t[1] + " form[data-action=\"approve\"] input[name=\"csrf\"]').remove()");
        messagePage(browser.submit("#post-" + t[1] + " form[data-action=\"approve\"]"), 403, "not accepted");
        assertEquals(before, agency.snapshot(t[0], t[1], t[2]), "nothing changed");

        // the same request made right is done: the refusals above were the CSRF check's
        HttpResponse<String> right = post(action, fields, cookiePair, agency.base, "same-origin");
        assertEquals(303, right.statusCode(), right.body());
        assertTrue(right.headers().firstValue("location").orElse("").contains("notice="), right.headers().map().toString());
        assertEquals("approved", agency.post(t[0], t[1]).path("status").asText());
        assertEquals(before.get(t[2]), agency.snapshot(t[0], t[2]).get(t[2]), "the other post is as it was");
        quiet();
    }

    // ---- helpers

    /** The link's expiry moved into the past in its rows (as the clock passing it would): the store seam of the token check. */
    static void expire(ReviewAgency.Link link) {
        var config = LocalEnvironment.shared().functionConfig("PostsFunction");
        var dynamo = new AwsClients(config).dynamoDbSdk();
        String past = IsoInstant.format(Instant.now().minusSeconds(60));
        String table = config.require("TABLE_NAME");
        String tenant = link.created().path("tenantId").asText();
        for (Map<String, AttributeValue> key : List.of(
                Map.of("PK", AttributeValue.fromS("REVIEWTOKEN#" + Hashing.sha256Hex(link.token())), "SK", AttributeValue.fromS("TOKEN")),
                Map.of("PK", AttributeValue.fromS("TENANT#" + tenant), "SK", AttributeValue.fromS("REVIEWLINK#" + link.id())))) {
            dynamo.updateItem(b -> b.tableName(table).key(key).conditionExpression("attribute_exists(PK)")
                    .updateExpression("SET validUntil = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromS(past))));
        }
    }

    /** One base62 character of the token's random part changed. */
    static String tamper(String token) {
        int i = token.length() - 5;
        char c = token.charAt(i);
        return token.substring(0, i) + (c == 'a' ? 'b' : 'a') + token.substring(i + 1);
    }

    /** Points a form of the page at another action (what an edited page or a hand-made form would send). */
    static void retarget(String form, String action) {
        browser.eval("document.querySelector('" + form.replace("'", "\\'") + "').setAttribute('action', '" + action + "')");
    }

    /** A message page: its status, a heading, the word expected (if any), no form, no post and nothing of the brand. */
    static void messagePage(BrowserSession.Navigation nav, int status, String word) {
        assertEquals(status, nav.status(), nav.toString());
        String text = browser.text("main").toLowerCase(Locale.ROOT);
        assertEquals(1, browser.count("main h1"), text);
        if (word != null) {
            assertTrue((nav.title() + " " + text).toLowerCase(Locale.ROOT).contains(word), nav.title() + " / " + text);
        }
        assertEquals(0, browser.count("article.post"), "no post is shown");
        assertEquals(0, browser.count("form"), "no form");
        String html = browser.content();
        assertFalse(html.contains(BRAND) || html.contains("Harbour Roasters"), "nothing of the tenant: " + html);
        assertFalse(html.contains("tnt_") || html.contains("post_") || html.contains("rvw_"), "no ids or tokens: " + html);
        assertTrue(nav.header("content-security-policy") != null && nav.header("content-security-policy").contains("default-src 'none'"),
                nav.headers().toString());
        assertEquals("no-store", nav.header("cache-control"));
    }

    /** No CSP violation and no console or page error during the test. */
    static void quiet() {
        var log = browser.log(true);
        assertEquals(0, log.path("violations").size(), log.path("violations").toString());
        // a refused page answers 4xx: the browser logs that load as a resource error, which is what the test asked for
        List<String> errors = ReviewPortalBrowserE2ETest.pageErrors(log).stream()
                .filter(e -> !e.contains("Failed to load resource: the server responded with a status of 4")).toList();
        assertEquals(List.of(), errors);
    }

    static void refused(HttpResponse<String> r, String how) {
        assertEquals(403, r.statusCode(), "a form post " + how + " is refused: " + r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/html"), r.headers().map().toString());
        assertTrue(r.headers().firstValue("location").isEmpty(), "no redirect: " + r.headers().map());
    }

    static HttpResponse<String> post(String action, Map<String, String> fields, String cookie, String origin, String fetchSite) throws Exception {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(agency.base + action))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (fetchSite != null) {
            b.header("Sec-Fetch-Site", fetchSite);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The hidden fields of the form posting to {@code action}. */
    static Map<String, String> formFields(String html, String action) {
        int at = html.indexOf("action=\"" + action + "\"");
        assertNotEquals(-1, at, "a form posting to " + action);
        String form = html.substring(at, html.indexOf("</form>", at));
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(form);
        while (m.find()) {
            out.put(m.group(1), m.group(2).replace("&amp;", "&"));
        }
        return out;
    }
}
