package com.socialwire.reads.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.TestKeys;
import com.socialwire.reads.api.ReadsHandler;
import com.socialwire.reads.billing.ReadCharges;
import com.socialwire.reads.cache.ReadCache;
import com.socialwire.reads.provider.ReadProvider;
import com.socialwire.reads.provider.ReadResult;
import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.Ledger;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.security.Role;
import com.socialwire.shared.security.TenantDirectory;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.LlmBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ReadsFunction's routes on the embedded stores (the real cache rows, ledger and gate) with a read provider, transcriber
 * and parser that are test doubles ({@link ReadFixtures}): what each read answers, what it is charged, and what the
 * cache keeps.
 */
class ReadsApiIT {

    static final long GRANT = 1_000_000;
    static final PriceCard CARD = PriceCard.BUILT_IN;
    static LocalEnvironment env;
    static Table table;
    static DynamoLedger ledger;

    /** The cache's and the read's time, moved by {@link #later}; the ledger keeps the real clock. */
    Instant now;
    ReadFixtures.StubProvider provider;
    ReadFixtures.StubTranscriber transcriber;
    ReadFixtures.StubParser parser;
    FunctionClient reads;
    TestKeys.Key key;

    @BeforeAll
    static void start() {
        env = LocalEnvironment.shared();
        Config config = env.functionConfig("ReadsFunction");
        table = new Table(new AwsClients(config)::dynamoDb, config.require("TABLE_NAME"));
        ledger = new DynamoLedger(table, Clock.systemUTC());
    }

    @BeforeEach
    void wire() {
        now = Instant.now();
        provider = new ReadFixtures.StubProvider();
        transcriber = new ReadFixtures.StubTranscriber();
        parser = new ReadFixtures.StubParser();
        reads = client();
        key = TestKeys.newAccount(env);
        ledger.grant(key.accountId(), GRANT, "grant-" + key.accountId(), Ledger.Category.PROMOTIONAL, "test");
    }

    /** Moves the read's time on by {@code d}: the function is built again with a clock fixed there. */
    void later(Duration d) {
        now = now.plus(d);
        reads = client();
    }

    FunctionClient client() {
        return client(table);
    }

    ReadFixtures.StubTranscriber transcriber() {
        return transcriber;
    }

    ReadFixtures.StubParser parser() {
        return parser;
    }

    /** ReadsFunction with the doubles, its cache on {@code cacheTable}, at {@link #now}. */
    FunctionClient client(Table cacheTable) {
        ReadProvider p = provider;
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        ReadProviders providers = new ReadProviders() {
            @Override
            public ReadProvider publicReads() {
                return p;
            }

            @Override
            public Optional<ReadProvider> ownedBy(String tenantId) {
                return Optional.empty();
            }
        };
        Metering metering = new Metering(ledger, CARD, Clock.systemUTC());
        ReadSettings settings = ReadSettings.fromConfig(Config.of(Map.of()));
        ReadService service = new ReadService(ReadFixtures.URLS, providers, new ReadCache(cacheTable, clock), settings, this::transcriber, this::parser,
                new MeteredCall(metering, new LlmBudget(table, Clock.systemUTC())), new TenantDirectory(table), clock);
        Gate gate = Gate.of(env.functionConfig("ReadsFunction"), table, Clock.systemUTC());
        return new FunctionClient(env, "ReadsFunction", new ReadsHandler(Lazy.of(() -> service), gate));
    }

    FunctionClient.Response get(String path, String query) {
        return reads.call("GET", path + "?" + query, key.raw(), null);
    }

    static String url(String u) {
        return URLEncoder.encode(u, StandardCharsets.UTF_8);
    }

    long available() {
        return ledger.balance(key.accountId()).availableMicroCredits();
    }

    void assertLedgerBalanced() {
        assertEquals(0, ledger.balance(key.accountId()).reservedMicroCredits(), "no hold left open");
    }

    /** Wipes the cache rows of one read, so a test sees a miss whatever ran before it. */
    void forget(String cacheKey) {
        table.delete(new com.socialwire.shared.store.Write.Delete(Table.key("READCACHE#" + cacheKey, "ENTRY")));
    }

