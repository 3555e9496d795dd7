package com.socialwire.reports.competitors;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.reports.Reports;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.SocialAccounts;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CompetitorsFunction (as Lambda builds it, on DynamoDB Local with its template.yaml policy) and the competitor pulse
 * against WireMock answering as Meta's business discovery does on graph.facebook.com: the handles' rules, tenant
 * isolation, the Facebook-Login-only availability, per-handle errors, a rate limit, and week-over-week change.
 */
class CompetitorsIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final LocalEnvironment env = LocalEnvironment.shared();
    static FunctionClient api;
    static FunctionClient tenantsApi;
    static SocialAccounts social;
    static TestKeys.Key admin;

    /** A Monday morning; each run of the pulse gets its own fixed clock. */
    static final Instant MONDAY = Instant.parse("2026-11-30T07:00:00Z");
    Reports reports;
    String tenant;

    @BeforeAll
    static void setUp() {
        api = new FunctionClient(env, "CompetitorsFunction");
        tenantsApi = new FunctionClient(env, "TenantsFunction");
        Config socialConfig = env.functionConfig("SocialFunction"); // connects accounts as SocialFunction does (it seals tokens)
        AwsClients aws = new AwsClients(socialConfig);
        social = new SocialAccounts(new Table(aws::dynamoDb, socialConfig.require("TABLE_NAME")), SecretCipher.fromConfig(socialConfig, aws),
                Clock.systemUTC());
        admin = TestKeys.newAccount(env);
    }

    @BeforeEach
    void fresh() {
        meta.resetAll();
        reports = reportsAt(MONDAY);
        tenant = newTenant(admin);
    }

    /** The reports context's wiring as CompetitorsFunction's configuration gives it, Meta at WireMock, the time {@code now}. */
    static Reports reportsAt(Instant now) {
        return new Reports(env.functionConfig("CompetitorsFunction").with("FACEBOOK_GRAPH_BASE", meta.baseUrl() + "/v21.0"),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    static String newTenant(TestKeys.Key key) {
        Response r = tenantsApi.call("POST", "/v1/tenants", key.raw(), "{\"name\":\"Bloom Bakery\",\"timezone\":\"Europe/Berlin\"}");
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    Response put(String body) {
        return api.call("PUT", "/v1/tenants/" + tenant + "/competitors", admin.raw(), body);
    }

    /** Connects a Facebook Page (Facebook Login) whose token business discovery reads with. */
    String connectPage(String pageToken) {
        String pageId = "1045" + (10_000_000_000L + ThreadLocalRandom.current().nextLong(80_000_000_000L));
        social.connect(tenant, new SocialAccounts.Connection("facebook", null,
                new Connector.Offered(pageId, "bloombakery", "Bloom Bakery", null, "page", null, Map.of()),
                new Grant(pageToken, null, null, null, List.of("pages_show_list", "instagram_basic", "pages_read_engagement"), false)), false);
        return pageId;
    }

    /** A connected Page with token {@code pageToken}, linked to Instagram account {@code igUserId}: what discovery reads as. */
    String readableAs(String pageToken, String igUserId) {
        pageLinkedTo(connectPage(pageToken), igUserId);
        return igUserId;
    }

    void pageLinkedTo(String pageId, String igUserId) {
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + pageId)).withQueryParam("fields", equalTo("instagram_business_account"))
                .willReturn(okJson("{\"instagram_business_account\":{\"id\":\"" + igUserId + "\"},\"id\":\"" + pageId + "\"}")));
    }

    void discovers(String igUserId, String handle, long followers, String media) {
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + igUserId)).withQueryParam("fields", containing("business_discovery.username(" + handle + ")"))
                .willReturn(okJson("""
                        {"business_discovery":{"username":"%s","followers_count":%d,"media_count":412,"media":{"data":[%s]},"id":"178414099"},"id":"%s"}"""
                        .formatted(handle, followers, media, igUserId))));
    }

    /** Meta answers business discovery of {@code handle} (every handle: "") as {@code igUserId} with a 400 and {@code error}. */
    void refuses(String igUserId, String handle, String error) {
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + igUserId)).withQueryParam("fields", containing("username(" + handle))
                .willReturn(aResponse().withStatus(400).withHeader("content-type", "application/json").withBody(error)));
    }

    static String post(Instant at, long likes, long comments) {
        return "{\"like_count\":" + likes + ",\"comments_count\":" + comments + ",\"timestamp\":\""
                + at.toString().replace("Z", "+0000") + "\",\"id\":\"1790" + at.getEpochSecond() + "\"}";
    }

    // ------------------------------------------------------------------ the route

    @Test
    void handlesAreStoredNormalisedAndReadBack() {
        Response r = put("{\"handles\":[\"@BlueBottle\",\"stumptown.coffee\",\"bluebottle\"]}");
        assertEquals(200, r.status(), r.body());
        assertEquals(List.of("bluebottle", "stumptown.coffee"), strings(r.json().path("handles")));

        Response got = api.call("GET", "/v1/tenants/" + tenant + "/competitors", admin.raw(), null);
        assertEquals(200, got.status(), got.body());
        assertEquals(List.of("bluebottle", "stumptown.coffee"), strings(got.json().path("handles")));
        assertEquals(10, got.json().path("maxHandles").asInt());
    }

    @Test
    void aBadHandleOrMoreThanTenAre422AndNothingIsStored() {
        assertEquals(200, put("{\"handles\":[\"kept\"]}").status());

        Response bad = put("{\"handles\":[\"ok_one\",\"not a handle\",\"x\"]}");
        assertEquals(422, bad.status(), bad.body());
        assertEquals("VALIDATION_ERROR", bad.json().path("error").path("code").asText());
        assertTrue(bad.json().path("error").path("details").has("handles[1]"), bad.body());

        StringBuilder eleven = new StringBuilder("{\"handles\":[");
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",").append("\"shop").append(i).append('"');
        }
        Response tooMany = put(eleven.append("]}").toString());
        assertEquals(422, tooMany.status(), tooMany.body());
        assertTrue(tooMany.json().path("error").path("details").path("handles").asText().contains("at most 10"), tooMany.body());

        assertEquals(400, put("{\"handles\":\"bluebottle\"}").status());
        assertEquals(400, put("{\"handles\":[],\"extra\":1}").status());
        assertEquals(List.of("kept"), strings(api.call("GET", "/v1/tenants/" + tenant + "/competitors", admin.raw(), null).json().path("handles")));
    }

    @Test
    void anotherAccountsKeySeesNoSuchTenantAndAReadKeyCannotChangeThem() {
        assertEquals(200, put("{\"handles\":[\"bluebottle\"]}").status());
        TestKeys.Key other = TestKeys.newAccount(env);
        Response foreign = api.call("GET", "/v1/tenants/" + tenant + "/competitors", other.raw(), null);
        assertEquals(404, foreign.status(), foreign.body());
        assertFalse(foreign.body().contains("bluebottle"));
        assertEquals(404, api.call("PUT", "/v1/tenants/" + tenant + "/competitors", other.raw(), "{\"handles\":[\"mine\"]}").status());

        TestKeys.Key reader = TestKeys.create(env, admin.accountId(), com.socialwire.shared.security.Role.READ, java.util.Set.of());
        assertEquals(403, api.call("PUT", "/v1/tenants/" + tenant + "/competitors", reader.raw(), "{\"handles\":[\"mine\"]}").status());
        assertEquals(List.of("bluebottle"), strings(api.call("GET", "/v1/tenants/" + tenant + "/competitors", admin.raw(), null).json().path("handles")));
    }

    // ------------------------------------------------------------------ availability

    @Test
    void aTenantWithoutFacebookLoginIsNotAvailableWithTheReasonAndMetaIsNotAsked() {
        assertEquals(200, put("{\"handles\":[\"bluebottle\"]}").status());
        JsonNode none = api.call("GET", "/v1/tenants/" + tenant + "/competitors", admin.raw(), null).json();
        assertFalse(none.path("available").asBoolean(true));
        assertEquals("none", none.path("connection").asText());

        // Instagram connected with Instagram Login (graph.instagram.com): no business discovery there
        social.connect(tenant, new SocialAccounts.Connection("instagram", null,
                new Connector.Offered("1784" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L)), "bloombakery",
                        "Bloom Bakery", null, "profile", null, Map.of()),
                new Grant("IGQVJlogin-token", null, Instant.now().plus(Duration.ofDays(60)), null, List.of(), false)), false);
        JsonNode ig = api.call("GET", "/v1/tenants/" + tenant + "/competitors", admin.raw(), null).json();
        assertFalse(ig.path("available").asBoolean(true));
        assertEquals("instagram_login", ig.path("connection").asText());
        assertTrue(ig.path("reason").asText().contains("Facebook Login"), ig.toString());

        CompetitorPulse.Pulse pulse = reports.competitorPulse().run(tenant);
        assertFalse(pulse.available());
        assertEquals(ig.path("reason").asText(), pulse.reason());
        assertEquals(List.of(), pulse.rows());
        assertTrue(meta.findAll(anyRequestedFor(anyUrl())).isEmpty(), "no call to Meta for a tenant that cannot use it");
    }

    @Test
    void aPageWithoutALinkedInstagramAccountIsNotAvailable() {
        assertEquals(200, put("{\"handles\":[\"bluebottle\"]}").status());
        String pageId = connectPage("EAAGpage-nolink");
        meta.stubFor(get(urlPathEqualTo("/v21.0/" + pageId)).willReturn(okJson("{\"id\":\"" + pageId + "\"}")));

        assertTrue(api.call("GET", "/v1/tenants/" + tenant + "/competitors", admin.raw(), null).json().path("available").asBoolean());
        CompetitorPulse.Pulse pulse = reports.competitorPulse().run(tenant);
        assertFalse(pulse.available());
        assertTrue(pulse.reason().contains("linked to an Instagram professional account"), pulse.reason());
    }

    // ------------------------------------------------------------------ the pulse

    @Test
    void thePulseReadsEachHandleAndAFailedHandleIsItsOwnRowsError() {
        assertEquals(200, put("{\"handles\":[\"bluebottle\",\"nosuchshop\"]}").status());
        String me = readableAs("EAAGpage-ok", "17841405309211844");
        Instant now = MONDAY;
        StringBuilder media = new StringBuilder();
        for (int i = 0; i < 8; i++) { // 8 posts in the last four weeks, 2 older ones
            media.append(post(now.minus(Duration.ofDays(1 + 3L * i)), 100 + 10L * i, 10)).append(',');
        }
        media.append(post(now.minus(Duration.ofDays(40)), 50, 2)).append(',').append("{\"comments_count\":4,\"timestamp\":\"")
                .append(now.minus(Duration.ofDays(45)).toString().replace("Z", "+0000")).append("\",\"id\":\"1\"}");
        discovers(me, "bluebottle", 267_793, media.toString());
        refuses(me, "nosuchshop", """
                {"error":{"message":"Invalid user id","type":"OAuthException","code":110,"error_subcode":2207013,
                "error_user_title":"Cannot find User","error_user_msg":"The user with username: nosuchshop cannot be found.","fbtrace_id":"AbC1"}}""");

        CompetitorPulse.Pulse pulse = reports.competitorPulse().run(tenant);

        assertTrue(pulse.available(), String.valueOf(pulse.reason()));
        assertEquals("facebook_login", pulse.connection());
        CompetitorPulse.Row blue = pulse.rows().get(0);
        assertEquals("bluebottle", blue.handle());
        assertEquals(267_793L, blue.followers());
        assertEquals(412L, blue.mediaCount());
        assertNull(blue.followersChange(), "no snapshot a week ago: unknown, not 0");
        assertEquals(new BigDecimal("2.0"), blue.postsPerWeek(), "8 posts in 4 weeks");
        assertEquals(new BigDecimal("125.6"), blue.avgLikes(), "the mean of the 9 posts that show likes (the hidden one is left out)");
        assertEquals(new BigDecimal("8.6"), blue.avgComments());
        assertNull(blue.error());
        CompetitorPulse.Row missing = pulse.rows().get(1);
        assertEquals("nosuchshop", missing.handle());
        assertNull(missing.followers());
        assertEquals("GRAPH_110", missing.error().code());
        assertFalse(missing.error().reason().contains("Invalid user id"), "never Meta's text");
        meta.verify(getRequestedFor(urlPathEqualTo("/v21.0/" + me)).withHeader("Authorization", equalTo("Bearer EAAGpage-ok")));
    }

    @Test
    void aRateLimitStopsTheRunAskingForTheRest() {
        assertEquals(200, put("{\"handles\":[\"first\",\"second\",\"third\"]}").status());
        String me = readableAs("EAAGpage-limit", "17841405309211845");
        discovers(me, "first", 1000, post(MONDAY.minus(Duration.ofDays(2)), 5, 1));
        refuses(me, "second", """
                {"error":{"message":"Application request limit reached","type":"OAuthException","code":4,"fbtrace_id":"Zz9"}}""");

        CompetitorPulse.Pulse pulse = reports.competitorPulse().run(tenant);

        assertEquals(1000L, pulse.rows().get(0).followers());
        assertEquals("rate_limited", pulse.rows().get(1).error().category());
        assertEquals("rate_limited", pulse.rows().get(2).error().category());
        assertEquals(0, meta.findAll(getRequestedFor(urlPathEqualTo("/v21.0/" + me)).withQueryParam("fields", containing("username(third)"))).size(),
                "not asked after the limit");
    }

    @Test
    void aPageTokenMetaRefusesMakesThePulseUnavailableAndFlagsThePageInHealth() {
        assertEquals(200, put("{\"handles\":[\"bluebottle\",\"second\"]}").status());
        String me = readableAs("EAAGpage-refused", "17841405309211847");
        refuses(me, "", """
                {"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"Xy1"}}""");

        CompetitorPulse.Pulse pulse = reports.competitorPulse().run(tenant);

        assertFalse(pulse.available());
        assertEquals(DiscoveryAccess.REFUSED_REASON, pulse.reason());
        assertEquals(1, meta.findAll(getRequestedFor(urlPathEqualTo("/v21.0/" + me))).size(), "not asked again for the next handle");
        JsonNode after = api.call("GET", "/v1/tenants/" + tenant + "/competitors", admin.raw(), null).json();
        assertFalse(after.path("available").asBoolean(true), "the Page needs connecting again: " + after);
        JsonNode health = tenantsApi.call("GET", "/v1/tenants/" + tenant + "/health", admin.raw(), null).json();
        assertEquals("facebook", health.path("socialAccountsToReconnect").path(0).path("platform").asText(), health.toString());
    }

    @Test
    void weekOverWeekChangeIsAgainstLastWeeksSnapshot() {
        assertEquals(200, put("{\"handles\":[\"bluebottle\"]}").status());
        String me = readableAs("EAAGpage-wow", "17841405309211846");
        discovers(me, "bluebottle", 10_000, post(MONDAY.minus(Duration.ofDays(2)), 5, 1));
        assertNull(reports.competitorPulse().run(tenant).rows().get(0).followersChange());

        Instant nextWeek = MONDAY.plus(Duration.ofDays(7));
        discovers(me, "bluebottle", 10_250, post(nextWeek.minus(Duration.ofDays(2)), 5, 1));
        CompetitorPulse.Row row = reportsAt(nextWeek).competitorPulse().run(tenant).rows().get(0);
        assertEquals(10_250L, row.followers());
        assertEquals(250L, row.followersChange());

        // a second run in the same week replaces this week's snapshot and still compares with last week's
        discovers(me, "bluebottle", 10_300, post(nextWeek.minus(Duration.ofDays(2)), 5, 1));
        assertEquals(300L, reportsAt(nextWeek.plus(Duration.ofDays(2))).competitorPulse().run(tenant).rows().get(0).followersChange());
    }

    @Test
    void aCompetitorPulseReportGetsTheSectionFromThePulseAndOtherReportsDoNotCallMeta() {
        assertEquals(200, put("{\"handles\":[\"bluebottle\"]}").status());
        String me = readableAs("EAAGpage-report", "17841405309211848");
        discovers(me, "bluebottle", 5_000, post(MONDAY.minus(Duration.ofDays(2)), 40, 4));
        com.socialwire.shared.tenants.Tenant t = reports.tenants().get(tenant).orElseThrow();
        java.time.LocalDate lastWeek = java.time.LocalDate.parse("2026-11-23");

        com.fasterxml.jackson.databind.node.ObjectNode weekly = com.socialwire.shared.Json.object();
        weekly.putObject("competitors").put("available", false);
        reports.competitorsSource().fill(t, report(com.socialwire.reports.jobs.ReportType.WEEKLY_REPORT, lastWeek), weekly);
        assertFalse(weekly.path("competitors").path("available").asBoolean(true), "a weekly report keeps the skeleton's section");
        assertTrue(meta.findAll(anyRequestedFor(anyUrl())).isEmpty(), "and asks Meta nothing");

        com.fasterxml.jackson.databind.node.ObjectNode doc = com.socialwire.shared.Json.object();
        reports.competitorsSource().fill(t, report(com.socialwire.reports.jobs.ReportType.COMPETITOR_PULSE, lastWeek), doc);
        JsonNode c = doc.path("competitors");
        assertTrue(c.path("available").asBoolean(), c.toString());
        assertTrue(c.path("reason").isNull(), c.toString());
        JsonNode row = c.path("rows").path(0);
        assertEquals("bluebottle", row.path("handle").asText());
        assertEquals(5_000, row.path("followers").asLong());
        assertTrue(row.has("followersChange") && row.path("followersChange").isNull(), "no data: null, never 0: " + row);
        assertEquals(412, row.path("mediaCount").asLong());
        assertEquals(40.0, row.path("avgLikes").asDouble());
        assertEquals(4.0, row.path("avgComments").asDouble());
        assertEquals(0.3, row.path("postsPerWeek").asDouble(), "1 post in 4 weeks, one decimal");
        assertTrue(row.path("error").isNull());
    }

    com.socialwire.reports.jobs.Report report(com.socialwire.reports.jobs.ReportType type, java.time.LocalDate day) {
        return new com.socialwire.reports.jobs.Report("rpt_test", tenant, admin.accountId(), type,
                com.socialwire.reports.jobs.ReportPeriod.of(type.span, day), "Europe/Berlin", "schedule", MONDAY,
                com.socialwire.reports.jobs.ReportStatus.RUNNING, 1);
    }

    @Test
    void anotherTenantsHandlesAndSnapshotsAreItsOwn() {
        assertEquals(200, put("{\"handles\":[\"bluebottle\"]}").status());
        String mine = tenant;
        tenant = newTenant(admin);
        assertEquals(List.of(), strings(api.call("GET", "/v1/tenants/" + tenant + "/competitors", admin.raw(), null).json().path("handles")));
        assertEquals(List.of(), reports.competitorPulse().run(tenant).rows());
        assertEquals(List.of("bluebottle"), strings(api.call("GET", "/v1/tenants/" + mine + "/competitors", admin.raw(), null).json().path("handles")));
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
