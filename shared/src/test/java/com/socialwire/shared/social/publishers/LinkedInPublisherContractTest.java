package com.socialwire.shared.social.publishers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.ProviderHttp;
import com.socialwire.shared.social.AccountStatus;
import com.socialwire.shared.social.MediaBytes;
import com.socialwire.shared.social.PlatformPublisher.Media;
import com.socialwire.shared.social.PlatformPublisher.Outgoing;
import com.socialwire.shared.social.PlatformPublisher.Prepared;
import com.socialwire.shared.social.PlatformPublisher.Published;
import com.socialwire.shared.social.PlatformPublisher.Reconciled;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.PlatformResult;
import com.socialwire.shared.social.SocialAccount;
import com.socialwire.shared.social.connectors.LinkedInConnector;
import com.socialwire.shared.social.oauth.PlatformHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * {@link LinkedInPublisher} against WireMock stubs shaped from learn.microsoft.com linkedin/marketing/
 * community-management/shares (posts-api, images-api, little-text-format): images initialized and PUT, the post created
 * with escaped commentary and its URN read from {@code x-restli-id}, DUPLICATE_POST taken as the post already made,
 * failures typed, and a lost answer reconciled by listing an organization's posts (a member's cannot be listed).
 */
class LinkedInPublisherContractTest {

    @RegisterExtension
    static WireMockExtension linkedin = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static final String TOKEN = "AQV-linkedin-member-token-Qp73";
    static final String ORG = "urn:li:organization:2414183";
    static final String PERSON = "urn:li:person:8675309abc";
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final String TEXT = "Fresh loaves at 7 #bread (rye & spelt) @ the_bakery";
    static final String ESCAPED = "Fresh loaves at 7 \\#bread \\(rye & spelt\\) \\@ the\\_bakery";
    static final String SHARE = "urn:li:share:7332661864792854528";
    static final byte[] LOAF = {(byte) 0xFF, (byte) 0xD8, 1, 2};

    /** With a generous timeout: WireMock on a busy two-core machine answers slowly now and then. */
    LinkedInPublisher publisher() {
        return publisher(Duration.ofSeconds(10));
    }

    LinkedInPublisher publisher(Duration timeout) {
        PlatformHttp http = new PlatformHttp(ProviderHttp.newClient(), timeout, Clock.fixed(NOW, ZoneOffset.UTC));
        return new LinkedInPublisher(http, new MediaBytes(ProviderHttp.newClient(), Duration.ofSeconds(5)), 8_000_000,
                linkedin.baseUrl(), LinkedInConnector.VERSION);
    }

    @BeforeEach
    void setUp() {
        linkedin.resetAll();
        linkedin.stubFor(get(urlPathEqualTo("/media/loaf.jpg")).willReturn(aResponse().withStatus(200).withBody(LOAF)));
    }

    static Target target(String author, String kind) {
        return new Target(new SocialAccount("ten_1", "sa_1", "linkedin", author, null, "Bloom Bakery", null, kind, null,
                List.of("w_member_social", "w_organization_social", "r_organization_social"), null, AccountStatus.CONNECTED, null,
                true, NOW, NOW, 1), TOKEN);
    }

    static Outgoing outgoing(List<Media> media) {
        return new Outgoing("ten_1", "post_1", TEXT, List.of(), media, null, null, NOW);
    }

    Media loaf() {
        return new Media("med_1", linkedin.baseUrl() + "/media/loaf.jpg", "image/jpeg", 4, "A sourdough loaf on a board", 64, 48, null);
    }

    void created() {
        linkedin.stubFor(post(urlPathEqualTo("/rest/posts")).willReturn(aResponse().withStatus(201).withHeader("x-restli-id", SHARE)));
    }

    static String postBody(String author, String content) {
        return "{\"author\":\"" + author + "\",\"commentary\":" + Json.write(ESCAPED) + ",\"visibility\":\"PUBLIC\","
                + "\"distribution\":{\"feedDistribution\":\"MAIN_FEED\",\"targetEntities\":[],\"thirdPartyDistributionChannels\":[]},"
                + content + "\"lifecycleState\":\"PUBLISHED\",\"isReshareDisabledByAuthor\":false}";
    }