    @Test
    void aPostIsReadNormalizedThenAHitAnswersTheSameDataCheaper() {
        forget("media:public:" + ReadFixtures.POST + ":transcript=false");
        FunctionClient.Response miss = get("/v1/instagram/post", "url=" + url("https://www.instagram.com/p/" + ReadFixtures.POST + "/?igsh=MTc4MmM1YmI2Ng=="));
        assertEquals(200, miss.status(), miss.body());
        JsonNode m = miss.json();
        JsonNode data = m.path("data");
        assertEquals(ReadFixtures.POST, data.path("shortcode").asText());
        assertEquals("image", data.path("type").asText());
        assertEquals("sourdough", data.path("hashtags").path(0).asText());
        assertEquals("flourandco", data.path("mentions").path(0).asText());
        assertEquals("bloombakery", data.path("owner").path("username").asText());
        assertTrue(data.path("assets").path(0).path("shortLived").asBoolean());
        assertEquals("stub-readapi", m.path("provider").path("id").asText());
        assertEquals("media", m.path("provider").path("billedUnit").asText());
        assertEquals(1, m.path("provider").path("resultCount").asInt());
        assertEquals("miss", m.path("cache").path("status").asText());
        assertEquals("media:public:" + ReadFixtures.POST + ":transcript=false", m.path("cache").path("key").asText());
        assertEquals(900, m.path("cache").path("ttlSeconds").asLong());
        assertEquals(CARD.version(), m.path("usage").path("priceCardVersion").asText());
        assertEquals(CARD.fee(ReadCharges.MEDIA), m.path("usage").path("settledMicroCredits").asLong());
        assertTrue(m.path("limitations").toString().contains("short-lived"), m.path("limitations").toString());
        assertTrue(m.path("parse").isMissingNode(), "no parse asked, no parse field");
        assertEquals(GRANT - CARD.fee(ReadCharges.MEDIA), available());

        later(Duration.ofSeconds(60));
        FunctionClient.Response hit = get("/v1/instagram/post", "url=" + ReadFixtures.POST);
        assertEquals(200, hit.status(), hit.body());
        JsonNode h = hit.json();
        assertEquals("hit", h.path("cache").path("status").asText());
        assertEquals(840, h.path("cache").path("ttlSeconds").asLong());
        assertEquals(data, h.path("data"), "the same data");
        assertEquals(CARD.fee(ReadCharges.MEDIA_CACHED), h.path("usage").path("settledMicroCredits").asLong());
        assertTrue(CARD.fee(ReadCharges.MEDIA_CACHED) < CARD.fee(ReadCharges.MEDIA), "a hit is cheaper");
        assertEquals(1, provider.mediaCalls.get(), "the hit called no provider");
        assertEquals(GRANT - CARD.fee(ReadCharges.MEDIA) - CARD.fee(ReadCharges.MEDIA_CACHED), available());
        assertLedgerBalanced();
    }

    @Test
    void aCarouselKeepsItsChildrenInOrderAndSaysLikesAreHidden() {
        forget("media:public:" + ReadFixtures.CAROUSEL + ":transcript=false");
        FunctionClient.Response r = get("/v1/instagram/post", "url=" + url("https://m.instagram.com/p/" + ReadFixtures.CAROUSEL));
        assertEquals(200, r.status(), r.body());
        JsonNode data = r.json().path("data");
        assertEquals("carousel", data.path("type").asText());
        assertEquals(3, data.path("children").size());
        assertEquals("video", data.path("children").path(2).path("type").asText());
        assertTrue(data.path("metrics").path("likes").isNull(), "hidden likes are null, not 0");
        assertTrue(r.json().path("limitations").toString().contains("likes are hidden"), r.body());
    }

