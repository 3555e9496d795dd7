package com.socialwire.posts.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.store.PostStore;
import com.socialwire.shared.Config;
import com.socialwire.shared.Json;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.security.SecretCipher;
import com.socialwire.shared.social.Connector;
import com.socialwire.shared.social.Grant;
import com.socialwire.shared.social.SocialAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.socialwire.posts.publish.PublishFixture.CONTAINER;
import static com.socialwire.posts.publish.PublishFixture.MEDIA;
import static com.socialwire.posts.publish.PublishFixture.V;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A tenant whose Instagram was connected as a social account (Instagram Login; the connect itself is SocialFunction's,
 * see InstagramLoginIT there) gets its Instagram delivery published with that account's token: the social account
 * and the tenant's Instagram connection are one.
 */
class InstagramSocialAccountPublishIT {

    @RegisterExtension
    static WireMockExtension meta = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void theInstagramDeliveryPublishesWithTheConnectedAccountsToken() {
        PublishFixture f = new PublishFixture(meta.baseUrl() + V, Instant.now());
        // a tenant with no Instagram, through the real TenantsFunction
        FunctionClient.Response created = new FunctionClient(f.env, "TenantsFunction").call("POST", "/v1/tenants", f.admin.raw(),
                "{\"name\":\"Crumb\"}");
        assertEquals(201, created.status(), created.body());
        String tenant = created.json().path("id").asText();
        String igUser = "1784" + (100_000_000_000L + ThreadLocalRandom.current().nextLong(800_000_000_000L));
        String token = "IGQVJsocial-" + igUser;

        // Instagram connected as a social account (what SocialFunction's callback stores)
        Config social = f.env.functionConfig("SocialFunction");
        AwsClients aws = new AwsClients(social);
        new SocialAccounts(f.worker.table, SecretCipher.fromConfig(social, aws), f.clock).connect(tenant, new SocialAccounts.Connection(
                "instagram", null, new Connector.Offered(igUser, "crumb", "Crumb", null, "profile", null, Map.of()),
                new Grant(token, null, f.clock.instant().plus(Duration.ofDays(60)), null, List.of("instagram_business_content_publish"), false)),
                false);

        meta.stubFor(get(urlPathEqualTo(V + "/" + igUser + "/content_publishing_limit")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"data\":[{\"quota_usage\":0,\"config\":{\"quota_total\":100,\"quota_duration\":86400}}]}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + igUser + "/media")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"id\":\"" + CONTAINER + "\"}")));
        meta.stubFor(get(urlPathEqualTo(V + "/" + CONTAINER)).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"id\":\"" + CONTAINER + "\",\"status_code\":\"FINISHED\"}")));
        meta.stubFor(post(urlPathEqualTo(V + "/" + igUser + "/media_publish")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"id\":\"" + MEDIA + "\"}")));
        meta.stubFor(get(urlPathEqualTo(V + "/" + MEDIA)).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(okJson("{\"permalink\":\"https://www.instagram.com/p/DCrumb1/\",\"id\":\"" + MEDIA + "\"}")));

        Post p = f.api.service().create(f.who, tenant, (ObjectNode) Json.tree("{\"content\":\"Crumbs at 8\",\"platforms\":[\"instagram\"],"
                + "\"media\":[\"" + f.media(tenant, "image", "image/jpeg") + "\"]}"));
        f.worker.publishing().publishNow(f.who, tenant, p.id);
        f.worker.publisher().handle(tenant, p.id, "instagram");

        JsonNode d = new PostStore(f.worker.table).require(tenant, p.id).deliveries.path("instagram");
        assertEquals("published", d.path("status").asText(), d.toString());
        assertEquals(MEDIA, d.path("externalId").asText());
        meta.verify(1, postRequestedFor(urlPathEqualTo(V + "/" + igUser + "/media_publish"))
                .withHeader("Authorization", equalTo("Bearer " + token)));
    }
}
