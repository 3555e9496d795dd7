package com.socialwire.posts.studio.rss;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.FunctionClient.Response;
import com.socialwire.posts.model.Post;
import com.socialwire.posts.studio.rss.FeedFixture.Owner;
import com.socialwire.shared.store.Item;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RSS/Atom auto-posting end to end on the local stores: feeds created over FeedsFunction's HTTP events, served by
 * WireMock from real-world fixtures (src/test/resources/feeds), checked by FeedRunFunction's run.
 */
class FeedsIT {

    static final String RSS = "application/rss+xml; charset=UTF-8";

    /** The five real-world fixtures and how many items each holds. */
    static final Map<String, Integer> GOOD = Map.of("rss2-bakery-blog.xml", 3, "atom-city-news.xml", 2, "rss-cdata-relative.xml", 2,
            "rss-no-guids.xml", 3, "rss-latin1.xml", 2);

    @Test
    void realWorldFeedsMakeOnePostPerNewItemAndNoneAgainOnTheNextPolls() {
        FeedFixture f = new FeedFixture();
        Owner o = f.owner("Bloom Bakery", "{}");
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (String name : GOOD.keySet()) {
            String type = name.startsWith("atom") ? "application/atom+xml" : name.contains("latin1") ? "application/rss+xml" : RSS;
            ids.put(name, f.feed(o, f.serve("/" + name, FeedFixture.fixture(name), type, "\"v1-" + name + "\""), ""));
        }

        FeedRun.Report first = f.run();
        int expected = GOOD.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(5, first.claimed(), first.toMap().toString());
        assertEquals(expected, first.postsCreated(), first.toMap().toString());
        List<Post> posts = f.posts(o);
        assertEquals(expected, posts.size(), "one post per item");
        for (Post p : posts) {
            assertEquals("draft", p.status.wire(), "autoSchedule off: drafts");
            assertEquals("rss", p.doc.path("source").asText());
            assertEquals(List.of("linkedin", "twitter"), p.platforms());
        }
        Set<String> texts = new HashSet<>();
        posts.forEach(p -> texts.add(p.text()));
        assertTrue(texts.contains("La bûche de Noël revient : réservez dès maintenant https://patisserie-elodie.example/actualites/buche-de-noel"),
                "ISO-8859-1 decoded: " + texts);
        assertTrue(texts.contains("Tubeless setup, without the mess https://cornercycles.example/notes/tubeless-setup"), texts.toString());
        assertTrue(texts.contains("Market hall reopens after two-year restoration https://news.riverside.example/2026/12/04/market-hall-reopens"),
                texts.toString());
        assertTrue(posts.stream().anyMatch(p -> "https://cornercycles.example/notes/winter-chain-care".equals(p.link())),
                "a relative item link resolved, kept as the post's link");
        for (String id : ids.values()) {
            Feed feed = f.read(o, id);
            assertNull(feed.lastError());
            assertEquals(f.clock.instant().plus(Duration.ofMinutes(60)), feed.nextCheckAt(), "the interval (60 min by default)");
        }

        // the next poll: every server answers 304 to the ETag it gave, nothing is parsed or posted again
        f.advance(Duration.ofMinutes(61));
        FeedRun.Report second = f.run();
        assertEquals(5, second.notModified(), second.toMap().toString());
        assertEquals(0, second.postsCreated());
        assertEquals(2, f.fetches("/rss2-bakery-blog.xml"));
        assertEquals(1, f.feeds.countRequestsMatching(com.github.tomakehurst.wiremock.client.WireMock
                .getRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(f.prefix + "/rss2-bakery-blog.xml"))
                .withHeader("If-None-Match", com.github.tomakehurst.wiremock.client.WireMock.equalTo("\"v1-rss2-bakery-blog.xml\"")).build()).getCount());

        // a changed ETag with the same items (a CMS that rebuilds the file every hour): fetched and parsed, no post repeated
        for (String name : GOOD.keySet()) {
            f.serve("/" + name, FeedFixture.fixture(name), RSS, "\"v2-" + name + "\"");
        }
        f.advance(Duration.ofMinutes(61));
        FeedRun.Report third = f.run();
        assertEquals(5, third.ok(), third.toMap().toString());
        assertEquals(0, third.postsCreated());
        assertEquals(expected, f.posts(o).size());