    @Test
    void aReelWithTheProvidersTranscriptCallsNoTranscriptionAndPaysNoTranscript() {
        forget("media:public:" + ReadFixtures.REEL_WITH_TRANSCRIPT + ":transcript=true");
        FunctionClient.Response r = get("/v1/instagram/reel", "url=" + url("https://www.instagram.com/reels/" + ReadFixtures.REEL_WITH_TRANSCRIPT + "/")
                + "&transcript=true");
        assertEquals(200, r.status(), r.body());
        JsonNode data = r.json().path("data");
        assertEquals("reel", data.path("type").asText());
        assertEquals("provider", data.path("transcript").path("source").asText());
        assertEquals(0, transcriber.calls.get());
        JsonNode usage = r.json().path("usage");
        assertEquals(CARD.fee(ReadCharges.MEDIA) + CARD.fee(ReadCharges.TRANSCRIPT), usage.path("reservedMicroCredits").asLong(), "held the transcript");
        assertEquals(CARD.fee(ReadCharges.MEDIA), usage.path("settledMicroCredits").asLong(), "charged no transcript");
        assertEquals(CARD.fee(ReadCharges.TRANSCRIPT), usage.path("refundedMicroCredits").asLong());
        assertLedgerBalanced();
    }

    @Test
    void aReelWithoutTheProvidersTranscriptIsTranscribedWhenAskedAndOnlyLimitedOtherwise() {
        forget("media:public:" + ReadFixtures.REEL_WITHOUT + ":transcript=true");
        forget("media:public:" + ReadFixtures.REEL_WITHOUT + ":transcript=provider");
        forget("media:public:" + ReadFixtures.REEL_WITHOUT + ":transcript=false");
        FunctionClient.Response t = get("/v1/instagram/reel", "url=" + ReadFixtures.REEL_WITHOUT + "&transcript=true");
        assertEquals(200, t.status(), t.body());
        assertEquals("transcription", t.json().path("data").path("transcript").path("source").asText());
        assertEquals(CARD.fee(ReadCharges.MEDIA) + CARD.fee(ReadCharges.TRANSCRIPT), t.json().path("usage").path("settledMicroCredits").asLong());

        FunctionClient.Response p = get("/v1/instagram/reel", "url=" + ReadFixtures.REEL_WITHOUT + "&transcript=provider");
        assertEquals(200, p.status(), p.body());
        assertTrue(p.json().path("data").path("transcript").isNull());
        assertTrue(p.json().path("limitations").toString().contains("no transcript: the provider has none"), p.body());
        assertEquals(1, transcriber.calls.get(), "provider mode never transcribes");

        transcriber.answers = false;
        forget("media:public:" + ReadFixtures.REEL_WITHOUT + ":transcript=true");
        FunctionClient.Response none = get("/v1/instagram/reel", "url=" + ReadFixtures.REEL_WITHOUT + "&transcript=true");
        assertEquals(200, none.status(), "no transcript is a limitation, never a failed read: " + none.body());
        assertTrue(none.json().path("limitations").toString().contains("no transcript: the transcription boundary did not answer"), none.body());
        assertEquals(CARD.fee(ReadCharges.MEDIA), none.json().path("usage").path("settledMicroCredits").asLong(), "no transcript, not charged");

        FunctionClient.Response off = get("/v1/instagram/reel", "url=" + ReadFixtures.REEL_WITHOUT);
        assertEquals(200, off.status(), off.body());
        assertFalse(off.json().path("limitations").toString().contains("no transcript"), "transcript=false asked for none");
        assertLedgerBalanced();
    }

