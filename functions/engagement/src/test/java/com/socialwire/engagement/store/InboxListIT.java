package com.socialwire.engagement.store;

import com.socialwire.engagement.model.InboxItem;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.shared.Ids;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.store.Cursors;
import com.socialwire.shared.store.Page;
import com.socialwire.shared.store.Table;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbox lists on the keys-only indexes: newest first across cursors, by status and filtered by type and
 * platform on the whole items, a deleted item left out.
 */
class InboxListIT {

    static final Instant T0 = Instant.parse("2031-06-01T10:00:00Z");

    private final LocalEnvironment env = LocalEnvironment.shared();
    private final InboxStore inbox = new InboxStore(new Table(() -> new AwsClients(env.functionConfig("InboxFunction")).dynamoDb(),
            env.resources().tables().get("Table"), new Cursors(new byte[32], Clock.systemUTC())));

    @Test
    void listsAcrossCursorsAreCompleteNewestFirstAndFilteredOnTheWholeItems() {
        String tenant = "tnt_" + Ids.base62(16);
        Random random = new Random(5);
        List<InboxItem> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String type = random.nextBoolean() ? "comment" : "dm";
            String platform = random.nextInt(3) == 0 ? "facebook" : "instagram";
            String status = random.nextBoolean() ? "new" : "escalated";
            Instant at = T0.plusSeconds(i);
            InboxItem item = new InboxItem(InboxStore.idFor(tenant, type, "ext_" + i), tenant, platform, type, "ext_" + i, null,
                    "hello " + i, null, status, "normal", "neutral", null, null, List.of(), null, at, at, at, 0);
            assertTrue(inbox.createIfAbsent(item));
            all.add(item);
        }
        InboxItem deleted = all.remove(11);
        assertTrue(inbox.delete(tenant, deleted.id()));
        all.sort(Comparator.comparing((InboxItem i) -> i.createdAt() + "#" + i.id()).reversed());
        record Filter(String status, String type, String platform) {
            Predicate<InboxItem> test() {
                return i -> (status == null || status.equals(i.status())) && (type == null || type.equals(i.type()))
                        && (platform == null || platform.equals(i.platform()));
            }
        }
        for (Filter f : List.of(new Filter(null, null, null), new Filter("new", null, null), new Filter(null, "dm", null),
                new Filter("escalated", "comment", "instagram"))) {
            for (int limit : new int[] {4, 50}) {
                List<String> seen = new ArrayList<>();
                String cursor = null;
                do {
                    Page<InboxItem> page = inbox.list(tenant, f.status(), f.type(), f.platform(), limit, cursor);
                    assertTrue(page.items().size() <= limit);
                    page.items().forEach(i -> {
                        assertTrue(i.content().startsWith("hello "), "the whole item");
                        seen.add(i.id());
                    });
                    cursor = page.nextCursor();
                } while (cursor != null);
                assertEquals(all.stream().filter(f.test()).map(InboxItem::id).toList(), seen, f + " limit " + limit);
            }
        }
    }
}
