package com.socialwire.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.social.Connectors;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.connectors.InstagramConnector;
import com.socialwire.shared.social.oauth.OAuth2Client;
import com.socialwire.shared.social.oauth.PlatformHttp;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.Tenant;
import com.socialwire.shared.tenants.TenantProfiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instagram as a social account (the real {@link InstagramConnector} against WireMock, SocialFunction on DynamoDB
 * Local): connecting it through Instagram Login binds the tenant to the account the token proves — the igUserId,
 * sealed token and webhook lock that the engagement workers and the Instagram publisher read — in the same write;
 * an account of another tenant, or a tenant bound to another account, is 409 and binds nothing.
 */
class InstagramLoginIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static SocialFixture fx;
    static TestKeys.Key admin;
    static TenantProfiles profiles;

    String tenant;
    String igUserId;

    @BeforeAll
    static void setUp() {
        fx = new SocialFixture(Connectors.of(new InstagramConnector(new OAuth2Client("990602627938098", "ig-secret-a1b2c3"),
                meta.baseUrl() + "/oauth/authorize", meta.baseUrl() + "/oauth/access_token", meta.baseUrl(),
                InstagramConnector.SCOPES, PlatformHttp.create(Duration.ofSeconds(10)))));
        admin = fx.account();
        Config config = fx.env.functionConfig("SocialFunction");
        AwsClients aws = new AwsClients(config);
        profiles = new TenantProfiles(new Table(aws::dynamoDb, config.require("TABLE_NAME")), SecretCipher.fromConfig(config, aws));
    }

    @BeforeEach
    void fresh() {
        meta.resetAll();
        tenant = fx.tenant(admin.accountId());
        igUserId = newIgUserId();
    }

    static String newIgUserId() {
        return "1784" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L));
    }

    /** Instagram grants the code a token of {@code igUserId} (the code answer names an app-scoped id, /me the real one). */
    String instagramGrants(String code, String igUser, String accountType) {
        String token = "IGQVJlong-" + code;
        meta.stubFor(post(urlPathEqualTo("/oauth/access_token")).willReturn(okJson("""
                {"data":[{"access_token":"IGQVJshort-%s","user_id":"8921234567890123","permissions":"instagram_business_basic,instagram_business_content_publish"}]}"""
                .formatted(code))));
        meta.stubFor(get(urlPathEqualTo("/access_token")).withQueryParam("access_token", equalTo("IGQVJshort-" + code))
                .willReturn(okJson("{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":5183944}")));
        meta.stubFor(get(urlPathEqualTo("/me")).withHeader("Authorization", equalTo("Bearer " + token)).willReturn(okJson("""
                {"id":"8921234567890123","user_id":"%s","username":"bloombakery","name":"Bloom Bakery","account_type":"%s"}"""
                .formatted(igUser, accountType))));
        return token;
    }

    /** start → (Instagram's consent) → callback with {@code code}: the callback's page. */
    Response connect(String tenantId, String code) {
        Response started = fx.api.call("POST", "/v1/tenants/" + tenantId + "/oauth/instagram/start", admin.raw(), "{}");
        assertEquals(201, started.status(), started.body());
        String url = started.json().path("authorizeUrl").asText();
        assertTrue(url.startsWith(meta.baseUrl() + "/oauth/authorize?response_type=code&client_id=990602627938098&"), url);
        assertTrue(URLDecoder.decode(url, StandardCharsets.UTF_8).contains("scope=instagram_business_basic,instagram_business_content_publish,"
                + "instagram_business_manage_comments,instagram_business_manage_messages"), url);
        return fx.api.call("GET", "/oauth/instagram/callback?code=" + code + "&state=" + started.json().path("state").asText(),
                java.util.Map.of(), null);
    }

    List<JsonNode> accounts(String tenantId) {
        Response r = fx.api.call("GET", "/v1/tenants/" + tenantId + "/social-accounts", admin.raw(), null);
        assertEquals(200, r.status(), r.body());
        List<JsonNode> out = new ArrayList<>();
        r.json().path("items").forEach(out::add);
        return out;
    }

    @Test
    void connectingInstagramThroughOAuthBindsTheTenantToTheAccountTheTokenProves() {
        String token = instagramGrants("c1", igUserId, "BUSINESS");

        Response page = connect(tenant, "c1");

        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("@bloombakery"), page.body());
        List<JsonNode> all = accounts(tenant);
        assertEquals(1, all.size());
        assertEquals("instagram", all.get(0).path("platform").asText());
        assertEquals(igUserId, all.get(0).path("externalId").asText(), "the user_id GET /me proves, not the code answer's id");
        assertTrue(all.get(0).path("default").asBoolean());
        Tenant t = profiles.get(tenant).orElseThrow();
        assertEquals(igUserId, t.igUserId());
        assertEquals("bloombakery", t.igHandle());
        assertEquals(Tenant.TOKEN_VALID, t.igTokenStatus());
        assertEquals(Optional.of(token), profiles.accessToken(tenant), "the token webhooks' workers and the publisher use");
        assertEquals(Optional.of(tenant), profiles.tenantForIgUser(igUserId), "Meta's webhooks for the account reach the tenant");

        // making it the default (it is already) binds the same account again: no conflict, nothing changes
        Response made = fx.api.call("PUT", "/v1/tenants/" + tenant + "/social-accounts/" + all.get(0).path("id").asText() + "/default",
                admin.raw(), null);
        assertEquals(200, made.status(), made.body());
        assertEquals(Optional.of(token), profiles.accessToken(tenant));
        assertEquals(Optional.of(tenant), profiles.tenantForIgUser(igUserId));

        // connecting it again (a new token) keeps the one account and moves the tenant to the new token
        String again = instagramGrants("c2", igUserId, "BUSINESS");
        assertEquals(200, connect(tenant, "c2").status());
        assertEquals(1, accounts(tenant).size());
        assertEquals(Optional.of(again), profiles.accessToken(tenant));
    }

    @Test
    void anInstagramAccountOfAnotherTenantIs409AndConnectsNothing() {
        String other = fx.tenant(admin.accountId(), igUserId);
        instagramGrants("c3", igUserId, "BUSINESS");

        Response page = connect(tenant, "c3");

        assertEquals(409, page.status(), page.body());
        assertTrue(page.body().contains("Nothing was connected"), page.body());
        assertEquals(List.of(), accounts(tenant));
        assertNull(profiles.get(tenant).orElseThrow().igUserId());
        assertEquals(Optional.of(other), profiles.tenantForIgUser(igUserId), "never a silent rebind");
    }

    @Test
    void aTenantBoundToAnotherInstagramAccountIs409AndStaysBound() {
        String bound = newIgUserId();
        String tenantBound = fx.tenant(admin.accountId(), bound);
        instagramGrants("c4", igUserId, "BUSINESS");

        Response page = connect(tenantBound, "c4");

        assertEquals(409, page.status(), page.body());
        assertTrue(page.body().contains(bound), page.body());
        assertEquals(List.of(), accounts(tenantBound));
        assertEquals(bound, profiles.get(tenantBound).orElseThrow().igUserId());
        assertEquals(Optional.empty(), profiles.tenantForIgUser(igUserId));
    }

    @Test
    void aPersonalAccountIsRefusedWithItsReason() {
        instagramGrants("c5", igUserId, "PERSONAL");

        Response page = connect(tenant, "c5");

        assertEquals(400, page.status(), page.body());
        assertTrue(page.body().contains("personal account"), page.body());
        assertTrue(page.body().contains("business and creator accounts"), page.body());
        assertEquals(List.of(), accounts(tenant));
        assertNull(profiles.get(tenant).orElseThrow().igUserId());
    }

    @Test
    void aRefreshAndAReconnectRequiredReachTheTenantAndDisconnectingUnbindsIt() {
        instagramGrants("c6", igUserId, "MEDIA_CREATOR");
        assertEquals(200, connect(tenant, "c6").status());
        String accountId = accounts(tenant).get(0).path("id").asText();

        fx.social.store().saveRefreshed(tenant, accountId, new Grant("IGQVJrefreshed-c6", null,
                fx.clock.instant().plus(Duration.ofDays(60)), null, List.of("instagram_business_basic"), false));
        assertEquals(Optional.of("IGQVJrefreshed-c6"), profiles.accessToken(tenant));

        // a refused refresh (reconnect_required) shows on the tenant's Instagram token too
        fx.social.store().markReconnectRequired(tenant, accountId, "Instagram refused to refresh the token; connect the account again");
        assertEquals(Tenant.TOKEN_EXPIRED, profiles.get(tenant).orElseThrow().igTokenStatus());

        Response deleted = fx.api.call("DELETE", "/v1/tenants/" + tenant + "/social-accounts/" + accountId, admin.raw(), null);
        assertTrue(deleted.status() < 300, deleted.body());
        Tenant t = profiles.get(tenant).orElseThrow();
        assertNull(t.igUserId());
        assertEquals(Tenant.TOKEN_NONE, t.igTokenStatus());
        assertEquals(Optional.empty(), profiles.accessToken(tenant));
        assertEquals(Optional.empty(), profiles.tenantForIgUser(igUserId));

        // the account is free again: another tenant may connect it
        String next = fx.tenant(admin.accountId());
        instagramGrants("c7", igUserId, "BUSINESS");
        assertEquals(200, connect(next, "c7").status());
        assertEquals(Optional.of(next), profiles.tenantForIgUser(igUserId));
    }
}