    @Test
    void fiveHundredCommentsWithRepliesAreReadCachedInPartsAndAnsweredWholeFromTheCache() {
        String cacheKey = "comments:public:" + ReadFixtures.REEL_WITH_TRANSCRIPT + ":limit=500:replies=true";
        forget(cacheKey);
        FunctionClient.Response miss = get("/v1/instagram/comments", "url=" + ReadFixtures.REEL_WITH_TRANSCRIPT + "&limit=500&includeReplies=true");
        assertEquals(200, miss.status(), miss.body().substring(0, Math.min(400, miss.body().length())));
        JsonNode data = miss.json().path("data");
        assertEquals(500, data.path("comments").size());
        int replies = 0;
        for (JsonNode c : data.path("comments")) {
            replies += c.path("replies").size();
        }
        assertTrue(replies > 300, "replies came along: " + replies);
        assertEquals(CARD.fee(ReadCharges.commentBatch(500)), miss.json().path("usage").path("settledMicroCredits").asLong());
        Map<String, com.socialwire.shared.store.AttrValue> head = table.get("READCACHE#" + cacheKey, "ENTRY").orElseThrow();
        long size = Long.parseLong(head.get("sizeBytes").n());
        System.out.println("ReadsApiIT: 500 comments + " + replies + " replies = " + size + " bytes of JSON; cache entry body "
                + (head.containsKey("body") ? head.get("body").b().length + " bytes gzipped in one item" : head.get("parts").n() + " parts"));
        assertTrue(size > 400 * 1024, "the document alone is over DynamoDB's item limit: " + size);

        FunctionClient.Response hit = get("/v1/instagram/comments", "url=" + ReadFixtures.REEL_WITH_TRANSCRIPT + "&limit=500&includeReplies=true");
        assertEquals("hit", hit.json().path("cache").path("status").asText());
        assertEquals(data, hit.json().path("data"));
        assertEquals(CARD.fee(ReadCharges.COMMENTS_CACHED), hit.json().path("usage").path("settledMicroCredits").asLong());
        assertEquals(1, provider.commentCalls.get());
        assertLedgerBalanced();
    }

    @Test
    void aProviderFailureIsA503WithTheRequestIdAndEveryCreditGivenBack() {
        forget("media:public:" + ReadFixtures.POST + ":transcript=false");
        provider.fail = new ReadResult.Unavailable<>(502, "upstream said: <html>Bad gateway at 10.0.3.7 key=rk_live_secret</html>");
        FunctionClient.Response r = get("/v1/instagram/post", "url=" + ReadFixtures.POST + "&comments=latest&parse=summary");
        assertEquals(503, r.status(), r.body());
        JsonNode error = r.json().path("error");
        assertEquals("PROVIDER_UNAVAILABLE", error.path("code").asText());
        assertEquals("Instagram provider is temporarily unavailable.", error.path("message").asText());
        assertTrue(error.path("requestId").asText().startsWith("req_"));
        assertEquals(r.header("x-request-id"), error.path("requestId").asText());
        assertFalse(r.body().contains("Bad gateway") || r.body().contains("10.0.3.7") || r.body().contains("rk_live"), r.body());
        JsonNode usage = error.path("details").path("usage");
        assertTrue(usage.path("reservedMicroCredits").asLong() > 0);
        assertEquals(0, usage.path("settledMicroCredits").asLong());
        assertEquals(usage.path("reservedMicroCredits").asLong(), usage.path("refundedMicroCredits").asLong());
        assertEquals(GRANT, available(), "ledger balance unchanged");
        assertLedgerBalanced();
        assertEquals(0, parser.runs.get(), "nothing parsed");
    }

    @Test
    void aProviderRateLimitIs429WithItsRetryAfterAndNothingCharged() {
        forget("media:public:" + ReadFixtures.CAROUSEL + ":transcript=false");
        provider.fail = new ReadResult.RateLimited<>(17);
        FunctionClient.Response r = get("/v1/instagram/post", "url=" + ReadFixtures.CAROUSEL);
        assertEquals(429, r.status(), r.body());
        assertEquals("RATE_LIMITED", r.json().path("error").path("code").asText());
        assertEquals("17", r.header("retry-after"));
        assertEquals(GRANT, available());
    }

    @Test
    void missingMediaIs404AndRefunded() {
        FunctionClient.Response r = get("/v1/instagram/post", "url=" + ReadFixtures.MISSING);
        assertEquals(404, r.status(), r.body());
        assertEquals("NOT_FOUND", r.json().path("error").path("code").asText());
        assertEquals(GRANT, available());
    }

    @Test
    void tooFewCreditsIs402AndNothingIsCalled() {
        TestKeys.Key poor = TestKeys.newAccount(env);
        ledger.grant(poor.accountId(), CARD.fee(ReadCharges.MEDIA) - 1, "grant-" + poor.accountId(), Ledger.Category.PROMOTIONAL, "test");
        forget("media:public:" + ReadFixtures.POST + ":transcript=false");
        FunctionClient.Response r = reads.call("GET", "/v1/instagram/post?url=" + ReadFixtures.POST, poor.raw(), null);
        assertEquals(402, r.status(), r.body());
        assertEquals("INSUFFICIENT_CREDITS", r.json().path("error").path("code").asText());
        assertEquals(CARD.fee(ReadCharges.MEDIA), r.json().path("error").path("details").path("requiredMicroCredits").asLong());
        assertEquals(0, provider.mediaCalls.get(), "nothing called");
        assertEquals(0, parser.runs.get());
    }