        // one new item: exactly one new post
        String withNew = new String(FeedFixture.fixture("rss2-bakery-blog.xml"), StandardCharsets.UTF_8).replace("\t<item>",
                "\t<item><title>Gingerbread workshop, 12 December</title><link>https://bloombakery.example/2026/12/05/gingerbread/</link>"
                        + "<guid isPermaLink=\"false\">https://bloombakery.example/?p=1850</guid><pubDate>Sat, 05 Dec 2026 08:00:00 +0000</pubDate>"
                        + "<description><![CDATA[<p>Bring the kids.</p>]]></description></item>\n\t<item>");
        f.serve("/rss2-bakery-blog.xml", withNew.getBytes(StandardCharsets.UTF_8), RSS, "\"v3\"");
        f.advance(Duration.ofMinutes(61));
        FeedRun.Report fourth = f.run();
        assertEquals(1, fourth.postsCreated(), fourth.toMap().toString());
        assertEquals(expected + 1, f.posts(o).size());
        assertEquals(4, f.read(o, ids.get("rss2-bakery-blog.xml")).itemsPosted());
    }

    @Test
    void aMalformedOversizedOrDoctypeFeedFailsAloneWithBackoffAndOtherFeedsAndTenantsStillPost() {
        FeedFixture f = new FeedFixture();
        Owner a = f.owner("Bloom Bakery", "{}");
        Owner b = f.owner("Corner Cycles", "{}");
        String goodA = f.feed(a, f.serve("/a-good.xml", FeedFixture.fixture("rss2-bakery-blog.xml"), RSS, "\"a\""), "");
        String malformed = f.feed(a, f.serve("/a-malformed.xml", FeedFixture.fixture("malformed.xml"), RSS, "\"m\""), "\"checkIntervalMinutes\":30");
        String oversized = f.feed(a, f.serve("/a-oversized.xml", FeedFixture.fixture("rss-oversized.xml"), RSS, "\"o\""), "");
        String goodB = f.feed(b, f.serve("/b-good.xml", FeedFixture.fixture("atom-city-news.xml"), "application/atom+xml", "\"b\""), "");
        String doctype = f.feed(b, f.serve("/b-doctype.xml", FeedFixture.fixture("doctype-rss091.xml"), "text/xml", "\"d\""), "");
        String down = f.feed(b, f.feeds.baseUrl() + f.prefix + "/nothing-here.xml", "");

        FeedRun.Report r = f.run();
        assertEquals(6, r.claimed(), r.toMap().toString());
        assertEquals(4, r.failed(), r.toMap().toString());
        assertEquals(5, r.postsCreated(), "the good feeds of both tenants posted in the same run: " + r.toMap());
        assertEquals(3, f.posts(a).size());
        assertEquals(2, f.posts(b).size());

        Feed m = f.read(a, malformed);
        assertEquals(1, m.consecutiveFailures());
        assertTrue(m.lastError().startsWith("the feed is not well-formed RSS or Atom"), m.lastError());
        assertEquals(f.clock.instant().plus(Duration.ofMinutes(60)), m.nextCheckAt(), "backed off: 30 min x 2^1");
        Feed big = f.read(a, oversized);
        assertEquals("feed too large: over " + FeedFixture.MAX_BYTES + " bytes", big.lastError());
        assertEquals(f.clock.instant().plus(Duration.ofMinutes(120)), big.nextCheckAt(), "60 min x 2^1");
        assertTrue(f.read(b, doctype).lastError().contains("DOCTYPE"), f.read(b, doctype).lastError());
        assertEquals("the feed server answered HTTP 404", f.read(b, down).lastError());
        assertEquals(0, f.read(a, goodA).consecutiveFailures());
        assertEquals(0, f.read(b, goodB).consecutiveFailures());

        // an hour later the good feeds are due again and the backed-off ones are not (the malformed one just is: 60 min)
        f.advance(Duration.ofMinutes(61));
        FeedRun.Report next = f.run();
        assertEquals(3, next.claimed(), "good A, good B and the malformed one (30 min x 2): " + next.toMap());
        assertEquals(1, f.fetches("/a-oversized.xml"), "still backing off");
        Feed m2 = f.read(a, malformed);
        assertEquals(2, m2.consecutiveFailures());
        assertEquals(f.clock.instant().plus(Duration.ofMinutes(120)), m2.nextCheckAt(), "30 min x 2^2");

        // the GET shows the counters the tenant needs
        JsonNode shown = f.call(a, "GET", "/" + malformed, null).json();
        assertEquals(2, shown.path("consecutiveFailures").asInt());
        assertTrue(shown.path("lastError").asText().contains("not well-formed"), shown.toString());
        assertEquals(0, shown.path("itemsPosted").asInt());

        // resume resets the counter and makes it due now
        JsonNode resumed = f.call(a, "POST", "/" + malformed, "{\"action\":\"resume\"}").json();
        assertEquals(0, resumed.path("consecutiveFailures").asInt());
        assertTrue(resumed.path("lastError").isNull(), resumed.toString());
    }

    @Test
    void theFirstPollOfABigFeedTakesOnlyTheFiveNewestItemsAndNeverPostsTheRestLater() {
        FeedFixture f = new FeedFixture();
        Owner o = f.owner("Grain Co", "{}");
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Grain</title><link>https://grain.example/</link>");
        java.time.format.DateTimeFormatter rfc822 = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
        for (int i = 1; i <= 250; i++) { // oldest first, as some archives list them: the newest five are 246..250
            doc.append("<item><title>Update ").append(i).append("</title><link>https://grain.example/u/").append(i)
                    .append("</link><pubDate>").append(rfc822.format(java.time.ZonedDateTime.parse("2026-01-01T00:00:00Z").plusHours(i)))
                    .append("</pubDate></item>");
        }
        doc.append("</channel></rss>");
        String id = f.feed(o, f.serve("/big.xml", doc.toString().getBytes(StandardCharsets.UTF_8), RSS, "\"big1\""), "");
        FeedRun.Report r = f.run();
        assertEquals(5, r.postsCreated());
        Set<String> links = new HashSet<>();
        f.posts(o).forEach(p -> links.add(p.link()));
        assertEquals(Set.of("https://grain.example/u/246", "https://grain.example/u/247", "https://grain.example/u/248",
                "https://grain.example/u/249", "https://grain.example/u/250"), links);
        long skipped = f.api.feedStore().items(o.tenantId(), id).stream().filter(i -> FeedStore.SKIPPED.equals(Item.s(i, "state"))).count();
        assertEquals(FeedCheck.MAX_ITEMS_READ - 5, skipped, "the backlog among the newest 200 is marked seen; older items are not looked at");

        f.serve("/big.xml", doc.toString().getBytes(StandardCharsets.UTF_8), RSS, "\"big2\"");
        f.advance(Duration.ofMinutes(61));
        Response checked = f.call(o, "POST", "/" + id + "/check", null);
        assertEquals(0, checked.json().path("check").path("postsCreated").asInt(), "the skipped backlog is never posted: " + checked.body());
        assertEquals(FeedCheck.MAX_ITEMS_READ, checked.json().path("check").path("alreadySeen").asInt(), checked.body());
    }

    @Test
    void aFeedOfADeletedTenantIsPausedWithoutBeingFetchedAndMakesNoPost() {
        FeedFixture f = new FeedFixture();
        Owner o = f.owner("Closing Down Bakery", "{}");
        String id = f.feed(o, f.serve("/gone.xml", FeedFixture.fixture("rss2-bakery-blog.xml"), RSS, "\"g\""), "");
        var deleted = new com.socialwire.local.stores.FunctionClient(f.env, "TenantsFunction").call("DELETE", "/v1/tenants/" + o.tenantId(),
                o.key().raw(), null);
        assertEquals(200, deleted.status(), deleted.body());
        FeedRun.Report r = f.run();
        assertEquals(1, r.failed(), r.toMap().toString());
        assertEquals(0, f.fetches("/gone.xml"), "nothing fetched for a tenant that is gone");
        assertEquals(0, f.posts(o).size());
        Feed feed = f.read(o, id);
        assertEquals(Feed.PAUSED, feed.status());
        assertTrue(feed.lastError().contains("inactive"), feed.lastError());
        f.advance(Duration.ofDays(2));
        assertEquals(0, f.run().claimed(), "a paused feed is not due again");
    }

    @Test
    void pointingAFeedAtAnotherUrlTakesOnlyTheNewFeedsNewestItemsAsAFirstPollDoes() {
        FeedFixture f = new FeedFixture();
        Owner o = f.owner("Grain Co", "{}");
        String id = f.feed(o, f.serve("/before.xml", FeedFixture.fixture("rss-no-guids.xml"), RSS, "\"b1\""), "");
        assertEquals(3, f.run().postsCreated());
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Grain</title>");
        for (int i = 1; i <= 12; i++) {
            doc.append("<item><title>Lot ").append(i).append("</title><link>https://grain.example/lot/").append(i).append("</link></item>");
        }
        doc.append("</channel></rss>");
        // the new document happens to carry the same ETag as the old one: the old validators must not be sent to the new URL
        String moved = f.serve("/after.xml", doc.toString().getBytes(StandardCharsets.UTF_8), RSS, "\"b1\"");
        Response patched = f.call(o, "PATCH", "/" + id, "{\"feedUrl\":\"" + moved + "\"}");
        assertEquals(200, patched.status(), patched.body());
        f.advance(Duration.ofMinutes(61));
        FeedRun.Report r = f.run();
        assertEquals(1, r.ok(), r.toMap().toString());
        assertEquals(FeedCheck.FIRST_CHECK_ITEMS, r.postsCreated(), "a new URL is a new subscription: only its newest items");
    }

    @Test
    void autoScheduledItemsAreSubmittedThroughTheWorkflowImmediatelyOrOneQueueSlotApart() {
        FeedFixture f = new FeedFixture();
        Owner o = f.owner("Bloom Bakery", "{}");
        String immediate = f.feed(o, f.serve("/imm.xml", FeedFixture.fixture("rss-cdata-relative.xml"), RSS, "\"i\""),
                "\"autoSchedule\":true,\"schedulingStrategy\":\"immediate\"");
        String queued = f.feed(o, f.serve("/q.xml", FeedFixture.fixture("rss2-bakery-blog.xml"), RSS, "\"q\""),
                "\"autoSchedule\":true,\"schedulingStrategy\":\"queue\"");
        f.run();
        List<Post> posts = f.posts(o);
        assertEquals(5, posts.size());
        List<java.time.Instant> slots = new ArrayList<>();
        for (Post p : posts) {
            assertFalse(p.status.wire().equals("draft"), "submitted: " + p.status);
            assertTrue(p.history.stream().anyMatch(h -> h.path("action").asText().equals("submit")), "through the workflow's submit");
            if (p.text().contains("bloombakery")) {
                slots.add(p.scheduledFor);
            } else {
                assertEquals(f.clock.instant().plus(Duration.ofMinutes(1)), p.scheduledFor, "immediate: now + 1 min");
            }
        }
        slots.sort(null);
        assertEquals(List.of(f.clock.instant().plusSeconds(60), f.clock.instant().plusSeconds(60 + 3600), f.clock.instant().plusSeconds(60 + 7200)),
                slots, "queue: one slot per hour");
        assertEquals(f.clock.instant().plusSeconds(60 + 7200), f.read(o, queued).lastSlotAt());
        assertNotNull(f.read(o, immediate).lastCheckedAt());
    }

    @Test
    void aRetriedOrConcurrentCheckNeverPostsAnItemTwice() throws Exception {
        FeedFixture f = new FeedFixture();
        Owner o = f.owner("Bloom Bakery", "{}");
        String id = f.feed(o, f.serve("/retry.xml", FeedFixture.fixture("rss2-bakery-blog.xml"), RSS, "\"r\""), "");
        Feed feed = f.read(o, id);
        // a check that died after writing an item's row and before its post: the row is pending, no post exists
        ParsedFeed parsed = RomeFeedParserTest.parse("rss2-bakery-blog.xml", RSS, "https://bloombakery.example/feed/");
        FeedItem first = parsed.items().get(0);
        f.api.feedStore().markSeen(feed, FeedCheck.key(first), FeedStore.PENDING, first, f.clock.instant());

        // two runs at once: one claims the feed, the other loses the claim; the pending item is posted once
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var x = two.submit(f::run);
            var y = two.submit(f::run);
            FeedRun.Report rx = x.get();
            FeedRun.Report ry = y.get();
            assertEquals(1, rx.claimed() + ry.claimed(), rx.toMap() + " / " + ry.toMap());
        } finally {
            two.shutdownNow();
        }
        assertEquals(3, f.posts(o).size());
        // the check action right after: the items are seen, and the claim is free again
        f.serve("/retry.xml", FeedFixture.fixture("rss2-bakery-blog.xml"), RSS, "\"r2\"");
        Response checked = f.call(o, "POST", "/" + id + "/check", null);
        assertEquals(200, checked.status(), checked.body());
        assertEquals("ok", checked.json().path("check").path("status").asText(), checked.body());
        assertEquals(3, checked.json().path("check").path("alreadySeen").asInt(), checked.body());
        assertEquals(3, f.posts(o).size());
        // a claim held by a live check makes the action wait its turn
        assertTrue(f.api.feedStore().claim(f.read(o, id), f.clock.instant(), FeedCheck.LEASE, "other", false));
        Response busy = f.call(o, "POST", "/" + id, "{\"action\":\"check\"}");
        assertEquals(409, busy.status(), busy.body());
    }
}
