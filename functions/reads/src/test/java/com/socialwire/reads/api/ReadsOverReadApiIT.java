package com.socialwire.reads.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.reads.billing.ReadCharges;
import com.socialwire.reads.parse.Parser;
import com.socialwire.reads.parse.SchemaCheck;
import com.socialwire.reads.provider.ReadApiStubs;
import com.socialwire.shared.Config;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ReadsFunction as deployed (its no-arg constructor, its template.yaml environment) against a WireMock read API answering
 * Instagram's own JSON (readsrc's fixtures), a WireMock transcription boundary, and the offline parser (no model
 * configured): a post, a carousel, reels with and without the provider's transcript, 500 comments with replies, a miss
 * then a cheaper hit of the same data, a provider failure given back in full, and every parse mode within its schema.
 */
class ReadsOverReadApiIT {

    static final String KEY = "rk_live_5f1c0ffee0ddba11c0ffee";
    static final String TOKEN = "svc_tr_5f0c2a9e41d7";
    static final String POST = "DDBn4GchLot";
    static final String CAROUSEL = "DCOHJ-NU0U_";
    static final String REEL = "DDddKvspZly";
    static final String SILENT_REEL = "DDZHREjUiCG";
    static final PriceCard CARD = PriceCard.BUILT_IN;
    static final long GRANT = 2_000_000;

    static WireMockServer api;
    static WireMockServer boundary;
    static LocalEnvironment env;
    static Table table;
    static DynamoLedger ledger;
    static FunctionClient reads;
    TestKeys.Key key;

    @BeforeAll
    static void start() {
        api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        boundary = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        boundary.start();
        env = LocalEnvironment.shared();
        Config config = env.functionConfig("ReadsFunction");
        table = new Table(new AwsClients(config)::dynamoDb, config.require("TABLE_NAME"));
        ledger = new DynamoLedger(table, Clock.systemUTC());
        reads = new FunctionClient(env, "ReadsFunction", Map.of("READ_PROVIDER_BASE_URL", api.baseUrl() + "/", "READ_PROVIDER_KEY", KEY,
                "TRANSCRIBE_ENDPOINT", boundary.baseUrl() + "/sandboxes/sbx-7f3a/", "TRANSCRIBE_SERVICE_TOKEN", TOKEN,
                "LLM_PROVIDER", "offline"));
    }

    @AfterAll
    static void stop() {
        api.stop();
        boundary.stop();
    }

    @BeforeEach
    void account() {
        api.resetAll();
        boundary.resetAll();
        key = TestKeys.newAccount(env);
        ledger.grant(key.accountId(), GRANT, "grant-" + key.accountId(), Ledger.Category.PROMOTIONAL, "test");
        for (String shortcode : List.of(POST, CAROUSEL, REEL, SILENT_REEL)) {
            for (String t : List.of("false", "provider", "true")) {
                forget("media:public:" + shortcode + ":transcript=" + t);
            }
            for (String c : List.of("limit=20:replies=false", "limit=100:replies=false", "limit=500:replies=true", "limit=100:replies=true")) {
                forget("comments:public:" + shortcode + ":" + c);
            }
        }
    }

    static void forget(String cacheKey) {
        table.delete(new Write.Delete(Table.key("READCACHE#" + cacheKey, "ENTRY")));
    }

    static void media(String shortcode, String fixture) {
        api.stubFor(get(urlPathEqualTo("/v1/instagram/media")).withQueryParam("shortcode", equalTo(shortcode))
                .withHeader("x-api-key", equalTo(KEY)).willReturn(okJson(ReadApiStubs.fixture(fixture))));
    }

    static void transcript(String shortcode, String fixture) {
        api.stubFor(get(urlPathEqualTo("/v1/instagram/media/transcript")).withQueryParam("shortcode", equalTo(shortcode))
                .willReturn(okJson(ReadApiStubs.fixture(fixture))));
    }

    FunctionClient.Response read(String path) {
        return reads.call("GET", path, key.raw(), null);
    }

    long available() {
        return ledger.balance(key.accountId()).availableMicroCredits();
    }