    @Test
    void badQueriesAre422InTheErrorEnvelopeAndCallNothing() {
        String[][] bad = {
                {"/v1/instagram/post", ""},
                {"/v1/instagram/post", "url="},
                {"/v1/instagram/post", "url=" + url("https://www.instagram.com/stories/bloombakery/3391/")},
                {"/v1/instagram/post", "url=" + url("https://example.com/p/BSKplJUDPPE/")},
                {"/v1/instagram/post", "url=BSKplJUDPPE&parse=themes"},
                {"/v1/instagram/post", "url=BSKplJUDPPE&comments=all"},
                {"/v1/instagram/post", "url=BSKplJUDPPE&comments=latest&commentLimit=500"},
                {"/v1/instagram/post", "url=BSKplJUDPPE&commentLimit=20"},
                {"/v1/instagram/post", "url=BSKplJUDPPE&transcript=true"},
                {"/v1/instagram/post", "url=BSKplJUDPPE&limit=20"},
                {"/v1/instagram/reel", "url=BSKplJUDPPE&transcript=yes"},
                {"/v1/instagram/reel", "url=BSKplJUDPPE&parse=sentiment"},
                {"/v1/instagram/comments", "url=BSKplJUDPPE&limit=50"},
                {"/v1/instagram/comments", "url=BSKplJUDPPE&includeReplies=1"},
                {"/v1/instagram/comments", "url=BSKplJUDPPE&parse=summary"},
                {"/v1/instagram/comments", "url=BSKplJUDPPE&tenantId=" + url("../../x")},
        };
        for (String[] b : bad) {
            FunctionClient.Response r = get(b[0], b[1]);
            assertEquals(422, r.status(), b[0] + "?" + b[1] + " -> " + r.body());
            assertEquals("VALIDATION_ERROR", r.json().path("error").path("code").asText());
            assertTrue(r.json().path("error").path("requestId").asText().startsWith("req_"));
        }
        assertEquals(0, provider.mediaCalls.get() + provider.commentCalls.get(), "nothing called");
        assertEquals(GRANT, available(), "nothing held");
    }

    @Test
    void aClientKeyMayNotSpendTheAccountsCreditsOnReads() {
        TestKeys.Key client = TestKeys.create(env, key.accountId(), Role.CLIENT, Set.of("tnt_Any"));
        TestKeys.Key read = TestKeys.create(env, key.accountId(), Role.READ, Set.of());
        assertEquals(403, reads.call("GET", "/v1/instagram/post?url=" + ReadFixtures.POST, client.raw(), null).status());
        assertEquals(200, reads.call("GET", "/v1/instagram/post?url=" + ReadFixtures.POST, read.raw(), null).status());
    }

    @Test
    void aTenantOfAnotherAccountIs404() {
        TestKeys.Key other = TestKeys.newAccount(env);
        String tenantId = "tnt_" + other.accountId().substring(5);
        table.put(new com.socialwire.shared.store.Write.Put(com.socialwire.shared.store.Item.create()
                .s("PK", TenantDirectory.pk(tenantId)).s("SK", "PROFILE").s("accountId", other.accountId()).build()));
        FunctionClient.Response r = get("/v1/instagram/post", "url=" + ReadFixtures.POST + "&tenantId=" + tenantId);
        assertEquals(404, r.status(), r.body());
        assertEquals(0, provider.mediaCalls.get());
    }

