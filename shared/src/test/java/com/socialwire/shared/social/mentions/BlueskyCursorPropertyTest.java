package com.socialwire.shared.social.mentions;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.shared.Json;
import com.socialwire.shared.providers.bluesky.BlueskyApi;
import com.socialwire.shared.providers.bluesky.XrpcResult;
import com.socialwire.shared.social.PlatformPublisher.Target;
import com.socialwire.shared.social.mentions.MentionSource.Mention;
import com.socialwire.shared.social.mentions.MentionSource.Page;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static com.socialwire.shared.social.mentions.MentionContract.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A seeded property loop over Bluesky's backwards-paging notifications: whatever arrives between polls (up to 250 at a
 * time, many sharing an {@code indexedAt}), whatever page size the inbox asks for, polling from the stored cursor (and
 * again at once while {@code more}) hands every notification over exactly once, in order.
 */
class BlueskyCursorPropertyTest {

    static final String ME = "did:plc:z72i7hdynmk6r22z27h6tvur";

    /** An AppView over {@code feed}: newest first (ties by URI, descending), pages of {@code limit}, the cursor an offset. */
    static BlueskyApi appView(List<JsonNode> feed) {
        return (BlueskyApi) Proxy.newProxyInstance(BlueskyApi.class.getClassLoader(), new Class<?>[]{BlueskyApi.class}, (proxy, method, args) -> {
            if (!method.getName().equals("listNotifications")) {
                throw new UnsupportedOperationException(method.getName());
            }
            List<JsonNode> sorted = new ArrayList<>(feed);
            sorted.sort(Comparator.comparing((JsonNode n) -> n.path("indexedAt").asText() + " " + n.path("uri").asText()).reversed());
            int from = args[4] == null ? 0 : Integer.parseInt((String) args[4]);
            int limit = (Integer) args[5];
            List<JsonNode> page = sorted.subList(Math.min(from, sorted.size()), Math.min(from + limit, sorted.size()));
            return new XrpcResult.Ok<>(new BlueskyApi.Notifications(page, from + limit < sorted.size() ? Integer.toString(from + limit) : null));
        });
    }

    @Test
    void aNotificationIndexedInTheSameMillisecondAsTheCursorIsNeitherSkippedNorRepeated() {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            List<JsonNode> feed = new ArrayList<>();
            BlueskyMentions source = new BlueskyMentions(appView(feed), null, Clock.systemUTC());
            Target target = MentionContract.target("bluesky", ME, "bloom.bsky.social", "https://pds.example", "token");
            Instant clock = Instant.parse("2026-12-04T12:00:00Z");
            // what was there before the account's first poll is not the inbox's: the first poll starts from the newest page
            for (int i = 0; i < random.nextInt(30); i++) {
                feed.add(notification("old" + i, clock = clock.plusMillis(1 + random.nextInt(3))));
            }
            clock = clock.plusMillis(1); // (a first poll of a page smaller than the millisecond's notifications may hand over its older ones)
            Page first = ok(source.poll(target, null, 1 + random.nextInt(50)));
            String cursor = first.cursor();
            List<String> expected = new ArrayList<>();
            List<String> got = new ArrayList<>();
            for (int round = 0; round < 12; round++) {
                int arriving = random.nextInt(10) == 0 ? 150 + random.nextInt(100) : random.nextInt(20);
                for (int i = 0; i < arriving; i++) {
                    clock = clock.plusMillis(random.nextInt(3)); // often the same millisecond as the one before
                    String rkey = "r" + round + "x" + i + "y" + random.nextInt(1000);
                    feed.add(notification(rkey, clock));
                    expected.add("at://did:plc:alice/app.bsky.feed.post/" + rkey);
                }
                Page page;
                do {
                    page = ok(source.poll(target, cursor, 1 + random.nextInt(60)));
                    page.items().forEach(m -> got.add(m.externalId()));
                    cursor = page.cursor();
                } while (page.more());
            }
            List<String> missing = new ArrayList<>(expected);
            missing.removeAll(got);
            assertEquals(List.of(), missing, "seed " + seed + ": never handed over");
            assertEquals(expected.size(), got.size(), "seed " + seed + ": handed over twice: " + got.stream()
                    .filter(u -> got.indexOf(u) != got.lastIndexOf(u)).distinct().toList());
            assertEquals(List.of(), got.stream().filter(u -> !expected.contains(u)).toList(), "seed " + seed + ": from before the first poll");
        }
    }

    static JsonNode notification(String rkey, Instant at) {
        return Json.tree("{\"uri\":\"at://did:plc:alice/app.bsky.feed.post/" + rkey + "\",\"cid\":\"bafy" + rkey + "\",\"author\":{\"did\":\"did:plc:alice\","
                + "\"handle\":\"alice.test\"},\"reason\":\"mention\",\"record\":{\"text\":\"hi\",\"createdAt\":\"" + at + "\"},\"isRead\":false,"
                + "\"indexedAt\":\"" + com.socialwire.shared.IsoInstant.millis(at) + "\"}");
    }

    static List<String> uris(List<Mention> items) {
        return items.stream().map(Mention::externalId).toList();
    }
}
