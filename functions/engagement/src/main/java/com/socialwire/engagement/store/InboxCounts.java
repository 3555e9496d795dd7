package com.socialwire.engagement.store;

import com.socialwire.engagement.model.InboxItem;

import java.util.HashMap;
import java.util.Map;

import static com.socialwire.shared.analytics.TenantCounters.*;

/**
 * What one write of an inbox item changes in its tenant's counters ({@link com.socialwire.shared.analytics.TenantCounters}):
 * received (by type) when it is created; a reply sent (by type: a DM's is a DM answered) once; its status and sentiment
 * as state counts, for an item counted since it was received.
 */
final class InboxCounts {

    static final String DELETED = "deleted";

    private InboxCounts() {
    }

    static Map<String, Long> created(InboxItem item) {
        Map<String, Long> d = new HashMap<>();
        add(d, INBOX_RECEIVED + item.type(), 1);
        add(d, INBOX_STATUS + item.status(), 1);
        add(d, INBOX_SENTIMENT + item.sentiment(), 1);
        if (sent(item)) {
            add(d, INBOX_REPLIED + item.type(), 1);
        }
        return d;
    }

    /** {@code before} as stored, {@code after} what replaces it; {@code counted}: the item is in the state counts. */
    static Map<String, Long> changed(InboxItem before, InboxItem after, boolean counted) {
        Map<String, Long> d = new HashMap<>();
        if (counted) {
            add(d, INBOX_STATUS + before.status(), -1);
            add(d, INBOX_STATUS + after.status(), 1);
            add(d, INBOX_SENTIMENT + before.sentiment(), -1);
            add(d, INBOX_SENTIMENT + after.sentiment(), 1);
        }
        if (sent(after) && !sent(before)) {
            add(d, INBOX_REPLIED + after.type(), 1);
        }
        return d;
    }

    /** A counted item deleted by a person: it leaves its status for {@value #DELETED} (its sentiment stays counted). */
    static Map<String, Long> deleted(InboxItem before) {
        Map<String, Long> d = new HashMap<>();
        add(d, INBOX_STATUS + before.status(), -1);
        add(d, INBOX_STATUS + DELETED, 1);
        return d;
    }

    private static boolean sent(InboxItem i) {
        return i.reply() != null && "sent".equals(i.reply().state());
    }
}