    @Test
    void aStaleEntryIsServedStaleAndCheaperWhileOneReaderRefreshesIt() {
        forget("media:public:" + ReadFixtures.CAROUSEL + ":transcript=false");
        assertEquals(200, get("/v1/instagram/post", "url=" + ReadFixtures.CAROUSEL).status());
        later(Duration.ofMinutes(20)); // past the 15 min TTL, within the grace

        FunctionClient.Response refresher = get("/v1/instagram/post", "url=" + ReadFixtures.CAROUSEL);
        assertEquals("miss", refresher.json().path("cache").path("status").asText(), "the first reader refreshes");
        assertEquals(2, provider.mediaCalls.get());
        later(Duration.ofMinutes(16));
        // the refreshed entry is stale again; another reader holds the claim: this one is served stale at the cached price
        ReadCache cache = new ReadCache(table, Clock.fixed(now, ZoneOffset.UTC));
        assertTrue(cache.claimRefresh(cache.get("media:public:" + ReadFixtures.CAROUSEL + ":transcript=false").orElseThrow(), Duration.ofSeconds(30)));
        FunctionClient.Response stale = get("/v1/instagram/post", "url=" + ReadFixtures.CAROUSEL);
        assertEquals("stale", stale.json().path("cache").path("status").asText(), stale.body());
        assertEquals(0, stale.json().path("cache").path("ttlSeconds").asLong());
        assertEquals(CARD.fee(ReadCharges.MEDIA_CACHED), stale.json().path("usage").path("settledMicroCredits").asLong());
        assertTrue(stale.json().path("limitations").toString().contains("stale"), stale.body());
        assertEquals(2, provider.mediaCalls.get());

        later(Duration.ofHours(2)); // past the grace: a miss
        assertEquals("miss", get("/v1/instagram/post", "url=" + ReadFixtures.CAROUSEL).json().path("cache").path("status").asText());
    }

    @Test
    void aFailedRefreshOfAStaleEntryServesTheStaleEntryAtTheCachedPrice() {
        forget("media:public:" + ReadFixtures.POST + ":transcript=false");
        assertEquals(200, get("/v1/instagram/post", "url=" + ReadFixtures.POST).status());
        later(Duration.ofMinutes(20));
        provider.fail = new ReadResult.Unavailable<>(503, "down");
        FunctionClient.Response r = get("/v1/instagram/post", "url=" + ReadFixtures.POST);
        assertEquals(200, r.status(), r.body());
        assertEquals("stale", r.json().path("cache").path("status").asText());
        assertEquals(CARD.fee(ReadCharges.MEDIA_CACHED), r.json().path("usage").path("settledMicroCredits").asLong());
        assertTrue(r.json().path("limitations").toString().contains("could not refresh"), r.body());
        assertLedgerBalanced();
    }

    @Test
    void aReelSummaryWithCommentsHoldsAndSettlesBothParseLineItemsAndACachedParseIsCheaper() {
        forget("media:public:" + ReadFixtures.REEL_WITH_TRANSCRIPT + ":transcript=provider");
        forget("comments:public:" + ReadFixtures.REEL_WITH_TRANSCRIPT + ":limit=20:replies=false");
        String query = "url=" + ReadFixtures.REEL_WITH_TRANSCRIPT + "&transcript=provider&comments=latest&commentLimit=20&parse=summary";
        long modelHold = CARD.llm(ReadSettings.fromConfig(Config.of(Map.of())).parseHoldUsd());
        long tokens = CARD.llm(java.math.BigDecimal.valueOf(0.0021));

        FunctionClient.Response first = get("/v1/instagram/reel", query);
        assertEquals(200, first.status(), first.body());
        JsonNode usage = first.json().path("usage");
        long reads = CARD.fee(ReadCharges.MEDIA) + CARD.fee(ReadCharges.commentBatch(20));
        long parses = CARD.fee(ReadCharges.PARSE_MEDIA) + CARD.fee(ReadCharges.PARSE_COMMENTS);
        assertEquals(reads + parses + 2 * modelHold, usage.path("reservedMicroCredits").asLong(), "both parse line items held");
        assertEquals(reads + parses + tokens, usage.path("settledMicroCredits").asLong(), "both settled, with the model's tokens");
        assertEquals("summary", first.json().path("parse").path("mode").asText());
        assertEquals("miss", first.json().path("parse").path("cache").asText());
        assertEquals(20, first.json().path("data").path("comments").size());
        assertEquals(2, first.json().path("cache").path("entries").size());

        later(Duration.ofSeconds(30));
        FunctionClient.Response again = get("/v1/instagram/reel", query);
        assertEquals("hit", again.json().path("cache").path("status").asText());
        assertEquals("hit", again.json().path("parse").path("cache").asText());
        assertEquals(first.json().path("parse").path("output"), again.json().path("parse").path("output"));
        assertEquals(CARD.fee(ReadCharges.MEDIA_CACHED) + CARD.fee(ReadCharges.COMMENTS_CACHED) + CARD.fee(ReadCharges.PARSE_CACHED),
                again.json().path("usage").path("settledMicroCredits").asLong());
        assertEquals(1, parser.runs.get(), "the cached parse called no model");
        assertLedgerBalanced();
    }

