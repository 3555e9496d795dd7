package com.socialwire.posts.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.socialwire.shared.Ids;
import com.socialwire.shared.IsoInstant;
import com.socialwire.shared.Json;
import com.socialwire.shared.analytics.TenantCounters;
import com.socialwire.shared.security.Hashing;
import com.socialwire.shared.store.AttrValue;
import com.socialwire.shared.store.Item;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.store.Write;
import com.socialwire.shared.tenants.TenantRecords;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What approvers did through review links, for the agency ({@code GET /v1/tenants/{id}/review-activity}). Rows:
 * <pre>
 * activity  TENANT#{tenantId}#REVIEWACTIVITY  {at, ms}#{activityId}
 *             GSI1 (when it is about a post) TENANT#{tenantId}#REVIEWACTIVITY#POST#{postId} / {at, ms}#{linkId}#{activityId}
 *             GSI2 TENANT#{tenantId}#REVIEWACTIVITY#LINK#{linkId} / {at, ms}#{activityId}
 * event     REVIEWEVENT#{tenantId}#{sha256(eventId)}  EVENT  -  (the marker that makes a repeated event a no-op; expiresAt set)
 * </pre>
 * Each filter is a key condition of its own list, so a filtered page is as full as an unfiltered one; both filters
 * together read the post's list and keep the link's entries by their index keys ({@link Table#queryKeptKeys}): a page
 * is full unless the post's list ends or {@value #MAX_LOOKED} entries were passed over, and then it carries a cursor.
 */
public final class ReviewActivity {

    public static final Set<String> ACTIONS = Set.of("approved", "rejected", "commented", "rescheduled", "published", "approved_all", "opened");
    public static final int MAX_DETAIL = 500;
    public static final int MAX_LIMIT = 100;
    static final int MAX_LOOKED = 1_000;
    /** How long a delivered event stays a no-op when repeated (a form's nonce is replayed within minutes, if ever). */
    static final Duration EVENT_KEPT = Duration.ofDays(90);

    private final Table table;
    private final TenantCounters writes;
    private final Clock clock;

    /** @param writes the tenant's counted writes: a record that lost a transaction to a concurrent one is tried again */
    public ReviewActivity(Table table, TenantCounters writes, Clock clock) {
        this.table = table;
        this.writes = writes;
        this.clock = clock;
    }

    static String listKey(String tenantId) {
        return TenantRecords.pk(tenantId) + "#REVIEWACTIVITY";
    }

    static String postKey(String tenantId, String postId) {
        return listKey(tenantId) + "#POST#" + postId;
    }

    static String linkKey(String tenantId, String linkId) {
        return listKey(tenantId) + "#LINK#" + linkId;
    }

    static String eventKey(String tenantId, String eventId) {
        return "REVIEWEVENT#" + tenantId + "#" + Hashing.sha256Hex(eventId);
    }

    /**
     * Records one action once: {@code eventId} (the form's nonce with the action) makes a repeated delivery a no-op.
     *
     * @param action approved | rejected | commented | rescheduled | published | approved_all | opened
     * @param detail the reason, comment text, new time, … (bounded; null: none)
     */
    public void record(ReviewSession session, String postId, String action, String detail, String eventId) {
        if (session == null || !ACTIONS.contains(action) || eventId == null || eventId.isBlank()) {
            throw new IllegalArgumentException("an activity needs a session, one of " + ACTIONS + " and an event id");
        }
        if (postId != null && !Ids.looksLike("post", postId)) {
            throw new IllegalArgumentException("not a post id");
        }
        String tenantId = session.tenantId();
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = Ids.derived("rva", tenantId, eventId);
        String time = IsoInstant.millis(at);
        Map<String, AttrValue> marker = Item.create()
                .s(Table.PK, eventKey(tenantId, eventId)).s(Table.SK, "EVENT").s("type", "reviewEvent").s("activityId", id)
                .n(Table.TTL, at.plus(EVENT_KEPT).getEpochSecond()).build();
        Item row = Item.create()
                .s(Table.PK, listKey(tenantId)).s(Table.SK, time + "#" + id)
                .s(Table.GSI2PK, linkKey(tenantId, session.linkId())).s(Table.GSI2SK, time + "#" + id)
                .s("type", "reviewActivity").s("id", id).s("at", time).s("action", action)
                .s("postId", postId).s("campaignId", session.campaignId()).s("linkId", session.linkId())
                .s("approverName", session.approverName()).s("approverEmail", session.approverEmail()).s("detail", bounded(detail));
        if (postId != null) {
            row.s(Table.GSI1PK, postKey(tenantId, postId)).s(Table.GSI1SK, time + "#" + session.linkId() + "#" + id);
        }
        // the marker first: its condition failing is the repeat, and then nothing is written
        writes.write(new Write.Put(marker, "attribute_not_exists(PK)", Map.of(), Map.of()), tenantId, Map.of(),
                List.of(new Write.Put(row.build(), "attribute_not_exists(PK)", Map.of(), Map.of())));
    }

    /** At most {@value #MAX_DETAIL} characters, cut between code points with an ellipsis. */
    static String bounded(String detail) {
        if (detail == null || detail.length() <= MAX_DETAIL) {
            return detail;
        }
        int end = MAX_DETAIL - 1;
        if (Character.isLowSurrogate(detail.charAt(end)) && Character.isHighSurrogate(detail.charAt(end - 1))) {
            end--;
        }
        return detail.substring(0, end) + "…";
    }

    /**
     * The tenant's activity, newest first: {id, at, action, postId, campaignId, linkId, approverName, approverEmail, detail};
     * optional filters by post and link.
     */
    public Page<ObjectNode> list(String tenantId, String postId, String linkId, int limit, String cursor) {
        int n = Math.max(1, Math.min(MAX_LIMIT, limit));
        String post = postId == null || postId.isBlank() ? null : postId;
        String link = linkId == null || linkId.isBlank() ? null : linkId;
        Page<Map<String, AttrValue>> page;
        if (post != null && link != null) {
            page = table.queryKeptKeys(Table.GSI1, Table.GSI1PK, postKey(tenantId, post), n, cursor, false,
                    k -> link.equals(linkOf(Item.s(k, Table.GSI1SK))), MAX_LOOKED, null);
        } else if (post != null) {
            page = table.query(Table.GSI1, Table.GSI1PK, postKey(tenantId, post), n, cursor, false);
        } else if (link != null) {
            page = table.query(Table.GSI2, Table.GSI2PK, linkKey(tenantId, link), n, cursor, false);
        } else {
            page = table.query(null, Table.PK, listKey(tenantId), n, cursor, false);
        }
        return page.map(ReviewActivity::view);
    }

    /** The link id inside a post list's sort key {@code {at}#{linkId}#{activityId}}. */
    private static String linkOf(String gsi1sk) {
        if (gsi1sk == null) {
            return null;
        }
        int from = gsi1sk.indexOf('#');
        int to = gsi1sk.lastIndexOf('#');
        return from < 0 || to <= from ? null : gsi1sk.substring(from + 1, to);
    }

    static ObjectNode view(Map<String, AttrValue> i) {
        ObjectNode o = Json.object();
        for (String field : List.of("id", "at", "action", "postId", "campaignId", "linkId", "approverName", "approverEmail", "detail")) {
            o.put(field, Item.s(i, field));
        }
        return o;
    }
}