    @Test
    void aTextPostIsCreatedWithEscapedCommentaryAndItsUrnReadFromTheRestliIdHeader() {
        created();
        LinkedInPublisher p = publisher();
        ObjectNode state = ((Prepared.Ready) ((PlatformResult.Ok<Prepared>) p.prepare(target(ORG, "organization"), outgoing(List.of()), Json.object())).value()).state();

        PlatformResult<Published> published = p.publish(target(ORG, "organization"), outgoing(List.of()), state, "k1");

        assertEquals(new Published(SHARE, "https://www.linkedin.com/feed/update/" + SHARE), ((PlatformResult.Ok<Published>) published).value());
        linkedin.verify(1, postRequestedFor(urlPathEqualTo("/rest/posts"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("LinkedIn-Version", equalTo(LinkedInConnector.VERSION))
                .withHeader("X-Restli-Protocol-Version", equalTo("2.0.0"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(postBody(ORG, ""))));
    }

    @Test
    void anImageIsUploadedOnceAndPostedWithItsAltText() {
        linkedin.stubFor(post(urlPathEqualTo("/rest/images")).willReturn(okJson("{\"value\":{\"uploadUrlExpiresAt\":1764847200000,"
                + "\"uploadUrl\":\"" + linkedin.baseUrl() + "/dms-uploads/C4E10AQ/uploaded-image/0?ca=vector_ads&cn=uploads\","
                + "\"image\":\"urn:li:image:C4E10AQFoyyAjHPMQuQ\"}}")));
        linkedin.stubFor(put(urlPathEqualTo("/dms-uploads/C4E10AQ/uploaded-image/0")).willReturn(aResponse().withStatus(201)));
        created();
        LinkedInPublisher p = publisher();
        Target member = target(PERSON, "profile");

        ObjectNode state = Json.object();
        assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) p.prepare(member, outgoing(List.of(loaf())), state)).value());
        assertInstanceOf(Prepared.Ready.class, ((PlatformResult.Ok<Prepared>) p.prepare(member, outgoing(List.of(loaf())), state)).value());
        PlatformResult<Published> published = p.publish(member, outgoing(List.of(loaf())), state, "k1");

        assertInstanceOf(PlatformResult.Ok.class, published);
        linkedin.verify(1, postRequestedFor(urlPathEqualTo("/rest/images")) // a retried preparation does not upload again
                .withQueryParam("action", equalTo("initializeUpload"))
                .withHeader("LinkedIn-Version", equalTo(LinkedInConnector.VERSION))
                .withHeader("X-Restli-Protocol-Version", equalTo("2.0.0"))
                .withRequestBody(equalToJson("{\"initializeUploadRequest\":{\"owner\":\"" + PERSON + "\"}}")));
        linkedin.verify(1, putRequestedFor(urlPathEqualTo("/dms-uploads/C4E10AQ/uploaded-image/0")).withRequestBody(binaryEqualTo(LOAF)));
        linkedin.verify(postRequestedFor(urlPathEqualTo("/rest/posts")).withRequestBody(equalToJson(postBody(PERSON,
                "\"content\":{\"media\":{\"id\":\"urn:li:image:C4E10AQFoyyAjHPMQuQ\",\"altText\":\"A sourdough loaf on a board\"}},"))));
    }

    @Test
    void twoImagesArePostedAsAMultiImageEachWithItsAltText() {
        for (int i = 1; i <= 2; i++) {
            linkedin.stubFor(post(urlPathEqualTo("/rest/images")).inScenario("uploads").whenScenarioStateIs(i == 1 ? Scenario.STARTED : "second")
                    .willReturn(okJson("{\"value\":{\"uploadUrl\":\"" + linkedin.baseUrl() + "/dms-uploads/img" + i + "\","
                            + "\"image\":\"urn:li:image:IMG" + i + "\"}}")).willSetStateTo("second"));
            linkedin.stubFor(put(urlPathEqualTo("/dms-uploads/img" + i)).willReturn(aResponse().withStatus(201)));
        }
        created();
        Media crumb = new Media("med_3", linkedin.baseUrl() + "/media/loaf.jpg", "image/jpeg", 4, null, 64, 48, null);
        List<Media> both = List.of(loaf(), crumb);
        LinkedInPublisher p = publisher();
        ObjectNode state = Json.object();

        p.prepare(target(ORG, "organization"), outgoing(both), state);
        assertInstanceOf(PlatformResult.Ok.class, p.publish(target(ORG, "organization"), outgoing(both), state, "k1"));

        linkedin.verify(postRequestedFor(urlPathEqualTo("/rest/posts")).withRequestBody(equalToJson(postBody(ORG,
                "\"content\":{\"multiImage\":{\"images\":[{\"id\":\"urn:li:image:IMG1\",\"altText\":\"A sourdough loaf on a board\"},"
                        + "{\"id\":\"urn:li:image:IMG2\"}]}},"))));
    }

