package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.posts.Posts;
import com.socialwire.posts.handler.ReviewHandler;
import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ReviewFunction as Lambda builds it (template.yaml's handler and policies), on DynamoDB Local and ElasticMQ: an
 * agency key makes a review link; the approver's browser — a cookie jar and the page's hidden fields — opens the page
 * and acts through its forms; every action changes the post exactly as the posts API would, once, and everything
 * refused (a forged form, a stale version, a dead link, another tenant's post) changes nothing.
 */
class ReviewHandlerIT {

    static final String HOST = "review.test";
    static final String ORIGIN = "https://" + HOST;

    static LocalEnvironment env;
    static FunctionClient review;
    static FunctionClient posts;
    static FunctionClient tenants;
    static TestKeys.Key admin;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        review = new FunctionClient(env, "ReviewFunction");
        posts = new FunctionClient(env, "PostsFunction");
        tenants = new FunctionClient(env, "TenantsFunction");
    }

    /** Each test its own account (a key may make 60 requests a minute), funded to publish. */
    @BeforeEach
    void account() {
        admin = TestKeys.newAccount(env);
        var config = env.functionConfig("PostsFunction");
        new DynamoLedger(new Table(new AwsClients(config).dynamoDb(), config.require("TABLE_NAME")), Clock.systemUTC())
                .grant(admin.accountId(), 50_000_000, "test-grant-" + admin.accountId(), Ledger.Category.PROMOTIONAL, "test credits");
    }

    static final java.util.concurrent.atomic.AtomicInteger ADDRESSES = new java.util.concurrent.atomic.AtomicInteger();

    /** A page request from an address of its own (the page routes are limited per address), as API Gateway sends it. */
    static Response page(FunctionClient client, String method, String path, Map<String, String> headers, String body, String ip) {
        var event = com.socialwire.local.stores.HttpApiEvents.event(method, path, headers, body);
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("requestContext").path("http")).put("sourceIp", ip);
        return client.send(event);
    }

    static Response page(String path) {
        int n = ADDRESSES.incrementAndGet();
        return page(review, "GET", path, Map.of("host", HOST), null, "10.20." + (n / 250) + "." + (1 + n % 250));
    }

    // ------------------------------------------------------------------ set-up through the API

    static JsonNode ok(Response r) {
        assertTrue(r.status() >= 200 && r.status() < 300, r.status() + " " + r.body());
        return r.json();
    }

    static String tenant(String name) {
        return ok(tenants.call("POST", "/v1/tenants", admin.raw(), "{\"name\":\"" + name + "\",\"timezone\":\"Europe/Berlin\","
                + "\"settings\":{\"requiresClientApproval\":true}}")).path("id").asText();
    }

    static String in(int days) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A post submitted to the client (client_review): its id. */
    static String waiting(String tenantId, String text, String campaignId) {
        String id = ok(posts.call("POST", "/v1/tenants/" + tenantId + "/posts", admin.raw(), "{\"content\":\"" + text
                + "\",\"platforms\":[\"linkedin\"],\"scheduledFor\":\"" + in(3) + "\""
                + (campaignId == null ? "" : ",\"campaignId\":\"" + campaignId + "\"") + "}")).path("id").asText();
        assertEquals("client_review", ok(posts.call("POST", "/v1/tenants/" + tenantId + "/posts/" + id + "/submit", admin.raw(), "{}"))
                .path("status").asText());
        return id;
    }

    static JsonNode post(String tenantId, String postId) {
        return ok(posts.call("GET", "/v1/tenants/" + tenantId + "/posts/" + postId, admin.raw(), null));
    }

    /** A review link made by the admin key: its token (from the url shown once). */
    static String link(String tenantId, String campaignId) {
        JsonNode created = ok(review.call("POST", "/v1/tenants/" + tenantId + "/review-links", admin.raw(), "{"
                + (campaignId == null ? "" : "\"campaignId\":\"" + campaignId + "\",")
                + "\"expiresInDays\":7,\"approverName\":\"Clara Client\",\"approverEmail\":\"clara@brand.example\"}"));
        String url = created.path("url").asText();
        assertTrue(url.contains("/review/rvw_"), created.toString());
        return url.substring(url.indexOf("/review/") + "/review/".length());
    }

    // ------------------------------------------------------------------ a browser

    /** One browser: its cookie, and the hidden fields of the last page it loaded. */
    static final class Browser {
        final FunctionClient client;
        final String token;
        final String ip;
        String cookie;
        String csrf;
        String nonce;
        String html;

        Browser(String token) {
            this(review, token);
        }

        Browser(FunctionClient client, String token) {
            this.client = client;
            this.token = token;
            int n = ADDRESSES.incrementAndGet();
            this.ip = "10.30." + (n / 250) + "." + (1 + n % 250);
        }

        Response open() {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("host", HOST);
            h.put("x-forwarded-proto", "https");
            if (cookie != null) {
                h.put("cookie", Csrf.COOKIE + "=" + cookie);
            }
            Response r = page(client, "GET", "/review/" + token, h, null, ip);
            if (r.status() == 200) {
                String set = r.header("set-cookie");
                if (set != null) {
                    assertTrue(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/review")
                            && set.contains("Secure"), set);
                    cookie = set.substring(set.indexOf('=') + 1, set.indexOf(';'));
                }
                html = r.body();
                csrf = input(html, "csrf");
                nonce = input(html, "nonce");
            }
            return r;
        }

        Response submit(String path, Map<String, String> fields) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("host", HOST);
            h.put("x-forwarded-proto", "https");
            h.put("origin", ORIGIN);
            h.put("sec-fetch-site", "same-origin");
            h.put("content-type", "application/x-www-form-urlencoded");
            if (cookie != null) {
                h.put("cookie", Csrf.COOKIE + "=" + cookie);
            }
            return send(path, h, fields);
        }

        Response send(String path, Map<String, String> headers, Map<String, String> fields) {
            StringBuilder body = new StringBuilder();
            fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return page(client, "POST", "/review/" + token + path, headers, body.toString(), ip);
        }

        /** The fields every form carries, plus {@code more}. */
        Map<String, String> form(Object... more) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("csrf", csrf);
            f.put("nonce", nonce);
            for (int i = 0; i < more.length; i += 2) {
                f.put(more[i].toString(), more[i + 1].toString());
            }
            return f;
        }

        Response act(String postId, String action, long version, Object... more) {
            List<Object> all = new ArrayList<>(List.of(more));
            all.add("version");
            all.add(version);
            return submit("/posts/" + postId + "/" + action, form(all.toArray()));
        }
    }

    static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);

    /** The value of the first hidden input named {@code name} in the page. */
    static String input(String html, String name) {
        Matcher m = INPUT.matcher(html);
        while (m.find()) {
            String tag = m.group();
            if (tag.contains("name=\"" + name + "\"")) {
                Matcher v = Pattern.compile("value=\"([^\"]*)\"").matcher(tag);
                if (v.find()) {
                    return v.group(1);
                }
            }
        }
        return null;
    }

    static void assertSecurityHeaders(Response r) {
        assertNotNull(r.header("content-security-policy"), r.headers().toString());
        assertTrue(r.header("content-security-policy").contains("frame-ancestors 'none'"), r.header("content-security-policy"));
        assertEquals("no-store", r.header("cache-control"));
        assertEquals("no-referrer", r.header("referrer-policy"));
        assertEquals("nosniff", r.header("x-content-type-options"));
        assertEquals("DENY", r.header("x-frame-options"));
    }

    static void assertRedirect(Response r, String token, String notice, String postId) {
        assertEquals(303, r.status(), r.body());
        assertEquals("/review/" + token + "?notice=" + notice + "#post-" + postId, r.header("location"));
        assertSecurityHeaders(r);
    }

    static JsonNode activity(String tenantId, String query) {
        return ok(review.call("GET", "/v1/tenants/" + tenantId + "/review-activity" + query, admin.raw(), null));
    }

    static long count(JsonNode activity, String action, String postId) {
        long n = 0;
        for (JsonNode i : activity.path("items")) {
            if (action.equals(i.path("action").asText()) && postId.equals(i.path("postId").asText())) {
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void thePageShowsTheLinksTenantsWaitingPostsOnlyWithItsSecurityHeaders() {
        String t = tenant("Bloom Bakery");
        String other = tenant("Other Brand");
        String a = waiting(t, "Winter menu is here", null);
        String b = waiting(t, "Soup of the day: tomato", null);
        String draft = ok(posts.call("POST", "/v1/tenants/" + t + "/posts", admin.raw(),
                "{\"content\":\"Not for the client yet\",\"platforms\":[\"linkedin\"]}")).path("id").asText();
        String foreign = waiting(other, "The other brand's news", null);
        Browser browser = new Browser(link(t, null));
        Response page = browser.open();
        assertEquals(200, page.status(), page.body());
        assertTrue(page.header("content-type").startsWith("text/html"), page.headers().toString());
        assertSecurityHeaders(page);
        assertTrue(page.body().contains(a) && page.body().contains(b), page.body());
        assertTrue(page.body().contains("Winter menu is here"));
        assertFalse(page.body().contains(draft), "a draft is not the client's yet");
        assertFalse(page.body().contains(foreign) || page.body().contains("other brand's news"), "another tenant's post");
        assertFalse(page.body().contains(admin.accountId()), "no account id in the page");
        assertNotNull(browser.cookie);
        assertNotNull(browser.csrf, "every form carries the csrf field");
        assertNotNull(browser.nonce);
        // the cookie is kept by a second visit (no new one), and the field is bound to it
        Response again = browser.open();
        assertEquals(200, again.status());
        assertNull(again.header("set-cookie"));
        // the agency sees the link opened, once for the browser's visit
        int opened = 0;
        for (JsonNode i : activity(t, "").path("items")) {
            opened += i.path("action").asText().equals("opened") ? 1 : 0;
        }
        assertEquals(1, opened);
    }

    @Test
    void approveRejectCommentRescheduleAndPublishChangeThePostAsTheApiWould() {
        String t = tenant("Bloom Bakery");
        String approve = waiting(t, "Fresh loaves at seven", null);
        String reject = waiting(t, "Super awesome winter menu!!!", null);
        String token = link(t, null);
        Browser browser = new Browser(token);
        assertEquals(200, browser.open().status());

        // approve: scheduled (it has a time), approved by the link as a client
        Response approved = browser.act(approve, "approve", post(t, approve).path("version").asLong());
        assertRedirect(approved, token, "approved", approve);
        JsonNode afterApprove = post(t, approve);
        assertEquals("scheduled", afterApprove.path("status").asText());
        assertTrue(afterApprove.path("approval").path("clientApprovedBy").asText().startsWith("client:rvl_"),
                afterApprove.path("approval").toString());

        // reject with a reason: regenerating, the reason stored as the client's rejection comment
        browser.open();
        Response rejected = browser.act(reject, "reject", post(t, reject).path("version").asLong(), "reason", "Too loud. Calmer, please.");
        assertRedirect(rejected, token, "rejected", reject);
        JsonNode afterReject = post(t, reject);
        assertEquals("regenerating", afterReject.path("status").asText());
        assertEquals("Too loud. Calmer, please.", afterReject.path("approval").path("lastRejectionReason").asText());
        // and the page shows it read-only, with a note
        browser.open();
        assertTrue(browser.html.contains("Being rewritten with your feedback"), browser.html);

        // comment anchored to a phrase
        Response commented = browser.act(approve, "comment", afterApprove.path("version").asLong(), "text", "Love this line",
                "anchorType", "text", "anchorText", "Fresh loaves", "anchorOffset", "0");
        assertRedirect(commented, token, "commented", approve);
        JsonNode comments = ok(posts.call("GET", "/v1/tenants/" + t + "/posts/" + approve + "/comments", admin.raw(), null)).path("items");
        assertEquals(1, comments.size(), comments.toString());
        assertEquals("Love this line", comments.get(0).path("text").asText());
        assertEquals("text", comments.get(0).path("anchor").path("type").asText());
        assertEquals("Fresh loaves", comments.get(0).path("anchor").path("text").asText());
        assertEquals("client", comments.get(0).path("userRole").asText());

        // reschedule in the tenant's zone
        browser.open();
        LocalDateTime local = LocalDateTime.now(ZoneId.of("Europe/Berlin")).plusDays(5).withHour(9).withMinute(30).withSecond(0).withNano(0);
        Response moved = browser.act(approve, "reschedule", post(t, approve).path("version").asLong(), "scheduledFor",
                local.toString().substring(0, 16));
        assertRedirect(moved, token, "rescheduled", approve);
        assertEquals(local.atZone(ZoneId.of("Europe/Berlin")).toInstant(), Instant.parse(post(t, approve).path("scheduledFor").asText()));

        // publish now
        browser.open();
        Response published = browser.act(approve, "publish", post(t, approve).path("version").asLong());
        assertRedirect(published, token, "published", approve);
        assertEquals("publishing", post(t, approve).path("status").asText());

        JsonNode log = activity(t, "");
        for (String[] e : new String[][]{{"approved", approve}, {"rejected", reject}, {"commented", approve}, {"rescheduled", approve},
                {"published", approve}}) {
            assertEquals(1, count(log, e[0], e[1]), e[0] + " " + log);
        }
    }

    @Test
    void aRepeatedFormPostDoesItsActionOnceAndAnswersTheSameRedirect() {
        String t = tenant("Bloom Bakery");
        String id = waiting(t, "Fresh loaves at seven", null);
        String token = link(t, null);
        Browser browser = new Browser(token);
        browser.open();
        long v = post(t, id).path("version").asLong();
        Response first = browser.act(id, "comment", v, "text", "Once only");
        Response second = browser.act(id, "comment", v, "text", "Once only");
        assertRedirect(first, token, "commented", id);
        assertEquals(first.header("location"), second.header("location"));
        assertEquals(1, ok(posts.call("GET", "/v1/tenants/" + t + "/posts/" + id + "/comments", admin.raw(), null)).path("items").size());
        Response approve1 = browser.act(id, "approve", v);
        Response approve2 = browser.act(id, "approve", v);
        assertRedirect(approve1, token, "approved", id);
        assertEquals(approve1.header("location"), approve2.header("location"), "the double submit answers the first redirect, not 'changed'");
        JsonNode log = activity(t, "?postId=" + id);
        assertEquals(1, count(log, "commented", id), log.toString());
        assertEquals(1, count(log, "approved", id), log.toString());
        JsonNode item = log.path("items").get(0);
        for (String field : List.of("id", "at", "action", "postId", "campaignId", "linkId", "approverName", "approverEmail", "detail")) {
            assertTrue(item.has(field), field + " in " + item);
        }
        assertEquals("Clara Client", item.path("approverName").asText());
        assertTrue(item.path("linkId").asText().startsWith("rvl_"), item.toString());
    }

    @Test
    void aStaleVersionSaysThePostChangedAndChangesNothing() {
        String t = tenant("Bloom Bakery");
        String id = waiting(t, "Fresh loaves at seven", null);
        String token = link(t, null);
        Browser browser = new Browser(token);
        browser.open();
        long shown = post(t, id).path("version").asLong();
        ok(posts.call("PUT", "/v1/tenants/" + t + "/posts/" + id, admin.raw(), "{\"labels\":[\"bread\"]}")); // the agency touched it
        JsonNode before = post(t, id);
        assertNotEquals(shown, before.path("version").asLong());
        assertRedirect(browser.act(id, "approve", shown), token, "changed", id);
        assertRedirect(browser.act(id, "reject", shown, "reason", "Not like this"), token, "changed", id);
        JsonNode after = post(t, id);
        assertEquals("client_review", after.path("status").asText());
        assertEquals(before.path("version").asLong(), after.path("version").asLong());
        Response withNotice = page("/review/" + token + "?notice=changed");
        assertTrue(withNotice.body().contains("This post changed since you opened the page. Reload to see the latest version."),
                withNotice.body());
        assertEquals(0, count(activity(t, "?postId=" + id), "approved", id));
    }

    @Test
    void aForgedFormPostIsRefusedWithoutChangingAnything() {
        String t = tenant("Bloom Bakery");
        String id = waiting(t, "Fresh loaves at seven", null);
        String token = link(t, null);
        Browser browser = new Browser(token);
        browser.open();
        long v = post(t, id).path("version").asLong();
        String path = "/posts/" + id + "/approve";

        Map<String, String> noCsrf = browser.form("version", v);
        noCsrf.remove("csrf");
        Response missing = browser.submit(path, noCsrf);
        assertEquals(403, missing.status(), missing.body());
        assertSecurityHeaders(missing);
        assertTrue(missing.header("content-type").startsWith("text/html"));

        Browser attacker = new Browser(token); // its own cookie, the victim's field
        attacker.open();
        attacker.csrf = browser.csrf;
        attacker.nonce = browser.nonce;
        assertEquals(403, attacker.act(id, "approve", v).status());

        Browser noCookie = new Browser(token);
        noCookie.csrf = browser.csrf;
        noCookie.nonce = browser.nonce;
        assertEquals(403, noCookie.act(id, "approve", v).status());

        Map<String, String> crossSite = new LinkedHashMap<>(Map.of("host", HOST, "origin", "https://evil.example",
                "content-type", "application/x-www-form-urlencoded", "cookie", Csrf.COOKIE + "=" + browser.cookie));
        assertEquals(403, browser.send(path, crossSite, browser.form("version", v)).status());
        crossSite.remove("origin");
        crossSite.put("sec-fetch-site", "cross-site");
        assertEquals(403, browser.send(path, crossSite, browser.form("version", v)).status());

        // another link's field (same browser cookie) is worth nothing here
        Browser other = new Browser(link(t, null));
        other.cookie = browser.cookie;
        other.open();
        browser.csrf = other.csrf;
        assertEquals(403, browser.act(id, "approve", v).status());

        assertEquals("client_review", post(t, id).path("status").asText());
        assertEquals(v, post(t, id).path("version").asLong());
        assertEquals(0, count(activity(t, "?postId=" + id), "approved", id));
    }

    @Test
    void deadTamperedAndUnknownLinksShowTheirPageAndChangeNothing() {
        String t = tenant("Bloom Bakery");
        String id = waiting(t, "Fresh loaves at seven", null);
        long v = post(t, id).path("version").asLong();

        String revokedToken = link(t, null);
        Browser revoked = new Browser(revokedToken);
        assertEquals(200, revoked.open().status());
        String linkId = ok(review.call("GET", "/v1/tenants/" + t + "/review-links", admin.raw(), null)).path("items").get(0).path("id").asText();
        JsonNode revokedLink = ok(review.call("DELETE", "/v1/tenants/" + t + "/review-links/" + linkId, admin.raw(), null));
        assertEquals("revoked", revokedLink.path("status").asText());
        Response gone = page("/review/" + revokedToken);
        assertEquals(410, gone.status(), gone.body());
        assertSecurityHeaders(gone);
        assertFalse(gone.body().contains("Bloom Bakery") || gone.body().contains(id), gone.body());
        assertEquals(410, revoked.act(id, "approve", v).status());

        // a link past its expiry: the same function a month later
        String live = link(t, null);
        Posts later = new Posts(Config.of(env.functionEnvironment("ReviewFunction")), Clock.offset(Clock.systemUTC(), Duration.ofDays(8)));
        FunctionClient inAWeek = new FunctionClient(env, "ReviewFunction", new ReviewHandler(Lazy.of(() -> ReviewHandler.Services.of(later)),
                later.gate()));
        Response expired = page(inAWeek, "GET", "/review/" + live, Map.of("host", HOST), null, "10.40.0.1");
        assertEquals(410, expired.status(), expired.body());
        assertTrue(expired.body().contains("This review link has expired — ask your agency for a new one"), expired.body());
        assertFalse(expired.body().contains("Bloom Bakery"));

        String tampered = live.substring(0, live.length() - 1) + (live.endsWith("A") ? "B" : "A");
        for (String token : List.of(tampered, "rvw_" + "Q".repeat(43), "not-a-token", "rvw_short")) {
            Response r = page("/review/" + token);
            assertEquals(404, r.status(), token + " " + r.body());
            assertTrue(r.body().contains("This review link is not valid"), r.body());
            assertSecurityHeaders(r);
            Browser b = new Browser(token);
            b.cookie = revoked.cookie;
            b.csrf = revoked.csrf;
            b.nonce = revoked.nonce;
            assertEquals(404, b.act(id, "approve", v).status());
        }
        assertEquals("client_review", post(t, id).path("status").asText());
        assertEquals(v, post(t, id).path("version").asLong());
    }

    @Test
    void aDeletedBrandsLinkOpensNothingAndChangesNothing() {
        String t = tenant("Bloom Bakery");
        String id = waiting(t, "Fresh rye at seven", null);
        String token = link(t, null);
        Browser browser = new Browser(token);
        assertEquals(200, browser.open().status());
        long v = post(t, id).path("version").asLong();
        assertEquals(200, tenants.call("DELETE", "/v1/tenants/" + t, admin.raw(), null).status());
        Response opened = browser.open();
        assertEquals(404, opened.status(), opened.body());
        assertTrue(opened.body().contains("This review link is not valid"), opened.body());
        assertFalse(opened.body().contains("Bloom Bakery") || opened.body().contains("Fresh rye"), opened.body());
        Response approved = browser.act(id, "approve", v);
        assertEquals(404, approved.status(), approved.body());
        assertEquals("client_review", post(t, id).path("status").asText());
        assertEquals(v, post(t, id).path("version").asLong());
    }

    @Test
    void anotherTenantsPostOrAnotherCampaignsIsNotFoundThroughALink() {
        String t = tenant("Bloom Bakery");
        String other = tenant("Other Brand");
        String foreign = waiting(other, "The other brand's news", null);
        String outside = waiting(t, "Not in the launch campaign", "cmp_other");
        String inside = waiting(t, "Launch day", "cmp_launch");
        String token = link(t, "cmp_launch");
        Browser browser = new Browser(token);
        browser.open();
        assertTrue(browser.html.contains(inside), browser.html);
        assertFalse(browser.html.contains(outside), "another campaign's post");
        for (String[] p : new String[][]{{other, foreign}, {t, outside}}) {
            long v = post(p[0], p[1]).path("version").asLong();
            Response r = browser.act(p[1], "approve", v);
            assertEquals(404, r.status(), r.body());
            assertFalse(r.body().contains(p[1]) && r.body().contains("news"), r.body());
            assertEquals("client_review", post(p[0], p[1]).path("status").asText());
        }
        Response media = page("/review/" + token + "/media/med_" + "A".repeat(20));
        assertEquals(404, media.status());
    }

    @Test
    void approveAllApprovesTheCampaignsPostsAtTheirShownVersionsAndCountsTheChangedOnes() {
        String t = tenant("Bloom Bakery");
        String a = waiting(t, "Launch one", "cmp_launch");
        String b = waiting(t, "Launch two", "cmp_launch");
        String c = waiting(t, "Launch three", "cmp_launch");
        String token = link(t, null);
        Browser browser = new Browser(token);
        browser.open();
        assertTrue(browser.html.contains("cmp_launch"), "the campaign bar offers approve all");
        String versions = input(browser.html, "versions"); // the versions the page showed
        assertNotNull(versions, browser.html);
        for (String id : List.of(a, b, c)) {
            assertTrue(versions.contains(id + ":" + post(t, id).path("version").asLong()), versions);
        }
        ok(posts.call("PUT", "/v1/tenants/" + t + "/posts/" + c, admin.raw(), "{\"labels\":[\"late\"]}"));
        Response r = browser.submit("/campaigns/cmp_launch/approve", browser.form("versions", versions));
        assertEquals(303, r.status(), r.body());
        assertEquals("/review/" + token + "?notice=approved-all&approved=2&changed=1#campaigns", r.header("location"));
        assertEquals("scheduled", post(t, a).path("status").asText());
        assertEquals("scheduled", post(t, b).path("status").asText());
        assertEquals("client_review", post(t, c).path("status").asText());
        Response shown = page(r.header("location").replace("#campaigns", ""));
        assertTrue(shown.body().contains("Approved 2 posts."), shown.body());
        // a campaign outside a campaign link is not found
        waiting(t, "The other campaign's post", "cmp_other");
        Browser narrow = new Browser(link(t, "cmp_other"));
        assertEquals(200, narrow.open().status());
        assertNotNull(narrow.csrf, narrow.html);
        assertEquals(404, narrow.submit("/campaigns/cmp_launch/approve", narrow.form("versions", c + ":1")).status());
    }

    @Test
    void onlyStaffKeysManageLinksAndReadKeysOnlyList() {
        String t = tenant("Bloom Bakery");
        String client = TestKeys.create(env, admin.accountId(), Role.CLIENT, Set.of(t)).raw();
        String read = TestKeys.create(env, admin.accountId(), Role.READ, Set.of()).raw();
        String body = "{\"approverName\":\"Clara\",\"approverEmail\":\"clara@brand.example\"}";
        Response byClient = review.call("POST", "/v1/tenants/" + t + "/review-links", client, body);
        assertEquals(403, byClient.status(), byClient.body());
        assertEquals("FORBIDDEN", byClient.json().path("error").path("code").asText());
        assertEquals(403, review.call("GET", "/v1/tenants/" + t + "/review-links", client, null).status());
        assertEquals(403, review.call("GET", "/v1/tenants/" + t + "/review-activity", client, null).status());
        assertEquals(403, review.call("POST", "/v1/tenants/" + t + "/review-links", read, body).status());
        link(t, null);
        JsonNode listed = ok(review.call("GET", "/v1/tenants/" + t + "/review-links", read, null));
        assertEquals(1, listed.path("items").size(), listed.toString());
        assertFalse(listed.toString().contains("rvw_"), "no token in a list: " + listed);
        assertTrue(listed.has("nextCursor"));
        JsonNode log = ok(review.call("GET", "/v1/tenants/" + t + "/review-activity", read, null));
        assertTrue(log.path("items").isArray() && log.has("nextCursor"), log.toString());
    }

    @Test
    void aLinkMadeUnderAnIdempotencyKeyIsNeverKeptWithItsTokenForTheReplay() {
        String t = tenant("Bloom Bakery");
        String body = "{\"approverName\":\"Clara\",\"approverEmail\":\"clara@brand.example\"}";
        Map<String, String> headers = Map.of("authorization", "Bearer " + admin.raw(), "content-type", "application/json",
                "idempotency-key", "link-" + t);
        Response first = review.call("POST", "/v1/tenants/" + t + "/review-links", headers, body);
        assertEquals(201, first.status(), first.body());
        String url = first.json().path("url").asText();
        String token = url.substring(url.indexOf("/review/") + "/review/".length());
        assertTrue(token.startsWith("rvw_"), url);
        Response replay = review.call("POST", "/v1/tenants/" + t + "/review-links", headers, body);
        assertEquals(201, replay.status(), replay.body());
        assertEquals(first.json().path("id").asText(), replay.json().path("id").asText(), "the replay is the first link, not a second");
        assertFalse(replay.body().contains(token), "a replay shows the token only once: " + replay.body());
        for (String item : new ReviewFixture().everyItem()) {
            assertFalse(item.contains(token), "the token is stored nowhere, the idempotency record included: " + item);
        }
        JsonNode listed = ok(review.call("GET", "/v1/tenants/" + t + "/review-links", admin.raw(), null));
        assertEquals(1, listed.path("items").size(), "one link however often the create was sent: " + listed);
    }

    @Test
    void badJsonAndBadFormsGetClearAnswers() {
        String t = tenant("Bloom Bakery");
        Response bad = review.call("POST", "/v1/tenants/" + t + "/review-links", admin.raw(), "{not json");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("VALIDATION_ERROR", bad.json().path("error").path("code").asText());
        assertTrue(bad.json().path("error").path("requestId").asText().startsWith("req_"));

        String id = waiting(t, "Fresh loaves at seven", null);
        String token = link(t, null);
        Browser browser = new Browser(token);
        browser.open();
        long v = post(t, id).path("version").asLong();
        Map<String, String> json = new LinkedHashMap<>(Map.of("host", HOST, "content-type", "application/json",
                "cookie", Csrf.COOKIE + "=" + browser.cookie));
        Response wrongType = browser.send("/posts/" + id + "/approve", json, browser.form("version", v));
        assertEquals(415, wrongType.status(), wrongType.body());
        assertTrue(wrongType.header("content-type").startsWith("text/html"));
        Response huge = browser.act(id, "comment", v, "text", "x".repeat(17_000));
        assertEquals(413, huge.status(), huge.body());
        Response noVersion = browser.submit("/posts/" + id + "/approve", browser.form());
        assertRedirect(noVersion, token, "invalid", id);
        Response badAction = browser.act(id, "delete", v);
        assertEquals(404, badAction.status());
        // the workflow's refusals come back as fixed notices, nothing typed shown back, nothing changed
        assertRedirect(browser.act(id, "reject", v, "reason", "<b"), token, "reason", id);
        String future = LocalDateTime.now(ZoneId.of("Europe/Berlin")).plusDays(9).withSecond(0).withNano(0).toString().substring(0, 16);
        assertRedirect(browser.act(id, "reschedule", v, "scheduledFor", future), token, "not-allowed", id);
        assertRedirect(browser.act(id, "publish", v), token, "not-allowed", id);
        assertRedirect(browser.act(id, "comment", v, "text", "  "), token, "comment", id);
        assertEquals("client_review", post(t, id).path("status").asText());
        assertEquals(v, post(t, id).path("version").asLong());
        assertEquals(0, ok(posts.call("GET", "/v1/tenants/" + t + "/posts/" + id + "/comments", admin.raw(), null)).path("items").size());
        // an approved post's time in the past is refused as such
        browser.act(id, "approve", v);
        browser.open();
        long approved = post(t, id).path("version").asLong();
        assertRedirect(browser.act(id, "reschedule", approved, "scheduledFor", "2020-01-01T09:00"), token, "time", id);
        assertRedirect(browser.act(id, "reschedule", approved, "scheduledFor", "next tuesday"), token, "time", id);
        assertEquals(approved, post(t, id).path("version").asLong());
    }

    @Test
    void mediaPreviewsAreTheTenantsThumbnailsServedThroughThePageAndImagePointsAreCommentedOn() {
        String t = tenant("Bloom Bakery");
        String other = tenant("Other Brand");
        byte[] jpeg = new byte[256];
        for (int i = 0; i < jpeg.length; i++) {
            jpeg[i] = (byte) i; // every byte value survives the trip
        }
        String image = readyImage(t, jpeg);
        String foreignImage = readyImage(other, jpeg);
        String id = ok(posts.call("POST", "/v1/tenants/" + t + "/posts", admin.raw(), "{\"content\":\"Our new loaf\",\"platforms\":[\"linkedin\"],"
                + "\"media\":[\"" + image + "\"]}")).path("id").asText();
        ok(posts.call("POST", "/v1/tenants/" + t + "/posts/" + id + "/submit", admin.raw(), "{}"));
        String token = link(t, null);
        Browser browser = new Browser(token);
        assertEquals(200, browser.open().status());
        String src = "/review/" + token + "/media/" + image;
        assertTrue(browser.html.contains(src), browser.html);
        Response preview = page(src);
        assertEquals(200, preview.status(), preview.body());
        assertEquals("image/jpeg", preview.header("content-type"));
        assertEquals("nosniff", preview.header("x-content-type-options"));
        assertTrue(java.util.Arrays.equals(jpeg, preview.bytes()), "the thumbnail's bytes as stored");
        assertEquals(404, page("/review/" + token + "/media/" + foreignImage).status(), "another tenant's media");

        Response pointed = browser.act(id, "comment", post(t, id).path("version").asLong(), "text", "Make the crust darker here",
                "anchorType", "image", "anchorMediaId", image, "anchorX", "0.25", "anchorY", "0.6");
        assertRedirect(pointed, token, "commented", id);
        JsonNode anchor = ok(posts.call("GET", "/v1/tenants/" + t + "/posts/" + id + "/comments", admin.raw(), null)).path("items").get(0)
                .path("anchor");
        assertEquals("image", anchor.path("type").asText());
        assertEquals(image, anchor.path("mediaId").asText());
        assertEquals(0.25, anchor.path("x").asDouble());
        assertEquals(0.6, anchor.path("y").asDouble());
    }

    /** A ready image of {@code tenantId} with a thumbnail in the media bucket, as the media processor leaves it. */
    static String readyImage(String tenantId, byte[] thumbnail) {
        var config = env.functionConfig("MediaFunction");
        String id = "med_" + com.socialwire.shared.Ids.base62(20);
        String thumbKey = "thumbnails/" + tenantId + "/" + id + ".jpg";
        try (var s3 = com.socialwire.local.stores.S3Clients.s3(new AwsClients(config))) {
            s3.putObject(b -> b.bucket(config.require("MEDIA_BUCKET")).key(thumbKey).contentType("image/jpeg"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(thumbnail));
        }
        new Table(new AwsClients(config).dynamoDb(), config.require("TABLE_NAME")).put(new com.socialwire.shared.store.Write.Put(
                com.socialwire.shared.store.Item.create().s("PK", com.socialwire.shared.media.MediaLibrary.pk(tenantId))
                        .s("SK", com.socialwire.shared.media.MediaLibrary.sk(id)).s("id", id).s("tenantId", tenantId).s("status", "ready")
                        .s("kind", "image").s("mimeType", "image/jpeg").s("s3Key", "media/" + tenantId + "/" + id + "/a.jpg")
                        .n("width", 1080).n("height", 1080).n("sizeBytes", 5_000_000).s("thumbnailKey", thumbKey).build()));
        return id;
    }


    @Test
    void tooManyPageRequestsFromOneAddressGetAPageSayingSo() {
        Response limited = null;
        int n = 0;
        for (int i = 0; i < 245 && limited == null; i++) {
            Response r = page(review, "GET", "/review/rvw_" + "Z".repeat(43), Map.of("host", HOST), null, "10.50.0.1");
            assertNotNull(r.header("x-ratelimit-limit"), r.headers().toString());
            if (r.status() == 429) {
                limited = r;
            } else {
                assertEquals(404, r.status());
                n++;
            }
        }
        assertNotNull(limited, "never limited after " + n + " requests");
        // 120 a minute: at most two minute windows' worth when the loop crosses a minute's end
        assertTrue(n >= 1 && n <= 240, n + " requests before the limit");
        assertTrue(limited.header("content-type").startsWith("text/html"), limited.headers().toString());
        assertNotNull(limited.header("retry-after"));
        assertSecurityHeaders(limited);
        assertTrue(limited.body().contains("Too many requests"), limited.body());
    }

}
