package com.socialwire.engagement.worker;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.socialwire.engagement.EngagementFixture;
import com.socialwire.engagement.model.InboxItem;
import com.socialwire.engagement.model.Jobs.CommentJob;
import com.socialwire.engagement.store.InboxStoreAccess;
import com.socialwire.engagement.model.Jobs.DmJob;
import com.socialwire.engagement.store.InboxStore;
import com.socialwire.shared.analytics.TenantCounters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tenant's inbox counters, written by the engagement context in the same write as each inbox change: received by
 * type, replies sent (a DM's: a DM answered) once however often a job is delivered, status and sentiment as state
 * counts, a person's delete moving the item to {@code deleted}.
 */
class InboxCountersIT {

    @RegisterExtension
    static WireMockExtension model = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    @RegisterExtension
    static WireMockExtension graph = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    EngagementFixture fx;
    EngagementService service;
    TenantCounters counters;

    @BeforeEach
    void setUp() {
        fx = EngagementFixture.commentWorker(model.baseUrl(), graph.baseUrl());
        service = fx.engagement.worker();
        counters = new TenantCounters(fx.engagement.table, Clock.systemUTC());
        graph.stubFor(post(urlPathMatching("/v21.0/[0-9]+/replies")).willReturn(okJson("{\"id\":\"17999000000000001\"}")));
        graph.stubFor(post(urlPathMatching("/v21.0/[0-9]+/messages")).willReturn(okJson(
                "{\"recipient_id\":\"17841400000000001\",\"message_id\":\"aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3\"}")));
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(EngagementFixture.chatCompletion("Thanks, see you Sunday!"))));
    }

    @Test
    void anItemFromBeforeTheCountersMovesNoStateCountButItsReplyCounts() {
        var b = fx.brand("Warm and brief.", List.of());
        Instant now = Instant.now();
        String external = EngagementFixture.commentId();
        InboxItem old = new InboxItem(InboxStore.idFor(b.tenantId(), "comment", external), b.tenantId(), "instagram", "comment", external,
                new InboxItem.Person("178", "mallory"), "Open on Sunday?", null, "new", "normal", "neutral", "none", null, List.of(), null,
                now, now, now, 1);
        // stored as a version without counters stored it: no "counted" mark, no counter row
        fx.engagement.table.put(new com.socialwire.shared.store.Write.Put(InboxStoreAccess.item(old)));
        InboxStore inbox = fx.engagement.inbox();
        InboxItem.Reply sent = InboxItem.Reply.human("See you Sunday!", "sent", "17999000000000009", now);
        inbox.save(inbox.get(b.tenantId(), old.id()).orElseThrow().with("replied", "reply", "normal", null, sent, now)).orElseThrow();
        Map<String, Long> t = counters.totals(b.tenantId()).counts();
        assertEquals(Map.of(), TenantCounters.named(t, TenantCounters.INBOX_STATUS), "no state count for an item not counted: " + t);
        assertEquals(Map.of("comment", 1L), TenantCounters.named(t, TenantCounters.INBOX_REPLIED), t.toString());
    }

    @Test
    void aCommentAndADmAreCountedOnceHoweverOftenTheirJobsAreDelivered() {
        var b = fx.brand("Warm and brief.", List.of());
        String comment = EngagementFixture.commentId();
        CommentJob c = new CommentJob(b.tenantId(), comment, "17841499999999999", "mallory", "Are you open on Sunday?",
                "17990000000000000", null, Instant.now());
        DmJob dm = new DmJob(b.tenantId(), "17841400000000001", "alice", "Do you deliver?", "mid." + comment, Instant.now(), Instant.now());
        for (int delivery = 0; delivery < 3; delivery++) {
            service.handleComment(c);
            service.handleDm(dm);
        }
        Map<String, Long> t = counters.totals(b.tenantId()).counts();
        assertEquals(Map.of("comment", 1L, "dm", 1L), TenantCounters.named(t, TenantCounters.INBOX_RECEIVED), t.toString());
        assertEquals(Map.of("comment", 1L, "dm", 1L), TenantCounters.named(t, TenantCounters.INBOX_REPLIED), t.toString());
        assertEquals(Map.of("replied", 2L), TenantCounters.named(t, TenantCounters.INBOX_STATUS), t.toString());
        assertEquals(2L, TenantCounters.named(t, TenantCounters.INBOX_SENTIMENT).values().stream().mapToLong(Long::longValue).sum(), t.toString());

        // a person deletes the comment's item: it leaves "replied" for "deleted"; what was received and sent stays
        fx.engagement.inboxService().delete(b.tenantId(), InboxStore.idFor(b.tenantId(), "comment", comment));
        t = counters.totals(b.tenantId()).counts();
        assertEquals(Map.of("replied", 1L, "deleted", 1L), TenantCounters.named(t, TenantCounters.INBOX_STATUS), t.toString());
        assertEquals(Map.of("comment", 1L, "dm", 1L), TenantCounters.named(t, TenantCounters.INBOX_REPLIED), t.toString());
    }
}
