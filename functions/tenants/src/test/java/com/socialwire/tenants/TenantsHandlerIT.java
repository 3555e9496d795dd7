package com.socialwire.tenants;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.security.Role;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TenantsFunction's handler, built as Lambda builds it, against DynamoDB Local provisioned from template.yaml,
 * with Meta's Graph API ({@code GET /me}, whom a token belongs to) stubbed by WireMock.
 */
class TenantsHandlerIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "IGQVJ-secret-token-value-0123456789";
    static LocalEnvironment env;
    static FunctionClient tenants;
    static String owner;
    static String readKey;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        tenants = new FunctionClient(env, "TenantsFunction", Map.of("GRAPH_API_BASE_URL", meta.baseUrl() + "/v21.0"));
        // "owner" here is the admin key of the account under test; the platform owner key has no account.
        TestKeys.Key admin = TestKeys.newAccount(env);
        owner = admin.raw();
        readKey = TestKeys.create(env, admin.accountId(), Role.READ, java.util.Set.of()).raw();
    }

    @BeforeEach
    void graphRefusesUnknownTokens() {
        // what Graph answers a token it cannot parse; tokens a test hands out (owns) take precedence
        meta.stubFor(get(urlPathEqualTo("/v21.0/me")).atPriority(10).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(
                        "{\"error\":{\"message\":\"Invalid OAuth access token - Cannot parse access token\",\"type\":\"OAuthException\",\"code\":190,\"fbtrace_id\":\"AbC\"}}")));
    }

    /** Graph now answers {@code token}'s GET /me with {@code igUserId}, as for a token of that account. */
    static String owns(String token, String igUserId) {
        meta.stubFor(get(urlPathEqualTo("/v21.0/me")).atPriority(1).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"user_id\":\"" + igUserId + "\",\"username\":\"brand" + igUserId.substring(10)
                        + "\",\"id\":\"7369210547315012\"}")));
        return token;
    }

    /** A fresh Instagram account id and a token Graph says is its. */
    static String[] account() {
        String id = "1784" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L));
        return new String[]{id, owns("IGQVJ-token-of-" + id, id)};
    }

    static String create(String body) {
        return created(owner, body);
    }

    static String created(String key, String body) {
        Response r = tenants.call("POST", "/v1/tenants", key, body);
        assertEquals(201, r.status(), r.body());
        return r.json().path("id").asText();
    }

    @Test
    void createGetPatchDeleteRoundTrip() {
        owns(TOKEN, "17841400000000001");
        Response created = tenants.call("POST", "/v1/tenants", owner, """
                {"name":"Bloom Bakery","igHandle":"@bloombakery","igUserId":"17841400000000001",
                 "igAccessToken":"%s","brandVoice":"Warm and playful","noGoTopics":["politics","religion"],
                 "timezone":"Europe/Berlin","settings":{"requiresClientApproval":true,"dailyLlmBudgetUsd":7.5}}
                """.formatted(TOKEN));
        assertEquals(201, created.status(), created.body());
        JsonNode t = created.json();
        String id = t.path("id").asText();
        assertTrue(id.startsWith("tnt_"), id);
        assertEquals("bloombakery", t.path("igHandle").asText());
        assertEquals("valid", t.path("igTokenStatus").asText());
        assertEquals("active", t.path("status").asText());
        assertTrue(t.path("settings").path("requiresClientApproval").asBoolean());
        assertEquals(7.5, t.path("settings").path("dailyLlmBudgetUsd").asDouble());
        assertFalse(t.path("settings").path("requiresQaApproval").asBoolean());
        assertFalse(created.body().contains(TOKEN), "token must never be returned");
        assertNotNull(created.header("x-request-id"));

        Response got = tenants.call("GET", "/v1/tenants/" + id, owner, null);
        assertEquals(200, got.status());
        assertEquals("Bloom Bakery", got.json().path("name").asText());
        assertFalse(got.body().contains(TOKEN));

        Response patched = tenants.call("PATCH", "/v1/tenants/" + id, owner,
                "{\"brandVoice\":\"Crisp\",\"status\":\"paused\",\"settings\":{\"autoReplyComments\":true}}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("Crisp", patched.json().path("brandVoice").asText());
        assertEquals("paused", patched.json().path("status").asText());
        assertTrue(patched.json().path("settings").path("autoReplyComments").asBoolean());
        assertTrue(patched.json().path("settings").path("requiresClientApproval").asBoolean(), "unmentioned settings stay");
        assertEquals("valid", patched.json().path("igTokenStatus").asText());

        Response deleted = tenants.call("DELETE", "/v1/tenants/" + id, owner, null);
        assertEquals(200, deleted.status());
        assertEquals("inactive", deleted.json().path("status").asText());
        assertEquals("inactive", tenants.call("GET", "/v1/tenants/" + id, owner, null).json().path("status").asText());
    }

    /** A media row of {@code tenantId} as the media function writes it (the part {@code MediaLibrary} reads). */
    static String media(String tenantId, String kind, String status) {
        String id = "med_" + com.socialwire.shared.Ids.base62(20);
        var config = env.functionConfig("TenantsFunction");
        com.socialwire.shared.aws.AwsClients aws = new com.socialwire.shared.aws.AwsClients(config);
        new com.socialwire.shared.store.Table(aws::dynamoDb, config.require("TABLE_NAME")).put(new com.socialwire.shared.store.Write.Put(
                com.socialwire.shared.store.Item.create()
                        .s(com.socialwire.shared.store.Table.PK, com.socialwire.shared.media.MediaLibrary.pk(tenantId))
                        .s(com.socialwire.shared.store.Table.SK, com.socialwire.shared.media.MediaLibrary.sk(id))
                        .s("id", id).s("tenantId", tenantId).s("status", status).s("kind", kind).s("mimeType", "image/png")
                        .s("s3Key", "media/" + tenantId + "/" + id).build()));
        return id;
    }

    @Test
    void brandingIsCreatedPatchedFieldByFieldClearedAndReadBack() {
        String brand = TestKeys.newAccount(env).raw(); // its own account: these calls count against its own rate limit
        // a new tenant has no branding: every field null
        String plain = created(brand, "{\"name\":\"Plain Co\"}");
        JsonNode none = tenants.call("GET", "/v1/tenants/" + plain, brand, null).json().path("settings").path("branding");
        assertTrue(none.isObject(), none.toString());
        assertTrue(none.path("primaryColor").isNull() && none.path("accentColor").isNull() && none.path("logoMediaId").isNull(), none.toString());

        // colours on create, normalised to lower case
        String id = created(brand, "{\"name\":\"Brand Co\",\"settings\":{\"requiresClientApproval\":true,"
                + "\"branding\":{\"primaryColor\":\"#1A73E8\",\"accentColor\":\"#ff00AA\"}}}");
        JsonNode created = tenants.call("GET", "/v1/tenants/" + id, brand, null).json().path("settings");
        assertEquals("#1a73e8", created.path("branding").path("primaryColor").asText());
        assertEquals("#ff00aa", created.path("branding").path("accentColor").asText());
        assertTrue(created.path("branding").path("logoMediaId").isNull());
        assertTrue(created.path("requiresClientApproval").asBoolean());

        // the logo is one of the tenant's images; a PATCH of one field keeps the others
        String logo = media(id, "image", "ready");
        Response withLogo = tenants.call("PATCH", "/v1/tenants/" + id, brand, "{\"settings\":{\"branding\":{\"logoMediaId\":\"" + logo + "\"}}}");
        assertEquals(200, withLogo.status(), withLogo.body());
        JsonNode b = withLogo.json().path("settings").path("branding");
        assertEquals(logo, b.path("logoMediaId").asText());
        assertEquals("#1a73e8", b.path("primaryColor").asText(), "unmentioned branding fields stay");
        assertEquals("#ff00aa", b.path("accentColor").asText());
        JsonNode other = tenants.call("PATCH", "/v1/tenants/" + id, brand, "{\"settings\":{\"autoReplyDms\":true}}").json().path("settings");
        assertEquals(logo, other.path("branding").path("logoMediaId").asText(), "a settings PATCH without branding keeps it");
        JsonNode cleared = tenants.call("PATCH", "/v1/tenants/" + id, brand,
                "{\"settings\":{\"branding\":{\"accentColor\":null,\"primaryColor\":\"#00FF00\"}}}").json().path("settings").path("branding");
        assertTrue(cleared.path("accentColor").isNull(), cleared.toString());
        assertEquals("#00ff00", cleared.path("primaryColor").asText());
        assertEquals(logo, cleared.path("logoMediaId").asText());
        JsonNode read = tenants.call("GET", "/v1/tenants/" + id, brand, null).json().path("settings").path("branding");
        assertEquals(cleared, read, "stored as answered");
        JsonNode listed = null;
        for (JsonNode item : tenants.call("GET", "/v1/tenants?limit=100", brand, null).json().path("items")) {
            listed = item.path("id").asText().equals(id) ? item : listed;
        }
        assertNotNull(listed, "the list shows the tenant");
        assertEquals(read, listed.path("settings").path("branding"), "the list shows its branding");

        // bad branding is 422 naming each field, and changes nothing
        String otherTenant = created(brand, "{\"name\":\"Other Co\"}");
        String othersLogo = media(otherTenant, "image", "ready");
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"primaryColor\":\"red\"}", "settings.branding.primaryColor");
        bad.put("{\"primaryColor\":\"#12345\"}", "settings.branding.primaryColor");
        bad.put("{\"accentColor\":\"#12345g\"}", "settings.branding.accentColor");
        bad.put("{\"accentColor\":\"1a73e8\"}", "settings.branding.accentColor");
        bad.put("{\"logoMediaId\":\"logo.png\"}", "settings.branding.logoMediaId");
        bad.put("{\"logoMediaId\":\"" + othersLogo + "\"}", "settings.branding.logoMediaId");
        bad.put("{\"logoMediaId\":\"med_doesNotExist00000000\"}", "settings.branding.logoMediaId");
        bad.put("{\"logoMediaId\":\"" + media(id, "video", "ready") + "\"}", "settings.branding.logoMediaId");
        bad.put("{\"logoMediaId\":\"" + media(id, "image", "deleted") + "\"}", "settings.branding.logoMediaId");
        bad.put("{\"logoMediaId\":\"" + media(id, "image", "failed") + "\"}", "settings.branding.logoMediaId");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Response r = tenants.call("PATCH", "/v1/tenants/" + id, brand, "{\"settings\":{\"branding\":" + e.getKey() + "}}");
            assertEquals(422, r.status(), e.getKey() + " -> " + r.body());
            assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText());
            assertTrue(r.json().path("error").path("details").has(e.getValue()), e.getKey() + " -> " + r.body());
        }
        Response unknown = tenants.call("PATCH", "/v1/tenants/" + id, brand, "{\"settings\":{\"branding\":{\"font\":\"Comic Sans\"}}}");
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.json().path("error").path("details").has("settings.branding.font"), unknown.body());
        assertEquals(400, tenants.call("PATCH", "/v1/tenants/" + id, brand, "{\"settings\":{\"branding\":\"blue\"}}").status());
        assertEquals(400, tenants.call("PATCH", "/v1/tenants/" + id, brand, "{\"settings\":{\"branding\":{\"primaryColor\":255}}}").status());
        // a new tenant has no media yet, so a logo on create is refused; colours are checked there as on PATCH
        Response createWithLogo = tenants.call("POST", "/v1/tenants", brand,
                "{\"name\":\"Logo Co\",\"settings\":{\"branding\":{\"logoMediaId\":\"" + othersLogo + "\"}}}");
        assertEquals(422, createWithLogo.status(), createWithLogo.body());
        assertEquals(422, tenants.call("POST", "/v1/tenants", brand, "{\"name\":\"Red Co\",\"settings\":{\"branding\":{\"primaryColor\":\"red\"}}}").status());
        assertEquals(read, tenants.call("GET", "/v1/tenants/" + id, brand, null).json().path("settings").path("branding"), "nothing changed");

        // null clears all of it
        JsonNode reset = tenants.call("PATCH", "/v1/tenants/" + id, brand, "{\"settings\":{\"branding\":null}}").json().path("settings").path("branding");
        assertEquals(none, reset);
        assertEquals(none, tenants.call("GET", "/v1/tenants/" + id, brand, null).json().path("settings").path("branding"));
    }

    @Test
    void tokenIsEncryptedAtRest() {
        String token = account()[1];
        create("{\"name\":\"Secret Co\",\"igAccessToken\":\"" + token + "\"}");
        try (DynamoDbClient db = DynamoDbClient.builder().endpointOverride(env.stores().dynamoEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .build()) {
            String dump = db.scan(b -> b.tableName(env.resources().tables().get("Table"))).items().toString();
            assertTrue(dump.contains("igAccessTokenEnc"));
            assertFalse(dump.contains(token), "plaintext token found in the table");
        }
    }

    @Test
    void listPagesWithCursorAndNoDuplicates() {
        for (int i = 0; i < 5; i++) {
            create("{\"name\":\"Paged " + i + "\"}");
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = tenants.call("GET", "/v1/tenants?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), owner, null);
            assertEquals(200, page.status(), page.body());
            for (JsonNode item : page.json().path("items")) {
                assertTrue(seen.add(item.path("id").asText()), "duplicate across pages");
            }
            assertTrue(page.json().path("items").size() <= 2);
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 100);
        assertTrue(seen.size() >= 5, "saw " + seen.size());
        assertTrue(pages >= 3);
    }

    @Test
    void igUserIdBelongsToOneTenant() {
        create("{\"name\":\"First\",\"igUserId\":\"17841400000000777\",\"igAccessToken\":\"" + owns("IGQVJ-first-777", "17841400000000777") + "\"}");
        // the same account's owner, with a second token of it, still gets one tenant per account
        Response dup = tenants.call("POST", "/v1/tenants", owner, "{\"name\":\"Second\",\"igAccessToken\":\""
                + owns("IGQVJ-second-777", "17841400000000777") + "\"}");
        assertEquals(409, dup.status(), dup.body());
        assertEquals("CONFLICT", dup.json().path("error").path("code").asText());
    }

    @Test
    void aBrandsInstagramAccountCannotBeClaimedBySomeoneElse() {
        String[] victim = account();
        String[] attacker = account();
        String attackerTenant = create("{\"name\":\"Squatter\",\"igAccessToken\":\"" + attacker[1] + "\"}");

        // first come is no longer first served: the victim's id with the attacker's token, with no token, or by PATCH
        for (Response r : List.of(
                tenants.call("POST", "/v1/tenants", owner, "{\"name\":\"Claim\",\"igUserId\":\"" + victim[0] + "\",\"igAccessToken\":\"" + attacker[1] + "\"}"),
                tenants.call("POST", "/v1/tenants", owner, "{\"name\":\"Claim\",\"igUserId\":\"" + victim[0] + "\"}"),
                tenants.call("PATCH", "/v1/tenants/" + attackerTenant, owner, "{\"igUserId\":\"" + victim[0] + "\"}"))) {
            assertEquals(422, r.status(), r.body());
            assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText());
            assertTrue(r.json().path("error").path("details").has("igUserId"), r.body());
        }
        Response mismatch = tenants.call("POST", "/v1/tenants", owner,
                "{\"name\":\"Claim\",\"igUserId\":\"" + victim[0] + "\",\"igAccessToken\":\"" + attacker[1] + "\"}");
        assertTrue(mismatch.json().path("error").path("details").path("igUserId").asText().contains(attacker[0]), mismatch.body());

        // the real owner is not answered 409: its token proves the id
        Response real = tenants.call("POST", "/v1/tenants", owner, "{\"name\":\"Owner\",\"igUserId\":\"" + victim[0]
                + "\",\"igAccessToken\":\"" + victim[1] + "\"}");
        assertEquals(201, real.status(), real.body());
        assertEquals(victim[0], real.json().path("igUserId").asText());
        // and once bound, a claim without proof is still 422, never a hint through 409
        Response late = tenants.call("PATCH", "/v1/tenants/" + attackerTenant, owner, "{\"igUserId\":\"" + victim[0] + "\"}");
        assertEquals(422, late.status(), late.body());
        assertEquals(attacker[0], tenants.call("GET", "/v1/tenants/" + attackerTenant, owner, null).json().path("igUserId").asText());
    }

    @Test
    void aTokenAloneBindsTheAccountItProvesAndANewTokenMovesTheTenant() {
        String[] first = account();
        String[] second = account();
        Response created = tenants.call("POST", "/v1/tenants", owner, "{\"name\":\"By token\",\"igAccessToken\":\"" + first[1] + "\"}");
        assertEquals(201, created.status(), created.body());
        assertEquals(first[0], created.json().path("igUserId").asText());
        String id = created.json().path("id").asText();
        // the stored token proves its own id again without being sent
        Response same = tenants.call("PATCH", "/v1/tenants/" + id, owner, "{\"igUserId\":\"" + first[0] + "\",\"name\":\"Same\"}");
        assertEquals(200, same.status(), same.body());
        Response moved = tenants.call("PATCH", "/v1/tenants/" + id, owner, "{\"igAccessToken\":\"" + second[1] + "\"}");
        assertEquals(200, moved.status(), moved.body());
        assertEquals(second[0], moved.json().path("igUserId").asText());
        // the first account is free again for its owner
        assertEquals(201, tenants.call("POST", "/v1/tenants", owner, "{\"name\":\"Back\",\"igAccessToken\":\"" + first[1] + "\"}").status());
    }

    @Test
    void aTokenGraphRefusesIs422AndGraphDownIs503InTheEnvelope() {
        Response refused = tenants.call("POST", "/v1/tenants", owner, "{\"name\":\"Bad token\",\"igAccessToken\":\"IGQVJ-nobody-knows-this\"}");
        assertEquals(422, refused.status(), refused.body());
        assertEquals("VALIDATION_ERROR", refused.json().path("error").path("code").asText());
        assertTrue(refused.json().path("error").path("details").path("igAccessToken").asText().contains("190"), refused.body());
        assertFalse(refused.body().contains("Cannot parse"), "Graph's own text stays out of the answer");

        meta.stubFor(get(urlPathEqualTo("/v21.0/me")).atPriority(1).withHeader("Authorization", equalTo("Bearer IGQVJ-while-meta-is-down"))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"An unexpected error has occurred\",\"type\":\"OAuthException\",\"code\":2,\"is_transient\":true}}")));
        Response down = tenants.call("POST", "/v1/tenants", owner, "{\"name\":\"Later\",\"igAccessToken\":\"IGQVJ-while-meta-is-down\"}");
        assertEquals(503, down.status(), down.body());
        assertEquals("PROVIDER_UNAVAILABLE", down.json().path("error").path("code").asText());
        assertTrue(down.json().path("error").path("requestId").asText().startsWith("req_"));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "POST | /v1/tenants | {\"name\": | 400 | VALIDATION_ERROR",
            "POST | /v1/tenants | {\"name\":42} | 400 | VALIDATION_ERROR",
            "POST | /v1/tenants | {} | 400 | VALIDATION_ERROR",
            "POST | /v1/tenants | [1,2] | 400 | VALIDATION_ERROR",
            "POST | /v1/tenants | {\"name\":\"x\",\"timezone\":\"Mars/Base\"} | 400 | VALIDATION_ERROR",
            "POST | /v1/tenants | {\"name\":\"x\",\"status\":\"deleted\"} | 400 | VALIDATION_ERROR",
            "POST | /v1/tenants | {\"name\":\"x\",\"surprise\":1} | 400 | VALIDATION_ERROR",
            "POST | /v1/tenants | {\"name\":\"x\",\"settings\":{\"dailyLlmBudgetUsd\":\"lots\"}} | 400 | VALIDATION_ERROR",
            "GET | /v1/tenants/tnt_doesNotExist000000 | | 404 | NOT_FOUND",
            "GET | /v1/tenants/../../etc | | 404 | NOT_FOUND",
            "PUT | /v1/tenants | {} | 405 | METHOD_NOT_ALLOWED",
            "GET | /v1/tenants?limit=0 | | 400 | VALIDATION_ERROR",
            "GET | /v1/tenants?cursor=garbage | | 400 | INVALID_CURSOR",
            "GET | /v1/nothing-here | | 404 | NOT_FOUND",
    })
    void badInputGetsTheEnvelopeNeverA500(String method, String path, String body, int status, String code) {
        Response r = tenants.call(method, path, owner, body == null || body.isBlank() ? null : body);
        assertEquals(status, r.status(), r.body());
        JsonNode error = r.json().path("error");
        assertEquals(code, error.path("code").asText());
        assertTrue(error.path("requestId").asText().startsWith("req_"));
        assertFalse(r.body().contains("Exception"), r.body());
        assertFalse(r.body().contains("at com."), r.body());
    }

    @Test
    void validationNamesEveryBadField() {
        Response r = tenants.call("POST", "/v1/tenants", owner,
                "{\"igHandle\":\"no spaces allowed\",\"timezone\":\"Nowhere\",\"noGoTopics\":\"politics\"}");
        assertEquals(400, r.status());
        JsonNode details = r.json().path("error").path("details");
        for (String field : List.of("name", "igHandle", "timezone", "noGoTopics")) {
            assertTrue(details.has(field), "details lack " + field + ": " + details);
        }
    }

    @Test
    void readKeysReadButDoNotWrite() {
        assertEquals(200, tenants.call("GET", "/v1/tenants", readKey, null).status());
        Response r = tenants.call("POST", "/v1/tenants", readKey, "{\"name\":\"Nope\"}");
        assertEquals(403, r.status(), r.body());
        assertEquals("FORBIDDEN", r.json().path("error").path("code").asText());
        assertEquals(403, tenants.call("GET", "/v1/tenants", env.ownerKey(), null).status(), "the owner key has no account");
    }

    @Test
    void withoutAValidKeyNothingIsOpen() {
        for (String key : new String[]{null, "sw_test_wrongwrongwrongwrongwrongwrong00", ""}) {
            Response r = tenants.call("GET", "/v1/tenants", key, null);
            assertEquals(401, r.status(), r.body());
            assertEquals("UNAUTHORIZED", r.json().path("error").path("code").asText());
        }
        Response basic = tenants.call("GET", "/v1/tenants", Map.of("authorization", "Basic abc"), null);
        assertEquals(401, basic.status());
    }

    @Test
    void removingTheTokenClearsItsStatus() {
        String id = create("{\"name\":\"Tok\",\"igAccessToken\":\"" + account()[1] + "\",\"igTokenExpiresAt\":\"2020-01-01T00:00:00Z\"}");
        Response got = tenants.call("GET", "/v1/tenants/" + id, owner, null);
        assertEquals("expired", got.json().path("igTokenStatus").asText(), "a token past its expiry shows expired");
        Response cleared = tenants.call("PATCH", "/v1/tenants/" + id, owner, "{\"igAccessToken\":null}");
        assertEquals(200, cleared.status(), cleared.body());
        assertEquals("none", cleared.json().path("igTokenStatus").asText());
        assertNull(cleared.json().path("tokenExpiresAt").textValue());
    }

    @Test
    void aSocialAccountNeedingReconnectShowsInTenantHealth() {
        String[] ig = account();
        String id = create("{\"name\":\"Health Co\",\"igAccessToken\":\"" + ig[1] + "\"}");
        assertEquals("healthy", tenants.call("GET", "/v1/tenants/" + id + "/health", owner, null).json().path("status").asText());
        // what the token care records when a platform refuses an account's refresh (written as SocialFunction writes it)
        com.socialwire.shared.Config social = env.functionConfig("SocialFunction");
        com.socialwire.shared.aws.AwsClients aws = new com.socialwire.shared.aws.AwsClients(social);
        com.socialwire.shared.social.SocialAccounts accounts = new com.socialwire.shared.social.SocialAccounts(
                new com.socialwire.shared.store.Table(aws::dynamoDb, social.require("TABLE_NAME")),
                com.socialwire.shared.security.SecretCipher.fromConfig(social, aws), java.time.Clock.systemUTC());
        var connected = accounts.connect(id, new com.socialwire.shared.social.SocialAccounts.Connection("linkedin", null,
                new com.socialwire.shared.social.Connector.Offered("urn:li:person:H1", "health", "Health", null, "profile", null, null),
                new com.socialwire.shared.social.Grant("access-h", "refresh-h", null, null, List.of(), false)), false);
        accounts.markReconnectRequired(id, connected.accountId(), "the platform refused to refresh the token; connect the account again");

        Response health = tenants.call("GET", "/v1/tenants/" + id + "/health", owner, null);
        assertEquals(200, health.status(), health.body());
        assertEquals("degraded", health.json().path("status").asText());
        assertFalse(health.json().path("checks").path("socialAccountsOk").asBoolean());
        assertEquals(connected.accountId(), health.json().path("socialAccountsToReconnect").path(0).path("id").asText());
        assertEquals("linkedin", health.json().path("socialAccountsToReconnect").path(0).path("platform").asText());
        assertFalse(health.body().contains("access-h"));
    }

    @Test
    void aTenantsInstagramFollowsItsInstagramSocialAccountAndIsNotPatchedAside() {
        String id = create("{\"name\":\"Crumb Co\"}");
        String[] ig = account();
        com.socialwire.shared.Config social = env.functionConfig("SocialFunction");
        com.socialwire.shared.aws.AwsClients aws = new com.socialwire.shared.aws.AwsClients(social);
        // what SocialFunction's Instagram Login callback stores
        new com.socialwire.shared.social.SocialAccounts(new com.socialwire.shared.store.Table(aws::dynamoDb, social.require("TABLE_NAME")),
                com.socialwire.shared.security.SecretCipher.fromConfig(social, aws), java.time.Clock.systemUTC())
                .connect(id, new com.socialwire.shared.social.SocialAccounts.Connection("instagram", null,
                        new com.socialwire.shared.social.Connector.Offered(ig[0], "crumbco", "Crumb Co", null, "profile", null, null),
                        new com.socialwire.shared.social.Grant(ig[1], null, null, null, List.of(), false)), false);

        Response got = tenants.call("GET", "/v1/tenants/" + id, owner, null);
        assertEquals(ig[0], got.json().path("igUserId").asText());
        assertEquals("crumbco", got.json().path("igHandle").asText());
        assertEquals("valid", got.json().path("igTokenStatus").asText());
        String[] other = account();
        for (String body : List.of("{\"igAccessToken\":\"" + other[1] + "\"}", "{\"igAccessToken\":null}", "{\"igUserId\":null}")) {
            Response r = tenants.call("PATCH", "/v1/tenants/" + id, owner, body);
            assertEquals(409, r.status(), body + " -> " + r.body());
            assertTrue(r.body().contains("oauth/instagram/start"), r.body());
        }
        Response renamed = tenants.call("PATCH", "/v1/tenants/" + id, owner, "{\"name\":\"Crumb & Co\"}");
        assertEquals(200, renamed.status(), renamed.body());
        assertEquals(ig[0], renamed.json().path("igUserId").asText());
    }
}