    @Test
    void aFailedParseIsALimitationAndIsNotCharged() {
        forget("comments:public:" + ReadFixtures.CAROUSEL + ":limit=20:replies=false");
        parser.fails = true;
        FunctionClient.Response r = get("/v1/instagram/comments", "url=" + ReadFixtures.CAROUSEL + "&limit=20&parse=questions");
        assertEquals(200, r.status(), "the read is delivered: " + r.body());
        assertTrue(r.json().path("parse").isNull(), r.body());
        assertTrue(r.json().path("limitations").toString().contains("parse failed"), r.body());
        assertEquals(CARD.fee(ReadCharges.commentBatch(20)), r.json().path("usage").path("settledMicroCredits").asLong(), "the parse was given back");
        assertEquals(GRANT - CARD.fee(ReadCharges.commentBatch(20)), available());
        assertLedgerBalanced();
    }

    /**
     * A parse is held at READ_PARSE_HOLD_USD (0.05) before anything is read; a large sample on a dear model can cost
     * more than that. What it cost must be charged (its worst case held once the prompt is known), not capped at the hold.
     */
    @Test
    void aParseCostingMoreThanTheUpfrontHoldIsChargedWhatItCost() {
        forget("comments:public:" + ReadFixtures.POST + ":limit=100:replies=true");
        parser.worstCaseUsd = 0.30;
        parser.costUsd = 0.12;
        FunctionClient.Response r = get("/v1/instagram/comments", "url=" + ReadFixtures.POST + "&limit=100&includeReplies=true&parse=themes");
        assertEquals(200, r.status(), r.body());
        long expected = CARD.fee(ReadCharges.commentBatch(100)) + CARD.fee(ReadCharges.PARSE_COMMENTS) + CARD.llm(java.math.BigDecimal.valueOf(0.12));
        assertEquals(expected, r.json().path("usage").path("settledMicroCredits").asLong(), r.json().path("usage").toString());
        assertEquals(GRANT - expected, available());
        assertLedgerBalanced();
    }

