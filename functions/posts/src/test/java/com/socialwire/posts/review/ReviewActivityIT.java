package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Ids;
import com.socialwire.shared.store.Page;
import com.socialwire.local.stores.ObservedDynamoDb;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.aws.AwsCallObserver;
import com.socialwire.shared.aws.LeanDynamoDb;
import com.socialwire.shared.store.Cursors;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review activity on DynamoDB Local: each event is recorded once however often (or however concurrently) it is
 * delivered; the tenant's list is newest first, filtered by post, by link or both, and every page is full or ends the list.
 */
class ReviewActivityIT {

    final ReviewFixture fx = new ReviewFixture();
    final ReviewActivity activity = fx.posts.reviewActivity();
    final String tenant = "tnt_" + Ids.base62(20);

    ReviewSession session(String name, String campaignId) {
        return new ReviewSession(Ids.next("rvl"), "acct_" + Ids.base62(20), tenant, campaignId, name,
                name.toLowerCase() + "@brand.example", fx.clock.now.plusSeconds(86_400), "0".repeat(64));
    }

    static String post() {
        return Ids.next("post");
    }

    /** Every item of the list with these filters, {@code limit} a page; each page full unless it is the last. */
    List<ObjectNode> all(String postId, String linkId, int limit) {
        List<ObjectNode> out = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 100; pages++) {
            Page<ObjectNode> page = activity.list(tenant, postId, linkId, limit, cursor);
            out.addAll(page.items());
            cursor = page.nextCursor();
            if (cursor == null) {
                return out;
            }
            assertEquals(limit, page.items().size(), "a page that is not the last is full");
        }
        throw new AssertionError("no end of pages");
    }

    static List<String> ids(List<ObjectNode> items) {
        return items.stream().map(i -> i.path("id").asText()).toList();
    }

    @Test
    void anEventIsRecordedOnceHoweverOftenItIsDelivered() {
        ReviewSession anna = session("Anna", "cmp_spring");
        String post = post();
        for (int i = 0; i < 3; i++) {
            fx.clock.now = fx.clock.now.plusSeconds(5); // a redelivery comes later: same event, another time
            activity.record(anna, post, "approved", null, "nonce-1|approve");
        }
        activity.record(anna, post, "commented", "Lovely photo", "nonce-2|comment");
        List<ObjectNode> items = all(null, null, 10);
        assertEquals(2, items.size(), items.toString());
        ObjectNode approved = items.get(1);
        assertEquals("approved", approved.path("action").asText());
        assertEquals(fx.clock.now.minusSeconds(10), Instant.parse(approved.path("at").asText()), "the first delivery's time");
        assertEquals(post, approved.path("postId").asText());
        assertEquals("cmp_spring", approved.path("campaignId").asText());
        assertEquals(anna.linkId(), approved.path("linkId").asText());
        assertEquals("Anna", approved.path("approverName").asText());
        assertEquals("anna@brand.example", approved.path("approverEmail").asText());
        assertTrue(approved.path("detail").isNull());
        assertTrue(approved.path("id").asText().startsWith("rva_"));
        assertEquals("Lovely photo", items.get(0).path("detail").asText());

        // the same nonce in another tenant is another event
        ReviewSession elsewhere = new ReviewSession(anna.linkId(), anna.accountId(), "tnt_" + Ids.base62(20), null, "Anna",
                "anna@brand.example", anna.expiresAt(), anna.tokenHash());
        activity.record(elsewhere, post, "approved", null, "nonce-1|approve");
        assertEquals(1, activity.list(elsewhere.tenantId(), null, null, 10, null).items().size());
        assertEquals(2, all(null, null, 10).size(), "tenants never see each other's activity");
    }

    @Test
    void eightConcurrentDeliveriesOfOneEventRecordItOnce() throws Exception {
        ReviewSession bo = session("Bo", null);
        String post = post();
        // each delivery at its own millisecond, so only the event's marker can make them one
        Clock ticking = new Clock() {
            final AtomicLong ms = new AtomicLong(fx.clock.now.toEpochMilli());

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(ms.incrementAndGet());
            }
        };
        ReviewActivity activity = new ReviewActivity(fx.posts.table, new TenantCounters(fx.posts.table, ticking), ticking);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String detail = "attempt " + i;
                done.add(pool.submit(() -> {
                    go.await();
                    activity.record(bo, post, "rejected", detail, "nonce-race|reject");
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS); // none of them fails
            }
        } finally {
            pool.shutdownNow();
        }
        List<ObjectNode> items = all(null, null, 10);
        assertEquals(1, items.size(), items.toString());
        assertEquals("rejected", items.get(0).path("action").asText());
        assertEquals(1, all(post, null, 10).size());
        assertEquals(1, all(null, bo.linkId(), 10).size());
    }

    @Test
    void theListIsNewestFirstFilteredByPostLinkOrBothWithFullPages() {
        ReviewSession anna = session("Anna", "cmp_spring");
        ReviewSession bo = session("Bo", null);
        String p1 = post();
        String p2 = post();
        List<ObjectNode> expected = new ArrayList<>(); // newest first
        String[] actions = {"approved", "rejected", "commented", "rescheduled", "published"};
        for (int i = 0; i < 23; i++) {
            fx.clock.now = fx.clock.now.plusSeconds(7);
            // p1 gets most of it, mostly from Anna: Bo's few on p1 lie far apart in p1's list
            ReviewSession who = i % 6 == 5 ? bo : anna;
            String post = i % 4 == 3 ? p2 : p1;
            String action = actions[i % actions.length];
            activity.record(who, post, action, "detail " + i, "nonce-" + i);
            ObjectNode e = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
            e.put("postId", post).put("linkId", who.linkId()).put("action", action).put("detail", "detail " + i);
            expected.add(0, e);
        }
        fx.clock.now = fx.clock.now.plusSeconds(7);
        activity.record(bo, null, "opened", null, "nonce-open");
        ObjectNode opened = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        opened.putNull("postId").put("linkId", bo.linkId()).put("action", "opened").putNull("detail");
        expected.add(0, opened);

        check(expected, x -> true, null, null, 5);
        check(expected, x -> true, null, null, 100);
        check(expected, x -> p1.equals(x.path("postId").asText()), p1, null, 4);
        check(expected, x -> p2.equals(x.path("postId").asText()), p2, null, 2);
        check(expected, x -> bo.linkId().equals(x.path("linkId").asText()), null, bo.linkId(), 2);
        check(expected, x -> anna.linkId().equals(x.path("linkId").asText()), null, anna.linkId(), 6);
        check(expected, x -> p1.equals(x.path("postId").asText()) && bo.linkId().equals(x.path("linkId").asText()), p1, bo.linkId(), 1);
        check(expected, x -> p2.equals(x.path("postId").asText()) && bo.linkId().equals(x.path("linkId").asText()), p2, bo.linkId(), 1);
        check(expected, x -> p1.equals(x.path("postId").asText()) && anna.linkId().equals(x.path("linkId").asText()), p1, anna.linkId(), 3);
        assertEquals(List.of(), all(post(), null, 5));
        assertEquals(List.of(), all(p1, Ids.next("rvl"), 5));
        assertEquals(expected.size(), all("", " ", 50).size(), "blank filters are no filters");

        // both filters: the page fills from entries further down the post's list
        Page<ObjectNode> first = activity.list(tenant, p1, bo.linkId(), 2, null);
        assertEquals(2, first.items().size(), first.items().toString());
        assertNotNull(first.nextCursor());
    }

    /** The list with these filters, page by page of {@code limit}, is {@code expected}'s items {@code wanted} keeps, in order. */
    void check(List<ObjectNode> expected, Predicate<ObjectNode> wanted, String postId, String linkId, int limit) {
        List<ObjectNode> want = expected.stream().filter(wanted).toList();
        assertTrue(!want.isEmpty());
        List<ObjectNode> got = all(postId, linkId, limit);
        assertEquals(want.size(), got.size(), "post " + postId + " link " + linkId + ": " + got);
        Instant before = Instant.MAX;
        for (int i = 0; i < want.size(); i++) {
            ObjectNode g = got.get(i);
            for (String field : List.of("postId", "linkId", "action", "detail")) {
                assertEquals(want.get(i).get(field), g.get(field), field + " of item " + i + " (post " + postId + " link " + linkId + ")");
            }
            Instant at = Instant.parse(g.path("at").asText());
            assertTrue(at.isBefore(before), "newest first");
            before = at;
        }
        assertEquals(got.size(), ids(got).stream().distinct().count(), "each once");
    }

    @Test
    void aDeliveryThatLostItsTransactionToAnotherIsTriedAgainAndRecordedOnce() {
        AtomicInteger conflicts = new AtomicInteger(2);
        LeanDynamoDb db = ObservedDynamoDb.of(fx.env.functionConfig("PostsFunction"), new AwsCallObserver() {
            @Override
            public SdkRequest beforeCall(String service, String operation, SdkRequest request) {
                if (request instanceof TransactWriteItemsRequest && conflicts.getAndDecrement() > 0) {
                    throw (TransactionCanceledException) TransactionCanceledException.builder().message("Transaction cancelled")
                            .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build(),
                                    CancellationReason.builder().code("None").build()).build();
                }
                return request;
            }
        });
        Table table = new Table(() -> db, fx.env.resources().tables().get("Table"), new Cursors(new byte[32], fx.clock));
        ReviewActivity conflicted = new ReviewActivity(table, new TenantCounters(table, fx.clock), fx.clock);
        ReviewSession dee = session("Dee", null);
        String post = post();
        conflicted.record(dee, post, "approved", null, "nonce-conflict");
        assertEquals(-1, conflicts.get(), "two cancelled, the third written");
        conflicted.record(dee, post, "approved", null, "nonce-conflict");
        assertEquals(1, all(null, null, 10).size());
    }

    @Test
    void aLongDetailIsBoundedAndABadCallRefused() {
        ReviewSession cara = session("Cara", null);
        String post = post();
        activity.record(cara, post, "commented", "😀".repeat(400), "nonce-long");
        String detail = all(post, null, 5).get(0).path("detail").asText();
        assertTrue(detail.length() <= ReviewActivity.MAX_DETAIL, String.valueOf(detail.length()));
        assertTrue(detail.endsWith("…"));
        assertEquals(detail.length(), detail.codePoints().map(Character::charCount).sum(), "no half of a pair");
        assertTrue(detail.substring(0, detail.length() - 1).replace("😀", "").isEmpty(), "cut between code points");
        assertEquals("x".repeat(500), ReviewActivity.bounded("x".repeat(500)));
        assertEquals(500, ReviewActivity.bounded("x".repeat(501)).length());
        assertNull(ReviewActivity.bounded(null));

        assertThrows(IllegalArgumentException.class, () -> activity.record(cara, post, "deleted", null, "nonce-x"));
        assertThrows(IllegalArgumentException.class, () -> activity.record(cara, post, "approved", null, " "));
        assertThrows(IllegalArgumentException.class, () -> activity.record(null, post, "approved", null, "nonce-y"));
        assertThrows(IllegalArgumentException.class, () -> activity.record(cara, "POST#x", "approved", null, "nonce-z"));
        assertEquals(1, all(null, null, 10).size(), "the refused calls wrote nothing");
    }
}