    @Test
    void anOrganizationConnectionThatMayNotReadPostsCannotTell() {
        linkedin.stubFor(get(urlPathEqualTo("/rest/posts")).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":403,\"serviceErrorCode\":100,\"code\":\"ACCESS_DENIED\",\"message\":\"Not enough permissions to access: partnerApiPostsExternal.FINDER-author\"}")));

        PlatformResult<Reconciled> r = publisher().reconcile(target(ORG, "organization"), outgoing(List.of()), Json.object(), "k1", NOW);

        assertInstanceOf(Reconciled.CannotTell.class, ((PlatformResult.Ok<Reconciled>) r).value());
    }

    @Test
    void aDocumentIsRefusedBeforeAnythingIsUploaded() {
        Media deck = new Media("med_2", linkedin.baseUrl() + "/media/menu.pdf", "application/pdf", 4, null, null, null, null);
        PlatformResult<Prepared> r = publisher().prepare(target(ORG, "organization"), outgoing(List.of(deck)), Json.object());

        assertEquals("MEDIA_UNSUPPORTED", assertInstanceOf(PlatformResult.Rejected.class, r).code());
        linkedin.verify(0, postRequestedFor(urlPathEqualTo("/rest/images")));
        linkedin.verify(0, postRequestedFor(urlPathEqualTo("/rest/videos"))); // videos: LinkedInVideoContractTest
    }

    @Test
    void anOrganizationsLostAnswerIsFoundInItsPostsAndEndsWithExactlyOnePost() {
        linkedin.stubFor(post(urlPathEqualTo("/rest/posts")).willReturn(aResponse().withStatus(201).withHeader("x-restli-id", SHARE)
                .withFixedDelay(3_000)));
        linkedin.stubFor(get(urlPathEqualTo("/rest/posts")).willReturn(okJson("{\"paging\":{\"start\":0,\"count\":20,\"links\":[]},\"elements\":["
                + "{\"id\":\"" + SHARE + "\",\"author\":\"" + ORG + "\",\"commentary\":" + Json.write(ESCAPED) + ","
                + "\"createdAt\":" + NOW.plusSeconds(1).toEpochMilli() + ",\"lastModifiedAt\":" + NOW.plusSeconds(1).toEpochMilli()
                + ",\"lifecycleState\":\"PUBLISHED\",\"visibility\":\"PUBLIC\"},"
                + "{\"id\":\"urn:li:share:7000000000000000001\",\"author\":\"" + ORG + "\",\"commentary\":\"An older post\","
                + "\"createdAt\":" + NOW.minusSeconds(86_400).toEpochMilli() + ",\"lastModifiedAt\":" + NOW.minusSeconds(86_400).toEpochMilli()
                + ",\"lifecycleState\":\"PUBLISHED\"}]}")));
        Target org = target(ORG, "organization");

        PlatformResult<Published> lost = publisher(Duration.ofMillis(500)).publish(org, outgoing(List.of()), Json.object(), "k1");
        PlatformResult.Unknown<?> unknown = assertInstanceOf(PlatformResult.Unknown.class, lost);
        PlatformResult<Reconciled> r = publisher().reconcile(org, outgoing(List.of()), Json.object(), "k1", NOW);

        assertEquals(new Reconciled.Found(new Published(SHARE, "https://www.linkedin.com/feed/update/" + SHARE)),
                ((PlatformResult.Ok<Reconciled>) r).value());
        assertFalse(unknown.message().contains(TOKEN));
        linkedin.verify(1, postRequestedFor(urlPathEqualTo("/rest/posts")));
        linkedin.verify(getRequestedFor(urlPathEqualTo("/rest/posts")).withQueryParam("author", equalTo(ORG))
                .withQueryParam("q", equalTo("author")).withQueryParam("count", equalTo("20"))
                .withHeader("LinkedIn-Version", equalTo(LinkedInConnector.VERSION))
                .withHeader("X-Restli-Protocol-Version", equalTo("2.0.0")));
    }

    @Test
    void anOrganizationWhosePostsReachBackWithoutOursWasNotPublished() {
        linkedin.stubFor(get(urlPathEqualTo("/rest/posts")).willReturn(okJson("{\"elements\":[{\"id\":\"urn:li:share:7000000000000000001\","
                + "\"commentary\":" + Json.write(ESCAPED) + ",\"createdAt\":" + NOW.minusSeconds(86_400).toEpochMilli()
                + ",\"lastModifiedAt\":" + NOW.minusSeconds(86_400).toEpochMilli() + "}]}")));

        PlatformResult<Reconciled> r = publisher().reconcile(target(ORG, "organization"), outgoing(List.of()), Json.object(), "k1", NOW);

        assertInstanceOf(Reconciled.NotFound.class, ((PlatformResult.Ok<Reconciled>) r).value()); // same text, but from yesterday
    }

    @Test
    void aMembersLostAnswerCannotBeToldBecauseMembersPostsCannotBeListed() {
        PlatformResult<Reconciled> r = publisher().reconcile(target(PERSON, "profile"), outgoing(List.of()), Json.object(), "k1", NOW);

        assertInstanceOf(Reconciled.CannotTell.class, ((PlatformResult.Ok<Reconciled>) r).value());
        linkedin.verify(0, getRequestedFor(urlPathEqualTo("/rest/posts")));
    }

    @Test
    void duplicatePostNamesThePostAlreadyMade() {
        linkedin.stubFor(post(urlPathEqualTo("/rest/posts")).willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                .withBody("{\"errorDetailType\":\"com.linkedin.common.error.BadRequest\",\"code\":\"DUPLICATE_POST\","
                        + "\"message\":\"Content is a duplicate of " + SHARE + "\",\"status\":422}")));

        PlatformResult<Published> r = publisher().publish(target(PERSON, "profile"), outgoing(List.of()), Json.object(), "k1");

        assertEquals(new Published(SHARE, "https://www.linkedin.com/feed/update/" + SHARE), ((PlatformResult.Ok<Published>) r).value());
    }

    @Test
    void failuresAreTypedAndNeverShowTheToken() {
        LinkedInPublisher p = publisher();
        Target member = target(PERSON, "profile");
        linkedin.stubFor(post(urlPathEqualTo("/rest/posts")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":401,\"serviceErrorCode\":65601,\"code\":\"REVOKED_ACCESS_TOKEN\","
                        + "\"message\":\"The token used in the request " + TOKEN + " has been revoked by the user\"}")));
        PlatformResult.AuthFailed<?> auth = assertInstanceOf(PlatformResult.AuthFailed.class, p.publish(member, outgoing(List.of()), Json.object(), "k1"));
        assertFalse(auth.message().contains(TOKEN));

        linkedin.stubFor(post(urlPathEqualTo("/rest/posts")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")
                .withHeader("Content-Type", "application/json").withBody("{\"status\":429,\"message\":\"Resource level throttle limit reached\"}")));
        PlatformResult.Transient<?> throttled = assertInstanceOf(PlatformResult.Transient.class, p.publish(member, outgoing(List.of()), Json.object(), "k1"));
        assertEquals(60, throttled.retryAfterSeconds());

        linkedin.stubFor(post(urlPathEqualTo("/rest/posts")).willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":422,\"message\":\"ERROR :: /commentary :: length exceeds 3000\"}")));
        PlatformResult.Rejected<?> rejected = assertInstanceOf(PlatformResult.Rejected.class, p.publish(member, outgoing(List.of()), Json.object(), "k1"));
        assertEquals(422, rejected.httpStatus());
        assertFalse(rejected.message().contains(TOKEN));
    }
}