    @Test
    void aParseWhoseWorstCaseTheAccountCannotCoverIsSkippedNotCharged() {
        TestKeys.Key poor = TestKeys.newAccount(env);
        long reads = CARD.fee(ReadCharges.commentBatch(20)) + CARD.fee(ReadCharges.PARSE_COMMENTS)
                + CARD.llm(ReadSettings.fromConfig(Config.of(Map.of())).parseHoldUsd());
        ledger.grant(poor.accountId(), reads + 1_000, "grant-" + poor.accountId(), Ledger.Category.PROMOTIONAL, "test");
        forget("comments:public:" + ReadFixtures.POST + ":limit=20:replies=false");
        parser.worstCaseUsd = 5.0;
        FunctionClient.Response r = reads("/v1/instagram/comments?url=" + ReadFixtures.POST + "&limit=20&parse=themes", poor);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().path("parse").isNull(), "no parse: " + r.json().path("parse"));
        assertTrue(r.json().path("limitations").toString().contains("not enough credits"), r.json().path("limitations").toString());
        assertEquals(0, parser.runs.get(), "no model called");
        assertEquals(CARD.fee(ReadCharges.commentBatch(20)), r.json().path("usage").path("settledMicroCredits").asLong());
        assertEquals(0, ledger.balance(poor.accountId()).reservedMicroCredits());
    }

    FunctionClient.Response reads(String pathAndQuery, TestKeys.Key who) {
        return reads.call("GET", pathAndQuery, who.raw(), null);
    }

    /**
     * Comment reads hold by the batch asked for; a media with fewer comments than that (the post has 87, 500 asked)
     * came back as a smaller batch and must be charged as the batch that holds what came back, not the one asked for.
     */
    @Test
    void aTruncatedCommentBatchIsChargedAsTheBatchThatHoldsWhatCameBack() {
        forget("comments:public:" + ReadFixtures.POST + ":limit=500:replies=false");
        FunctionClient.Response r = get("/v1/instagram/comments", "url=" + ReadFixtures.POST + "&limit=500");
        assertEquals(200, r.status());
        assertEquals(87, r.json().path("data").path("comments").size());
        assertTrue(r.json().path("data").path("truncated").asBoolean());
        JsonNode usage = r.json().path("usage");
        assertEquals(CARD.fee(ReadCharges.commentBatch(500)), usage.path("reservedMicroCredits").asLong(), "held by the batch asked for");
        assertEquals(CARD.fee(ReadCharges.commentBatch(100)), usage.path("settledMicroCredits").asLong(), usage.toString());
        assertLedgerBalanced();
    }

    /**
     * A cache entry that cannot be read (not gzip, or a document that is not the media's JSON: a torn write, a format of
     * another release) must be a miss that the provider's answer replaces, never a failed read until the entry expires.
     */
    @Test
    void anUnreadableCacheEntryIsAMissThatTheProviderReplaces() {
        String cacheKey = "media:public:" + ReadFixtures.POST + ":transcript=false";
        for (byte[] body : new byte[][]{"not gzip at all".getBytes(StandardCharsets.UTF_8), gzip("{\"value\":[1,2,3]}")}) {
            Map<String, com.socialwire.shared.store.AttrValue> item = new java.util.HashMap<>(Table.key("READCACHE#" + cacheKey, "ENTRY"));
            item.put("body", com.socialwire.shared.store.AttrValue.fromB(body));
            item.put("storedAt", com.socialwire.shared.store.AttrValue.fromN(Long.toString(now.toEpochMilli())));
            item.put("freshUntil", com.socialwire.shared.store.AttrValue.fromN(Long.toString(now.plusSeconds(600).toEpochMilli())));
            item.put("staleUntil", com.socialwire.shared.store.AttrValue.fromN(Long.toString(now.plusSeconds(3600).toEpochMilli())));
            table.put(new com.socialwire.shared.store.Write.Put(item));

            FunctionClient.Response r = get("/v1/instagram/post", "url=" + ReadFixtures.POST);

            assertEquals(200, r.status(), r.body());
            assertEquals("miss", r.json().path("cache").path("status").asText());
            assertEquals(ReadFixtures.POST, r.json().path("data").path("shortcode").asText());
        }
        assertEquals(2, provider.mediaCalls.get());
        assertLedgerBalanced();
    }

    static byte[] gzip(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The cache is an optimisation: when its rows cannot be read or written (throttled, a table that is not there),
     * a read the provider answered is delivered and charged as a miss, not failed after the provider was paid.
     */
    @Test
    void aCacheThatCannotBeReadOrWrittenDegradesToAMissNotAFailedRead() {
        Config config = env.functionConfig("ReadsFunction");
        Table missing = new Table(new AwsClients(config)::dynamoDb, "no-such-read-cache-table");
        FunctionClient degraded = client(missing);

        FunctionClient.Response r = degraded.call("GET", "/v1/instagram/post?url=" + ReadFixtures.POST + "&parse=tldr", key.raw(), null);

        assertEquals(200, r.status(), r.body());
        assertEquals("miss", r.json().path("cache").path("status").asText());
        assertEquals(CARD.fee(ReadCharges.MEDIA) + CARD.fee(ReadCharges.PARSE_MEDIA) + CARD.llm(java.math.BigDecimal.valueOf(0.0021)),
                r.json().path("usage").path("settledMicroCredits").asLong());
        assertLedgerBalanced();
    }
}
