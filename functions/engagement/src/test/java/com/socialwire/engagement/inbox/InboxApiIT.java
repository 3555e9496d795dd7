package com.socialwire.engagement.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.engagement.EngagementFixture;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.local.stores.HttpApiEvents;
import com.socialwire.local.stores.Invoker;
import com.socialwire.local.stores.LocalContext;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.shared.Json;
import com.socialwire.shared.security.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** InboxFunction's routes on the embedded stores, with WireMock as the Graph API. */
class InboxApiIT {

    @RegisterExtension
    static WireMockExtension graph = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    EngagementFixture fx;
    InboxHandler handler;
    EngagementFixture.Brand brand;

    @BeforeEach
    void setUp() {
        fx = new EngagementFixture("InboxFunction", Map.of("GRAPH_API_BASE_URL", graph.baseUrl() + "/v21.0"));
        handler = new InboxHandler(fx.engagement.inboxService(), fx.engagement.people(), fx.engagement.gate(),
                com.socialwire.shared.Lazy.of(fx.engagement::poller));
        brand = fx.brand("Warm and brief.", List.of());
    }

    record Response(int status, JsonNode body) {
    }

    Response call(String method, String path, String key, String body) {
        JsonNode out = Invoker.invokeJson(handler, HttpApiEvents.event(method, path, Map.of("authorization", "Bearer " + key,
                "content-type", "application/json"), body), new LocalContext("InboxFunction", 512, 30));
        return new Response(out.path("statusCode").asInt(), Json.tree(out.path("body").asText("{}")));
    }

    @Test
    void theModerationCheckNeedsAWriteKey() {
        String body = "{\"content\":\"check my bio for free followers\"}";
        String read = TestKeys.create(fx.env, brand.accountId(), Role.READ, Set.of()).raw();
        String client = TestKeys.create(fx.env, brand.accountId(), Role.CLIENT, Set.of(brand.tenantId())).raw();
        String write = TestKeys.create(fx.env, brand.accountId(), Role.WRITE, Set.of()).raw();

        Response byRead = call("POST", "/v1/moderation/check", read, body);
        assertEquals(403, byRead.status(), byRead.body().toString());
        assertEquals("FORBIDDEN", byRead.body().path("error").path("code").asText(), byRead.body().toString());
        assertEquals(403, call("POST", "/v1/moderation/check", client, body).status());
        Response byWrite = call("POST", "/v1/moderation/check", write, body);
        assertEquals(200, byWrite.status(), byWrite.body().toString());
        assertEquals(200, call("POST", "/v1/moderation/check", brand.adminKey(), body).status());
    }

    @Test
    void aManualReplyInstagramRefusesAnswersACodeAndCategoryNeverMetasText() {
        graph.stubFor(post(urlPathMatching("/v21.0/[0-9]+/replies")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#100) Invalid parameter: internal trace 7f3a\",\"type\":\"OAuthException\","
                        + "\"code\":100,\"fbtrace_id\":\"AbCdEf123\"}}")));
        String commentId = EngagementFixture.commentId();
        String itemId = InboxStore.idFor(brand.tenantId(), "comment", commentId);
        Instant now = Instant.now();
        fx.engagement.inbox().createIfAbsent(new InboxItem(itemId, brand.tenantId(), "instagram", "comment", commentId,
                new InboxItem.Person("17841499999999999", "mallory"), "Do you deliver?", null, "new", "normal", "neutral", "none",
                null, List.of(), null, now, now, now, 1));

        Response r = call("POST", "/v1/tenants/" + brand.tenantId() + "/inbox/" + itemId + "/reply", brand.adminKey(),
                "{\"text\":\"Yes, every day!\"}");

        assertEquals(422, r.status(), r.body().toString());
        assertEquals(Json.tree("{\"code\":\"GRAPH_100\",\"category\":\"rejected\"}"), r.body().path("error").path("details").path("provider"),
                r.body().toString());
        assertFalse(r.body().toString().contains("Invalid parameter"), r.body().toString());
        assertFalse(r.body().toString().contains("7f3a"), r.body().toString());
    }
}