    @Test
    void aPostIsAMissThenAHitOfTheSameDataAtTheCheaperPrice() {
        media(POST, "media-post.json");
        FunctionClient.Response miss = read("/v1/instagram/post?url=https%3A%2F%2Fwww.instagram.com%2Fp%2F" + POST + "%2F%3Figsh%3Dabc");
        assertEquals(200, miss.status(), miss.body());
        JsonNode m = miss.json();
        assertEquals("image", m.path("data").path("type").asText());
        assertEquals("readapi", m.path("provider").path("id").asText());
        assertEquals("miss", m.path("cache").path("status").asText());
        assertEquals(CARD.fee(ReadCharges.MEDIA), m.path("usage").path("settledMicroCredits").asLong());
        assertFalse(miss.body().contains(KEY) || miss.body().contains(api.baseUrl()), "no key or provider URL in the answer");

        FunctionClient.Response hit = read("/v1/instagram/post?url=" + POST);
        assertEquals("hit", hit.json().path("cache").path("status").asText());
        assertEquals(m.path("data"), hit.json().path("data"), "the same data");
        assertEquals(CARD.fee(ReadCharges.MEDIA_CACHED), hit.json().path("usage").path("settledMicroCredits").asLong());
        api.verify(1, getRequestedFor(urlPathEqualTo("/v1/instagram/media")));
        assertEquals(GRANT - CARD.fee(ReadCharges.MEDIA) - CARD.fee(ReadCharges.MEDIA_CACHED), available());
        assertEquals(0, ledger.balance(key.accountId()).reservedMicroCredits());
    }

    @Test
    void aCarouselAnswersItsChildren() {
        media(CAROUSEL, "media-carousel.json");
        FunctionClient.Response r = read("/v1/instagram/post?url=https%3A%2F%2Fm.instagram.com%2Fp%2F" + CAROUSEL);
        assertEquals(200, r.status(), r.body());
        assertEquals("carousel", r.json().path("data").path("type").asText());
        assertTrue(r.json().path("data").path("children").size() >= 2, r.body());
    }

    @Test
    void aReelWithTheProvidersTranscriptAndOneWithoutThatTheBoundaryTranscribes() {
        media(REEL, "media-reel.json");
        transcript(REEL, "transcript-reel.json");
        FunctionClient.Response withTranscript = read("/v1/instagram/reel?url=https%3A%2F%2Fwww.instagram.com%2Freels%2F" + REEL + "%2F&transcript=true");
        assertEquals(200, withTranscript.status(), withTranscript.body());
        assertEquals("provider", withTranscript.json().path("data").path("transcript").path("source").asText());
        boundary.verify(0, postRequestedFor(urlPathEqualTo("/sandboxes/sbx-7f3a/claudex/transcribe")));
        assertEquals(CARD.fee(ReadCharges.MEDIA), withTranscript.json().path("usage").path("settledMicroCredits").asLong());

        media(SILENT_REEL, "media-reel-silent.json");
        transcript(SILENT_REEL, "transcript-none.json");
        FunctionClient.Response providerOnly = read("/v1/instagram/reel?url=" + SILENT_REEL + "&transcript=provider");
        assertEquals(200, providerOnly.status(), providerOnly.body());
        assertTrue(providerOnly.json().path("data").path("transcript").isNull());
        assertTrue(providerOnly.json().path("limitations").toString().contains("no transcript"), providerOnly.body());

        boundary.stubFor(post(urlPathEqualTo("/sandboxes/sbx-7f3a/claudex/transcribe")).willReturn(okJson(
                "{\"text\":\"Three folds, then rest the dough.\",\"language\":\"en\",\"durationSec\":31.0,\"model\":\"auto\"}")));
        FunctionClient.Response transcribed = read("/v1/instagram/reel?url=" + SILENT_REEL + "&transcript=true");
        assertEquals(200, transcribed.status(), transcribed.body());
        assertEquals("transcription", transcribed.json().path("data").path("transcript").path("source").asText(), transcribed.body());
        assertEquals(CARD.fee(ReadCharges.MEDIA) + CARD.fee(ReadCharges.TRANSCRIPT), transcribed.json().path("usage").path("settledMicroCredits").asLong());
        assertFalse(transcribed.body().contains(TOKEN));
    }

    @Test
    void fiveHundredCommentsWithRepliesAreOneBatchAndThenAHit() {
        media(POST, "media-post.json");
        ReadApiStubs.fiveHundredComments(api, POST);
        FunctionClient.Response miss = read("/v1/instagram/comments?url=" + POST + "&limit=500&includeReplies=true");
        assertEquals(200, miss.status(), miss.body().substring(0, Math.min(300, miss.body().length())));
        JsonNode data = miss.json().path("data");
        assertEquals(500, data.path("comments").size());
        int replies = 0;
        for (JsonNode c : data.path("comments")) {
            replies += c.path("replies").size();
        }
        assertTrue(replies >= 100, "replies: " + replies);
        assertEquals(CARD.fee(ReadCharges.commentBatch(500)), miss.json().path("usage").path("settledMicroCredits").asLong());
        System.out.println("ReadsOverReadApiIT: 500 comments with " + replies + " replies, answer " + miss.body().length() + " chars");

        FunctionClient.Response hit = read("/v1/instagram/comments?url=" + POST + "&limit=500&includeReplies=true");
        assertEquals("hit", hit.json().path("cache").path("status").asText());
        assertEquals(data, hit.json().path("data"));
        assertEquals(CARD.fee(ReadCharges.COMMENTS_CACHED), hit.json().path("usage").path("settledMicroCredits").asLong());
        api.verify(10, getRequestedFor(urlPathEqualTo("/v1/instagram/media/comments")));
    }

    @Test
    void aProviderFailureIsASanitized503AndEveryCreditComesBack() {
        api.stubFor(get(urlPathEqualTo("/v1/instagram/media")).willReturn(aResponse().withStatus(502)
                .withBody("<html>upstream 10.2.3.4 failed; key " + KEY + "</html>")));
        FunctionClient.Response r = read("/v1/instagram/reel?url=" + REEL + "&transcript=true&parse=summary&comments=latest&commentLimit=100");
        assertEquals(503, r.status(), r.body());
        assertEquals("PROVIDER_UNAVAILABLE", r.json().path("error").path("code").asText());
        assertEquals(r.header("x-request-id"), r.json().path("error").path("requestId").asText());
        assertFalse(r.body().contains("10.2.3.4") || r.body().contains(KEY) || r.body().contains("upstream"), r.body());
        JsonNode usage = r.json().path("error").path("details").path("usage");
        assertEquals(usage.path("reservedMicroCredits").asLong(), usage.path("refundedMicroCredits").asLong());
        assertTrue(usage.path("reservedMicroCredits").asLong() >= CARD.fee(ReadCharges.MEDIA) + CARD.fee(ReadCharges.commentBatch(100))
                + CARD.fee(ReadCharges.PARSE_MEDIA) + CARD.fee(ReadCharges.PARSE_COMMENTS), "a reel summary with comments holds both parse items: " + usage);
        assertEquals(GRANT, available(), "the ledger balance is unchanged");
        assertEquals(0, ledger.balance(key.accountId()).reservedMicroCredits());
    }

    @Test
    void everyParseModeAnswersWithinItsSchema() {
        media(REEL, "media-reel.json");
        transcript(REEL, "transcript-reel.json");
        ReadApiStubs.fiveHundredComments(api, REEL);
        for (String mode : Parser.MEDIA_MODES) {
            assertWithinSchema("media", mode, "/v1/instagram/reel?url=" + REEL + "&transcript=provider&comments=latest&commentLimit=100&parse=" + mode);
        }
        for (String mode : Parser.COMMENT_MODES) {
            assertWithinSchema("comments", mode, "/v1/instagram/comments?url=" + REEL + "&limit=100&includeReplies=true&parse=" + mode);
        }
    }

    void assertWithinSchema(String kind, String mode, String path) {
        FunctionClient.Response r = read(path);
        assertEquals(200, r.status(), r.body());
        JsonNode parse = r.json().path("parse");
        assertEquals(mode, parse.path("mode").asText(), r.body());
        assertEquals(List.of(), SchemaCheck.problems(kind, mode, parse.path("output")), mode + ": " + parse);
    }
}
